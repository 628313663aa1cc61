import { CHART_HEIGHT, MONEY_AXIS, colourScale, frame } from './base';
import type { ChartSpec } from './base';
import { MOVEMENT_PALETTE } from './palette';
import { amountOf, requireColumns, textOf } from './rows';
import type { Row } from './rows';

/**
 * The MRR bridge as a waterfall: starting MRR, each movement type and FX
 * moving the running total up or down, ending MRR. Rows are
 * `fct_retention`'s, one per month.
 */

/** The movement columns of `fct_retention`, in the order the bridge walks them. */
export const BRIDGE_STEPS = [
  { step: 'New', column: 'new_mrr_usd' },
  { step: 'Expansion', column: 'expansion_mrr_usd' },
  { step: 'Reactivation', column: 'reactivation_mrr_usd' },
  { step: 'Contraction', column: 'contraction_mrr_usd' },
  { step: 'Churn', column: 'churned_mrr_usd' },
  { step: 'FX', column: 'fx_adjustment_usd' },
] as const;

const BRIDGE_COLUMNS = ['month', 'starting_mrr_usd', 'ending_mrr_usd', ...BRIDGE_STEPS.map((s) => s.column)];

export interface WaterfallStep {
  period: string;
  step: string;
  /** 0 for starting MRR, then the movements, last the ending MRR. */
  order: number;
  kind: 'total' | 'change';
  /** The bar runs from `start` to `end`; for totals `start` is 0. */
  start: number;
  end: number;
  amount: number;
  /** The bar's upper edge, where its label sits. */
  top: number;
  label: string;
}

export interface BridgePeriod {
  key: string;
  label: string;
  /** Consecutive months, oldest first. */
  months: string[];
}

/**
 * The periods a reader can pick: the last twelve months, each calendar year
 * (the current one to date) and each month, newest first. Months before the
 * first with any MRR are left out: they would draw nothing but zeros.
 */
export function bridgePeriods(rows: readonly Row[]): BridgePeriod[] {
  const sorted = [...rows].sort((a, b) => textOf(a, 'month').localeCompare(textOf(b, 'month')));
  const moves = (r: Row) => ['starting_mrr_usd', 'ending_mrr_usd', ...BRIDGE_STEPS.map((s) => s.column)].some((c) => amountOf(r, c) !== 0);
  const firstActive = sorted.findIndex(moves);
  const months = firstActive < 0 ? [] : sorted.slice(firstActive).map((r) => textOf(r, 'month'));
  if (months.length === 0) return [];
  const periods: BridgePeriod[] = [];
  if (months.length > 12) periods.push({ key: 'last-12', label: 'Last 12 months', months: months.slice(-12) });
  const years = [...new Set(months.map((m) => m.slice(0, 4)))].sort().reverse();
  const lastMonth = months[months.length - 1]!;
  for (const year of years) {
    const inYear = months.filter((m) => m.startsWith(year));
    const complete = inYear.length === 12 || !lastMonth.startsWith(year);
    periods.push({ key: year, label: complete ? year : `${year} to date`, months: inYear });
  }
  for (const month of [...months].reverse()) periods.push({ key: month, label: monthLabel(month), months: [month] });
  return periods;
}

/**
 * The bars of one period: starting MRR of its first month, each movement
 * summed over its months, and ending MRR. The running total must land on
 * the last month's `ending_mrr_usd`: the mart promises the bridge adds up to
 * the cent each month, so a gap means the rows are not consecutive months
 * or the mart broke its promise, and is reported rather than drawn.
 */
export function waterfallSteps(rows: readonly Row[], period: BridgePeriod): WaterfallStep[] {
  const byMonth = new Map(rows.map((r) => [textOf(r, 'month'), r]));
  const selected = period.months.map((m) => {
    const row = byMonth.get(m);
    if (!row) throw new Error(`The MRR bridge has no row for ${m}.`);
    return row;
  });
  const first = selected[0];
  const last = selected[selected.length - 1];
  if (!first || !last) return [];

  const steps: WaterfallStep[] = [];
  const starting = amountOf(first, 'starting_mrr_usd');
  steps.push(total(period.key, 'Starting MRR', 0, starting));
  let running = starting;
  BRIDGE_STEPS.forEach(({ step, column }, i) => {
    const amount = round2(selected.reduce((sum, row) => sum + amountOf(row, column), 0));
    const start = running;
    running = round2(running + amount);
    steps.push({
      period: period.key,
      step,
      order: i + 1,
      kind: 'change',
      start,
      end: running,
      amount,
      top: Math.max(start, running),
      label: formatUsdShort(amount, true),
    });
  });
  const ending = amountOf(last, 'ending_mrr_usd');
  const gap = round2(ending - running);
  // Each month's sum is exact to the cent; allow a cent per month for float noise in the sums.
  if (Math.abs(gap) > 0.01 * selected.length) {
    throw new Error(
      `The MRR bridge for ${period.label} does not add up: starting ${starting.toFixed(2)} plus the movements gives ${running.toFixed(2)}, ` +
        `but ending_mrr_usd of ${textOf(last, 'month')} is ${ending.toFixed(2)} (gap ${gap.toFixed(2)}). Check fct_retention for missing months.`,
    );
  }
  steps.push(total(period.key, 'Ending MRR', BRIDGE_STEPS.length + 1, ending));
  return steps;
}

