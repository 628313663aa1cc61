import { describe, expect, it } from 'vitest';
import type { Row } from '../../../../src/app/charts/rows';
import { bridgePeriods, formatUsdShort, mrrBridgeSpec, monthLabel, waterfallSteps } from '../../../../src/app/charts/waterfall';
import { draw } from './render';

/** A bridge row as fct_retention has it; ending = starting + every change, as the mart promises. */
function bridge(month: string, starting: number, changes: Partial<Record<'new' | 'expansion' | 'reactivation' | 'contraction' | 'churned' | 'fx', number>>): Row {
  const c = { new: 0, expansion: 0, reactivation: 0, contraction: 0, churned: 0, fx: 0, ...changes };
  const ending = Math.round((starting + c.new + c.expansion + c.reactivation + c.contraction + c.churned + c.fx) * 100) / 100;
  return {
    month,
    starting_mrr_usd: starting,
    new_mrr_usd: c.new,
    expansion_mrr_usd: c.expansion,
    reactivation_mrr_usd: c.reactivation,
    contraction_mrr_usd: c.contraction,
    churned_mrr_usd: c.churned,
    fx_adjustment_usd: c.fx,
    ending_mrr_usd: ending,
  };
}

/** Consecutive months chained the way the mart chains them: each month starts where the last one ended. */
function chain(start: number, months: string[], changes: (i: number) => Parameters<typeof bridge>[2]): Row[] {
  const rows: Row[] = [];
  let starting = start;
  months.forEach((month, i) => {
    const row = bridge(month, starting, changes(i));
    rows.push(row);
    starting = row.ending_mrr_usd as number;
  });
  return rows;
}

