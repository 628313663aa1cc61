import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { preview } from 'vite';

/**
 * Building, serving and opening the static site, shared by the browser tests
 * (`tests/e2e/`) and the site benchmark (`tools/bench-site.ts`).
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** GitHub Pages serves a project site under `/<repo>/`; serving it the same way catches absolute-path bugs. */
export const SITE_BASE = '/b2b-analytics-engineering/';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `CHROMIUM_PATH`, then Debian's chromium, then Playwright's own download if one exists; null when none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', playwrightChromium()];
  return candidates.find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export const MISSING_CHROMIUM =
  'No Chromium found (set CHROMIUM_PATH, or run `apt-get install -y chromium`): the browser tests are skipped.';

export interface BuildOptions {
  outDir: string;
  /** The dbt project to bundle; the repository's own when absent. */
  projectDir?: string;
}

/** Runs `vite build` in a child process (the config reads its project from the environment). */
export function buildSite({ outDir, projectDir }: BuildOptions): Promise<void> {
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  // Vitest sets NODE_ENV=test, which would make Vite bundle Lit's development build.
  const env = { ...process.env, NODE_ENV: 'production', ...(projectDir ? { WAREHOUSE_PROJECT_DIR: projectDir } : {}) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build${projectDir ? ` of ${projectDir}` : ''} failed (exit ${code}):\n${output}`)),
    );
  });
}

export interface ServedSite {
  /** The site's URL, ending in the base path. */
  url: string;
  close(): Promise<void>;
}

/** Serves a built site with `vite preview` under `base`, on a free port. */
export async function serveSite(outDir: string, base = SITE_BASE): Promise<ServedSite> {
  const server = await preview({
    configFile: false,
    root: REPO_ROOT,
    base,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`vite preview of ${outDir} did not report a URL.`);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
