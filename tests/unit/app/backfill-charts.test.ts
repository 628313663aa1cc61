import { describe, expect, it } from 'vitest';
import { AFTER, BEFORE, chartWindow, restatementChart } from '../../../src/app/backfill-charts';
import type { MetricPoint, Restatement } from '../../../src/shared/worker-api';
import type { ChartSpec } from '../../../src/app/charts/base';
import { draw } from './charts/render';

const month = (m: number) => `2026-${String(m).padStart(2, '0')}-01`;
const points: MetricPoint[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => ({
  metric: 'mrr_usd',
  periodGrain: 'month',
  period: month(m),
  before: m === 6 ? 100 : m * 10,
  after: m * 10,
}));
points.push({ metric: 'mrr_usd', periodGrain: 'month', period: month(11), before: null, after: 5 });
const restated: Restatement[] = [{ metric: 'mrr_usd', periodGrain: 'month', period: month(6), before: 100, after: 60, change: -40, changeRatio: -0.4 }];

describe('charts of restated metrics', () => {
  it('show two periods either side of the restated ones, and leave out periods that are new', () => {
    expect(chartWindow(points, restated).map((p) => p.period)).toEqual([month(4), month(5), month(6), month(7), month(8)]);
    const lastRestated = [{ ...restated[0]!, period: month(10) }];
    expect(chartWindow(points, lastRestated).map((p) => p.period)).toEqual([month(8), month(9), month(10)]);
    expect(chartWindow(points, [{ ...restated[0]!, period: '1999-01-01' }])).toEqual([]);
  });

  it('draw before and after as two series, marking the restated period', () => {
    const spec = restatementChart('mrr_usd', points, restated) as unknown as { data: { values: { period: string; version: string; value: number; restated: boolean }[] } };
    const june = spec.data.values.filter((v) => v.period === month(6));
    expect(june).toEqual([
      { period: month(6), version: BEFORE, value: 100, restated: true },
      { period: month(6), version: AFTER, value: 60, restated: true },
    ]);
    expect(spec.data.values).toHaveLength(10);
    expect(restatementChart('mrr_usd', points, [])).toBeNull();
  });

  it('label months on the axis without a vega-lite warning', async () => {
    const drawn = await draw(restatementChart('mrr_usd', points, restated) as unknown as ChartSpec);
    expect(drawn.warnings).toEqual([]);
    expect(drawn.svg).toContain('>Jun 2026<');
  });
});
