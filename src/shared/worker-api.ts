/**
 * The one contract between the page and the warehouse worker.
 *
 * `src/worker/index.ts` exposes an object of this type with comlink; the page
 * reaches it only through `src/app/warehouse-client.ts`. Callbacks passed to
 * the worker must be wrapped in comlink's `proxy()`; byte arrays travel as
 * transferables where noted. Types only: nothing here exists at runtime.
 */
import type { Artifacts, SqlValue } from './artifacts';

export type { Artifacts, SqlValue } from './artifacts';

/** The steps of start-up and build, in order; the page times each one. */
export type Phase = 'download' | 'wasm' | 'open' | 'parse' | 'build' | 'catalog' | BackfillPhase;

/** The steps of applying the late batch: download it, append it to the raw tables, build, measure what changed. */
export type BackfillPhase = 'append' | 'measure';

export interface DownloadEvent {
  kind: 'download';
  /** `wasm` or the raw file's name, e.g. `raw_sources.sqlite`. */
  file: string;
  loaded: number;
  /** From Content-Length, else the size the page expects; null when neither is known. */
  total: number | null;
}

export interface PhaseEvent {
  kind: 'phase';
  phase: Phase;
  state: 'start' | 'end';
}

/** One executable node starting or finishing, as the engine reports it. */
export interface NodeEvent {
  kind: 'node';
  state: 'start' | 'end';
  /** 1-based position among the selected executable nodes. */
  index: number;
  total: number;
  uniqueId: string;
  name: string;
  resourceType: string;
  status?: 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail';
  message?: string;
  /** Seconds. */
  executionTime?: number;
  failures?: number;
}

export type ProgressEvent = DownloadEvent | PhaseEvent | NodeEvent;
export type ProgressListener = (event: ProgressEvent) => void;

/** How a query refused by the console's read-only mode begins, so the page can tell that refusal from other errors. */
export const READ_ONLY_REFUSAL = 'This query is refused because the console is read-only';

export interface LoadRequest {
  /** Absolute URL of sql.js's wasm (a module worker resolves relative URLs against its own file). */
  wasmUrl: string;
  /** Absolute URL of the raw SQLite file to start from. */
  rawUrl: string;
  /** Sizes the page expects, for progress when the server sends no Content-Length. */
  expectedBytes?: { wasm?: number; raw?: number };
}

export interface LoadSummary {
  rawBytes: number;
  wasmBytes: number;
  /** Tables found in the raw file. */
  tables: number;
}

export interface BuildRequest {
  /** dbt selection syntax, e.g. `+fct_mrr tag:finance`; everything when absent. */
  select?: string;
  exclude?: string;
  fullRefresh?: boolean;
  vars?: Record<string, unknown>;
}

export interface BuildSummary {
  ok: boolean;
  /** Seconds, as in run_results' `elapsed_time`. */
  elapsed: number;
  counts: StatusCounts;
  /** Milliseconds the project's parse took, wherever it ran (load() starts it while the files download). */
  parseMs?: number;
}

export interface StatusCounts {
  /** Models, seeds and snapshots built successfully. */
  built: number;
  errors: number;
  skipped: number;
  pass: number;
  warn: number;
  fail: number;
}

export interface QueryOptions {
  /** Rows kept in the answer; the statement stops stepping after one more. Default 1,000, at most 1,000,000. */
  maxRows?: number;
  /**
   * Only statements that read run (`select`, `with`, `values`, `explain`,
   * pragmas that read), under `PRAGMA query_only`, so the statement can change
   * neither the warehouse nor the connection's settings. Default true: a shared
   * link must not silently damage the build.
   */
  readOnly?: boolean;
}

export interface QueryResponse {
  columns: string[];
  rows: SqlValue[][];
  /** True when the statement had more rows than `maxRows`. */
  truncated: boolean;
  /** Milliseconds spent in SQLite, measured in the worker. */
  elapsedMs: number;
  /** With writes allowed: whether the statement changed rows or the schema. Absent for read-only queries. */
  wrote?: boolean;
  /** With writes allowed: the rows the statement inserted, updated or deleted (SQLite's total_changes() before and after). */
  changes?: number;
}

/** Where a failed query's error points, in the text that was sent. */
export interface SqlErrorPosition {
  /** Offset of the token in the query text, and its length (0 at the very end). */
  offset: number;
  length: number;
  /** 1-based. */
  line: number;
  column: number;
  token: string;
}

export interface RelationInfo {
  name: string;
  type: 'table' | 'view';
  columns: { name: string; type: string }[];
}

export interface BackfillRequest {
  /** Absolute URL of the late-arriving batch (`raw_sources_delta.sqlite`, gzipped in a built site). */
  deltaUrl: string;
  /** Its size, for progress when the server sends no Content-Length. */
  expectedBytes?: number;
}

