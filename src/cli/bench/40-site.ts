/**
 * The site in headless Chromium (tools/bench-site.ts): start-up from
 * navigation to every model built and tested, a 100,000-row query in the
 * console, and the late batch applied in the tab against the full build.
 * Skipped, saying why, when no Chromium is installed.
 */
import path from 'node:path';
import { MISSING_CHROMIUM, buildSite, findChromium } from '../../../tools/site-harness';
import { benchExplore, benchSite, median } from '../../../tools/bench-site';
import type { BenchRow, BenchSection } from './types';

const RUNS = 3;

export const section: BenchSection = {
  id: 'site',
  title: `The site in headless Chromium (median of ${RUNS} runs)`,
  async run(ctx) {
    if (!findChromium()) return [{ metric: 'site in Chromium', value: Number.NaN, unit: 'ms', note: `skipped: ${MISSING_CHROMIUM}` }];
    // Its own folder, so a bench never races the browser tests over dist/.
    const dist = path.join(ctx.targetPath, 'bench-site-dist');
    ctx.log(`building the site into ${path.relative(ctx.repoRoot, dist)}...`);
    await buildSite({ outDir: dist });
    ctx.log('start-up in fresh tabs...');
    const startups = await benchSite({ runs: RUNS, build: false, dist });
    const phase = (key: keyof (typeof startups)[number]) => median(startups.map((r) => r[key] ?? Number.NaN));
    ctx.log('console and late batch in one tab...');
    const explore = await benchExplore({ runs: RUNS, dist });
    const firstPage = median(explore.firstPage);
    const backfill = median(explore.backfill);
    const share = (100 * backfill) / explore.fullBuild;
    const built = phase('built');
    const rows: BenchRow[] = [
      { metric: 'start-up: navigation to every model built and tested', value: built, unit: 'ms', target: '< 3000 ms', ok: built < 3000 },
      { metric: 'start-up: navigation to first render', value: phase('total'), unit: 'ms', note: 'the overview drawn with the results' },
      { metric: 'start-up: download wasm + raw file', value: phase('download'), unit: 'ms' },
      { metric: 'start-up: build models, seeds, snapshots', value: phase('models'), unit: 'ms' },
      { metric: 'start-up: run tests', value: phase('tests'), unit: 'ms' },
      { metric: 'console: 100,000-row result, Run to first rows', value: firstPage, unit: 'ms', target: '< 1000 ms', ok: firstPage < 1000 },
      { metric: 'late batch applied in the tab', value: backfill, unit: 'ms', note: 'download, append, incremental build, measure' },
      { metric: 'full build of batch 1 in the same tab', value: explore.fullBuild, unit: 'ms', note: 'models and tests' },
      { metric: 'late batch / full build', value: share, unit: '%', target: '< 25 %', ok: share < 25 },
      { metric: 'reset to batch 1', value: median(explore.reset), unit: 'ms' },
    ];
    return rows;
  },
};
