import type { SqlJsStatic } from 'sql.js';
import type { Database, Project, ProjectFiles } from '../engine/index';
import type { Artifacts, Catalog, Manifest, RunResults } from '../shared/artifacts';
import type {
  BackfillReport,
  BackfillRequest,
  BuildRequest,
  BuildSummary,
  LoadRequest,
  LoadSummary,
  Phase,
  ProgressListener,
  QueryOptions,
  QueryResponse,
  RelationInfo,
  StatusCounts,
  WarehouseSnapshot,
  WorkerApi,
} from '../shared/worker-api';
import {
  countSnapshotVersions,
  describeNodes,
  mergeArtifacts,
  newRestatements,
  pairMetricValues,
  readMetricValues,
  restatementIds,
} from './backfill-measures';
import { boundedQuery } from './bounded-query';
import { locateError } from './locate-error';
import { fetchBytes, gunzipIfNeeded } from './fetch-bytes';

type Engine = typeof import('../engine/index');

export interface ServiceDeps {
  /** sql.js's loader; the worker passes the browser build, tests the Node build. */
  initSqlJs: (config: SqlJsOptions) => Promise<SqlJsStatic>;
  /** The dbt project to build, read when the first build starts. */
  projectFiles: () => ProjectFiles | Promise<ProjectFiles>;
  fetch?: typeof fetch;
}

type Warehouse = Database & { export(): Uint8Array };

export type SqlJsOptions = Engine['SQLJS_INIT_OPTIONS'] & { wasmBinary?: ArrayBuffer };

const DEFAULT_MAX_ROWS = 1_000;

const EMPTY_SUMMARY: BuildSummary = { ok: true, elapsed: 0, counts: { built: 0, errors: 0, skipped: 0, pass: 0, warn: 0, fail: 0 } };

/**
 * The worker's state and operations: one sql.js database holding the raw
 * tables and everything built from them, and the last build's artifacts.
 * Kept free of comlink and `self` so Node tests can drive it directly.
 */
