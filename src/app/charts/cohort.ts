import { COUNT, PERCENT, frame } from './base';
import type { ChartSpec } from './base';
import { SEQUENTIAL_SCHEME } from './palette';
import { amountOf, numberOf, requireColumns, textOf } from './rows';
import type { Row } from './rows';

/**
 * Cohort retention: accounts grouped by the quarter of their first paying
 * month, followed month by month from that first month. The query returns,
 * per cohort and months since start, the accounts observed (their row
 * exists: the month is not past the warehouse's last month), those paying,
 * and the MRR of both then and in their first month.
 */

const COHORT_COLUMNS = ['cohort', 'months_since_start', 'accounts', 'paying_accounts', 'mrr_usd', 'starting_mrr_usd'];

export interface CohortCell {
  cohort: string;
  months_since_start: number;
  /** Accounts of the cohort observed that many months after their start. */
  accounts: number;
  paying_accounts: number;
  /** Share of the observed accounts still paying. */
  logo_retention: number;
  /** Their MRR now over their MRR in their first month (USD, FX included). */
  revenue_retention: number | null;
  /** Accounts in the cohort (observed in their first month). */
  cohort_size: number;
  /** Fewer accounts observed than the cohort holds: its youngest members have not reached this month yet. */
  is_partial: boolean;
}

/**
 * The heatmap's cells. Every cohort's month 0 holds all its accounts, so
 * that is the cohort's size; a later cell with fewer observed accounts is
 * marked partial. Cells with no observed account are dropped, and a cohort
 * missing its month 0 is an error (its size would be unknown).
 */
export function cohortMatrix(rows: readonly Row[]): CohortCell[] {
  requireColumns(rows, COHORT_COLUMNS, 'Cohort retention');
  const sizes = new Map<string, number>();
  for (const row of rows) {
    if (numberOf(row, 'months_since_start') === 0) sizes.set(textOf(row, 'cohort'), amountOf(row, 'accounts'));
  }
  const cells: CohortCell[] = [];
  for (const row of rows) {
    const cohort = textOf(row, 'cohort');
    const size = sizes.get(cohort);
    if (size === undefined) throw new Error(`Cohort ${cohort} has no row for months_since_start = 0, so its size is unknown: check the cohort query.`);
    const accounts = amountOf(row, 'accounts');
    if (accounts <= 0) continue;
    const paying = amountOf(row, 'paying_accounts');
    const startingMrr = amountOf(row, 'starting_mrr_usd');
    cells.push({
      cohort,
      months_since_start: amountOf(row, 'months_since_start'),
      accounts,
      paying_accounts: paying,
      logo_retention: paying / accounts,
      revenue_retention: startingMrr > 0 ? amountOf(row, 'mrr_usd') / startingMrr : null,
      cohort_size: size,
      is_partial: accounts < size,
    });
  }
  return cells.sort((a, b) => a.cohort.localeCompare(b.cohort) || a.months_since_start - b.months_since_start);
}

export function cohortHeatmapSpec(rows: readonly Row[]): ChartSpec {
  const values = cohortMatrix(rows);
  const cohorts = [...new Set(values.map((c) => c.cohort))];
  return {
    ...frame('Heatmap of logo retention by quarterly cohort of first paying month and months since that month.', Math.max(180, cohorts.length * 24)),
    data: { values },
    encoding: {
      x: {
        field: 'months_since_start',
        type: 'ordinal',
        title: 'Months since first paying month',
        axis: { labelAngle: 0, labelExpr: 'datum.value % 3 === 0 ? datum.label : ""' },
      },
      y: { field: 'cohort', type: 'ordinal', title: 'Cohort (quarter of first payment)', sort: cohorts },
    },
    layer: [
      {
        mark: { type: 'rect', tooltip: true },
        encoding: {
          color: {
            field: 'logo_retention',
            type: 'quantitative',
            title: 'Still paying',
            scale: { scheme: SEQUENTIAL_SCHEME, domain: [0, 1] },
            legend: { format: '.0%', orient: 'right', direction: 'vertical', gradientLength: 120 },
          },
          opacity: { condition: { test: 'datum.is_partial', value: 0.55 }, value: 1 },
          tooltip: [
            { field: 'cohort', title: 'Cohort' },
            { field: 'months_since_start', title: 'Months since start' },
            { field: 'logo_retention', type: 'quantitative', title: 'Still paying', format: PERCENT },
            { field: 'revenue_retention', type: 'quantitative', title: 'Revenue retention (USD)', format: PERCENT },
            { field: 'paying_accounts', type: 'quantitative', title: 'Paying accounts', format: COUNT },
            { field: 'accounts', type: 'quantitative', title: 'Accounts observed', format: COUNT },
            { field: 'cohort_size', type: 'quantitative', title: 'Cohort size', format: COUNT },
          ],
        },
      },
    ],
  };
}
