import { CHART_HEIGHT, COUNT, DAY, DAY_AXIS, MONEY, MONEY_AXIS, MONTH, PERCENT, PERCENT_AXIS, colourScale, frame, maxStackTotal, withOrder } from './base';
import type { ChartSpec } from './base';
import {
  ACTIVITY_PALETTE,
  CURRENCY_PALETTE,
  MONEY_FLOW_PALETTE,
  SEGMENT_PALETTE,
  STAGE_PALETTE,
  TAXONOMY_PALETTE,
  TIER_PALETTE,
} from './palette';
import type { Palette } from './palette';
import { amountOf, fold, numberOf, requireColumns, textOf } from './rows';
import type { Row } from './rows';

/** Charts over time: stacked areas, lines. */

interface RevenueOptions {
  /** The category column (plan tier, currency). */
  series: string;
  seriesTitle: string;
  palette: Palette;
  description: string;
}

/**
 * MRR stacked by a category with ARR on a second axis. ARR is 12 x MRR, so
 * the right axis is the left one times twelve: both domains are set from
 * the tallest stack, and the total line (ARR) runs exactly along the top of
 * the stack (MRR).
 */
export function recurringRevenueSpec(rows: readonly Row[], options: RevenueOptions): ChartSpec {
  requireColumns(rows, ['month', options.series, 'accounts', 'mrr_usd', 'arr_usd'], options.description);
  const top = maxStackTotal(rows, 'month', 'mrr_usd') * 1.05 || 1;
  const values = withOrder(rows, options.series, options.palette);
  return {
    ...frame(options.description),
    data: { values },
    encoding: { x: { field: 'month', ...MONTH, title: null } },
    layer: [
      {
        mark: { type: 'area', tooltip: true, opacity: 0.9 },
        encoding: {
          y: { field: 'mrr_usd', type: 'quantitative', stack: 'zero', title: 'MRR (USD)', scale: { domain: [0, top] }, axis: { format: MONEY_AXIS } },
          color: { field: options.series, type: 'nominal', title: options.seriesTitle, scale: colourScale(options.palette, rows, options.series) },
          order: { field: 'series_order', type: 'quantitative' },
          tooltip: [
            { field: 'month', ...MONTH, title: 'Month' },
            { field: options.series, title: options.seriesTitle },
            { field: 'mrr_usd', type: 'quantitative', title: 'MRR (USD)', format: MONEY },
            { field: 'arr_usd', type: 'quantitative', title: 'ARR (USD)', format: MONEY },
            { field: 'accounts', type: 'quantitative', title: 'Paying accounts', format: COUNT },
          ],
        },
      },
      {
        transform: [{ aggregate: [{ op: 'sum', field: 'arr_usd', as: 'total_arr_usd' }, { op: 'sum', field: 'mrr_usd', as: 'total_mrr_usd' }], groupby: ['month'] }],
        mark: { type: 'line', color: '#1c2230', strokeWidth: 1.5, point: { filled: true, size: 14, color: '#1c2230' }, tooltip: true },
        encoding: {
          y: {
            field: 'total_arr_usd',
            type: 'quantitative',
            title: 'ARR (USD)',
            scale: { domain: [0, top * 12] },
            axis: { format: MONEY_AXIS, orient: 'right', grid: false },
          },
          tooltip: [
            { field: 'month', ...MONTH, title: 'Month' },
            { field: 'total_mrr_usd', type: 'quantitative', title: 'Total MRR (USD)', format: MONEY },
            { field: 'total_arr_usd', type: 'quantitative', title: 'Total ARR (USD)', format: MONEY },
          ],
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

export function mrrByTierSpec(rows: readonly Row[]): ChartSpec {
  return recurringRevenueSpec(rows, {
    series: 'plan_tier',
    seriesTitle: 'Plan tier',
    palette: TIER_PALETTE,
    description: 'MRR stacked by plan tier per month, with ARR on the right axis.',
  });
}

export function mrrByCurrencySpec(rows: readonly Row[]): ChartSpec {
  return recurringRevenueSpec(rows, {
    series: 'currency',
    seriesTitle: 'Billing currency',
    palette: CURRENCY_PALETTE,
    description: 'MRR in USD stacked by billing currency per month, with ARR on the right axis.',
  });
}

/** Gross and net revenue retention per month, with 100% marked. */
export function revenueRetentionSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['month', 'gross_revenue_retention', 'net_revenue_retention', 'starting_mrr_usd'], 'Revenue retention');
  const values = fold(rows, ['month', 'starting_mrr_usd'], [
    // Short labels, so the legend fits a phone's card on one line.
    { column: 'net_revenue_retention', label: 'Net (NRR)' },
    { column: 'gross_revenue_retention', label: 'Gross (GRR)' },
  ]).filter((r) => r.value !== null);
  const palette: Palette = { domain: ['Net (NRR)', 'Gross (GRR)'], range: ['#1b7f45', '#1f55c0'] };
  return {
    ...frame('Monthly gross and net revenue retention, with 100% marked.'),
    data: { values },
    layer: [
      {
        mark: { type: 'rule', color: '#8d96a5', strokeDash: [4, 3] },
        encoding: { y: { datum: 1, type: 'quantitative' } },
      },
      {
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: { field: 'month', ...MONTH, title: null },
          y: { field: 'value', type: 'quantitative', title: 'Retention', scale: { zero: false }, axis: { format: PERCENT_AXIS } },
          color: { field: 'series', type: 'nominal', title: null, scale: colourScale(palette) },
          tooltip: [
            { field: 'month', ...MONTH, title: 'Month' },
            { field: 'series', title: 'Metric' },
            { field: 'value', type: 'quantitative', title: 'Value', format: PERCENT },
            { field: 'starting_mrr_usd', type: 'quantitative', title: 'Starting MRR (USD)', format: MONEY },
          ],
        },
      },
    ],
  };
}

/** Invoiced against collected, per month. */
export function collectionsSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['month', 'invoiced_usd', 'collected_usd', 'failed_usd', 'refunded_usd'], 'Collections');
  const values = fold(rows, ['month', 'failed_usd', 'refunded_usd'], [
    { column: 'invoiced_usd', label: 'Invoiced' },
    { column: 'collected_usd', label: 'Collected' },
  ]);
  return {
    ...frame('Invoiced and collected amounts in USD per month.'),
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'month', ...MONTH, title: null },
      y: { field: 'value', type: 'quantitative', title: 'USD', axis: { format: MONEY_AXIS } },
      color: { field: 'series', type: 'nominal', title: null, scale: colourScale(MONEY_FLOW_PALETTE) },
      tooltip: [
        { field: 'month', ...MONTH, title: 'Month' },
        { field: 'series', title: 'Series' },
        { field: 'value', type: 'quantitative', title: 'USD', format: MONEY },
        { field: 'failed_usd', type: 'quantitative', title: 'Failed charges (USD)', format: MONEY },
        { field: 'refunded_usd', type: 'quantitative', title: 'Refunded (USD)', format: MONEY },
      ],
    },
  };
}

