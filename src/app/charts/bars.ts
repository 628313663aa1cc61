import { COUNT, DAY, DAY_AXIS, MONEY, MONEY_AXIS, MONTH, PERCENT, PERCENT_AXIS, colourScale, frame, withOrder } from './base';
import type { ChartSpec } from './base';
import { ACCENT, INVOICE_OUTCOME_PALETTE, TIER_PALETTE } from './palette';
import { amountOf, numberOf, requireColumns, textOf } from './rows';
import type { Row } from './rows';

/** Bar charts: churn per month, invoice outcomes, adoption per tier, reps, sessions. */

/** Logo churn rate per month as bars, churned and starting logos in the tooltip. */
export function logoChurnSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['month', 'starting_logos', 'churned_logos', 'logo_churn_rate'], 'Logo churn');
  return {
    ...frame('Logo churn rate per month: accounts that stopped paying over accounts paying at the start of the month.'),
    data: { values: rows.filter((r) => numberOf(r, 'logo_churn_rate') !== null) },
    mark: { type: 'bar', color: '#c62828', tooltip: true },
    encoding: {
      x: { field: 'month', ...MONTH, title: null },
      y: { field: 'logo_churn_rate', type: 'quantitative', title: 'Logo churn rate', axis: { format: PERCENT_AXIS } },
      tooltip: [
        { field: 'month', ...MONTH, title: 'Month' },
        { field: 'logo_churn_rate', type: 'quantitative', title: 'Logo churn rate', format: PERCENT },
        { field: 'churned_logos', type: 'quantitative', title: 'Churned accounts', format: COUNT },
        { field: 'starting_logos', type: 'quantitative', title: 'Paying at the start', format: COUNT },
      ],
    },
  };
}

/** Net-30 invoices per quarter of issue, stacked by how they were paid. */
export function lateInvoicesSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['quarter_start_date', 'outcome', 'invoices', 'total_usd', 'average_days_late'], 'Invoices paid late');
  for (const row of rows) {
    if (!INVOICE_OUTCOME_PALETTE.domain.includes(textOf(row, 'outcome'))) {
      throw new Error(`Unknown invoice outcome ${JSON.stringify(row.outcome)}: expected one of ${INVOICE_OUTCOME_PALETTE.domain.join(', ')}.`);
    }
  }
  return {
    ...frame('Net-30 invoices per quarter of issue, stacked by outcome: paid on time, paid late, open and overdue, open and not yet due, void.'),
    data: { values: withOrder(rows, 'outcome', INVOICE_OUTCOME_PALETTE) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'quarter_start_date', timeUnit: 'utcyearquarter', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      y: { field: 'invoices', type: 'quantitative', stack: 'zero', title: 'Net-30 invoices', axis: { tickMinStep: 1 } },
      color: { field: 'outcome', type: 'nominal', title: null, scale: colourScale(INVOICE_OUTCOME_PALETTE, rows, 'outcome') },
      order: { field: 'series_order', type: 'quantitative' },
      tooltip: [
        { field: 'quarter_start_date', timeUnit: 'utcyearquarter', type: 'ordinal', title: 'Issued in' },
        { field: 'outcome', title: 'Outcome' },
        { field: 'invoices', type: 'quantitative', title: 'Invoices', format: COUNT },
        { field: 'total_usd', type: 'quantitative', title: 'Invoiced (USD)', format: MONEY },
        { field: 'average_days_late', type: 'quantitative', title: 'Average days late', format: '.1f' },
      ],
    },
  };
}

/** Share of each tier's accounts that adopted each feature. */
export function adoptionByTierSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['feature', 'plan_tier', 'accounts', 'adopted_accounts', 'adoption_rate'], 'Feature adoption by plan tier');
  // Features ordered by overall adoption, the most adopted first.
  const totals = new Map<string, { adopted: number; accounts: number }>();
  for (const row of rows) {
    const t = totals.get(textOf(row, 'feature')) ?? { adopted: 0, accounts: 0 };
    t.adopted += amountOf(row, 'adopted_accounts');
    t.accounts += amountOf(row, 'accounts');
    totals.set(textOf(row, 'feature'), t);
  }
  const features = [...totals.entries()].sort((a, b) => b[1].adopted / (b[1].accounts || 1) - a[1].adopted / (a[1].accounts || 1)).map(([f]) => f);
  const tiers = TIER_PALETTE.domain.filter((t) => rows.some((r) => r.plan_tier === t));
  return {
    ...frame('Share of accounts on each plan tier that adopted each product feature.', Math.max(220, features.length * tiers.length * 7 + 40)),
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'feature', type: 'nominal', title: null, sort: features },
      yOffset: { field: 'plan_tier', type: 'nominal', sort: tiers },
      x: { field: 'adoption_rate', type: 'quantitative', title: 'Accounts that adopted the feature', scale: { domain: [0, 1] }, axis: { format: PERCENT_AXIS } },
      color: { field: 'plan_tier', type: 'nominal', title: 'Plan tier', scale: colourScale(TIER_PALETTE, rows, 'plan_tier') },
      tooltip: [
        { field: 'feature', title: 'Feature' },
        { field: 'plan_tier', title: 'Plan tier' },
        { field: 'adoption_rate', type: 'quantitative', title: 'Adopted', format: PERCENT },
        { field: 'adopted_accounts', type: 'quantitative', title: 'Accounts that adopted', format: COUNT },
        { field: 'accounts', type: 'quantitative', title: 'Accounts on the tier', format: COUNT },
      ],
    },
  };
}

