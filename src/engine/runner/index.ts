/**
 * Runs a command over the selected nodes in DAG order: compiles each node,
 * runs its materialization (or test, seed, snapshot), records a dbt run
 * result, reports progress, and skips what depends on a failure.
 */
import type { Database } from '../adapters/types';
import { buildManifest, metadata } from '../artifacts/manifest';
import { RUN_RESULTS_SCHEMA, type RunResult, type RunResults } from '../artifacts/types';
import type { CompiledNode } from '../compiler';
import { DatabaseError, EngineError } from '../errors';
import { selectNodes, skippedBy, type Command } from '../graph/plan';
import type { ExecNode, Project } from '../parser/types';
import { materializeIncremental, materializeTable, materializeView, type MaterializeResult } from './materializations';
import { loadSeed } from './seeds';
import { runSnapshot } from './snapshots';
import { atomically, cleanSql, relationType } from './sql';
import { runTest } from './tests';

export type { Command } from '../graph/plan';

export interface RunOptions {
  command: Command;
  /** dbt selection syntax, e.g. "+fct_mrr tag:finance". */
  select?: string;
  exclude?: string;
  /** Only these resource types (dbt's --resource-type); default: the command's. */
  resourceTypes?: string[];
  fullRefresh?: boolean;
  vars?: Record<string, unknown>;
  /** One 'start' and one 'end' event per node. */
  onEvent?: (e: NodeEvent) => void;
  /** Messages from {{ log(...) }} and exceptions.warn(). */
  onLog?: (message: string, uniqueId: string) => void;
  /** Aborting stops before the next node. */
  signal?: AbortSignal;
  /** Stop at the first error or failing test, the rest skipped (dbt's --fail-fast). */
  failFast?: boolean;
}

export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail';

export interface NodeEvent {
  kind: 'start' | 'end';
  /** 1-based position among the selected executable nodes. */
  index: number;
  total: number;
  uniqueId: string;
  name: string;
  resourceType: string;
  status?: NodeStatus;
  message?: string;
  /** Seconds. */
  executionTime?: number;
  failures?: number;
}

export interface RunOutcome {
  /** False on any error or failing error-severity test. */
  ok: boolean;
  /** Seconds. */
  elapsed: number;
  /** dbt manifest v12 JSON (typed as `Manifest` in artifacts/types). */
  manifest: object;
  /** dbt run_results v6 JSON (typed as `RunResults` in artifacts/types). */
  runResults: object;
  /** Selected node ids in execution order (for `ls`: in project order, including sources and exposures). */
  selected: string[];
  /** True when the signal stopped the run early. */
  cancelled: boolean;
}

let lastMs = -1;
let lastIso = '';

/** The current time as ISO text; most nodes take under a millisecond, so formatting once per millisecond saves most of the work. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/**
 * Lets the event loop deliver messages (progress to the page, a cancel) now
 * and then. A MessageChannel round trip yields without the 1-4 ms minimum
 * delay of setTimeout; yielding at most every 50 ms keeps the cost negligible.
 */