/** Open pipeline at each week's end, stacked by stage in the order of the sales process. */
export function pipelineByStageSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['week_end_date', 'stage_name', 'open_opportunities', 'open_amount_usd'], 'Open pipeline');
  return {
    ...frame('Open pipeline in USD at the end of each week, stacked by stage.'),
    data: { values: withOrder(rows, 'stage_name', STAGE_PALETTE) },
    mark: { type: 'area', tooltip: true, opacity: 0.9 },
    encoding: {
      x: { field: 'week_end_date', ...DAY, title: null, axis: DAY_AXIS },
      y: { field: 'open_amount_usd', type: 'quantitative', stack: 'zero', title: 'Open pipeline (USD)', axis: { format: MONEY_AXIS } },
      color: {
        field: 'stage_name',
        type: 'nominal',
        title: 'Stage',
        scale: colourScale(STAGE_PALETTE, rows, 'stage_name'),
      },
      order: { field: 'series_order', type: 'quantitative' },
      tooltip: [
        { field: 'week_end_date', ...DAY, title: 'Week ending' },
        { field: 'stage_name', title: 'Stage' },
        { field: 'open_amount_usd', type: 'quantitative', title: 'Open (USD)', format: MONEY },
        { field: 'open_opportunities', type: 'quantitative', title: 'Open deals', format: COUNT },
        { field: 'opportunities_without_amount', type: 'quantitative', title: 'Of those without an amount', format: COUNT },
      ],
    },
  };
}

/** Win rate by count per quarter of close, one line per size segment plus all segments together. */
export function winRateSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['quarter_start_date', 'quarter_name', 'size_segment', 'won_opportunities', 'closed_opportunities', 'win_rate_by_count', 'win_rate_by_amount'], 'Win rate');
  return {
    ...frame('Win rate by count per quarter of close, per size segment and overall.'),
    data: { values: withOrder(rows, 'size_segment', SEGMENT_PALETTE) },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'quarter_start_date', timeUnit: 'utcyearquarter', type: 'temporal', title: null },
      y: { field: 'win_rate_by_count', type: 'quantitative', title: 'Win rate (by count)', scale: { domain: [0, 1] }, axis: { format: PERCENT_AXIS } },
      color: { field: 'size_segment', type: 'nominal', title: 'Segment', scale: colourScale(SEGMENT_PALETTE, rows, 'size_segment') },
      strokeDash: { condition: { test: "datum.size_segment === 'All segments'", value: [5, 3] }, value: [1, 0] },
      tooltip: [
        { field: 'quarter_name', title: 'Quarter' },
        { field: 'size_segment', title: 'Segment' },
        { field: 'win_rate_by_count', type: 'quantitative', title: 'Win rate (count)', format: PERCENT },
        { field: 'win_rate_by_amount', type: 'quantitative', title: 'Win rate (amount)', format: PERCENT },
        { field: 'won_opportunities', type: 'quantitative', title: 'Won', format: COUNT },
        { field: 'closed_opportunities', type: 'quantitative', title: 'Closed', format: COUNT },
      ],
    },
  };
}

