import { COUNT, PERCENT_AXIS, colourScale, frame } from './base';
import type { ChartSpec } from './base';
import { ADOPTION_PALETTE, OUTCOME_PALETTE, STAGE_PALETTE } from './palette';
import type { Palette } from './palette';
import { amountOf, numberOf, requireColumns, textOf } from './rows';
import type { Row } from './rows';

/** Distributions (box plots) and comparisons of two groups (dumbbells). */

/**
 * Quartiles per group, computed here rather than by vega-lite's boxplot so
 * the tooltip, the CSV and the tests all read the same numbers. Quantiles
 * interpolate linearly between the sorted values (R-7, as in most tools).
 */
export interface BoxStats {
  group: string;
  colour: string;
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Whiskers: the furthest values within 1.5 IQR of the box. */
  lower: number;
  upper: number;
}

export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('No values to take a quantile of.');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

export function boxStats(rows: readonly Row[], groupField: string, colourField: string, valueField: string): BoxStats[] {
  const groups = new Map<string, { colour: string; values: number[] }>();
  for (const row of rows) {
    const value = numberOf(row, valueField);
    if (value === null) continue;
    const key = textOf(row, groupField);
    const entry = groups.get(key) ?? { colour: textOf(row, colourField), values: [] };
    entry.values.push(value);
    groups.set(key, entry);
  }
  return [...groups.entries()].map(([group, { colour, values }]) => {
    const sorted = values.sort((a, b) => a - b);
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    return {
      group,
      colour,
      n: sorted.length,
      min: sorted[0]!,
      q1,
      median: quantile(sorted, 0.5),
      q3,
      max: sorted[sorted.length - 1]!,
      lower: sorted.find((v) => v >= q1 - 1.5 * iqr)!,
      upper: [...sorted].reverse().find((v) => v <= q3 + 1.5 * iqr)!,
    };
  });
}

function boxPlotSpec(
  stats: BoxStats[],
  options: { description: string; order: string[]; colourTitle: string; palette: Palette; valueTitle: string; countTitle: string; legend: boolean },
): ChartSpec {
  const tooltip = [
    { field: 'group', title: 'Group' },
    { field: 'median', type: 'quantitative' as const, title: 'Median days', format: '.1f' },
    { field: 'q1', type: 'quantitative' as const, title: '25th percentile', format: '.1f' },
    { field: 'q3', type: 'quantitative' as const, title: '75th percentile', format: '.1f' },
    { field: 'min', type: 'quantitative' as const, title: 'Shortest', format: '.0f' },
    { field: 'max', type: 'quantitative' as const, title: 'Longest', format: '.0f' },
    { field: 'n', type: 'quantitative' as const, title: options.countTitle, format: COUNT },
  ];
  return {
    ...frame(options.description, Math.max(180, options.order.length * 34 + 50)),
    data: { values: stats },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null, sort: options.order },
      tooltip,
    },
    layer: [
      {
        mark: { type: 'rule', color: '#556070' },
        encoding: { x: { field: 'lower', type: 'quantitative', title: options.valueTitle }, x2: { field: 'upper' } },
      },
      {
        name: 'box',
        mark: { type: 'bar', size: 16, tooltip: true },
        encoding: {
          x: { field: 'q1', type: 'quantitative' },
          x2: { field: 'q3' },
          color: {
            field: 'colour',
            type: 'nominal',
            title: options.colourTitle,
            scale: colourScale(options.palette, stats as unknown as Row[], 'colour'),
            ...(options.legend ? {} : { legend: null }),
          },
        },
      },
      {
        name: 'median',
        mark: { type: 'tick', color: '#ffffff', size: 16, thickness: 2 },
        encoding: { x: { field: 'median', type: 'quantitative' } },
      },
    ],
  };
}

/** Days from creation to close per size segment, won and lost deals apart. */
export function daysToCloseSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['size_segment', 'outcome', 'days_to_close'], 'Days to close');
  const labelled = rows.map((r) => ({ ...r, group: `${textOf(r, 'size_segment')} · ${textOf(r, 'outcome')}` }));
  const stats = boxStats(labelled, 'group', 'outcome', 'days_to_close');
  const order = ['SMB', 'Mid-Market', 'Enterprise'].flatMap((s) => [`${s} · won`, `${s} · lost`]).filter((g) => stats.some((b) => b.group === g));
  return boxPlotSpec(stats, {
    description: 'Box plot of days from creation to close per size segment, won and lost deals apart.',
    order,
    colourTitle: 'Outcome',
    palette: OUTCOME_PALETTE,
    valueTitle: 'Days to close',
    countTitle: 'Deals',
    legend: true,
  });
}

