import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The raw files the site can start from; the first is required, the delta is optional. */
export const RAW_FILES = ['raw_sources.sqlite', 'raw_sources_delta.sqlite'] as const;

/** Where the raw files live in `dist/` and in the dev server, relative to the site's base. */
export const DATA_DIR = 'data';

const SITE_MODULE = 'virtual:warehouse-site';

export interface WarehousePluginOptions {
  /** The repository root (holds `src/cli/ensure-warehouse.ts`). */
  repoRoot: string;
  /** The dbt project the site builds; its raw files are in `<projectDir>/warehouse/`. */
  projectDir: string;
}

/**
 * Makes the raw warehouse part of the site:
 * - regenerates `warehouse/*.sqlite` when missing or stale (the repository's
 *   own project only; fixture projects bring their raw files with them),
 * - serves the raw files under `data/` in `vite dev` and emits them,
 *   gzipped, into `dist/data/` on build,
 * - exposes their sizes and the repository URL as `virtual:warehouse-site`,
 * - adds a Content-Security-Policy to the built page.
 */
export function warehousePlugin(options: WarehousePluginOptions): Plugin {
  const repoRoot = path.resolve(options.repoRoot);
  const projectDir = path.resolve(options.projectDir);
  const warehouseDir = path.join(projectDir, 'warehouse');
  let ensured: Promise<void> | undefined;
  let building = false;
  const compressed = new Map<string, Buffer>();

  const rawPath = (name: string) => path.join(warehouseDir, name);
  // The built site ships the raw files gzipped (a third of the size; the
  // worker inflates them), since static hosts do not compress an unknown
  // binary type. The dev server serves them as they are.
  const gzipped = (name: string) => {
    let bytes = compressed.get(name);
    if (!bytes) {
      bytes = gzipSync(readFileSync(rawPath(name)), { level: 9 });
      compressed.set(name, bytes);
    }
    return bytes;
  };

  return {
    name: 'warehouse',

    configResolved(config) {
      building = config.command === 'build';
    },

    async buildStart() {
      ensured ??= ensureRawFiles(repoRoot, projectDir, (m) => this.info(m));
      await ensured;
    },

    resolveId(id) {
      return id === SITE_MODULE ? `\0${SITE_MODULE}` : undefined;
    },

    load(id) {
      if (id !== `\0${SITE_MODULE}`) return undefined;
      const rawFiles = RAW_FILES.filter((name) => existsSync(rawPath(name))).map((name) =>
        building
          ? { name, path: `${DATA_DIR}/${name}.gz`, bytes: gzipped(name).byteLength }
          : { name, path: `${DATA_DIR}/${name}`, bytes: statSync(rawPath(name)).size },
      );
      const site = { repositoryUrl: repositoryUrl(repoRoot), rawFiles };
      return `export const site = ${JSON.stringify(site)};`;
    },

    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const name = RAW_FILES.find((n) => url.pathname.endsWith(`/${DATA_DIR}/${n}`));
        if (!name) return next();
        const file = rawPath(name);
        if (!existsSync(file)) {
          res.statusCode = 404;
          res.end(`${file} does not exist: run \`npm run generate\` and reload.`);
          return;
        }
        res.setHeader('Content-Type', 'application/vnd.sqlite3');
        res.setHeader('Content-Length', String(statSync(file).size));
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(file).pipe(res);
      });
    },

    generateBundle() {
      for (const name of RAW_FILES) {
        const file = rawPath(name);
        if (!existsSync(file)) {
          if (name === RAW_FILES[0]) {
            this.error(`${file} does not exist, and the site cannot build a warehouse without it: run \`npm run generate\` first.`);
          }
          this.warn(`${file} does not exist: the site is built without the late-arriving batch.`);
          continue;
        }
        this.emitFile({ type: 'asset', fileName: `${DATA_DIR}/${name}.gz`, source: gzipped(name) });
      }
    },

    transformIndexHtml: {
      order: 'pre',
      handler(_html, ctx) {
        // Only the built site: the dev server injects its own client and websocket.
        if (ctx.server) return [];
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }];
      },
    },
  };
}

/**
 * A `<meta>` policy covers the page only; the module worker (nunjucks compiles
 * templates with `new Function`, sql.js needs wasm) is governed by its own
 * response headers, which static hosting does not set.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

async function ensureRawFiles(repoRoot: string, projectDir: string, log: (message: string) => void): Promise<void> {
  if (projectDir !== repoRoot) return;
  const entry = path.join(repoRoot, 'src/cli/ensure-warehouse.ts');
  // tsx loads the generator's TypeScript in Node; Vite bundles only the config itself.
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(entry).href, import.meta.url)) as {
    ensureWarehouse?: (options: { out: string; log: (line: string) => void }) => Promise<unknown>;
  };
  if (typeof mod.ensureWarehouse !== 'function') {
    throw new Error(`${entry} does not export ensureWarehouse(): the site cannot (re)generate the raw files.`);
  }
  await mod.ensureWarehouse({ out: path.join(repoRoot, 'warehouse'), log });
}

/** The repository the header links to: GitHub Actions' variables, then package.json, then the git remote. */
function repositoryUrl(repoRoot: string): string | null {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY } = process.env;
  if (GITHUB_REPOSITORY) return `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}`;
  try {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
    const fromPackage = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    if (fromPackage) return toHttps(fromPackage);
  } catch {
    // no readable package.json: fall through to git
  }
  try {
    const remote = execFileSync('git', ['remote', 'get-url', 'origin'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return remote ? toHttps(remote) : null;
  } catch {
    return null;
  }
}

function toHttps(url: string): string | null {
  const https = url
    .replace(/^git\+/, '')
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/\.git$/, '');
  return /^https?:\/\//.test(https) ? https : null;
}
