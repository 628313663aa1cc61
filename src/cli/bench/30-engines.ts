/** The same build on sql.js and on better-sqlite3, side by side. */
import { measureBuild, type BuildMeasure } from './engine-build';
import type { BenchRow, BenchSection } from './types';

export const section: BenchSection = {
  id: 'engines',
  title: 'sql.js vs better-sqlite3, same build of the generated project',
  async run(ctx) {
    ctx.log('building the generated project on sql.js...');
    const sqljs = await measureBuild('sqljs');
    let native: BuildMeasure | null = null;
    let why = '';
    try {
      ctx.log('building the generated project on better-sqlite3...');
      native = await measureBuild('native');
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    const total = (m: BuildMeasure) => (m.parseMs + m.runMs) / 1000;
    const rows: BenchRow[] = [{ metric: 'build on sql.js', value: total(sqljs), unit: 's', note: sqljs.ok ? undefined : 'SOME FAILED' }];
    if (!native) {
      rows.push({ metric: 'build on better-sqlite3', value: Number.NaN, unit: 's', note: `skipped: ${why}` });
      return rows;
    }
    rows.push(
      { metric: 'build on better-sqlite3', value: total(native), unit: 's', note: native.ok ? undefined : 'SOME FAILED' },
      { metric: 'sql.js / better-sqlite3', value: total(sqljs) / total(native), unit: 'x' },
      { metric: 'time inside SQLite, sql.js', value: sqljs.sqlMs / 1000, unit: 's' },
      { metric: 'time inside SQLite, better-sqlite3', value: native.sqlMs / 1000, unit: 's' },
    );
    return rows;
  },
};
