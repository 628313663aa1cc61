import { describe, expect, it } from 'vitest';
import { adoptionRetentionSpec, boxStats, daysInStageSpec, daysToCloseSpec, quantile } from '../../../../src/app/charts/distribution';
import type { Row } from '../../../../src/app/charts/rows';
import { draw } from './render';

describe('quantile and boxStats', () => {
  it('interpolates quantiles between sorted values', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile([7], 0.9)).toBe(7);
    expect(() => quantile([], 0.5)).toThrow(/No values/);
  });

  it('summarises each group, whiskers stopping at the last value within 1.5 box lengths', () => {
    const rows: Row[] = [1, 2, 3, 4, 5, 6, 7, 8, 100].map((days) => ({ stage_name: 'Proposal', days_in_stage: days }));
    rows.push({ stage_name: 'Proposal', days_in_stage: null }, { stage_name: 'Discovery', days_in_stage: 10 });
    const [proposal, discovery] = boxStats(rows, 'stage_name', 'stage_name', 'days_in_stage');
    expect(proposal).toMatchObject({ group: 'Proposal', n: 9, min: 1, q1: 3, median: 5, q3: 7, max: 100, lower: 1, upper: 8 });
    expect(discovery).toMatchObject({ group: 'Discovery', n: 1, median: 10, lower: 10, upper: 10 });
  });
});

describe('box plots', () => {
  it('draws a box per segment and outcome for days to close, in segment order', async () => {
    const rows: Row[] = [];
    for (const segment of ['Enterprise', 'SMB']) for (const outcome of ['won', 'lost']) for (const d of [10, 20, 30]) rows.push({ size_segment: segment, outcome, days_to_close: d * (segment === 'SMB' ? 1 : 3) });
    const drawn = await draw(daysToCloseSpec(rows));
    expect(drawn.warnings).toEqual([]);
    const boxes = drawn.marks('rect').filter((m) => m.markName === 'box_marks');
    expect(drawn.marks('rect').filter((m) => m.markName === 'median_marks')).toHaveLength(4);
    expect(boxes.map((b) => b.datum.group).sort()).toEqual(['Enterprise · lost', 'Enterprise · won', 'SMB · lost', 'SMB · won']);
    const smbWon = boxes.find((b) => b.datum.group === 'SMB · won')!;
    expect(smbWon.datum.median).toBe(20);
    // SMB sorts above Enterprise.
    expect(smbWon.y!).toBeLessThan(boxes.find((b) => b.datum.group === 'Enterprise · won')!.y!);
  });

  it('draws one box per stage in the order of the sales process', async () => {
    const stages = ['Negotiation', 'Prospecting', 'Proposal'];
    const rows: Row[] = stages.flatMap((stage_name, i) => [5, 10, 15].map((d) => ({ stage_name, days_in_stage: d + i })));
    const drawn = await draw(daysInStageSpec(rows));
    const boxes = drawn.marks('rect')
      .filter((m) => m.markName === 'box_marks')
      .sort((a, b) => a.y! - b.y!);
    expect(boxes.map((b) => b.datum.group)).toEqual(['Prospecting', 'Proposal', 'Negotiation']);
  });
});

describe('adoptionRetentionSpec', () => {
  const group = (feature: string, account_group: string, nrr: number | null, share: number): Row => ({
    feature,
    account_group,
    accounts: 10,
    starting_mrr_usd: 1000,
    retained_mrr_usd: nrr === null ? null : 1000 * nrr,
    net_revenue_retention: nrr,
    share_of_base: share,
  });

  it('compares adopters and non-adopters per feature, most adopted feature first, dropping features without both groups', async () => {
    const rows = [
      group('alerts', 'Adopters', 1.1, 0.3),
      group('alerts', 'Non-adopters', 1.2, 0.7),
      group('reports', 'Adopters', 1.15, 0.8),
      group('reports', 'Non-adopters', 1.05, 0.2),
      group('onboarding', 'Non-adopters', 1.1, 1),
    ];
    const drawn = await draw(adoptionRetentionSpec(rows));
    expect(drawn.warnings).toEqual([]);
    const points = drawn.marks('symbol');
    expect(points).toHaveLength(4);
    expect(points.some((p) => p.datum.feature === 'onboarding')).toBe(false);
    const y = (feature: string) => points.find((p) => p.datum.feature === feature)!.y!;
    expect(y('reports')).toBeLessThan(y('alerts'));
  });

  it('rejects a group it does not know', () => {
    expect(() => adoptionRetentionSpec([group('alerts', 'Maybe', 1, 1)])).toThrow(/Unknown account group "Maybe"/);
  });
});
