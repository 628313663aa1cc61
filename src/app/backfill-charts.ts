import { frame } from './charts/base';
import type { ChartSpec } from './charts/base';
import type { MetricPoint, Restatement } from '../shared/worker-api';

/**
 * Charts of the numbers the late batch restated: for each metric, its value
 * before and after over the periods around the restated ones.
 */

export const BEFORE = 'Before the late batch';
export const AFTER = 'After';

/** Money metrics carry `_usd` in their name (see int_metric_values_unioned). */
export function isMoney(metric: string): boolean {
  return /_usd$/.test(metric);
}

/**
 * The periods a metric's chart shows: from two periods before its first
 * restated one to two after its last, so a single restated month still has
 * neighbours to compare with.
 */
export function chartWindow(points: MetricPoint[], restated: Restatement[], margin = 2): MetricPoint[] {
  // Periods that did not exist before (the month still running) were added, not restated.
  const compared = points.filter((p) => p.before !== null && p.after !== null);
  const periods = [...new Set(compared.map((p) => p.period))].sort();
  const hits = restated.map((r) => periods.indexOf(r.period)).filter((i) => i >= 0);
  if (hits.length === 0) return [];
  const from = Math.max(0, Math.min(...hits) - margin);
  const to = Math.min(periods.length - 1, Math.max(...hits) + margin);
  const shown = new Set(periods.slice(from, to + 1));
  return compared.filter((p) => shown.has(p.period));
}

export function restatementChart(metric: string, points: MetricPoint[], restated: Restatement[]): ChartSpec | null {
  const window = chartWindow(points, restated);
  if (window.length === 0) return null;
  const restatedPeriods = new Set(restated.map((r) => r.period));
  const values = window.flatMap((p) => [
    ...(p.before === null ? [] : [{ period: p.period, version: BEFORE, value: p.before, restated: restatedPeriods.has(p.period) }]),
    ...(p.after === null ? [] : [{ period: p.period, version: AFTER, value: p.after, restated: restatedPeriods.has(p.period) }]),
  ]);
  const money = isMoney(metric);
  const monthly = window.every((p) => p.periodGrain === 'month');
  return {
    ...frame(`${metric} before and after the late batch, ${restated.length} restated periods`, 200),
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: {
        field: 'period',
        type: 'temporal',
        title: 'Period',
        scale: { type: 'utc' },
        // The utc scale formats labels in UTC; formatType 'utc' would make vega-lite drop the format.
        axis: monthly ? { format: '%b %Y', tickCount: { interval: 'month', step: 1 } } : { format: '%b %d' },
      },
      // Counts with thousands separators: SI prefixes would label a MAU near 1,000 as 0.9k, 0.92k, 1k.
      y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false }, axis: { format: money ? '$~s' : ',' } },
      color: { field: 'version', type: 'nominal', title: null, scale: { domain: [BEFORE, AFTER], range: ['#8d96a5', '#1f55c0'] } },
      // The same field as the colour, so both land in one legend: grey dashes before, blue after.
      strokeDash: { field: 'version', type: 'nominal', title: null, scale: { domain: [BEFORE, AFTER], range: [[4, 3], [1, 0]] } },
      tooltip: [
        // As stored (YYYY-MM-DD): a formatted time would be the visitor's local time.
        { field: 'period', type: 'nominal', title: 'Period' },
        { field: 'version', type: 'nominal', title: 'Version' },
        { field: 'value', type: 'quantitative', title: metric, format: money ? '$,.2f' : ',' },
        { field: 'restated', type: 'nominal', title: 'Restated' },
      ],
    },
  } as ChartSpec;
}
