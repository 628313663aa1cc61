import { describe, expect, it } from 'vitest';
import { adoptionByTierSpec, lateInvoicesSpec, logoChurnSpec, repPerformanceSpec } from '../../../../src/app/charts/bars';
import { INVOICE_OUTCOME_PALETTE } from '../../../../src/app/charts/palette';
import type { Row } from '../../../../src/app/charts/rows';
import { draw } from './render';

describe('bar charts', () => {
  it('draws logo churn for months with a rate only', async () => {
    const rows: Row[] = [
      { month: '2024-01-01', starting_logos: 0, churned_logos: 0, logo_churn_rate: null },
      { month: '2024-02-01', starting_logos: 20, churned_logos: 1, logo_churn_rate: 0.05 },
    ];
    const drawn = await draw(logoChurnSpec(rows));
    expect(drawn.warnings).toEqual([]);
    expect(drawn.marks('rect').map((b) => b.datum.logo_churn_rate)).toEqual([0.05]);
  });

  it('stacks invoice outcomes in the palette’s order and refuses an outcome it has no colour for', async () => {
    const rows: Row[] = ['Paid late', 'Paid on time'].map((outcome) => ({ quarter_start_date: '2026-01-01', outcome, invoices: 2, total_usd: 10, average_days_late: 3 }));
    const drawn = await draw(lateInvoicesSpec(rows));
    const [bottom, top] = drawn.marks('rect').sort((a, b) => b.y! - a.y!);
    expect([bottom!.datum.outcome, top!.datum.outcome]).toEqual(['Paid on time', 'Paid late']);
    expect(top!.fill).toBe(INVOICE_OUTCOME_PALETTE.range[1]);
    expect(() => lateInvoicesSpec([{ ...rows[0]!, outcome: 'Lost' }])).toThrow(/Unknown invoice outcome "Lost"/);
  });

  it('orders features by overall adoption and draws a bar per tier', async () => {
    const rows: Row[] = [];
    for (const [feature, rate] of [['admin', 0.2], ['reports', 0.8]] as const) {
      for (const plan_tier of ['Starter', 'Growth']) rows.push({ feature, plan_tier, accounts: 10, adopted_accounts: rate * 10, adoption_rate: rate });
    }
    const drawn = await draw(adoptionByTierSpec(rows));
    expect(drawn.warnings).toEqual([]);
    const bars = drawn.marks('rect');
    expect(bars).toHaveLength(4);
    const y = (feature: string) => Math.min(...bars.filter((b) => b.datum.feature === feature).map((b) => b.y!));
    expect(y('reports')).toBeLessThan(y('admin'));
  });

  it('ranks reps by won amount and labels each bar with win rate and deals won', async () => {
    const rep = (rep_name: string, won: number, rate: number): Row => ({
      rep_name,
      is_active: 1,
      won_opportunities: 10,
      lost_opportunities: 5,
      win_rate: rate,
      won_amount_usd: won,
      open_pipeline_usd: 0,
      median_days_to_close: 30,
    });
    const drawn = await draw(repPerformanceSpec([rep('B', 100, 0.25), rep('A', 1000, 0.5)]));
    expect(drawn.warnings).toEqual([]);
    const bars = drawn.marks('rect').sort((a, b) => a.y! - b.y!);
    expect(bars.map((b) => b.datum.rep_name)).toEqual(['A', 'B']);
    const labels = drawn.marks('text').map((t) => `${t.datum.rep_name}: ${t.datum.label} ${t.datum.label_inside ? 'inside' : 'outside'}`);
    expect(labels.sort()).toEqual(['A: 50% win · 10 won inside', 'B: 25% win · 10 won outside']);
  });
});