export function createWarehouseService(deps: ServiceDeps): WorkerApi {
  const fetchImpl = deps.fetch ?? fetch.bind(globalThis);
  // The engine is imported when first needed, so the worker's first chunk
  // stays small and the downloads start while the engine's code still loads.
  let enginePromise: Promise<Engine> | null = null;
  const engine = () => (enginePromise ??= import('../engine/index'));
  let filesPromise: Promise<ProjectFiles> | null = null;
  const projectFiles = () => (filesPromise ??= Promise.resolve(deps.projectFiles()));
  /**
   * The project parsed with its own vars. The files never change while the
   * worker lives and a build does not alter the parsed project, so one parse
   * serves the build and every backfill; load() starts it while the files
   * download, so the parse costs the build no time of its own.
   */
  let defaultProject: Promise<Project> | null = null;
  const parsedProject = () =>
    (defaultProject ??= (async () => {
      const { parseProject } = await engine();
      return parseProject(await projectFiles());
    })().catch((error: unknown) => {
      // The error reaches whoever awaits this parse; the next call parses again.
      defaultProject = null;
      throw error;
    }));
  let SQL: SqlJsStatic | null = null;
  let db: Warehouse | null = null;
  let artifacts: Artifacts | null = null;
  /** The warehouse as it was before the first backfill, for `reset()`. */
  let baseline: { bytes: Uint8Array; artifacts: Artifacts | null; summary: BuildSummary } | null = null;
  /** The outcome over the whole warehouse: the last build's, or after a backfill its results merged over the build's. */
  let summary: BuildSummary = EMPTY_SUMMARY;

  function requireDb(action: string): Warehouse {
    if (!db) throw new Error(`Cannot ${action}: no warehouse is open yet (load() or restore() it first).`);
    return db;
  }

  async function timed<T>(phase: Phase, onProgress: ProgressListener | undefined, work: () => Promise<T> | T): Promise<T> {
    onProgress?.({ kind: 'phase', phase, state: 'start' });
    const result = await work();
    onProgress?.({ kind: 'phase', phase, state: 'end' });
    return result;
  }

  async function startSqlJs(wasm: Uint8Array): Promise<SqlJsStatic> {
    const { SQLJS_INIT_OPTIONS } = await engine();
    return deps.initSqlJs({ ...SQLJS_INIT_OPTIONS, wasmBinary: wasm.buffer as ArrayBuffer });
  }

  async function open(bytes: Uint8Array): Promise<void> {
    if (!SQL) throw new Error('sql.js is not started.');
    const { sqljsDatabase } = await engine();
    db?.close();
    db = sqljsDatabase(SQL, bytes);
  }

  return {
    async load(request: LoadRequest, onProgress: ProgressListener): Promise<LoadSummary> {
      const rawName = (request.rawUrl.split('/').pop() ?? 'raw').replace(/\.gz$/, '');
      // Code the build needs loads while the files download; failures surface when it is awaited.
      void engine().catch(() => undefined);
      void projectFiles().catch(() => undefined);
      const [wasm, raw] = await timed('download', onProgress, () => {
        const downloads = Promise.all([
          fetchBytes(fetchImpl, request.wasmUrl, 'wasm', request.expectedBytes?.wasm, onProgress),
          fetchBytes(fetchImpl, request.rawUrl, rawName, request.expectedBytes?.raw, onProgress),
        ]);
        // The requests are out: parse the project while the bytes arrive (build() awaits it).
        parsedProject().catch(() => undefined);
        return downloads;
      });
      SQL = await timed('wasm', onProgress, () => startSqlJs(wasm));
      const tables = await timed('open', onProgress, async () => {
        await open(await gunzipIfNeeded(raw));
        return countTables(requireDb('count tables'));
      });
      artifacts = null;
      baseline = null;
      return { rawBytes: raw.byteLength, wasmBytes: wasm.byteLength, tables };
    },

    async build(request: BuildRequest, onProgress: ProgressListener): Promise<BuildSummary> {
      const warehouse = requireDb('build');
      const { catalog, parseProject, run } = await engine();
      const hasVars = request.vars !== undefined && Object.keys(request.vars).length > 0;
      const project = await timed('parse', onProgress, async () =>
        hasVars ? parseProject(await projectFiles(), { vars: request.vars }) : parsedProject(),
      );
      const outcome = await timed('build', onProgress, () =>
        run(project, warehouse, {
          command: 'build',
          select: request.select,
          exclude: request.exclude,
          fullRefresh: request.fullRefresh,
          vars: request.vars,
          onEvent: (e) => onProgress({ ...e, kind: 'node', state: e.kind }),
        }),
      );
      const built = await timed('catalog', onProgress, () => catalog(project, warehouse));
      artifacts = {
        manifest: outcome.manifest as Manifest,
        runResults: outcome.runResults as RunResults,
        catalog: built as Catalog,
      };
      summary = { ok: outcome.ok, elapsed: artifacts.runResults.elapsed_time, counts: countStatuses(artifacts), parseMs: project.parseMs };
      return summary;
    },

    async artifacts() {
      return artifacts;
    },

    async query(sql: string, options: QueryOptions = {}): Promise<QueryResponse> {
      return boundedQuery(requireDb('run a query'), sql, options.maxRows ?? DEFAULT_MAX_ROWS, options.readOnly ?? true);
    },

    async locateError(sql: string, message: string) {
      return locateError(requireDb('locate an error'), sql, message);
    },

    async relations(): Promise<RelationInfo[]> {
      const { rows } = requireDb('list relations').query(
        `select m.name, m.type, p.name, p.type
         from sqlite_master as m join pragma_table_info(m.name) as p
         where m.type in ('table', 'view') and m.name not like 'sqlite_%'
         order by m.name, p.cid`,
      );
      const byName = new Map<string, RelationInfo>();
      for (const [name, type, column, columnType] of rows) {
        const key = String(name);
        let relation = byName.get(key);
        if (!relation) {
          relation = { name: key, type: type === 'view' ? 'view' : 'table', columns: [] };
          byName.set(key, relation);
        }
        relation.columns.push({ name: String(column), type: String(columnType ?? '') });
      }
      return [...byName.values()];
    },

    async exportDatabase(): Promise<Uint8Array> {
      return requireDb('export the warehouse').export();
    },

    async restore(snapshot: WarehouseSnapshot): Promise<void> {
      SQL ??= await startSqlJs(await fetchBytes(fetchImpl, snapshot.wasmUrl, 'wasm', undefined, undefined));
      await open(snapshot.database);
      artifacts = snapshot.artifacts;
      const counts = countStatuses(snapshot.artifacts);
      summary = { ok: counts.errors === 0 && counts.fail === 0, elapsed: snapshot.artifacts.runResults.elapsed_time, counts };
    },

    async backfill(request: BackfillRequest, onProgress: ProgressListener): Promise<BackfillReport> {
      const warehouse = requireDb('apply the late batch');
      const { appendDelta, changedSourceSelection, parseProject, readDeltaTables, run, catalog, sqljsDatabase } = await engine();
      const started = performance.now();
      const mark = (from: number) => performance.now() - from;
      const deltaName = (request.deltaUrl.split('/').pop() ?? 'delta').replace(/\.gz$/, '');

      let t = performance.now();
      const compressed = await timed('download', onProgress, () => fetchBytes(fetchImpl, request.deltaUrl, deltaName, request.expectedBytes, onProgress));
      const bytes = await gunzipIfNeeded(compressed);
      const download = mark(t);

      t = performance.now();
      if (!SQL) throw new Error('sql.js is not started.');
      const deltaDb = sqljsDatabase(SQL, bytes);
      const tables = (() => {
        try {
          return readDeltaTables(deltaDb);
        } finally {
          deltaDb.close();
        }
      })();
      const arrived = tables.map((table) => ({ table: table.name, rows: table.rows.length }));
      // The state to go back to, taken before anything changes.
      baseline ??= { bytes: warehouse.export(), artifacts, summary };
      const snapshotsBefore = countSnapshotVersions(warehouse);
      const metricsBefore = readMetricValues(warehouse);
      const idsBefore = restatementIds(warehouse);
      const loadKey = await sha256(bytes);
      const appended = await timed('append', onProgress, () => appendDelta(warehouse, tables, { loadKey, source: deltaName }));
      const append = mark(t);

      const previous = artifacts;
      const selection = changedSourceSelection(Object.values((previous?.manifest ?? (await parsedManifest())).sources), arrived);
      if (appended.alreadyLoaded || !selection) {
        return {
          alreadyApplied: appended.alreadyLoaded,
          arrived,
          selection: selection ?? '',
          nodes: [],
          build: EMPTY_SUMMARY,
          summary,
          timings: { download, append, build: 0, measure: 0, total: mark(started) },
          snapshots: [],
          metrics: [],
          restatements: [],
          restatementSource: null,
        };
      }

      t = performance.now();
      const project = await parsedProject();
      const outcome = await timed('build', onProgress, () =>
        run(project, warehouse, {
          command: 'build',
          select: selection,
          onEvent: (e) => onProgress({ ...e, kind: 'node', state: e.kind }),
        }),
      );
      const builtCatalog = catalog(project, warehouse) as Catalog;
      const thisRun: Artifacts = { manifest: outcome.manifest as Manifest, runResults: outcome.runResults as RunResults, catalog: builtCatalog };
      artifacts = mergeArtifacts(previous, thisRun);
      const counts = countStatuses(artifacts);
      summary = { ok: counts.errors === 0 && counts.fail === 0, elapsed: summary.elapsed, counts };
      const build = mark(t);

      t = performance.now();
      const measured = await timed('measure', onProgress, () => {
        const snapshotsAfter = countSnapshotVersions(warehouse);
        const metrics = pairMetricValues(metricsBefore, readMetricValues(warehouse));
        const { restatements, source } = newRestatements(warehouse, idsBefore, metrics);
        const snapshots = [...snapshotsAfter].map(([name, after]) => ({ name, before: snapshotsBefore.get(name) ?? { versions: 0, current: 0 }, after }));
        return { snapshots, metrics, restatements, source };
      });
      return {
        alreadyApplied: false,
        arrived,
        selection,
        nodes: describeNodes(thisRun.manifest, thisRun.runResults),
        build: { ok: outcome.ok, elapsed: thisRun.runResults.elapsed_time, counts: countStatuses(thisRun) },
        summary,
        timings: { download, append, build, measure: mark(t), total: mark(started) },
        snapshots: measured.snapshots,
        metrics: measured.metrics,
        restatements: measured.restatements,
        restatementSource: measured.source,
      };
    },

    async reset(): Promise<BuildSummary> {
      if (!baseline) {
        throw new Error('There is nothing to reset: this worker has not applied the late batch (a restarted worker keeps no copy of batch 1; rebuild instead).');
      }
      await open(baseline.bytes);
      ({ artifacts, summary } = baseline);
      baseline = null;
      return summary;
    },
  };

  async function parsedManifest(): Promise<Manifest> {
    // Without a build there are no artifacts; the manifest of a compile names the sources just as well.
    const { run } = await engine();
    const outcome = await run(await parsedProject(), requireDb('compile'), { command: 'ls' });
    return outcome.manifest as Manifest;
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function countTables(db: Database): number {
  const { rows } = db.query("select count(*) from sqlite_master where type = 'table' and name not like 'sqlite_%'");
  return Number(rows[0]?.[0] ?? 0);
}

/** Status counts of a build, from its run results and the manifest's resource types. */
export function countStatuses({ manifest, runResults }: Pick<Artifacts, 'manifest' | 'runResults'>): StatusCounts {
  const counts: StatusCounts = { built: 0, errors: 0, skipped: 0, pass: 0, warn: 0, fail: 0 };
  for (const result of runResults.results) {
    const type = manifest.nodes[result.unique_id]?.resource_type;
    switch (result.status) {
      case 'success':
        if (type === 'model' || type === 'seed' || type === 'snapshot') counts.built += 1;
        break;
      case 'error':
      case 'runtime error':
        counts.errors += 1;
        break;
      case 'skipped':
        counts.skipped += 1;
        break;
      case 'pass':
      case 'warn':
      case 'fail':
        counts[result.status] += 1;
        break;
      default:
        break;
    }
  }
  return counts;
}
