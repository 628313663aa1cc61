import { existsSync } from 'node:fs';
import path from 'node:path';
import { MISSING_CHROMIUM, REPO_ROOT, SITE_BASE, buildSite, findChromium, launchChromium, serveSite } from './site-harness';

/**
 * The site's start-up in headless Chromium: from navigation to every model
 * built and tested and the first page drawn, phase by phase, as the page
 * itself measures it (`performance.mark('wh:ready')`, see
 * src/app/warehouse-client.ts). Each run is a fresh browser context, so
 * nothing is cached. Usage: `tsx tools/bench-site.ts [--runs N] [--no-build] [--dist DIR]`.
 */

const PHASES = [
  ['page', 'page: HTML, JS, shell'],
  ['worker', 'start the worker'],
  ['download', 'download wasm + raw file'],
  ['wasm', 'start SQLite (wasm)'],
  ['open', 'open the raw file'],
  ['parse', 'parse the project'],
  ['models', 'build models, seeds, snapshots'],
  ['tests', 'run tests'],
  ['catalog', 'catalog'],
  ['artifacts', 'artifacts to the page'],
  ['firstRender', 'first render'],
  ['total', 'navigation to first render'],
] as const;

export type SiteTimings = Partial<Record<(typeof PHASES)[number][0], number>>;

export async function benchSite(options: { runs: number; build: boolean; dist?: string }): Promise<SiteTimings[]> {
  const dist = options.dist ?? path.join(REPO_ROOT, 'dist');
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error(MISSING_CHROMIUM);
  if (options.build || !existsSync(path.join(dist, 'index.html'))) await buildSite({ outDir: dist });
  const site = await serveSite(dist, SITE_BASE);
  const browser = await launchChromium(chromiumPath);
  try {
    const runs: SiteTimings[] = [];
    for (let i = 0; i < options.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(site.url);
      const ready = page.waitForFunction(() => (performance.getEntriesByName('wh:ready')[0] as { detail?: unknown } | undefined)?.detail, null, {
        timeout: 120_000,
      });
      const failed = page
        .locator('wh-build-progress [role="alert"]')
        .waitFor({ timeout: 120_000 })
        .then(async () => {
          throw new Error(`The build failed in the tab: ${await page.locator('wh-build-progress [role="alert"] pre').textContent()}`);
        });
      const handle = await Promise.race([ready, failed]);
      failed.catch(() => undefined);
      runs.push((await handle.jsonValue()) as SiteTimings);
      await context.close();
    }
    return runs;
  } finally {
    await browser.close();
    await site.close();
  }
}

export function formatTable(runs: SiteTimings[]): string {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const lines = [`${'phase (headless Chromium, ms)'.padEnd(34)} ${'median'.padStart(8)}   runs`];
  for (const [key, label] of PHASES) {
    const values = runs.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) continue;
    lines.push(`${label.padEnd(34)} ${median(values).toFixed(0).padStart(8)}   ${values.map((v) => v.toFixed(0)).join(' ')}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args[at + 1]) : 3;
  const distAt = args.indexOf('--dist');
  const dist = distAt >= 0 ? path.resolve(args[distAt + 1]!) : undefined;
  benchSite({ runs, build: !args.includes('--no-build') && !dist, dist })
    .then((results) => console.log(formatTable(results)))
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
