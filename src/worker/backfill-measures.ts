import type { Database } from '../engine/index';
import type { Artifacts, Manifest, RunResults } from '../shared/artifacts';
import type { BackfillNode, MetricPoint, Restatement, SnapshotCount } from '../shared/worker-api';

/**
 * What the backfill page compares before and after the late batch: snapshot
 * versions, headline metric values and restatements, read from the built
 * warehouse with plain SQL. Each reader copes with a project that lacks the
 * relation it reads (the fixture projects of the tests have none of them).
 */

const RESTATEMENTS = 'fct_metric_restatements';
const METRIC_VALUES = 'int_metric_values_unioned';

function relationExists(db: Database, name: string): boolean {
  return db.query("select 1 from sqlite_master where name = ? and type in ('table', 'view')", [name]).rows.length > 0;
}

function hasColumn(db: Database, table: string, column: string): boolean {
  return db.query('select 1 from pragma_table_info(?) where name = ?', [table, column]).rows.length > 0;
}

/** Version counts of every snapshot table (`snap_*` with dbt's validity columns). */
export function countSnapshotVersions(db: Database): Map<string, SnapshotCount> {
  const names = db
    .query("select name from sqlite_master where type = 'table' and name like 'snap\\_%' escape '\\' order by name")
    .rows.map((r) => String(r[0]));
  const counts = new Map<string, SnapshotCount>();
  for (const name of names) {
    if (!hasColumn(db, name, 'dbt_valid_to')) continue;
    const [versions, current] = db.query(`select count(*), count(*) - count(dbt_valid_to) from "${name.replace(/"/g, '""')}"`).rows[0]!;
    counts.set(name, { versions: Number(versions), current: Number(current) });
  }
  return counts;
}

/** Every headline metric value, keyed `metric|period`; null when the project has no metric table. */
export function readMetricValues(db: Database): Map<string, { metric: string; periodGrain: string; period: string; value: number }> | null {
  if (!relationExists(db, METRIC_VALUES)) return null;
  const { rows } = db.query(`select metric, period_grain, period, value from ${METRIC_VALUES}`);
  const values = new Map<string, { metric: string; periodGrain: string; period: string; value: number }>();
  for (const [metric, grain, period, value] of rows) {
    values.set(`${metric}|${period}`, { metric: String(metric), periodGrain: String(grain), period: String(period), value: Number(value) });
  }
  return values;
}

/** Before and after side by side, every metric and period that exists in either. */
export function pairMetricValues(before: ReturnType<typeof readMetricValues>, after: ReturnType<typeof readMetricValues>): MetricPoint[] {
  if (!before || !after) return [];
  const keys = new Set([...before.keys(), ...after.keys()]);
  const points: MetricPoint[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    const any = (a ?? b)!;
    points.push({ metric: any.metric, periodGrain: any.periodGrain, period: any.period, before: b?.value ?? null, after: a?.value ?? null });
  }
  return points.sort((x, y) => x.metric.localeCompare(y.metric) || x.period.localeCompare(y.period));
}

/** Ids of the restatements already recorded; null when the project does not record them. */
export function restatementIds(db: Database): Set<string> | null {
  if (!relationExists(db, RESTATEMENTS)) return null;
  return new Set(db.query(`select restatement_id from ${RESTATEMENTS}`).rows.map((r) => String(r[0])));
}

/**
 * The values the batch changed. From `fct_metric_restatements` (the rows it
 * gained) when the project has it; else from comparing the metric values
 * before and after, periods present in both.
 */
export function newRestatements(
  db: Database,
  idsBefore: Set<string> | null,
  points: MetricPoint[],
): { restatements: Restatement[]; source: 'fct_metric_restatements' | 'int_metric_values_unioned' | null } {
  if (idsBefore && relationExists(db, RESTATEMENTS)) {
    const { rows } = db.query(
      `select restatement_id, metric, period_grain, period, value_before, value_after, change, change_ratio
       from ${RESTATEMENTS} order by metric, period, restatement_number`,
    );
    const restatements = rows
      .filter((r) => !idsBefore.has(String(r[0])))
      .map(([, metric, grain, period, before, after, change, ratio]) => ({
        metric: String(metric),
        periodGrain: String(grain),
        period: String(period),
        before: Number(before),
        after: Number(after),
        change: Number(change ?? Number(after) - Number(before)),
        changeRatio: ratio === null ? null : Number(ratio),
      }));
    return { restatements, source: RESTATEMENTS };
  }
  if (points.length === 0) return { restatements: [], source: null };
  const restatements = points
    .filter((p): p is MetricPoint & { before: number; after: number } => p.before !== null && p.after !== null && p.before !== p.after)
    .map((p) => ({
      metric: p.metric,
      periodGrain: p.periodGrain,
      period: p.period,
      before: p.before,
      after: p.after,
      change: Math.round((p.after - p.before) * 100) / 100,
      changeRatio: p.before === 0 ? null : Math.round(((p.after - p.before) / p.before) * 10_000) / 10_000,
    }));
  return { restatements, source: METRIC_VALUES };
}

/** The project's models, seeds and snapshots with what this run did to each; those it did not run come last. */
export function describeNodes(manifest: Manifest, run: RunResults): BackfillNode[] {
  const ran = new Map(run.results.map((r) => [r.unique_id, r]));
  const nodes: BackfillNode[] = [];
  const describe = (id: string): BackfillNode | null => {
    const node = manifest.nodes[id];
    if (!node || !['model', 'seed', 'snapshot'].includes(node.resource_type)) return null;
    const result = ran.get(id);
    const status = !result ? 'not selected' : result.status === 'success' ? 'success' : result.status === 'skipped' ? 'skipped' : 'error';
    return {
      uniqueId: id,
      name: node.name,
      resourceType: node.resource_type,
      materialized: node.config?.materialized ?? (node.resource_type === 'model' ? null : node.resource_type),
      status,
      message: result?.message ?? null,
      seconds: result ? result.execution_time : null,
    };
  };
  for (const result of run.results) {
    const described = describe(result.unique_id);
    if (described) nodes.push(described);
  }
  const notRun = Object.keys(manifest.nodes)
    .filter((id) => !ran.has(id))
    .map(describe)
    .filter((n): n is BackfillNode => n !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...nodes, ...notRun];
}

/**
 * The artifacts after an incremental build: its manifest and catalog, and
 * its results laid over the previous build's, so every page still shows an
 * outcome for the nodes that did not need to run.
 */
export function mergeArtifacts(previous: Artifacts | null, next: Artifacts): Artifacts {
  if (!previous) return next;
  const fresh = new Set(next.runResults.results.map((r) => r.unique_id));
  const kept = previous.runResults.results.filter((r) => !fresh.has(r.unique_id) && next.manifest.nodes[r.unique_id]);
  return {
    ...next,
    runResults: { ...next.runResults, results: [...kept, ...next.runResults.results] },
  };
}
