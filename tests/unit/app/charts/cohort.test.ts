import { describe, expect, it } from 'vitest';
import { cohortHeatmapSpec, cohortMatrix } from '../../../../src/app/charts/cohort';
import type { Row } from '../../../../src/app/charts/rows';
import { draw } from './render';

function cell(cohort: string, months: number, accounts: number, paying: number, mrr: number, starting: number): Row {
  return { cohort, months_since_start: months, accounts, paying_accounts: paying, mrr_usd: mrr, starting_mrr_usd: starting };
}

const rows: Row[] = [
  cell('2025-Q1', 0, 10, 10, 1000, 1000),
  cell('2025-Q1', 1, 10, 9, 1100, 1000),
  cell('2025-Q1', 2, 6, 3, 450, 600),
  cell('2025-Q2', 0, 4, 4, 400, 400),
  cell('2025-Q2', 1, 0, 0, 0, 0),
];

describe('cohortMatrix', () => {
  it('computes logo and revenue retention per cohort and month since start', () => {
    const cells = cohortMatrix(rows);
    const q1 = cells.filter((c) => c.cohort === '2025-Q1');
    expect(q1.map((c) => c.logo_retention)).toEqual([1, 0.9, 0.5]);
    expect(q1.map((c) => c.revenue_retention)).toEqual([1, 1.1, 0.75]);
    expect(q1.every((c) => c.cohort_size === 10)).toBe(true);
  });

  it('marks cells where part of the cohort has not reached that month yet, and drops cells nobody reached', () => {
    const cells = cohortMatrix(rows);
    expect(cells.map((c) => `${c.cohort}+${c.months_since_start}:${c.is_partial}`)).toEqual([
      '2025-Q1+0:false',
      '2025-Q1+1:false',
      '2025-Q1+2:true',
      '2025-Q2+0:false',
    ]);
  });

  it('sorts cells by cohort, then month, whatever order the rows came in', () => {
    const cells = cohortMatrix([...rows].reverse());
    expect(cells.map((c) => `${c.cohort}+${c.months_since_start}`)).toEqual(['2025-Q1+0', '2025-Q1+1', '2025-Q1+2', '2025-Q2+0']);
  });

  it('has no revenue retention where the starting MRR is zero', () => {
    const [only] = cohortMatrix([cell('2024-Q1', 0, 2, 2, 0, 0)]);
    expect(only!.revenue_retention).toBeNull();
    expect(only!.logo_retention).toBe(1);
  });

  it('refuses a cohort without its first month, whose size is unknown', () => {
    expect(() => cohortMatrix([cell('2025-Q3', 1, 5, 4, 10, 10)])).toThrow(/Cohort 2025-Q3 has no row for months_since_start = 0/);
  });
});

describe('cohortHeatmapSpec', () => {
  it('draws one cell per observed cohort month, coloured by retention', async () => {
    const drawn = await draw(cohortHeatmapSpec(rows));
    expect(drawn.warnings).toEqual([]);
    const rects = drawn.marks('rect');
    expect(rects).toHaveLength(4);
    const fills = new Map(rects.map((r) => [`${r.datum.cohort}+${r.datum.months_since_start}`, r.fill]));
    // Full retention and half retention get different shades.
    expect(fills.get('2025-Q1+0')).not.toBe(fills.get('2025-Q1+2'));
    expect(fills.get('2025-Q1+0')).toBe(fills.get('2025-Q2+0'));
  });
});