/** DAU, WAU and MAU per day. */
export function activeUsersSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['date_day', 'dau', 'wau', 'mau'], 'Active users');
  const values = fold(rows, ['date_day'], [
    { column: 'mau', label: 'MAU' },
    { column: 'wau', label: 'WAU' },
    { column: 'dau', label: 'DAU' },
  ]);
  return {
    ...frame('Daily, weekly (7-day) and monthly (28-day) active users per day.'),
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5, tooltip: true },
    encoding: {
      x: { field: 'date_day', ...DAY, title: null, axis: DAY_AXIS },
      y: { field: 'value', type: 'quantitative', title: 'Active people', axis: { format: '~s' } },
      color: { field: 'series', type: 'nominal', title: null, scale: colourScale(ACTIVITY_PALETTE) },
      tooltip: [
        { field: 'date_day', ...DAY, title: 'Day' },
        { field: 'series', title: 'Measure' },
        { field: 'value', type: 'quantitative', title: 'People', format: COUNT },
      ],
    },
  };
}

/** DAU / MAU per day, with its 28-day average drawn over the daily noise of weekends. */
export function stickinessSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['date_day', 'dau', 'mau', 'stickiness'], 'Stickiness');
  const values = rows.filter((r) => numberOf(r, 'stickiness') !== null);
  return {
    ...frame('Stickiness (DAU divided by MAU) per day, with its 28-day moving average.'),
    data: { values },
    transform: [{ window: [{ op: 'mean', field: 'stickiness', as: 'stickiness_28d' }], frame: [-27, 0], sort: [{ field: 'date_day' }] }],
    encoding: { x: { field: 'date_day', ...DAY, title: null, axis: DAY_AXIS } },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1, color: '#9fb5e3', tooltip: true },
        encoding: {
          y: { field: 'stickiness', type: 'quantitative', title: 'DAU / MAU', axis: { format: PERCENT_AXIS } },
          tooltip: [
            { field: 'date_day', ...DAY, title: 'Day' },
            { field: 'stickiness', type: 'quantitative', title: 'Stickiness', format: PERCENT },
            { field: 'stickiness_28d', type: 'quantitative', title: '28-day average', format: PERCENT },
            { field: 'dau', type: 'quantitative', title: 'DAU', format: COUNT },
            { field: 'mau', type: 'quantitative', title: 'MAU', format: COUNT },
          ],
        },
      },
      {
        mark: { type: 'line', strokeWidth: 2.5, color: '#1f55c0' },
        encoding: { y: { field: 'stickiness_28d', type: 'quantitative' } },
      },
    ],
  };
}

export const ALL_EVENTS = 'All events';

/**
 * Events per week under the names the app sent (v1 `Title Case`, v2
 * `snake_case`) and under the canonical name that maps both. Around the
 * taxonomy change the v1 series falls and the v2 series rises while the
 * canonical series, their sum per canonical name, carries on without a
 * break. The reader picks one canonical event or all of them.
 */
export function taxonomySeries(rows: readonly Row[]): Row[] {
  requireColumns(rows, ['week_start_date', 'canonical_name', 'taxonomy_version', 'events'], 'Taxonomy change');
  const canonical = new Map<string, Row>();
  const out: Row[] = [];
  for (const row of rows) {
    const week = textOf(row, 'week_start_date');
    const name = textOf(row, 'canonical_name');
    const version = textOf(row, 'taxonomy_version');
    if (version !== 'v1' && version !== 'v2') throw new Error(`Unknown taxonomy version ${JSON.stringify(version)} for ${name} in week ${week}: expected v1 or v2.`);
    const events = amountOf(row, 'events');
    out.push({ week_start_date: week, canonical_name: name, series: `${version} names`, events });
    const key = `${week}|${name}`;
    const total = canonical.get(key) ?? { week_start_date: week, canonical_name: name, series: 'Canonical', events: 0 };
    total.events = Number(total.events) + events;
    canonical.set(key, total);
  }
  return [...out, ...canonical.values()];
}