const months = (year: number, count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}-01`);

describe('waterfallSteps', () => {
  it('walks one month from starting MRR through each movement to ending MRR', () => {
    const rows = [bridge('2026-03-01', 1000, { new: 200, expansion: 50, reactivation: 10, contraction: -30, churned: -100, fx: 4.5 })];
    const steps = waterfallSteps(rows, { key: '2026-03-01', label: 'Mar 2026', months: ['2026-03-01'] });
    expect(steps.map((s) => [s.step, s.start, s.end])).toEqual([
      ['Starting MRR', 0, 1000],
      ['New', 1000, 1200],
      ['Expansion', 1200, 1250],
      ['Reactivation', 1250, 1260],
      ['Contraction', 1260, 1230],
      ['Churn', 1230, 1130],
      ['FX', 1130, 1134.5],
      ['Ending MRR', 0, 1134.5],
    ]);
    // Labels sit on the upper edge, so a falling bar's label is at its start.
    expect(steps.find((s) => s.step === 'Churn')!.top).toBe(1230);
    expect(steps.find((s) => s.step === 'Churn')!.label).toBe('-$100');
  });

  it('sums several months, starting from the first month and landing on the last month’s ending MRR', () => {
    const rows = chain(500, months(2025, 3), (i) => ({ new: 100 * (i + 1), churned: -20, fx: i === 1 ? -3.25 : 1.1 }));
    const steps = waterfallSteps(rows, { key: 'q', label: 'Q1', months: months(2025, 3) });
    expect(steps[0]).toMatchObject({ step: 'Starting MRR', end: 500 });
    expect(steps.find((s) => s.step === 'New')!.amount).toBe(600);
    expect(steps.find((s) => s.step === 'Churn')!.amount).toBe(-60);
    expect(steps.find((s) => s.step === 'FX')!.amount).toBeCloseTo(-1.05, 10);
    const ending = steps.at(-1)!;
    expect(ending.end).toBe(rows.at(-1)!.ending_mrr_usd);
    expect(steps.at(-2)!.end).toBeCloseTo(ending.end, 2);
  });

  it('refuses a bridge that does not add up, naming the month and the gap', () => {
    const broken = { ...bridge('2026-04-01', 1000, { new: 100 }), ending_mrr_usd: 1150 };
    expect(() => waterfallSteps([broken], { key: 'x', label: 'Apr 2026', months: ['2026-04-01'] })).toThrow(
      /Apr 2026 does not add up: .*1100\.00.*2026-04-01 is 1150\.00 \(gap 50\.00\)/,
    );
  });

  it('names a month the period needs but the rows lack', () => {
    expect(() => waterfallSteps([bridge('2026-04-01', 0, {})], { key: 'x', label: 'x', months: ['2026-05-01'] })).toThrow(/no row for 2026-05-01/);
  });
});

describe('bridgePeriods', () => {
  it('offers the last 12 months, each year (the current one to date) and each month, newest first', () => {
    const rows = chain(0, [...months(2025, 12), ...months(2026, 3)], () => ({ new: 10 }));
    const periods = bridgePeriods(rows);
    expect(periods.slice(0, 3).map((p) => p.label)).toEqual(['Last 12 months', '2026 to date', '2025']);
    expect(periods[0]!.months).toEqual([...months(2025, 9, 4), ...months(2026, 3)]);
    expect(periods[3]).toEqual({ key: '2026-03-01', label: 'Mar 2026', months: ['2026-03-01'] });
    expect(periods).toHaveLength(3 + 15);
  });

  it('leaves the trailing year out when there are not more than twelve months', () => {
    expect(bridgePeriods(chain(0, months(2025, 12), () => ({ new: 1 }))).map((p) => p.key).slice(0, 2)).toEqual(['2025', '2025-12-01']);
  });

  it('leaves out the months before the first MRR, which would chart only zeros', () => {
    const rows = chain(0, months(2025, 12), (i) => (i < 3 ? {} : { new: 5 }));
    const keys = bridgePeriods(rows).map((p) => p.key);
    expect(keys).toContain('2025-04-01');
    expect(keys).not.toContain('2025-03-01');
    expect(bridgePeriods(rows).find((p) => p.key === '2025')!.months[0]).toBe('2025-04-01');
    expect(bridgePeriods(chain(0, months(2025, 2), () => ({})))).toEqual([]);
  });
});

describe('mrrBridgeSpec', () => {
  it('draws eight bars for the chosen period, their tops at the running totals', async () => {
    const rows = chain(1000, [...months(2025, 12), ...months(2026, 2)], (i) => ({ new: 100 + i, expansion: 20, churned: -15, fx: i % 2 ? 2 : -2 }));
    const drawn = await draw(mrrBridgeSpec(rows));
    expect(drawn.warnings).toEqual([]);
    const bars = drawn.marks('rect');
    expect(bars).toHaveLength(8);
    const byStep = new Map(bars.map((b) => [b.datum.step as string, b.datum]));
    // The default period is the last 12 months: Mar 2025 to Feb 2026.
    expect(byStep.get('Starting MRR')!.end).toBe(rows[2]!.starting_mrr_usd);
    expect(byStep.get('Ending MRR')!.end).toBe(rows.at(-1)!.ending_mrr_usd);
    expect(byStep.get('New')!.amount).toBe(rows.slice(2).reduce((s, r) => s + (r.new_mrr_usd as number), 0));
    // One label per bar.
    expect(drawn.marks('text')).toHaveLength(8);
  });

  it('redraws for another period when the reader picks it', async () => {
    const rows = chain(1000, months(2025, 3), (i) => ({ new: 100 * (i + 1) }));
    const drawn = await draw(mrrBridgeSpec(rows), { period: '2025-02-01' });
    const starting = drawn.marks('rect').find((b) => b.datum.step === 'Starting MRR')!;
    expect(starting.datum.end).toBe(1100);
  });

  it('names the missing column when the query changed', () => {
    const { fx_adjustment_usd: _, ...row } = bridge('2026-01-01', 0, {});
    expect(() => mrrBridgeSpec([row])).toThrow(/returned no column fx_adjustment_usd/);
  });
});

describe('labels', () => {
  it('shortens amounts for bar labels', () => {
    expect(formatUsdShort(1_234_567, false)).toBe('$1.23M');
    expect(formatUsdShort(45_200, true)).toBe('+$45k');
    expect(formatUsdShort(-1_250, true)).toBe('-$1.3k');
    expect(formatUsdShort(0, true)).toBe('$0');
    expect(monthLabel('2024-11-01')).toBe('Nov 2024');
  });
});