/** What the incremental build did with one model, seed or snapshot. */
export interface BackfillNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  materialized: string | null;
  /** `not selected`: nothing upstream of it received rows, so it did not run. */
  status: 'success' | 'error' | 'skipped' | 'not selected';
  /** What the engine reported (`INSERT 4234` for an incremental model or snapshot); null when it did not run. */
  message: string | null;
  seconds: number | null;
}

export interface SnapshotCount {
  /** Every version the snapshot holds. */
  versions: number;
  /** Versions still current (`dbt_valid_to` is null). */
  current: number;
}

/** A headline metric's value for one period, before and after the batch (null where the period did not exist). */
export interface MetricPoint {
  metric: string;
  periodGrain: string;
  period: string;
  before: number | null;
  after: number | null;
}

/** A historical value the late batch changed. */
export interface Restatement {
  metric: string;
  periodGrain: string;
  period: string;
  before: number;
  after: number;
  change: number;
  /** change / before; null when before is 0. */
  changeRatio: number | null;
}

export interface BackfillReport {
  /** The batch had already been applied to this warehouse: nothing was appended or built. */
  alreadyApplied: boolean;
  /** Rows per raw table in the batch, every table, in name order. */
  arrived: { table: string; rows: number }[];
  /** The selection the incremental build ran with: everything downstream of a source that received rows. */
  selection: string;
  /** Every model, seed and snapshot of the project, in execution order for those that ran. */
  nodes: BackfillNode[];
  /** Outcome of the incremental build alone (the nodes it ran and their tests). */
  build: BuildSummary;
  /** Outcome over the whole warehouse afterwards: the new results laid over the previous build's. */
  summary: BuildSummary;
  /** Milliseconds per step, measured in the worker. */
  timings: { download: number; append: number; build: number; measure: number; total: number };
  /** Version counts of every `snap_*` snapshot, before and after. */
  snapshots: { name: string; before: SnapshotCount; after: SnapshotCount }[];
  /** Every headline metric value before and after (from `int_metric_values_unioned`); empty when the project has none. */
  metrics: MetricPoint[];
  /** The values the batch changed, with where they were read from; null source when the project measures none. */
  restatements: Restatement[];
  restatementSource: 'fct_metric_restatements' | 'int_metric_values_unioned' | null;
}

/** The built state a restarted worker is given back. */
export interface WarehouseSnapshot {
  wasmUrl: string;
  /** Bytes from `exportDatabase()` (transferred: the caller keeps its own copy). */
  database: Uint8Array;
  artifacts: Artifacts;
}

export interface WorkerApi {
  /** Downloads sql.js's wasm and the raw file, starts sql.js and opens the raw file as the warehouse. */
  load(request: LoadRequest, onProgress: ProgressListener): Promise<LoadSummary>;

  /** Parses the project bundled into the worker and runs `dbt build` with the given selection. */
  build(request: BuildRequest, onProgress: ProgressListener): Promise<BuildSummary>;

  /** The last build's manifest, run results and catalog; null before the first build. */
  artifacts(): Promise<Artifacts | null>;

  /** Runs one statement and returns at most `maxRows` rows. A runaway query is stopped by terminating the worker. */
  query(sql: string, options?: QueryOptions): Promise<QueryResponse>;

  /**
   * Where the error a query failed with points in its text (SQLite's messages
   * name a token but carry no offset); null when the message names nothing
   * that can be found.
   */
  locateError(sql: string, message: string): Promise<SqlErrorPosition | null>;

  /** Tables and views in the warehouse with their columns, for completion and the data dictionary. */
  relations(): Promise<RelationInfo[]>;

  /** The whole warehouse as a SQLite file (transferred). */
  exportDatabase(): Promise<Uint8Array>;

  /**
   * Reopens a kept copy of a built warehouse, starting sql.js first in a fresh
   * worker. A copy of batch 1 kept for `reset()` stays: the console's
   * "restore" drops writes, not the late batch.
   */
  restore(snapshot: WarehouseSnapshot): Promise<void>;

  /**
   * Applies the late-arriving batch as a loader would (appended to the raw
   * tables, recorded in `_loads`) and builds incrementally what lies
   * downstream of the tables that received rows. The artifacts afterwards
   * hold the new results merged over the previous build's. Before the first
   * backfill the worker keeps a copy of the warehouse for `reset()`.
   */
  backfill(request: BackfillRequest, onProgress: ProgressListener): Promise<BackfillReport>;

  /**
   * Reopens the copy kept before the first backfill (batch 1, built) with its
   * artifacts. Fails, saying so, when this worker has applied no batch (a
   * restarted worker keeps no copy: the page then rebuilds).
   */
  reset(): Promise<BuildSummary>;
}
