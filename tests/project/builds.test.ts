/**
 * What holds for every build of the project, whatever the domain: every node
 * builds, every data test passes, the late batch is absorbed incrementally
 * exactly as a full refresh would, and loading it twice changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { nodeProjectFiles } from '../../src/cli/project-files';
import { parseProject } from '../../src/engine/index';
import { ROOT, buildRecord, openBuild, rows, type BuildName } from './builds';

const BUILDS: BuildName[] = ['batch1', 'backfill', 'backfill_twice', 'full_refresh'];

describe.each(BUILDS)('the %s build', (name) => {
  const record = buildRecord(name);

  it('builds every node without an error or a skip', () => {
    const bad = record.runResults.results
      .filter((r) => r.status === 'error' || r.status === 'skipped')
      .map((r) => `${r.unique_id}: ${r.status} ${r.message ?? ''}`);
    expect(bad).toEqual([]);
  });

  it('passes every data test', () => {
    const failing = record.runResults.results
      .filter((r) => r.unique_id.startsWith('test.') && r.status !== 'pass')
      .map((r) => `${r.unique_id}: ${r.status} (${r.failures} failures)`);
    expect(failing).toEqual([]);
    expect(record.runResults.results.filter((r) => r.unique_id.startsWith('test.')).length).toBeGreaterThan(50);
  });
});

function modelTables(db: Awaited<ReturnType<typeof openBuild>>): string[] {
  return rows<{ name: string }>(
    db,
    `select name from sqlite_master where type in ('table', 'view')
       and (name like 'stg\\_%' escape '\\' or name like 'int\\_%' escape '\\'
            or name like 'fct\\_%' escape '\\' or name like 'dim\\_%' escape '\\')
     order by name`,
  ).map((r) => r.name);
}

/**
 * Models tagged `history` (from the manifest's tags) read snapshots: they
 * reflect the sequence of loads, so a full refresh on the same raw data (one
 * load) rightly differs from a backfill (two loads).
 */
function historyModels(): Set<string> {
  const nodes = Object.values(parseProject(nodeProjectFiles(ROOT)).nodes);
  return new Set(nodes.filter((n) => n.resource_type === 'model' && n.tags.includes('history')).map((n) => n.alias));
}

async function differences(a: BuildName, b: BuildName, skip: Set<string> = new Set()): Promise<string[]> {
  const left = await openBuild(a);
  const right = await openBuild(b);
  // Compare through one database: attach is not available across sql.js
  // instances, so copy the right side's rows into temp tables.
  const out: string[] = [];
  const tables = modelTables(left).filter((t) => !skip.has(t));
  expect(modelTables(right).filter((t) => !skip.has(t))).toEqual(tables);
  for (const table of tables) {
    const l = left.query(`select * from "${table}"`);
    const r = right.query(`select * from "${table}"`);
    if (l.columns.join() !== r.columns.join()) {
      out.push(`${table}: columns ${l.columns.join(',')} vs ${r.columns.join(',')}`);
      continue;
    }
    const key = (row: unknown[]) => JSON.stringify(row);
    const count = (rs: unknown[][]) => {
      const m = new Map<string, number>();
      for (const row of rs) m.set(key(row), (m.get(key(row)) ?? 0) + 1);
      return m;
    };
    const lc = count(l.rows);
    const rc = count(r.rows);
    let onlyLeft = 0;
    let onlyRight = 0;
    for (const [k, n] of lc) onlyLeft += Math.max(0, n - (rc.get(k) ?? 0));
    for (const [k, n] of rc) onlyRight += Math.max(0, n - (lc.get(k) ?? 0));
    if (onlyLeft || onlyRight) out.push(`${table}: ${onlyLeft} rows only in ${a}, ${onlyRight} only in ${b}`);
  }
  left.close();
  right.close();
  return out;
}

describe('the late-arriving batch', () => {
  it('leaves every model equal to its full refresh on the same raw data', async () => {
    expect(await differences('backfill', 'full_refresh', historyModels())).toEqual([]);
  });

  it('changes nothing when loaded a second time', async () => {
    expect(buildRecord('backfill_twice').alreadyLoaded).toBe(true);
    expect(await differences('backfill', 'backfill_twice')).toEqual([]);
  });

  it('builds the incremental models incrementally, not from scratch', () => {
    const backfill = buildRecord('backfill');
    const full = buildRecord('full_refresh');
    const code = (r: typeof backfill, id: string) => r.runResults.results.find((x) => x.unique_id === id)?.compiled_code;
    // Only what the batch can change runs (as the CLI and the site run it):
    // not the seeds, nor the tables no rows arrived for.
    const ran = new Set(backfill.runResults.results.map((r) => r.unique_id));
    expect(ran.size).toBeLessThan(full.runResults.results.length);
    expect(ran.has('seed.b2b_analytics.fx_rates')).toBe(false);
    expect(ran.has('model.b2b_analytics.stg_stripe__products')).toBe(false);
    expect(ran.has('model.b2b_analytics.fct_events')).toBe(true);
    // Events, sessions and payments at least take late data incrementally.
    expect(backfill.incrementalModels.length).toBeGreaterThanOrEqual(3);
    for (const id of backfill.incrementalModels) {
      // The incremental run compiles the is_incremental() branch, which the
      // full refresh does not.
      expect(code(backfill, id), id).toBeTruthy();
      expect(code(backfill, id), id).not.toEqual(code(full, id));
    }
  });
});
