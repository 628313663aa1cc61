/**
 * fct_account_months, the cross-domain table, for batch 1 and after the
 * backfill: its revenue columns add up to the true MRR and logo counts, its
 * usage columns add up (with the sessions of people without an account) to
 * the true sessions and hold every event once, nothing fans out, and the
 * usage fade ahead of a churn is visible in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthSection } from '../../src/generator/truth';
import { groundTruth, openBuild, rows, type BuildName } from './builds';

type Db = Awaited<ReturnType<typeof openBuild>>;

const CASES: [BuildName, 'batch1' | 'batch1_plus_delta'][] = [
  ['batch1', 'batch1'],
  ['backfill', 'batch1_plus_delta'],
];

const cents = (x: number) => Math.round(x * 100);

/** month -> value, from rows of { month, value }. */
const byMonth = (list: { month: string; value: number }[]) => new Map(list.map((r) => [r.month, r.value]));

describe.each(CASES)('fct_account_months in the %s build', (build, section) => {
  let db: Db;
  let truth: TruthSection;
  beforeAll(async () => {
    db = await openBuild(build);
    truth = groundTruth()[section];
  });
  afterAll(() => db?.close());

  it('has one row per account and month, and one per fct_mrr row', () => {
    const dup = rows(db, `select account_id, month from fct_account_months group by account_id, month having count(*) > 1`);
    expect(dup).toEqual([]);
    const unmatched = rows(
      db,
      `select fct_mrr.account_id, fct_mrr.month from fct_mrr
       left join fct_account_months using (account_id, month)
       where fct_account_months.account_id is null`,
    );
    expect(unmatched).toEqual([]);
  });

  it('adds up to the true MRR and paying logos every month', () => {
    const got = rows<{ month: string; mrr_cents: number; paying: number }>(
      db,
      `select month, sum(cast(round(mrr_usd * 100) as integer)) as mrr_cents, sum(is_paying) as paying
       from fct_account_months group by month order by month`,
    );
    const months = truth.mrr_by_month.filter((m) => m.mrr_usd !== 0).map((m) => m.month);
    const gotMrr = new Map(got.map((r) => [r.month, r.mrr_cents]));
    const gotPaying = new Map(got.map((r) => [r.month, r.paying]));
    expect(months.length).toBeGreaterThan(20);
    expect(months.map((m) => [m, gotMrr.get(m) ?? 0])).toEqual(
      months.map((m) => [m, cents(truth.mrr_by_month.find((x) => x.month === m)!.mrr_usd)]),
    );
    expect(truth.logos.map((l) => [l.month, gotPaying.get(l.month) ?? 0])).toEqual(truth.logos.map((l) => [l.month, l.active]));
  });

  it('adds up, with the sessions of people without an account, to the true sessions per month', () => {
    const lastMonth = rows<{ month: string }>(db, 'select max(month) as month from fct_account_months')[0]!.month;
    const accountSessions = byMonth(rows(db, 'select month, sum(sessions) as value from fct_account_months group by month'));
    const otherSessions = byMonth(
      rows(db, `select substr(session_date, 1, 7) || '-01' as month, count(*) as value from fct_sessions where account_id is null group by 1`),
    );
    const trueSessions = new Map<string, number>();
    for (const d of truth.daily_engagement) {
      const m = `${d.date.slice(0, 7)}-01`;
      if (m <= lastMonth) trueSessions.set(m, (trueSessions.get(m) ?? 0) + d.sessions);
    }
    const months = [...trueSessions.keys()].sort();
    expect(months.length).toBeGreaterThan(20);
    expect(months.map((m) => [m, (accountSessions.get(m) ?? 0) + (otherSessions.get(m) ?? 0)])).toEqual(months.map((m) => [m, trueSessions.get(m)]));
    // Most activity belongs to an account.
    const inAccounts = months.reduce((n, m) => n + (accountSessions.get(m) ?? 0), 0);
    expect(inAccounts).toBeGreaterThan(0.5 * months.reduce((n, m) => n + trueSessions.get(m)!, 0));
  });

  it("holds every event of the accounts' sessions, each once", () => {
    const [got] = rows<{ events: number }>(db, 'select sum(events) as events from fct_account_months');
    const [want] = rows<{ events: number }>(db, 'select count(*) as events from fct_events where account_id is not null');
    expect(got!.events).toBeGreaterThan(10_000);
    expect(got!.events).toBe(want!.events);
  });

  it('counts each active person once, in the account of their workspace', () => {
    const got = rows(db, `select month, sum(active_users) as value from fct_account_months where active_users > 0 group by month order by month`);
    const want = rows(
      db,
      `select substr(session_date, 1, 7) || '-01' as month, count(distinct user_id) as value
       from fct_sessions where account_id is not null group by 1 order by 1`,
    );
    expect(got.length).toBeGreaterThan(20);
    expect(got).toEqual(want);
  });

  it('shows usage fading in the months before a churn', () => {
    const usage = new Map(
      rows<{ months_to_churn: number; accounts: number; events: number }>(
        db,
        `select months_to_churn, count(*) as accounts, avg(events) as events
         from fct_account_months where months_to_churn between 1 and 6 group by months_to_churn`,
      ).map((r) => [r.months_to_churn, r]),
    );
    expect(usage.get(1)!.accounts).toBeGreaterThan(20);
    // The generator fades activity over the four months before a churn.
    expect(usage.get(1)!.events).toBeLessThan(0.75 * usage.get(6)!.events);
    expect(usage.get(1)!.events).toBeLessThan(usage.get(3)!.events);
  });
});
