import { proxy, releaseProxy, transfer, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { Artifacts } from '../shared/artifacts';
import type {
  BackfillReport,
  BuildSummary,
  Phase,
  ProgressEvent,
  ProgressListener,
  QueryOptions,
  QueryResponse,
  RelationInfo,
  SqlErrorPosition,
  WorkerApi,
} from '../shared/worker-api';
import { formatMs } from './format';

export type ClientStatus = 'idle' | 'loading' | 'building' | 'ready' | 'failed';

export interface Download {
  file: string;
  loaded: number;
  total: number | null;
}

export interface BuildProgress {
  /** Nodes finished so far, of `total`. */
  done: number;
  total: number;
  /** The node running now. */
  current: { name: string; resourceType: string } | null;
  failed: number;
}

export interface Notice {
  id: number;
  tone: 'info' | 'warning' | 'error';
  text: string;
}

/**
 * Milliseconds of each start-up step, measured on the page (also recorded as
 * `wh:<name>` performance measures). `parse` is the wait for the project's
 * parse once the raw file is open; `parseWork` is the parse itself, which
 * runs while the files download. `built` (every model built and tested) and
 * `total` (the first page drawn with the results) count from navigation.
 */
export type Timings = Partial<Record<'page' | 'worker' | Phase | 'parseWork' | 'models' | 'tests' | 'built' | 'artifacts' | 'firstRender' | 'total', number>>;

export interface ClientConfig {
  wasmUrl: string;
  /** Absolute URL of the raw file; null when the site was built without one. */
  rawUrl: string | null;
  rawBytes?: number;
  /** Absolute URL of the late-arriving batch; null when the site was built without one. */
  deltaUrl?: string | null;
  deltaBytes?: number;
  /** Stops a query that runs longer than this (ms); 0 never stops one. */
  queryTimeoutMs?: number;
  createWorker?: () => Worker;
}

export interface RunQueryOptions extends QueryOptions {
  signal?: AbortSignal;
  /** Overrides the client's runaway limit for this query. */
  timeoutMs?: number;
}

/** A query that was cancelled or ran away; the worker was restarted. */
export class QueryCancelledError extends Error {
  override name = 'QueryCancelledError';
}

const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

/**
 * The page's only bridge to the warehouse worker. It starts the worker,
 * loads the raw file and builds the project, and keeps a copy of the built
 * database so that a cancelled or runaway query, which can only be stopped by
 * terminating the worker (sql.js runs synchronously), costs a restore rather
 * than a rebuild. State changes fire `change` events.
 *
 * @fires change - whenever any public field changes
 */
export class WarehouseClient extends EventTarget {
  status: ClientStatus = 'idle';
  downloads: Download[] = [];
  /** The step running now. */
  phase: Phase | null = null;
  progress: BuildProgress = { done: 0, total: 0, current: null, failed: 0 };
  summary: BuildSummary | null = null;
  artifacts: Artifacts | null = null;
  error: string | null = null;
  notice: Notice | null = null;
  timings: Timings = {};
  /** How many times the worker was restarted after a cancelled query. */
  restarts = 0;
  /** Raw batches the warehouse holds: 1, or 2 once the late batch is applied. */
  batch: 1 | 2 = 1;
  /** What applying the late batch did; null in batch 1. */
  backfillReport: BackfillReport | null = null;
  /** A backfill or reset is running; queries wait for it. */
  operation: 'backfill' | 'reset' | 'restore' | null = null;
  /**
   * How far the running backfill has got, null when none runs. Kept here,
   * not in the page, so a visitor who leaves the page and comes back sees it.
   */
  backfillProgress: BackfillProgress | null = null;
  /** Why the last backfill or reset failed, until the next one starts. */
  backfillError: string | null = null;
  /** A console query with writes allowed changed rows or the schema since the last build, backfill or restore. */
  changedByQueries = false;

  private readonly _config: Required<Omit<ClientConfig, 'rawBytes' | 'rawUrl' | 'deltaUrl' | 'deltaBytes'>> &
    Pick<ClientConfig, 'rawBytes' | 'rawUrl' | 'deltaUrl' | 'deltaBytes'>;
  private _worker: Worker | null = null;
  private _api: Remote<WorkerApi> | null = null;
  /** Rejects when the current worker is terminated, so no call waits on a dead worker. */
  private _terminated: { promise: Promise<never>; reject: (e: Error) => void } | null = null;
  private _booting: Promise<void> | null = null;
  /** Resolves to the worker's API once a built (or restored) warehouse is open. */
  private _ready: Promise<Remote<WorkerApi>> | null = null;
  private _kept: Uint8Array | null = null;
  private _keeping: Promise<void> | null = null;
  /** Resolves when the running backfill, reset or restore is done. */
  private _operation: Promise<unknown> = Promise.resolve();
  private _phaseStarts = new Map<string, number>();
  /** Results of read-only queries run ahead of need (see `prefetch`), for the warehouse as it is now. */
  private readonly _prefetched = new Map<string, Promise<QueryResponse>>();
  /** Counts the warehouse's changes, so a prefetch stops once its results would be stale. */
  private _generation = 0;
  private _testSeconds = 0;
  private _noticeId = 0;

  constructor(config: ClientConfig) {
    super();
    this._config = {
      queryTimeoutMs: DEFAULT_QUERY_TIMEOUT_MS,
      createWorker: () => new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name: 'warehouse' }),
      ...config,
    };
  }

  /** Loads and builds the warehouse once; later calls return the same promise. */
  start(): Promise<void> {
    this._booting ??= this._boot();
    return this._booting;
  }

  /** After a failure: a fresh worker, a fresh download and build. */
  retry(): Promise<void> {
    this._terminate();
    this._booting = null;
    this._ready = null;
    return this.start();
  }

  get ready(): boolean {
    return this.status === 'ready';
  }

  /** Runs one statement in the worker. Aborting the signal (or the runaway limit) restarts the worker. */
  async query(sql: string, options: RunQueryOptions = {}): Promise<QueryResponse> {
    const { signal, timeoutMs = this._config.queryTimeoutMs, ...queryOptions } = options;
    if (signal?.aborted) throw new QueryCancelledError('The query was cancelled before it started.');
    await this._operation.catch(() => undefined);
    const api = await this._whenReady();
    const response = await this._stoppable(api.query(sql, queryOptions), signal, timeoutMs);
    if (response.wrote) this._forgetPrefetched();
    if (response.wrote && !this.changedByQueries) {
      this.changedByQueries = true;
      this._changed();
    }
    return response;
  }

  /**
   * Runs read-only queries one after another, ahead of need, e.g. the
   * dashboards' while the overview is read, so that opening a dashboard only
   * draws. A query the page asks for meanwhile waits for at most the one
   * running. Results hold until the warehouse changes (a backfill, reset,
   * restore, restart or a console write); a failing query is simply not kept.
   */
  async prefetch(queries: readonly { sql: string; maxRows: number }[]): Promise<void> {
    const generation = this._generation;
    for (const q of queries) {
      if (this.status !== 'ready' || this.operation || generation !== this._generation) return;
      await this.cachedQuery(q.sql, { maxRows: q.maxRows }).catch(() => undefined);
    }
  }

  /** `query` for read-only SQL whose result may come from `prefetch` (or an earlier call) on this same warehouse. */
  cachedQuery(sql: string, options: { maxRows: number }): Promise<QueryResponse> {
    const key = `${options.maxRows}\n${sql}`;
    let response = this._prefetched.get(key);
    if (!response) {
      response = this.query(sql, { maxRows: options.maxRows, readOnly: true });
      this._prefetched.set(key, response);
      response.catch(() => {
        if (this._prefetched.get(key) === response) this._prefetched.delete(key);
      });
    }
    return response;
  }

  /** The warehouse changed: results run ahead are stale. */
  private _forgetPrefetched(): void {
    this._prefetched.clear();
    this._generation += 1;
  }

  /** Where the error a query failed with points in its text; null when it cannot be found. */
  async locateError(sql: string, message: string): Promise<SqlErrorPosition | null> {
    const api = await this._whenReady();
    return this._guard(api.locateError(sql, message));
  }

  async relations(): Promise<RelationInfo[]> {
    await this._operation.catch(() => undefined);
    const api = await this._whenReady();
    return this._guard(api.relations());
  }

  /** Whether the site ships the late-arriving batch. */
  get hasDelta(): boolean {
    return Boolean(this._config.deltaUrl);
  }

  /**
   * Applies the late-arriving batch in the worker and builds incrementally;
   * the artifacts and summary then describe batch 1 + 2, and the kept copy
   * (for restarts and the download) is taken again.
   */
  async backfill(onProgress?: ProgressListener): Promise<BackfillReport> {
    const deltaUrl = this._config.deltaUrl;
    if (!deltaUrl) throw new Error('This site was built without the late-arriving batch (warehouse/raw_sources_delta.sqlite): run `npm run generate`, then `npm run build`.');
    return this._exclusive('backfill', async (api) => {
      this.backfillError = null;
      this.backfillProgress = { phase: 'download', done: 0, total: 0, current: null };
      // Progress comes over its own channel (comlink's proxy) and can trail the result: none counts once it is in.
      let running = true;
      const progress = (e: ProgressEvent) => {
        if (!running) return;
        this.backfillProgress = nextProgress(this.backfillProgress, e);
        this._changed();
        onProgress?.(e);
      };
      let report: BackfillReport;
      try {
        report = await this._guard(api.backfill({ deltaUrl, expectedBytes: this._config.deltaBytes }, proxy(progress)));
      } catch (error) {
        this.backfillError = `Applying the late batch failed: ${messageOf(error)} Reset to go back to batch 1.`;
        throw error;
      } finally {
        running = false;
        this.backfillProgress = null;
      }
      if (!report.alreadyApplied) {
        this.artifacts = await this._guard(api.artifacts());
        this.summary = report.summary;
      }
      this.batch = 2;
      this.backfillReport = report;
      this.changedByQueries = false;
      this._keeping = this._keepCopy(api);
      await this._keeping;
      return report;
    });
  }

  /**
   * Back to batch 1 as first built: the worker reopens the copy it kept
   * before the backfill. A worker restarted since (after a cancelled query)
   * has no such copy, and the warehouse is built again from the raw file.
   */
  async reset(): Promise<void> {
    await this._exclusive('reset', async (api) => {
      this.backfillError = null;
      try {
        this.summary = await this._guard(api.reset());
        this.artifacts = await this._guard(api.artifacts());
        this._keeping = this._keepCopy(api);
        await this._keeping;
      } catch (error) {
        if (!/nothing to reset/.test(messageOf(error))) {
          this.backfillError = `Resetting failed: ${messageOf(error)}`;
          throw error;
        }
        this._notify('info', 'The worker was restarted since the late batch was applied, so batch 1 is being built again from the raw file.');
        this._booting = null;
        this._ready = null;
        await this.start();
      }
      this.batch = 1;
      this.backfillReport = null;
      this.changedByQueries = false;
    });
  }

  /** Drops what console writes did: reopens the copy kept after the last build (or backfill). */
  async restoreBuilt(): Promise<void> {
    await this._exclusive('restore', async (api) => {
      await this._keeping;
      const kept = this._kept;
      if (!kept || !this.artifacts) throw new Error('The built warehouse was not saved, so it cannot be restored; reload the page to build it again.');
      const copy = kept.slice();
      await this._guard(api.restore(transfer({ wasmUrl: this._config.wasmUrl, database: copy, artifacts: this.artifacts }, [copy.buffer])));
      this.changedByQueries = false;
      this._notify('info', 'The warehouse was restored to its built state; what the console wrote is gone.');
    });
  }

  /** Runs one backfill, reset or restore at a time, with queries waiting behind it. */
  private _exclusive<T>(operation: NonNullable<WarehouseClient['operation']>, work: (api: Remote<WorkerApi>) => Promise<T>): Promise<T> {
    if (this.operation) return Promise.reject(new Error(`Wait for the ${this.operation} that is running to finish.`));
    const run = (async () => {
      const api = await this._whenReady();
      this.operation = operation;
      this._forgetPrefetched();
      this._changed();
      try {
        return await work(api);
      } finally {
        this._forgetPrefetched();
        this.operation = null;
        this._changed();
      }
    })();
    this._operation = run;
    return run;
  }

  /** The built warehouse as a SQLite file (the kept copy; the worker is not asked). */
  async exportDatabase(): Promise<Uint8Array> {
    await this._whenReady();
    await this._keeping;
    if (!this._kept) throw new Error('The built warehouse has not been saved yet; try again in a moment.');
    return this._kept.slice();
  }

  /** Called by the shell once the first page has rendered with the build's results. */
  markFirstRender(): void {
    if (this.timings.firstRender !== undefined || this._phaseStarts.get('firstRender') === undefined) return;
    const end = performance.now();
    this.timings.firstRender = this._measure('firstRender', this._phaseStarts.get('firstRender')!, end);
    this.timings.total = end;
    // One entry with every phase, for the benchmark (tools/bench-site.ts) to read.
    performance.mark('wh:ready', { detail: { ...this.timings } });
    this._changed();
  }

  dismissNotice(): void {
    this.notice = null;
    this._changed();
  }

  private async _boot(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    this.downloads = [];
    this.progress = { done: 0, total: 0, current: null, failed: 0 };
    this._testSeconds = 0;
    this._changed();
    // From navigation until the app asks for the warehouse: HTML, the page's JS, first render.
    this.timings.page ??= this._measure('page', 0, performance.now());
    const ready = (async () => {
      const rawUrl = this._config.rawUrl;
      if (!rawUrl) throw new Error('This site was built without a raw warehouse file: run `npm run generate`, then `npm run build`.');
      this._phaseStarts.set('worker', performance.now());
      const api = this._spawn();
      const onProgress = proxy((e: ProgressEvent) => this._onProgress(e));
      await this._guard(api.load({ wasmUrl: this._config.wasmUrl, rawUrl, expectedBytes: { raw: this._config.rawBytes } }, onProgress));
      this.status = 'building';
      this._changed();
      this.summary = await this._guard(api.build({}, onProgress));
      this.timings.built = performance.now();
      if (this.summary.parseMs !== undefined) this.timings.parseWork = this.summary.parseMs;
      const artifactsStart = performance.now();
      this.artifacts = await this._guard(api.artifacts());
      this.timings.artifacts = this._measure('artifacts', artifactsStart, performance.now());
      this._phaseStarts.set('firstRender', performance.now());
      this.status = 'ready';
      this._changed();
      this._keeping = this._keepCopy(api);
      return api;
    })();
    this._ready = ready;
    try {
      await ready;
    } catch (error) {
      this.status = 'failed';
      this.error = messageOf(error);
      this._changed();
    }
  }

  private async _whenReady(): Promise<Remote<WorkerApi>> {
    if (!this._ready) void this.start();
    if (this.status === 'failed') throw new Error(`The warehouse is not built: ${this.error}`);
    return this._ready!;
  }

  private _spawn(): Remote<WorkerApi> {
    this._terminate();
    const worker = this._config.createWorker();
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => undefined);
    this._terminated = { promise, reject };
    worker.addEventListener('error', (event) => {
      reject(new Error(`The warehouse worker failed to start: ${event.message || 'see the browser console'}.`));
    });
    this._worker = worker;
    this._api = wrap<WorkerApi>(worker);
    return this._api;
  }

  private _terminate(): void {
    this._forgetPrefetched();
    if (!this._worker) return;
    this._api?.[releaseProxy]();
    this._worker.terminate();
    this._terminated?.reject(new Error('The warehouse worker was restarted while this was running; try again.'));
    this._worker = null;
    this._api = null;
    this._terminated = null;
  }

  /** A call on the current worker that fails instead of hanging when the worker is terminated. */
  private _guard<T>(call: Promise<T>): Promise<T> {
    return this._terminated ? Promise.race([call, this._terminated.promise]) : call;
  }

  private _stoppable<T>(call: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number): Promise<T> {
    const started = performance.now();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const stop = (why: string) => {
        if (settled) return;
        settle();
        reject(new QueryCancelledError(why));
        void this._restart(why);
      };
      const onAbort = () => stop(`The query was cancelled after ${formatMs(performance.now() - started)}`);
      const timer = timeoutMs > 0 ? setTimeout(() => stop(`A query ran for more than ${formatMs(timeoutMs)} and was stopped`), timeoutMs) : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      this._guard(call).then(
        (value) => {
          if (settled) return;
          settle();
          resolve(value);
        },
        (error) => {
          if (settled) return;
          settle();
          reject(error instanceof Error ? error : new Error(messageOf(error)));
        },
      );
    });
  }

  /** Terminates the busy worker and brings the built warehouse back in a new one. */
  private async _restart(why: string): Promise<void> {
    const started = performance.now();
    this.restarts += 1;
    const artifacts = this.artifacts;
    // The copy must be complete before the worker that makes it goes away.
    const kept = await (this._keeping ?? Promise.resolve()).then(() => this._kept, () => null);
    this._terminate();
    this._notify('warning', `${why}. Restarting the warehouse worker…`);
    if (!kept || !artifacts) {
      this._notify('warning', `${why}. The worker was stopped before the build was saved, so the warehouse is being built again.`);
      this._booting = null;
      this._ready = null;
      await this.start();
      return;
    }
    const restored = (async () => {
      const api = this._spawn();
      const copy = kept.slice();
      await this._guard(api.restore(transfer({ wasmUrl: this._config.wasmUrl, database: copy, artifacts }, [copy.buffer])));
      return api;
    })();
    this._ready = restored;
    try {
      await restored;
      // The saved copy is the warehouse as built: console writes made since are not in it.
      const lostWrites = this.changedByQueries;
      this.changedByQueries = false;
      const took = formatMs(performance.now() - started);
      this._notify(
        lostWrites ? 'warning' : 'info',
        lostWrites
          ? `${why}. The worker was stopped and the built warehouse restored from its saved copy in ${took}; that copy is the warehouse as built, so the console's writes since then are gone.`
          : `${why}. The worker was stopped and the built warehouse restored from its saved copy in ${took}; everything else is as it was.`,
      );
    } catch (error) {
      this.status = 'failed';
      this.error = `Restoring the warehouse after a cancelled query failed: ${messageOf(error)}`;
      this._changed();
    }
  }

  private async _keepCopy(api: Remote<WorkerApi>): Promise<void> {
    try {
      this._kept = await this._guard(api.exportDatabase());
    } catch (error) {
      this._kept = null;
      this._notify('warning', `The built warehouse could not be saved for restarts (${messageOf(error)}); a cancelled query will rebuild it.`);
    }
  }

  private _onProgress(event: ProgressEvent): void {
    const now = performance.now();
    switch (event.kind) {
      case 'download': {
        const others = this.downloads.filter((d) => d.file !== event.file);
        this.downloads = [...others, { file: event.file, loaded: event.loaded, total: event.total }].sort((a, b) => a.file.localeCompare(b.file));
        break;
      }
      case 'phase':
        if (event.state === 'start') {
          this.phase = event.phase;
          this._phaseStarts.set(event.phase, now);
          // Loading and starting the worker's own code ends when it starts its first step.
          if (event.phase === 'download' && this.timings.worker === undefined) {
            this.timings.worker = this._measure('worker', this._phaseStarts.get('worker') ?? now, now);
          }
        } else {
          const ms = this._measure(event.phase, this._phaseStarts.get(event.phase) ?? now, now);
          this.timings[event.phase] = ms;
          if (event.phase === 'build') {
            // Tests run interleaved with the models they check, so their share comes from the nodes' own times.
            this.timings.tests = this._testSeconds * 1000;
            this.timings.models = ms - this.timings.tests;
          }
        }
        break;
      case 'node':
        if (event.state === 'start') {
          this.progress = { ...this.progress, total: event.total, current: { name: event.name, resourceType: event.resourceType } };
        } else {
          const failed = event.status === 'error' || event.status === 'fail' ? 1 : 0;
          if (event.resourceType === 'test') this._testSeconds += event.executionTime ?? 0;
          this.progress = { ...this.progress, total: event.total, done: this.progress.done + 1, failed: this.progress.failed + failed };
        }
        break;
    }
    this._changed();
  }

  private _measure(name: string, start: number, end: number): number {
    try {
      performance.measure(`wh:${name}`, { start, end });
    } catch {
      // measures are a convenience for the benchmark; timings below are what the page shows
    }
    return end - start;
  }

  private _notify(tone: Notice['tone'], text: string): void {
    this.notice = { id: ++this._noticeId, tone, text };
    this._changed();
  }

  private _changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/** How far a backfill has got: its phase, and in the build the nodes done of all. */
export interface BackfillProgress {
  phase: string;
  done: number;
  total: number;
  current: string | null;
}

/** The progress after one of the worker's events. */
export function nextProgress(progress: BackfillProgress | null, event: ProgressEvent): BackfillProgress {
  const now = progress ?? { phase: 'download', done: 0, total: 0, current: null };
  if (event.kind === 'phase' && event.state === 'start') return { ...now, phase: event.phase };
  if (event.kind === 'node' && event.state === 'start') return { ...now, total: event.total, current: event.name };
  if (event.kind === 'node') return { ...now, total: event.total, done: now.done + 1 };
  return now;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
