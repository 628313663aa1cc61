/** How much of a build is the engine itself: everything but the time spent inside SQLite. */
import { measureBuild } from './engine-build';
import type { BenchSection } from './types';

export const section: BenchSection = {
  id: 'overhead',
  title: 'Engine overhead in a build of the generated project (sql.js)',
  async run(ctx) {
    ctx.log('building the generated project on sql.js...');
    const m = await measureBuild('sqljs');
    const total = m.parseMs + m.runMs;
    // Everything but SQL execution: parsing, compiling, bookkeeping, building the artifacts.
    const overhead = total - m.sqlMs;
    const share = (100 * overhead) / total;
    return [
      { metric: 'nodes built and tested', value: m.nodes, unit: 'count', note: m.ok ? 'all ok' : 'SOME FAILED' },
      { metric: 'build (parse + run)', value: total, unit: 'ms' },
      { metric: `time inside SQLite (${m.statements} statements)`, value: m.sqlMs, unit: 'ms' },
      { metric: 'engine overhead: parse', value: m.parseMs, unit: 'ms', note: 'warm if the parse section ran first' },
      { metric: 'engine overhead: compile, bookkeeping, artifacts', value: m.runMs - m.sqlMs, unit: 'ms' },
      { metric: 'engine overhead share', value: share, unit: '%', target: '< 5 %', ok: share < 5 },
    ];
  },
};
