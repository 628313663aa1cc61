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
export type Phase = 'download' | 'wasm' | 'open' | 'parse' | 'build' | 'catalog';

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
  /** Rows kept in the answer; the statement stops stepping after one more. Default 1,000. */
  maxRows?: number;
  /**
   * Run with `PRAGMA query_only` so the statement cannot change the warehouse.
   * Default true: a shared link must not silently damage the build.
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
}

export interface RelationInfo {
  name: string;
  type: 'table' | 'view';
  columns: { name: string; type: string }[];
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

  /** Tables and views in the warehouse with their columns, for completion and the data dictionary. */
  relations(): Promise<RelationInfo[]>;

  /** The whole warehouse as a SQLite file (transferred). */
  exportDatabase(): Promise<Uint8Array>;

  /** Starts sql.js in a fresh worker and reopens a kept copy of a built warehouse. */
  restore(snapshot: WarehouseSnapshot): Promise<void>;

  // Room for the backfill (issue 6): `backfill({deltaUrl}, onProgress)` appends
  // the late batch to the raw tables and runs an incremental build, and
  // `reset()` goes back to batch 1 from the raw bytes `load` keeps. Writable
  // console queries pass `readOnly: false`.
}
