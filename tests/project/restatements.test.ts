/**
 * The backfill reconciliation: after the late batch, fct_metric_restatements
 * lists the historical numbers it changed (October DAU, revenue collected,
 * invoices that turned paid), each with the value the batch-1 marts showed
 * and the value the backfilled marts show; loading the batch again restates
 * nothing more, and a full refresh (a single load) has nothing to restate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuild, rows } from './builds';

type Db = Awaited<ReturnType<typeof openBuild>>;

interface Restatement {
  metric: string;
  period: string;
  restatement_number: number;
  value_before: number;
  value_after: number;
  change: number;
  is_current: number;
}

const cents = (x: number) => Math.round(x * 100);

/** metric|period -> value of int_metric_values_unioned in a build. */
function metricValues(db: Db): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows<{ metric: string; period: string; value: number }>(db, 'select metric, period, value from int_metric_values_unioned')) {
    out.set(`${r.metric}|${r.period}`, r.value);
  }
  return out;
}

describe('the restatement report after the backfill', () => {
  let batch1: Db;
  let backfill: Db;
  let restated: Restatement[];
  beforeAll(async () => {
    batch1 = await openBuild('batch1');
    backfill = await openBuild('backfill');
    restated = rows<Restatement>(backfill, 'select * from fct_metric_restatements order by metric, period');
  });
  afterAll(() => {
    batch1?.close();
    backfill?.close();
  });

  it('lists exactly the metric values that differ between the batch-1 and the backfill builds', () => {
    const before = metricValues(batch1);
    const after = metricValues(backfill);
    const changed = [...before.entries()]
      .filter(([key, value]) => after.has(key) && after.get(key) !== value)
      .map(([key, value]) => ({ key, value_before: value, value_after: after.get(key)! }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(changed.length).toBeGreaterThan(10);
    expect(
      restated.map((r) => ({ key: `${r.metric}|${r.period}`, value_before: r.value_before, value_after: r.value_after })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    ).toEqual(changed);
    expect(restated.every((r) => r.restatement_number === 1 && r.is_current === 1)).toBe(true);
    expect(restated.every((r) => cents(r.change) === cents(r.value_after) - cents(r.value_before))).toBe(true);
  });

  it('restates October DAU with the late events, as fct_daily_engagement showed it before and after', () => {
    const dau = restated.filter((r) => r.metric === 'dau' && r.period.startsWith('2026-10-'));
    expect(dau.length).toBeGreaterThan(5);
    const days = dau.map((r) => r.period);
    const placeholders = days.map(() => '?').join(', ');
    const read = (db: Db) =>
      new Map(
        rows<{ date_day: string; dau: number }>(db, `select date_day, dau from fct_daily_engagement where date_day in (${placeholders})`, days).map((r) => [
          r.date_day,
          r.dau,
        ]),
      );
    const was = read(batch1);
    const is = read(backfill);
    expect(dau.map((r) => [r.period, r.value_before, r.value_after])).toEqual(dau.map((r) => [r.period, was.get(r.period), is.get(r.period)]));
    // Late events add activity (an identify arriving late can also merge two
    // people, so a single day may go down; October as a whole goes up).
    expect(dau.reduce((n, r) => n + r.change, 0)).toBeGreaterThan(0);
  });

  it('restates October revenue collected with the charges the Stripe outage held back', () => {
    const october = restated.find((r) => r.metric === 'revenue_collected_usd' && r.period === '2026-10-01');
    expect(october).toBeDefined();
    const collected = (db: Db) =>
      rows<{ usd: number }>(db, `select round(sum(net_amount_usd), 2) as usd from fct_payments where created_at >= '2026-10-01' and created_at < '2026-11-01'`)[0]!.usd;
    expect(cents(october!.value_before)).toBe(cents(collected(batch1)));
    expect(cents(october!.value_after)).toBe(cents(collected(backfill)));
    expect(october!.value_after).toBeGreaterThan(october!.value_before);
  });

  it('restates the issue months of invoices that turned paid', () => {
    const paid = restated.filter((r) => r.metric === 'invoices_paid');
    expect(paid.length).toBeGreaterThan(0);
    const count = (db: Db, month: string) =>
      rows<{ n: number }>(db, `select sum(is_paid) as n from fct_invoices where substr(created_at, 1, 7) = substr(?, 1, 7)`, [month])[0]!.n;
    for (const r of paid) {
      expect([r.period, r.value_before, r.value_after]).toEqual([r.period, count(batch1, r.period), count(backfill, r.period)]);
    }
    // The invoices behind the change: unpaid in batch 1, paid after the backfill.
    const unpaidBefore = new Set(rows<{ invoice_id: string }>(batch1, `select invoice_id from fct_invoices where is_paid = 0`).map((r) => r.invoice_id));
    const turned = rows<{ invoice_id: string; month: string }>(backfill, `select invoice_id, substr(created_at, 1, 7) || '-01' as month from fct_invoices where is_paid = 1`).filter(
      (r) => unpaidBefore.has(r.invoice_id),
    );
    expect(turned.length).toBeGreaterThan(0);
    for (const month of new Set(turned.map((t) => t.month))) {
      expect(paid.map((r) => r.period)).toContain(month);
    }
  });
});

describe('the restatement report after other loads', () => {
  it('adds nothing when the same batch is loaded again', async () => {
    const once = await openBuild('backfill');
    const twice = await openBuild('backfill_twice');
    const all = 'select * from fct_metric_restatements order by restatement_id';
    expect(rows(twice, all)).toEqual(rows(once, all));
    once.close();
    twice.close();
  });

  it('is empty after a full refresh, where the warehouse saw a single load', async () => {
    const full = await openBuild('full_refresh');
    expect(rows(full, 'select count(*) as n from fct_metric_restatements')[0]).toEqual({ n: 0 });
    expect(rows<{ n: number }>(full, 'select count(*) as n from snap_metric_values')[0]!.n).toBeGreaterThan(100);
    full.close();
  });
});
