import { describe, expect, it } from 'vitest';
import type { Row } from '../../../../src/app/charts/rows';
import {
  ALL_EVENTS,
  activeUsersSpec,
  mrrByCurrencySpec,
  mrrByTierSpec,
  pipelineByStageSpec,
  taxonomyChangeSpec,
  taxonomySeries,
  usageBeforeMovementSpec,
  winRateSpec,
} from '../../../../src/app/charts/time-series';
import { STAGE_PALETTE, TIER_PALETTE } from '../../../../src/app/charts/palette';
import { draw } from './render';

describe('recurring revenue', () => {
  const rows: Row[] = [
    { month: '2026-01-01', plan_tier: 'Starter', accounts: 2, mrr_usd: 100, arr_usd: 1200 },
    { month: '2026-01-01', plan_tier: 'Enterprise', accounts: 1, mrr_usd: 900, arr_usd: 10800 },
    { month: '2026-02-01', plan_tier: 'Starter', accounts: 3, mrr_usd: 150, arr_usd: 1800 },
    { month: '2026-02-01', plan_tier: 'Enterprise', accounts: 1, mrr_usd: 1850, arr_usd: 22200 },
  ];

  it('stacks MRR by tier in the palette’s order, with the ARR axis at twelve times the MRR axis', async () => {
    const spec = mrrByTierSpec(rows);
    const drawn = await draw(spec);
    expect(drawn.warnings).toEqual([]);
    const layers = (spec as { layer: { encoding: { y: { scale: { domain: number[] } } } }[] }).layer;
    const [mrrDomain, arrDomain] = layers.map((l) => l.encoding.y.scale.domain);
    expect(mrrDomain).toEqual([0, 2000 * 1.05]);
    expect(arrDomain![1]).toBeCloseTo(mrrDomain![1]! * 12, 6);
    // Two tiers, one area each; Starter (first in the palette) at the bottom of the stack.
    const areas = drawn.marks('area');
    expect(areas.map((a) => a.datum.plan_tier).sort()).toEqual(['Enterprise', 'Enterprise', 'Starter', 'Starter']);
    // The total line runs along the top of the stack.
    const line = drawn.marks('line');
    expect(line.map((p) => p.datum.total_mrr_usd)).toEqual([1000, 2000]);
  });

  it('lists only the tiers and currencies that appear, in their fixed colours', async () => {
    const drawn = await draw(mrrByTierSpec(rows));
    const enterprise = drawn.marks('area').find((a) => a.datum.plan_tier === 'Enterprise')!;
    expect(enterprise.fill).toBe(TIER_PALETTE.range[TIER_PALETTE.domain.indexOf('Enterprise')]);
    expect(drawn.svg).not.toContain('>Growth<');
    expect(drawn.svg).not.toContain('>Unknown<');
    const currencies = rows.map((r) => ({ ...r, currency: r.plan_tier === 'Starter' ? 'JPY' : 'USD' }));
    const byCurrency = await draw(mrrByCurrencySpec(currencies));
    expect(byCurrency.svg).toContain('>JPY<');
    expect(byCurrency.svg).not.toContain('>EUR<');
  });
});

describe('taxonomySeries', () => {
  it('keeps the v1 and v2 series and adds their sum per week and canonical name', () => {
    const rows: Row[] = [
      { week_start_date: '2025-06-30', canonical_name: 'content_shared', taxonomy_version: 'v1', events: 40 },
      { week_start_date: '2025-06-30', canonical_name: 'content_shared', taxonomy_version: 'v2', events: 5 },
      { week_start_date: '2025-07-07', canonical_name: 'content_shared', taxonomy_version: 'v2', events: 44 },
      { week_start_date: '2025-07-07', canonical_name: 'query_executed', taxonomy_version: 'v1', events: 7 },
    ];
    const series = taxonomySeries(rows);
    const canonical = series.filter((r) => r.series === 'Canonical').map((r) => `${r.week_start_date} ${r.canonical_name} ${r.events}`);
    expect(canonical).toEqual(['2025-06-30 content_shared 45', '2025-07-07 content_shared 44', '2025-07-07 query_executed 7']);
    expect(series.filter((r) => r.series === 'v1 names')).toHaveLength(2);
    expect(series.filter((r) => r.series === 'v2 names')).toHaveLength(2);
  });

  it('rejects a version that is neither v1 nor v2', () => {
    expect(() => taxonomySeries([{ week_start_date: '2025-01-06', canonical_name: 'x', taxonomy_version: 'v3', events: 1 }])).toThrow(/Unknown taxonomy version "v3" for x/);
  });

  it('draws all events or one canonical event, with the first v2 week marked', async () => {
    const rows: Row[] = [];
    for (const [week, v1, v2] of [['2025-06-23', 10, 0], ['2025-06-30', 8, 3], ['2025-07-07', 2, 9], ['2025-07-14', 0, 11]] as const) {
      if (v1) rows.push({ week_start_date: week, canonical_name: 'a', taxonomy_version: 'v1', events: v1 });
      if (v2) rows.push({ week_start_date: week, canonical_name: 'a', taxonomy_version: 'v2', events: v2 });
      rows.push({ week_start_date: week, canonical_name: 'b', taxonomy_version: week < '2025-06-30' ? 'v1' : 'v2', events: 100 });
    }
    const all = await draw(taxonomyChangeSpec(rows));
    expect(all.warnings).toEqual([]);
    const canonical = (d: Awaited<ReturnType<typeof draw>>) => d.marks('line').filter((p) => p.datum.series === 'Canonical').map((p) => p.datum.events);
    expect(canonical(all)).toEqual([110, 111, 111, 111]);
    const justA = await draw(taxonomyChangeSpec(rows), { canonical_event: 'a' });
    expect(canonical(justA)).toEqual([10, 11, 11, 11]);
    expect(all.marks('rule').map((r) => r.datum.note)).toEqual(['First v2 names']);
    expect(ALL_EVENTS).toBe('All events');
  });
});