/** Won amount per rep, with the win rate written beside each bar. */
export function repPerformanceSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['rep_name', 'won_opportunities', 'lost_opportunities', 'win_rate', 'won_amount_usd', 'open_pipeline_usd', 'median_days_to_close'], 'Rep performance');
  const top = Math.max(0, ...rows.map((r) => amountOf(r, 'won_amount_usd')));
  // A label fits inside a long bar (white on blue); a short bar gets it after its end, in dark text.
  const values = rows.map((r) => ({
    ...r,
    label: `${formatPercent(numberOf(r, 'win_rate'))} win · ${amountOf(r, 'won_opportunities')} won`,
    label_inside: amountOf(r, 'won_amount_usd') >= top * 0.55,
    still_employed: numberOf(r, 'is_active') === 1 ? 'Yes' : 'No',
  }));
  const reps = [...rows].sort((a, b) => amountOf(b, 'won_amount_usd') - amountOf(a, 'won_amount_usd')).map((r) => textOf(r, 'rep_name'));
  const label = { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, fontSize: 11, fontWeight: 600 as const };
  return {
    ...frame('Closed-won amount in USD per sales rep, with win rate and deals won.', Math.max(200, rows.length * 30 + 40)),
    data: { values },
    encoding: {
      y: { field: 'rep_name', type: 'nominal', title: null, sort: reps },
      x: { field: 'won_amount_usd', type: 'quantitative', title: 'Won (USD, annual contract value)', axis: { format: MONEY_AXIS } },
      tooltip: [
        { field: 'rep_name', title: 'Rep' },
        { field: 'still_employed', title: 'Still employed' },
        { field: 'won_amount_usd', type: 'quantitative', title: 'Won (USD)', format: MONEY },
        { field: 'won_opportunities', type: 'quantitative', title: 'Deals won', format: COUNT },
        { field: 'lost_opportunities', type: 'quantitative', title: 'Deals lost', format: COUNT },
        { field: 'win_rate', type: 'quantitative', title: 'Win rate (count)', format: PERCENT },
        { field: 'median_days_to_close', type: 'quantitative', title: 'Median days to close (won)', format: '.0f' },
        { field: 'open_pipeline_usd', type: 'quantitative', title: 'Open pipeline now (USD)', format: MONEY },
      ],
    },
    layer: [
      { mark: { type: 'bar', color: ACCENT, tooltip: true } },
      {
        transform: [{ filter: 'datum.label_inside' }],
        mark: { ...label, dx: 6, color: '#ffffff' },
        encoding: { x: { datum: 0, type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        transform: [{ filter: '!datum.label_inside' }],
        mark: { ...label, dx: 4, color: '#1c2230' },
        encoding: { text: { field: 'label' } },
      },
    ],
  };
}

/** Sessions started per week as an area (150 weekly bars would be hairlines), length and events per session in the tooltip. */
export function sessionsSpec(rows: readonly Row[]): ChartSpec {
  requireColumns(rows, ['week_start_date', 'sessions', 'people', 'average_minutes', 'events_per_session'], 'Sessions');
  return {
    ...frame('Product sessions started per week, with average length and events per session.'),
    data: { values: rows },
    mark: { type: 'area', color: '#0e7f80', opacity: 0.85, line: { color: '#0b5f60' }, tooltip: true },
    encoding: {
      x: { field: 'week_start_date', ...DAY, title: null, axis: DAY_AXIS },
      y: { field: 'sessions', type: 'quantitative', title: 'Sessions per week', axis: { format: '~s' } },
      tooltip: [
        { field: 'week_start_date', ...DAY, title: 'Week of' },
        { field: 'sessions', type: 'quantitative', title: 'Sessions', format: COUNT },
        { field: 'people', type: 'quantitative', title: 'People', format: COUNT },
        { field: 'average_minutes', type: 'quantitative', title: 'Average length (minutes)', format: '.1f' },
        { field: 'events_per_session', type: 'quantitative', title: 'Events per session', format: '.1f' },
      ],
    },
  };
}

function formatPercent(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value * 100)}%`;
}
