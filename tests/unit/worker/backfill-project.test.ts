import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsConfig, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { SQLJS_INIT_OPTIONS, appendDelta, parseProject, readDeltaTables, run, sqljsDatabase } from '../../../src/engine/index';
import type { Database } from '../../../src/engine/index';
import { nodeProjectFiles } from '../../../src/cli/project-files';
import type { Artifacts } from '../../../src/shared/artifacts';
import type { BackfillReport, WorkerApi } from '../../../src/shared/worker-api';
import { createWarehouseService } from '../../../src/worker/warehouse-service';

/**
 * The tab's backfill on the real project and raw files: it builds only what
 * lies downstream of the tables that received rows, and must leave every
 * model exactly as the CLI's backfill (append, then build everything) does.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RAW = path.join(ROOT, 'warehouse/raw_sources.sqlite');
const DELTA = path.join(ROOT, 'warehouse/raw_sources_delta.sqlite');
const WASM = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
const ready = existsSync(RAW) && existsSync(DELTA) && existsSync(path.join(ROOT, 'dbt_project.yml'));
if (!ready) console.warn('\n!!! warehouse/raw_sources*.sqlite missing: run `npm run generate`; the backfill test on the real project is skipped.\n');

describe.skipIf(!ready)('the backfill on the real project', () => {
  let SQL: SqlJsStatic;
  let api: WorkerApi;
  let report: BackfillReport;
  let batch1: Uint8Array;
  let fullBuildMs: number;

  beforeAll(async () => {
    SQL = await initSqlJs(SQLJS_INIT_OPTIONS as SqlJsConfig);
    const files: Record<string, Uint8Array> = {
      'http://site/wasm': WASM,
      'http://site/data/raw_sources.sqlite': readFileSync(RAW),
      'http://site/data/raw_sources_delta.sqlite': readFileSync(DELTA),
    };
    api = createWarehouseService({
      initSqlJs: (options) => initSqlJs(options as SqlJsConfig),
      projectFiles: () => nodeProjectFiles(ROOT),
      fetch: async (input) => new Response(files[String(input)]),
    });
    await api.load({ wasmUrl: 'http://site/wasm', rawUrl: 'http://site/data/raw_sources.sqlite' }, () => {});
    const started = performance.now();
    await api.build({}, () => {});
    fullBuildMs = performance.now() - started;
    batch1 = await api.exportDatabase();
    report = await api.backfill({ deltaUrl: 'http://site/data/raw_sources_delta.sqlite' }, () => {});
  }, 300_000);

  it('restates historical metrics, read from fct_metric_restatements', () => {
    expect(report.restatementSource).toBe('fct_metric_restatements');
    expect(report.restatements.length).toBeGreaterThan(0);
    for (const r of report.restatements) expect(r.after, `${r.metric} ${r.period}`).not.toBe(r.before);
    const dau = report.restatements.filter((r) => r.metric === 'dau');
    expect(dau.length, 'late events raise DAU on past days').toBeGreaterThan(0);
    expect(dau.every((r) => r.after > r.before)).toBe(true);
  });

  it('adds versions to every snapshot', () => {
    expect(report.snapshots.map((s) => s.name).sort()).toEqual(['snap_metric_values', 'snap_salesforce__opportunities', 'snap_stripe__subscriptions']);
    for (const s of report.snapshots) expect(s.after.versions, s.name).toBeGreaterThan(s.before.versions);
  });

  it('runs the incremental models incrementally and leaves models without new input alone', () => {
    const byName = new Map(report.nodes.map((n) => [n.name, n]));
    expect(byName.get('fct_events')).toMatchObject({ status: 'success', materialized: 'incremental' });
    expect(byName.get('fct_events')!.message).toMatch(/^INSERT \d+/);
    const notSelected = report.nodes.filter((n) => n.status === 'not selected').map((n) => n.name);
    expect(notSelected.length).toBeGreaterThan(0);
    expect(report.build.ok).toBe(true);
    console.log(
      `backfill in the worker (Node, sql.js): ${report.timings.total.toFixed(0)} ms (build ${report.timings.build.toFixed(0)} ms, ` +
        `${report.nodes.length - notSelected.length} of ${report.nodes.length} nodes); full build ${fullBuildMs.toFixed(0)} ms`,
    );
  });

  it('leaves every model as the CLI backfill does (append, then build everything)', async () => {
    const reference = sqljsDatabase(SQL, batch1);
    const project = parseProject(nodeProjectFiles(ROOT));
    const deltaDb = sqljsDatabase(SQL, readFileSync(DELTA));
    appendDelta(reference, readDeltaTables(deltaDb), { loadKey: 'reference', source: 'raw_sources_delta.sqlite' });
    deltaDb.close();
    const outcome = await run(project, reference, { command: 'build' });
    expect(outcome.ok).toBe(true);

    const artifacts = (await api.artifacts()) as Artifacts;
    // Snapshots and what reads them record build times, so they are compared by row counts only.
    const history = new Set(
      Object.values(artifacts.manifest.nodes)
        .filter((n) => n.resource_type === 'snapshot' || (n.tags ?? []).includes('history'))
        .map((n) => n.alias ?? n.name),
    );
    const models = Object.values(artifacts.manifest.nodes)
      .filter((n) => n.resource_type === 'model')
      .map((n) => n.alias ?? n.name);
    expect(models.length).toBeGreaterThan(30);
    const differences: string[] = [];
    for (const name of models) {
      const ours = await api.query(`select * from "${name}"`, { maxRows: 1_000_000 });
      const theirs = reference.query(`select * from "${name}"`);
      if (history.has(name)) {
        if (ours.rows.length !== theirs.rows.length) differences.push(`${name}: ${ours.rows.length} rows, CLI ${theirs.rows.length}`);
        continue;
      }
      if (fingerprint(ours.rows) !== fingerprint(theirs.rows)) differences.push(`${name}: rows differ`);
    }
    reference.close();
    expect(differences).toEqual([]);
  }, 120_000);
});

/** Rows in a canonical order, as one string. */
function fingerprint(rows: unknown[][]): string {
  return rows
    .map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .sort()
    .join('\n');
}

export type { Database };