/** The part of a MessageChannel used here, typed the same in a worker and in Node. */
interface Port {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

function yielder(): { pause: () => Promise<void>; close: () => void } {
  let last = performance.now();
  let channel: { port1: Port; port2: Port } | null = null;
  let wake: (() => void) | null = null;
  if (typeof MessageChannel === 'function') {
    channel = new MessageChannel() as unknown as { port1: Port; port2: Port };
    channel.port1.onmessage = () => wake?.();
  }
  return {
    async pause() {
      if (performance.now() - last < 50) return;
      await new Promise<void>((resolve) => {
        if (channel) {
          wake = resolve;
          channel.port2.postMessage(null);
        } else setTimeout(resolve, 0);
      });
      last = performance.now();
    },
    close() {
      channel?.port1.close();
      channel?.port2.close();
    },
  };
}

function runTimestamp(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

function describeFailure(node: ExecNode, e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const missing = /no such table: (?:main\.)?"?([\w]+)"?/.exec(message)?.[1];
  const hint = missing
    ? `'${missing}' does not exist in this warehouse: when it is a model, seed or snapshot, build it first (--select +${node.name} builds everything ${node.name} reads).`
    : node.original_file_path.endsWith('.sql')
      ? `Fix the SQL in ${node.original_file_path} (run_results.json has the compiled SQL, compiled_code).`
      : `Check the test's arguments in ${node.original_file_path} (run_results.json has the compiled SQL, compiled_code).`;
  return new DatabaseError(message, { uniqueId: node.unique_id, file: node.original_file_path }, hint);
}

export async function run(project: Project, db: Database, opts: RunOptions): Promise<RunOutcome> {
  const t0 = performance.now();
  project.compiler.startInvocation();
  const vars = { ...project.vars, ...(opts.vars ?? {}) };
  const fullRefresh = opts.fullRefresh ?? false;
  const order = selectNodes(project, opts.command, { select: opts.select, exclude: opts.exclude, resourceTypes: opts.resourceTypes });
  const compiled = new Map<string, CompiledNode>();
  const results: RunResult[] = [];
  let cancelled = false;

  if (opts.command !== 'ls') {
    const chosen = new Set(order);
    /** Nodes that will not run, with why. */
    const skipped = new Map<string, string>();
    const cache = new Map<string, CompiledNode>();
    const now = runTimestamp();
    const yielding = yielder();
    const total = order.length;
    try {
      for (let i = 0; i < order.length; i++) {
        const id = order[i]!;
        const node = project.nodes[id]!;
        if (opts.signal?.aborted) {
          cancelled = true;
          for (const rest of order.slice(i)) results.push(skippedResult(project.nodes[rest]!, 'cancelled before it started'));
          break;
        }
        const base = { index: i + 1, total, uniqueId: id, name: node.name, resourceType: node.resource_type };
        let result: RunResult;
        const cause = skipped.get(id);
        // A node skipped for an upstream failure never starts: dbt prints only its SKIP line.
        if (!cause) opts.onEvent?.({ kind: 'start', ...base });
        if (cause) {
          result = skippedResult(node, cause);
        } else {
          result = executeNode(project, db, node, {
            command: opts.command,
            vars,
            fullRefresh,
            now,
            cache,
            compiled,
            onLog: opts.onLog,
          });
          const severe = result.status === 'error' || result.status === 'fail';
          // A test's failure skips what is built on its model only in build; in test, as in dbt, every selected test runs.
          const skipsOthers = severe && (node.resource_type !== 'test' || opts.command === 'build');
          if (skipsOthers) for (const s of skippedBy(project.graph, id, chosen)) if (!skipped.has(s)) skipped.set(s, `skipped because ${id} failed`);
          if (severe && opts.failFast) {
            for (const s of order.slice(i + 1)) if (!skipped.has(s)) skipped.set(s, `skipped because ${id} failed and --fail-fast stops at the first failure`);
          }
        }
        results.push(result);
        opts.onEvent?.({
          kind: 'end',
          ...base,
          status: result.status,
          message: result.message ?? undefined,
          executionTime: result.execution_time,
          failures: result.failures ?? undefined,
        });
        await yielding.pause();
      }
    } finally {
      // An open MessagePort would keep a Node process alive.
      yielding.close();
    }
  }

  const elapsed = (performance.now() - t0) / 1000;
  const runResults: RunResults = {
    metadata: metadata(project, RUN_RESULTS_SCHEMA),
    results,
    elapsed_time: elapsed,
    args: {
      which: opts.command,
      select: opts.select ? opts.select.trim().split(/\s+/) : [],
      exclude: opts.exclude ? opts.exclude.trim().split(/\s+/) : [],
      full_refresh: fullRefresh,
      vars: opts.vars ?? {},
    },
  };
  const ok = !cancelled && results.every((r) => r.status !== 'error' && r.status !== 'fail');
  return { ok, elapsed, manifest: buildManifest(project, compiled), runResults, selected: order, cancelled };
}

function skippedResult(node: ExecNode, message: string): RunResult {
  return {
    status: 'skipped',
    timing: [],
    thread_id: 'Thread-1',
    execution_time: 0,
    adapter_response: {},
    message,
    failures: null,
    unique_id: node.unique_id,
    compiled: false,
    compiled_code: null,
    relation_name: node.relation_name,
    batch_results: null,
  };
}

interface ExecContext {
  command: Command;
  vars: Record<string, unknown>;
  fullRefresh: boolean;
  now: string;
  cache: Map<string, CompiledNode>;
  compiled: Map<string, CompiledNode>;
  onLog?: (message: string, uniqueId: string) => void;
}

function executeNode(project: Project, db: Database, node: ExecNode, ctx: ExecContext): RunResult {
  const timing: RunResult['timing'] = [];
  const started = performance.now();
  let compiledNode: CompiledNode | null = null;
  // Object.assign, not a trailing `...partial`: V8 takes a slow path for a spread that overrides keys.
  const result = (partial: Partial<RunResult> & Pick<RunResult, 'status'>): RunResult =>
    Object.assign(
      {
        status: partial.status,
        timing,
        thread_id: 'Thread-1',
        execution_time: (performance.now() - started) / 1000,
        adapter_response: {},
        message: null,
        failures: null,
        unique_id: node.unique_id,
        compiled: compiledNode !== null,
        compiled_code: compiledNode?.sql ?? null,
        relation_name: node.relation_name,
        batch_results: null,
      },
      partial,
    );

  const fullRefresh = node.config.full_refresh === false ? false : node.config.full_refresh === true || ctx.fullRefresh;
  const compileOpts = {
    db,
    vars: ctx.vars,
    fullRefresh,
    command: ctx.command,
    cache: ctx.cache,
    onLog: ctx.onLog ? (m: string, n: ExecNode) => ctx.onLog!(m, n.unique_id) : undefined,
  };
  try {
    // Compile.
    const compileStart = isoNow();
    let isIncremental = false;
    if (node.resource_type === 'model' && node.config.materialized === 'incremental') {
      isIncremental = !fullRefresh && relationType(db, node.alias) === 'table';
    }
    if (node.resource_type !== 'seed') {
      compiledNode = project.compiler.compileNode(node, { ...compileOpts, isIncremental });
      ctx.compiled.set(node.unique_id, compiledNode);
    }
    timing.push({ name: 'compile', started_at: compileStart, completed_at: isoNow() });
    if (ctx.command === 'compile' || node.resource_type === 'analysis') {
      return result({ status: 'success', message: 'compiled' });
    }

    // Execute.
    const executeStart = isoNow();
    const sql = compiledNode ? cleanSql(compiledNode.sql) : '';
    let outcome: RunResult;
    if (node.resource_type === 'test') {
      const t = runTest(db, node, sql);
      outcome = result({
        status: t.status,
        failures: t.failures,
        message: t.message,
        adapter_response: {
          _message: t.status === 'pass' ? 'PASS' : `${t.status.toUpperCase()} ${t.failures}`,
          code: 'SELECT',
          rows_affected: t.failures,
          ...(t.sample ? { sample: t.sample } : {}),
        },
        relation_name: t.storedIn ? `"main"."${t.storedIn}"` : node.relation_name,
      });
    } else {
      // Hooks run in the node's transaction, as dbt runs them: a failing post-hook undoes the build.
      const m = atomically(db, (): MaterializeResult => {
        runHooks(project, db, node, 'pre-hook', { ...compileOpts, isIncremental });
        let built: MaterializeResult;
        if (node.resource_type === 'seed') built = loadSeed(db, node);
        else if (node.resource_type === 'snapshot') built = runSnapshot(db, node, sql, ctx.now);
        else if (node.config.materialized === 'view') built = materializeView(db, node, sql);
        else if (node.config.materialized === 'table') built = materializeTable(db, node, sql);
        else if (isIncremental) built = materializeIncremental(db, node, sql);
        else built = materializeTable(db, node, sql);
        runHooks(project, db, node, 'post-hook', { ...compileOpts, isIncremental });
        return built;
      });
      outcome = result({
        status: 'success',
        message: m.message,
        adapter_response: { _message: m.message, code: m.message.split(' ')[0], ...(m.rowsAffected !== null ? { rows_affected: m.rowsAffected } : {}) },
      });
    }
    timing.push({ name: 'execute', started_at: executeStart, completed_at: isoNow() });
    return outcome;
  } catch (e) {
    const error = describeFailure(node, e);
    return result({ status: 'error', message: error.message, adapter_response: {} });
  }
}

function runHooks(
  project: Project,
  db: Database,
  node: ExecNode,
  which: 'pre-hook' | 'post-hook',
  opts: Parameters<Project['compiler']['renderHook']>[2],
): void {
  const hooks = (node.config[which] ?? []) as { sql: string }[];
  for (const [i, hook] of hooks.entries()) {
    const sql = project.compiler.renderHook(node, hook.sql, opts).trim();
    if (!sql) continue;
    try {
      db.exec(sql);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new DatabaseError(
        `${which} ${hooks.length > 1 ? `${i + 1} of ${hooks.length} ` : ''}failed: ${message}; the ${node.resource_type} was left as it was before this run`,
        { uniqueId: node.unique_id, file: node.original_file_path },
        `Fix the ${which} in ${node.original_file_path} or in dbt_project.yml.`,
      );
    }
  }
}