/** Days spent in each open stage, over every stage visit that ended. */
export function daysInStageSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['stage_name', 'days_in_stage'], 'Days in each stage');
  const stats = boxStats(rows, 'stage_name', 'stage_name', 'days_in_stage');
  const order = STAGE_PALETTE.domain.filter((s) => stats.some((b) => b.group === s));
  return boxPlotSpec(stats, {
    description: 'Box plot of days spent in each stage per stage visit.',
    order,
    colourTitle: 'Stage',
    palette: STAGE_PALETTE,
    valueTitle: 'Days in stage',
    countTitle: 'Stage visits',
    // The stage already labels each box.
    legend: false,
  });
}

/**
 * Net revenue retention of the accounts that had adopted each feature
 * against those that had not, as a dumbbell per feature; features without
 * both groups are left out (nothing to compare).
 */
export function adoptionRetentionSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['feature', 'account_group', 'accounts', 'starting_mrr_usd', 'retained_mrr_usd', 'net_revenue_retention', 'share_of_base'], 'Adoption against NRR');
  const groupsPerFeature = new Map<string, Set<string>>();
  for (const row of rows) {
    const group = textOf(row, 'account_group');
    if (!ADOPTION_PALETTE.domain.includes(group)) throw new Error(`Unknown account group ${JSON.stringify(group)}: expected ${ADOPTION_PALETTE.domain.join(' or ')}.`);
    const set = groupsPerFeature.get(textOf(row, 'feature')) ?? new Set();
    set.add(group);
    groupsPerFeature.set(textOf(row, 'feature'), set);
  }
  const values = rows.filter((r) => groupsPerFeature.get(textOf(r, 'feature'))?.size === 2 && numberOf(r, 'net_revenue_retention') !== null);
  const adopters = values.filter((r) => r.account_group === 'Adopters');
  const features = adopters.sort((a, b) => amountOf(b, 'share_of_base') - amountOf(a, 'share_of_base')).map((r) => textOf(r, 'feature'));
  return {
    ...frame('Net revenue retention over the last twelve months of accounts that had adopted each feature at the start, against those that had not.', Math.max(200, features.length * 26 + 50)),
    data: { values },
    layer: [
      {
        // One rule at 100%: what a feature's accounts would keep if they neither grew nor shrank.
        data: { values: [{ nrr: 1 }] },
        mark: { type: 'rule', color: '#8d96a5', strokeDash: [4, 3] },
        encoding: { x: { field: 'nrr', type: 'quantitative', scale: { zero: false } } },
      },
      {
        mark: { type: 'line', color: '#8d96a5', strokeWidth: 2 },
        encoding: {
          y: { field: 'feature', type: 'nominal', title: null, sort: features },
          x: { field: 'net_revenue_retention', type: 'quantitative', scale: { zero: false } },
          detail: { field: 'feature' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 110, opacity: 1, tooltip: true },
        encoding: {
          y: { field: 'feature', type: 'nominal', title: null, sort: features },
          x: { field: 'net_revenue_retention', type: 'quantitative', title: 'NRR, last 12 months', scale: { zero: false }, axis: { format: PERCENT_AXIS } },
          color: { field: 'account_group', type: 'nominal', title: null, scale: colourScale(ADOPTION_PALETTE) },
          tooltip: [
            { field: 'feature', title: 'Feature' },
            { field: 'account_group', title: 'Group' },
            { field: 'net_revenue_retention', type: 'quantitative', title: 'Net revenue retention', format: '.1%' },
            { field: 'accounts', type: 'quantitative', title: 'Accounts in the group', format: COUNT },
            { field: 'share_of_base', type: 'quantitative', title: 'Share of the accounts paying at the start', format: '.0%' },
            { field: 'starting_mrr_usd', type: 'quantitative', title: 'MRR at the start (USD)', format: '$,.0f' },
            { field: 'retained_mrr_usd', type: 'quantitative', title: 'Their MRR now, FX aside (USD)', format: '$,.0f' },
          ],
        },
      },
    ],
  };
}
