/**
 * The real model project on the default warehouse: a full build with every
 * data test on sql.js and on better-sqlite3, and the late batch absorbed
 * incrementally (the nodes downstream of the tables it adds rows to) against
 * a full refresh of the same raw data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { appendDelta, catalog, changedSourceSelection, readDeltaTables, nativeDatabase, parseProject, run, sqljsDatabase, SQLJS_INIT_OPTIONS, type Database, type Project } from '../../engine/index';
import { ensureWarehouse } from '../ensure-warehouse';
import { nodeProjectFiles } from '../project-files';
import { loadBetterSqlite3 } from '../warehouse/store';
import { timedDatabase } from './engine-build';
import { firstParse } from './first-parse';
import type { BenchRow, BenchSection } from './types';

const RUNS = 3;
/** The first parse is measured in fresh processes: one sample is too noisy on a shared machine. */
const PARSES = 5;

interface Measure {
  /** Wall time of the whole build (models, seeds, snapshots and tests), ms. */
  buildMs: number;
  /** Of which the data tests, ms (summed from the run results). */
  testsMs: number;
  sqlMs: number;
  /** The build's wall time outside SQLite: the engine's own work (compile, bookkeeping, artifacts), ms. */
  overheadMs: number;
  /** CPU time of the process during the build, ms: steadier than wall time on a busy machine. */
  cpuMs: number;
  /** catalog() on the built warehouse, ms (not part of buildMs). */
  catalogMs: number;
  nodes: number;
  ok: boolean;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Readies the warehouse before the timed build; may name the build's selection. */
type Prepare = (db: Database) => string | undefined;

async function build(project: Project, open: () => Promise<Database>, prepare?: Prepare, fullRefresh = false): Promise<Measure> {
  const raw = await open();
  const select = prepare?.(raw);
  const db = timedDatabase(raw);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await run(project, db, { command: 'build', fullRefresh, select });
  const buildMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const results = (outcome.runResults as { results: { unique_id: string; execution_time: number }[] }).results;
  const testsMs = 1000 * results.filter((r) => r.unique_id.startsWith('test.')).reduce((s, r) => s + r.execution_time, 0);
  const t1 = performance.now();
  catalog(project, raw);
  const catalogMs = performance.now() - t1;
  raw.close();
  return {
    buildMs,
    testsMs,
    sqlMs: db.sqlMs,
    overheadMs: buildMs - db.sqlMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    catalogMs,
    nodes: results.length,
    ok: outcome.ok,
  };
}

function medianMeasure(ms: Measure[]): Measure {
  return {
    buildMs: median(ms.map((m) => m.buildMs)),
    testsMs: median(ms.map((m) => m.testsMs)),
    sqlMs: median(ms.map((m) => m.sqlMs)),
    overheadMs: median(ms.map((m) => m.overheadMs)),
    cpuMs: median(ms.map((m) => m.cpuMs)),
    catalogMs: median(ms.map((m) => m.catalogMs)),
    nodes: ms[0]!.nodes,
    ok: ms.every((m) => m.ok),
  };
}

export const section: BenchSection = {
  id: 'project',
  title: `The model project on the default warehouse (median of ${RUNS} runs)`,
  async run(ctx) {
    await ensureWarehouse({ log: ctx.log });
    const rawFile = join(ctx.repoRoot, 'warehouse', 'raw_sources.sqlite');
    const deltaFile = join(ctx.repoRoot, 'warehouse', 'raw_sources_delta.sqlite');
    const raw = readFileSync(rawFile);
    const deltaBytes = readFileSync(deltaFile);
    const SQL = await initSqlJs(SQLJS_INIT_OPTIONS as never);
    const openSqlJs = async () => sqljsDatabase(SQL, raw);

    ctx.log(`first parse of the project in ${PARSES} fresh processes...`);
    const parses = Array.from({ length: PARSES }, () => firstParse(ctx.repoRoot));
    const parseMs = median(parses.map((p) => p.ms));
    const project = parseProject(nodeProjectFiles(ctx.repoRoot));

    const sqljs: Measure[] = [];
    for (let i = 0; i < RUNS; i++) {
      ctx.log(`full build on sql.js, run ${i + 1} of ${RUNS}...`);
      sqljs.push(await build(project, openSqlJs));
    }
    const s = medianMeasure(sqljs);
    const total = parseMs + s.buildMs;
    // Everything but SQL execution: the first parse (what a browser tab pays) and the build's own work.
    const overhead = parseMs + s.overheadMs;
    const rows: BenchRow[] = [
      { metric: 'nodes built and tested', value: s.nodes, unit: 'count', note: s.ok ? 'all ok' : 'SOME FAILED' },
      { metric: `parse the project, first in a fresh process (median of ${PARSES})`, value: parseMs, unit: 'ms' },
      { metric: '  its CPU time', value: median(parses.map((p) => p.cpuMs)), unit: 'ms' },
      { metric: 'build + tests on sql.js', value: total / 1000, unit: 's', target: '< 3 s', ok: total < 3000 },
      { metric: '  of which data tests', value: s.testsMs / 1000, unit: 's' },
      { metric: '  of which inside SQLite', value: s.sqlMs / 1000, unit: 's' },
      { metric: '  of which the build outside SQLite', value: s.overheadMs, unit: 'ms' },
      { metric: 'the build on sql.js, CPU time', value: s.cpuMs / 1000, unit: 's', note: 'steadier than wall time on a shared machine' },
      { metric: 'engine overhead share (parse + outside SQLite)', value: (100 * overhead) / total, unit: '%', target: '< 5 %', ok: overhead / total < 0.05 },
      { metric: 'catalog of the built warehouse', value: s.catalogMs, unit: 'ms' },
    ];

    try {
      const Native = await loadBetterSqlite3();
      // In memory from the same bytes, as sql.js works.
      const openNative = async () => nativeDatabase(Native, raw);
      const native: Measure[] = [];
      for (let i = 0; i < RUNS; i++) {
        ctx.log(`full build on better-sqlite3, run ${i + 1} of ${RUNS}...`);
        native.push(await build(project, openNative));
      }
      const n = medianMeasure(native);
      rows.push(
        { metric: 'build + tests on better-sqlite3', value: (parseMs + n.buildMs) / 1000, unit: 's' },
        { metric: 'sql.js / better-sqlite3', value: s.buildMs / n.buildMs, unit: 'x' },
      );
    } catch (e) {
      rows.push({ metric: 'build + tests on better-sqlite3', value: Number.NaN, unit: 's', note: `skipped: ${e instanceof Error ? e.message : String(e)}` });
    }

    // The late batch: batch 1 built, the delta appended, an incremental build
    // of what it can change (as `npm run warehouse -- backfill` and the site
    // do); against a full refresh of batch 1 + delta. Both on sql.js.
    const delta = sqljsDatabase(SQL, deltaBytes);
    const backfill = (db: Database) => changedSourceSelection(Object.values(project.sources), appendDelta(db, delta, { loadKey: 'bench', source: deltaFile }).tables) ?? undefined;
    const load = (db: Database) => {
      appendDelta(db, delta, { loadKey: 'bench', source: deltaFile });
      return undefined;
    };
    // The same selection on batch 1 with nothing appended: what the backfill
    // costs before it reads a single new row (tables rebuilt in full, tests
    // reading whole tables), the floor of this project's design.
    const selection = changedSourceSelection(
      Object.values(project.sources),
      readDeltaTables(delta).map((t) => ({ table: t.name, rows: t.rows.length })),
    ) ?? undefined;
    const incremental: Measure[] = [];
    const full: Measure[] = [];
    const unchanged: Measure[] = [];
    for (let i = 0; i < RUNS; i++) {
      ctx.log(`backfill and full refresh, run ${i + 1} of ${RUNS}...`);
      const base = sqljsDatabase(SQL, raw);
      await run(project, base, { command: 'build' });
      const built = base.export();
      base.close();
      incremental.push(await build(project, async () => sqljsDatabase(SQL, built), backfill));
      full.push(await build(project, openSqlJs, load, true));
      unchanged.push(await build(project, async () => sqljsDatabase(SQL, built), () => selection));
    }
    delta.close();
    const inc = medianMeasure(incremental);
    const fr = medianMeasure(full);
    const floor = medianMeasure(unchanged);
    const models = (m: Measure) => m.buildMs - m.testsMs;
    rows.push(
      { metric: 'backfill: incremental build + tests', value: inc.buildMs / 1000, unit: 's', note: inc.ok ? undefined : 'SOME FAILED' },
      { metric: 'backfill: full refresh + tests', value: fr.buildMs / 1000, unit: 's' },
      { metric: 'incremental / full refresh, with tests', value: inc.buildMs / fr.buildMs, unit: 'x', target: '< 0.25', ok: inc.buildMs / fr.buildMs < 0.25 },
      { metric: 'incremental / full refresh, models only', value: models(inc) / models(fr), unit: 'x', target: '< 0.25', ok: models(inc) / models(fr) < 0.25 },
      { metric: 'same selection, no new rows / full refresh, with tests', value: floor.buildMs / fr.buildMs, unit: 'x', note: floor.ok ? undefined : 'SOME FAILED' },
      { metric: 'same selection, no new rows / full refresh, tests only', value: floor.testsMs / fr.buildMs, unit: 'x' },
    );
    return rows;
  },
};