describe('other series', () => {
  it('draws DAU, WAU and MAU as three lines from one row per day', async () => {
    const rows: Row[] = ['2026-01-01', '2026-01-02'].map((date_day, i) => ({ date_day, dau: 1 + i, wau: 5 + i, mau: 9 + i }));
    const drawn = await draw(activeUsersSpec(rows));
    expect(drawn.warnings).toEqual([]);
    const bySeries = new Map<string, unknown[]>();
    for (const p of drawn.marks('line')) bySeries.set(p.datum.series as string, [...(bySeries.get(p.datum.series as string) ?? []), p.datum.value]);
    expect(Object.fromEntries(bySeries)).toEqual({ MAU: [9, 10], WAU: [5, 6], DAU: [1, 2] });
  });

  it('stacks open pipeline with Prospecting at the bottom', async () => {
    const rows: Row[] = ['Negotiation', 'Prospecting'].map((stage_name) => ({
      week_end_date: '2026-01-04',
      stage_name,
      open_opportunities: 1,
      open_amount_usd: 100,
      opportunities_without_amount: 0,
    }));
    const drawn = await draw(pipelineByStageSpec(rows));
    const [bottom] = drawn.marks('area').sort((a, b) => b.y! - a.y!);
    expect(bottom!.datum.stage_name).toBe('Prospecting');
    expect(bottom!.fill).toBe(STAGE_PALETTE.range[0]);
  });

  it('draws a win-rate line per segment, all segments dashed', async () => {
    const rows: Row[] = ['SMB', 'All segments'].flatMap((size_segment) =>
      ['2025-01-01', '2025-04-01'].map((quarter_start_date) => ({
        quarter_start_date,
        quarter_name: quarter_start_date.startsWith('2025-01') ? '2025-Q1' : '2025-Q2',
        size_segment,
        won_opportunities: 1,
        closed_opportunities: 2,
        win_rate_by_count: 0.5,
        win_rate_by_amount: 0.4,
      })),
    );
    const drawn = await draw(winRateSpec(rows));
    expect(drawn.warnings).toEqual([]);
    expect(drawn.marks('line')).toHaveLength(4);
    expect(drawn.svg).toMatch(/stroke-dasharray="5,3"/);
  });

  it('draws usage before a movement for the measure picked, months counted back from the movement', async () => {
    const rows: Row[] = ['active_days', 'events'].flatMap((measure) =>
      [0, 1, 2].map((months_before) => ({ movement: 'churn', months_before, measure, average: measure === 'events' ? 100 - months_before : 3 - months_before, account_months: 5 })),
    );
    const drawn = await draw(usageBeforeMovementSpec(rows));
    expect(drawn.warnings).toEqual([]);
    expect(drawn.marks('line').map((p) => [p.datum.month_offset, p.datum.average])).toEqual([[-2, 1], [-1, 2], [0, 3]]);
    const events = await draw(usageBeforeMovementSpec(rows), { measure: 'events' });
    expect(events.marks('line').map((p) => p.datum.average)).toEqual([98, 99, 100]);
    expect(() => usageBeforeMovementSpec([{ ...rows[0]!, measure: 'logins' }])).toThrow(/Unknown usage measure "logins"/);
  });
});