export function taxonomyChangeSpec(rows: readonly Row[]): ChartSpec {
  const values = taxonomySeries(rows);
  const names = [...new Set(values.map((r) => textOf(r, 'canonical_name')))].sort();
  const firstV2 = values
    .filter((r) => r.series === 'v2 names')
    .map((r) => textOf(r, 'week_start_date'))
    .sort()[0];
  return {
    ...frame('Product events per week under v1 names, v2 names and the canonical name, around the taxonomy change.'),
    data: { values },
    params: [{ name: 'canonical_event', value: ALL_EVENTS, bind: { input: 'select', options: [ALL_EVENTS, ...names], name: 'Canonical event ' } }],
    layer: [
      ...(firstV2
        ? [
            {
              data: { values: [{ week_start_date: firstV2, note: 'First v2 names' }] },
              layer: [
                { mark: { type: 'rule' as const, color: '#8d96a5', strokeDash: [4, 3] }, encoding: { x: { field: 'week_start_date', ...DAY } } },
                {
                  mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: 4, baseline: 'top' as const, fontSize: 10, color: '#556070' },
                  encoding: { x: { field: 'week_start_date', ...DAY }, y: { value: 0 }, text: { field: 'note' } },
                },
              ],
            },
          ]
        : []),
      {
        transform: [
          { filter: `canonical_event === '${ALL_EVENTS}' || datum.canonical_name === canonical_event` },
          { aggregate: [{ op: 'sum', field: 'events', as: 'events' }], groupby: ['week_start_date', 'series'] },
        ],
        mark: { type: 'line', tooltip: true },
        encoding: {
          x: { field: 'week_start_date', ...DAY, title: null, axis: DAY_AXIS },
          y: { field: 'events', type: 'quantitative', title: 'Events per week', axis: { format: '~s' } },
          color: { field: 'series', type: 'nominal', title: null, scale: colourScale(TAXONOMY_PALETTE) },
          strokeWidth: { condition: { test: "datum.series === 'Canonical'", value: 3 }, value: 1.5 },
          tooltip: [
            { field: 'week_start_date', ...DAY, title: 'Week of' },
            { field: 'series', title: 'Series' },
            { field: 'events', type: 'quantitative', title: 'Events', format: COUNT },
          ],
        },
      },
    ],
  };
}

export const USAGE_MEASURES = [
  { key: 'active_days', label: 'Active days' },
  { key: 'active_users', label: 'Active people' },
  { key: 'sessions', label: 'Sessions' },
  { key: 'events', label: 'Events' },
] as const;

/**
 * Average monthly usage of accounts in the months before a movement, one
 * line per movement type (accounts whose MRR did not change as the
 * baseline); the reader picks the usage measure.
 */
export function usageBeforeMovementSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['movement', 'months_before', 'measure', 'average', 'account_months'], 'Usage before a movement');
  const known = new Set<string>(USAGE_MEASURES.map((m) => m.key));
  for (const row of rows) {
    if (!known.has(textOf(row, 'measure'))) throw new Error(`Unknown usage measure ${JSON.stringify(row.measure)}: expected one of ${[...known].join(', ')}.`);
  }
  const palette: Palette = { domain: ['expansion', 'contraction', 'churn', 'unchanged'], range: ['#1b7f45', '#b35c00', '#c62828', '#6f7888'] };
  return {
    ...frame('Average monthly usage of accounts in the six months before an expansion, contraction or churn, against unchanged accounts.'),
    data: { values: withOrder(rows, 'movement', palette) },
    params: [
      {
        name: 'measure',
        value: USAGE_MEASURES[0].key,
        bind: { input: 'select', options: USAGE_MEASURES.map((m) => m.key), labels: USAGE_MEASURES.map((m) => m.label), name: 'Usage measure ' },
      },
    ],
    transform: [{ filter: 'datum.measure === measure' }, { calculate: '0 - datum.months_before', as: 'month_offset' }],
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: {
        field: 'month_offset',
        type: 'quantitative',
        title: 'Months before the movement',
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: { field: 'average', type: 'quantitative', title: 'Average per account and month' },
      color: { field: 'movement', type: 'nominal', title: 'Movement', scale: colourScale(palette) },
      strokeDash: { condition: { test: "datum.movement === 'unchanged'", value: [5, 3] }, value: [1, 0] },
      order: { field: 'month_offset', type: 'quantitative' },
      tooltip: [
        { field: 'movement', title: 'Movement' },
        { field: 'months_before', type: 'quantitative', title: 'Months before' },
        { field: 'average', type: 'quantitative', title: 'Average', format: ',.2f' },
        { field: 'account_months', type: 'quantitative', title: 'Account-months averaged', format: COUNT },
      ],
    },
  };
}