function total(period: string, step: string, order: number, amount: number): WaterfallStep {
  return { period, step, order, kind: 'total', start: 0, end: amount, amount, top: Math.max(0, amount), label: formatUsdShort(amount, false) };
}

/**
 * The labels' font size: 10 px where a band has room, down to 7 px in a
 * phone's width. A label is up to six characters (`+$110k`) of about 0.6 em
 * each in the bold face, 3.6 em in all: a band fits a size of its width over
 * 3.8.
 */
const LABEL_FONT_SIZE = "clamp(floor(bandwidth('x') / 3.8), 7, 10)";

export function mrrBridgeSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, BRIDGE_COLUMNS, 'MRR bridge');
  const periods = bridgePeriods(rows);
  const values = periods.flatMap((p) => waterfallSteps(rows, p));
  const initial = periods[0]?.key ?? '';
  return {
    ...frame('Waterfall of the MRR bridge: starting MRR, new, expansion, reactivation, contraction, churn and FX, ending MRR, for the chosen period.', CHART_HEIGHT + 20),
    data: { values },
    params: [
      {
        name: 'period',
        value: initial,
        bind: { input: 'select', options: periods.map((p) => p.key), labels: periods.map((p) => p.label), name: 'Period ' },
      },
    ],
    // The period drawn, in the drawing itself: an exported PNG or SVG has no select beside it.
    title: { text: { expr: `${JSON.stringify(Object.fromEntries(periods.map((p) => [p.key, p.label])))}[period]` }, anchor: 'start', fontSize: 12, fontWeight: 600 },
    transform: [{ filter: 'datum.period === period' }],
    encoding: {
      x: {
        field: 'step',
        type: 'nominal',
        sort: [...MOVEMENT_PALETTE.domain],
        title: null,
        // Eight steps in a phone's width: slanted labels, none dropped.
        axis: { labelAngle: -35, labelOverlap: false, labelLimit: 90, labelFontSize: 10 },
      },
    },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'start', type: 'quantitative', title: 'MRR (USD)', axis: { format: MONEY_AXIS } },
          y2: { field: 'end' },
          color: { field: 'step', type: 'nominal', scale: colourScale(MOVEMENT_PALETTE), legend: null },
          tooltip: [
            { field: 'step', title: 'Step' },
            { field: 'amount', type: 'quantitative', title: 'Amount (USD)', format: '$,.2f' },
            { field: 'end', type: 'quantitative', title: 'Running total (USD)', format: '$,.2f' },
          ],
        },
      },
      {
        // Sized to the bar's band, so neighbouring labels never run into each other on a phone.
        mark: { type: 'text', dy: -6, fontSize: { expr: LABEL_FONT_SIZE }, fontWeight: 600 },
        encoding: {
          y: { field: 'top', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  };
}

/** `$12.3k`, `-$1.20M`, `+$950`: short enough for a label above a bar. */
export function formatUsdShort(amount: number, signed: boolean): string {
  const abs = Math.abs(amount);
  const sign = amount < 0 ? '-' : signed && amount > 0 ? '+' : '';
  let body: string;
  if (abs >= 1e6) body = `${(abs / 1e6).toFixed(2)}M`;
  else if (abs >= 1e4) body = `${(abs / 1e3).toFixed(0)}k`;
  else if (abs >= 1e3) body = `${(abs / 1e3).toFixed(1)}k`;
  else body = abs.toFixed(0);
  return `${sign}$${body}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03-01` as `Mar 2026`. */
export function monthLabel(month: string): string {
  const index = Number(month.slice(5, 7)) - 1;
  return `${MONTHS[index] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
