import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_DOMAIN } from '../../../src/generator/config';
import { resolveIdentity } from '../../../src/generator/identity';
import type { TruthSection } from '../../../src/generator/truth';
import { type Built, defaultWarehouse, type Rec, latest, loadSeedTables, openDb, rows, withDelta } from './support';

/**
 * The truth's own identities, and the truth recomputed from the raw files
 * alone with plain SQL and the rules in docs/source-map.md, the way the model
 * project will. If these pass, the mess is decidable and the marts can match
 * the truth exactly.
 */

let built: Built;
const dbs: Record<'batch1' | 'batch1_plus_delta', Database> = {} as never;

beforeAll(async () => {
  built = await defaultWarehouse();
  dbs.batch1 = await openDb(built.raw);
  dbs.batch1_plus_delta = await withDelta(built.raw, built.delta);
  for (const db of Object.values(dbs)) loadSeedTables(db);
});

const SECTIONS = ['batch1', 'batch1_plus_delta'] as const;
const cents = (x: number): number => Math.round(x * 100);

describe.each(SECTIONS)('truth identities (%s)', (section) => {
  const t = (): TruthSection => built.truth[section];

  it('rolls MRR forward exactly each month with the FX adjustment, per account and in total', () => {
    const prev = new Map<string, number>();
    const byKey = new Map(t().mrr.map((m) => [`${m.account_id}|${m.month}`, m]));
    for (const mv of t().mrr_movements) {
      const m = byKey.get(`${mv.account_id}|${mv.month}`)!;
      const before = prev.get(mv.account_id) ?? 0;
      expect(cents(m.mrr_usd), `${mv.account_id} ${mv.month}`).toBe(before + cents(mv.mrr_change_usd) + cents(mv.fx_adjustment_usd));
      prev.set(mv.account_id, cents(m.mrr_usd));
    }
    let total = 0;
    for (const m of t().mrr_by_month) {
      const flows = [m.new_usd, m.expansion_usd, m.contraction_usd, m.churn_usd, m.reactivation_usd, m.fx_adjustment_usd].map(cents);
      expect(cents(m.mrr_usd), m.month).toBe(total + flows.reduce((a, b) => a + b, 0));
      const sum = t().mrr.filter((r) => r.month === m.month).reduce((a, r) => a + cents(r.mrr_usd), 0);
      expect(cents(m.mrr_usd)).toBe(sum);
      total = cents(m.mrr_usd);
    }
    expect(total).toBeGreaterThan(0);
    expect(t().mrr_by_month.some((m) => m.fx_adjustment_usd !== 0)).toBe(true);
  });

  it('classifies movements from local-currency MRR', () => {
    const counts = new Map<string, number>();
    for (const mv of t().mrr_movements) counts.set(mv.movement, (counts.get(mv.movement) ?? 0) + 1);
    for (const kind of ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'unchanged']) expect(counts.get(kind) ?? 0, kind).toBeGreaterThan(0);
    const logos = t().logos.at(-1)!;
    expect(logos.active).toBe(t().mrr.filter((m) => m.month === logos.month && m.mrr_local > 0).length);
  });

  it('has invoice line items that sum to invoice subtotals', () => {
    const bad = rows(
      dbs[section],
      `SELECT i.id, i.subtotal, sum(l.amount) AS lines FROM ${latest('stripe__invoice')} i
       JOIN ${latest('stripe__invoice_line_item')} l ON l.invoice_id = i.id
       GROUP BY i.id HAVING sum(l.amount) != i.subtotal`,
    );
    expect(bad).toEqual([]);
    const orphanInvoices = rows(dbs[section], `SELECT id FROM ${latest('stripe__invoice')} WHERE id NOT IN (SELECT invoice_id FROM stripe__invoice_line_item)`);
    expect(orphanInvoices).toEqual([]);
  });

  it('has DAU <= WAU <= MAU every day', () => {
    const days = t().daily_engagement;
    expect(days.length).toBeGreaterThan(1000);
    for (const d of days) {
      expect(d.dau, d.date).toBeLessThanOrEqual(d.wau);
      expect(d.wau, d.date).toBeLessThanOrEqual(d.mau);
    }
    expect(Math.max(...days.map((d) => d.mau))).toBeGreaterThan(Math.max(...days.map((d) => d.dau)));
  });
});

describe.each(SECTIONS)('the truth recomputed from the raw tables (%s)', (section) => {
  const t = (): TruthSection => built.truth[section];
  const db = (): Database => dbs[section];

  it('recovers the identity map with the documented rules', () => {
    const accounts = rows(
      db(),
      `SELECT Id, MasterRecordId, Stripe_Customer_Id__c, Workspace_Id__c, IsDeleted FROM ${latest('salesforce__account')}
       WHERE _fivetran_deleted = 0 AND coalesce(lower(Website), '') NOT LIKE '%${INTERNAL_DOMAIN}%'
         AND (IsDeleted = 0 OR MasterRecordId IS NOT NULL)`,
    );
    const customers = rows(
      db(),
      `SELECT id, created, json_extract(metadata, '$.salesforce_account_id') AS sf, json_extract(metadata, '$.workspace_id') AS ws
       FROM ${latest('stripe__customer')} WHERE livemode = 1 AND deleted = 0`,
    );
    const internal = `SELECT user_id FROM segment__identifies WHERE lower(trim(email)) LIKE '%@${INTERNAL_DOMAIN}'`;
    const workspaces = rows(db(), `SELECT DISTINCT group_id FROM segment__groups WHERE user_id NOT IN (${internal}) ORDER BY 1`).map((r) => String(r.group_id));
    const resolved = resolveIdentity(
      accounts.map((a) => ({ id: String(a.Id), masterRecordId: a.IsDeleted === 1 ? (a.MasterRecordId as string) : null, stripeCustomerField: a.Stripe_Customer_Id__c as string | null, workspaceField: a.Workspace_Id__c as string | null })),
      customers.map((c) => ({ id: String(c.id), created: Number(c.created), metadataSalesforceId: c.sf as string | null, metadataWorkspaceId: c.ws as string | null })),
      workspaces,
    );
    expect(
      [...resolved.customers.entries()].map(([id, r]) => ({ stripe_customer_id: id, account_id: r.accountId, match_method: r.method })).sort((a, b) => (a.stripe_customer_id < b.stripe_customer_id ? -1 : 1)),
    ).toEqual(t().identity.stripe_customers);
    expect(workspaces.map((w) => ({ workspace_id: w, account_id: resolved.workspaces.get(w)!.accountId, match_method: resolved.workspaces.get(w)!.method }))).toEqual(t().identity.workspaces);
    const keys = new Set([...accounts.filter((a) => a.IsDeleted === 0).map((a) => String(a.Id)), ...[...resolved.customers.values()].map((r) => r.accountId)]);
    expect([...keys].sort()).toEqual(t().accounts.map((a) => a.account_id));
  });

  it('recovers MRR per account and month to the cent', () => {
    const idmap = t().identity.stripe_customers;
    db().exec('DROP TABLE IF EXISTS idmap; CREATE TABLE idmap (customer_id, account_id); DROP TABLE IF EXISTS spine; CREATE TABLE spine (month)');
    const ins = db().prepare('INSERT INTO idmap VALUES (?, ?)');
    for (const c of idmap) ins.run([c.stripe_customer_id, c.account_id]);
    ins.free();
    const sp = db().prepare('INSERT INTO spine VALUES (?)');
    for (const m of t().months) sp.run([m]);
    sp.free();
    const got = rows(
      db(),
      `WITH months AS (
         SELECT month, strftime('%Y-%m-%dT23:59:59.000Z', month, '+1 month', '-1 day') AS t,
                CAST(strftime('%s', month, '+1 month') AS INTEGER) - 1 AS te FROM spine
       ), items AS (
         SELECT m.month, s.id AS sub_id, s.customer_id, c.billing_interval AS interval,
                c.unit_amount * i.quantity / (CASE c.billing_interval WHEN 'year' THEN 12 ELSE 1 END) AS amount
         FROM months m
         JOIN ${latest('stripe__subscription_history')} s ON s._fivetran_start <= m.t AND s._fivetran_end >= m.t
           AND s.status IN ('active', 'past_due') AND s.livemode = 1
         JOIN ${latest('stripe__subscription_item_history')} i ON i.subscription_id = s.id AND i._fivetran_start <= m.t AND i._fivetran_end >= m.t
         JOIN seed_plan_catalog c ON c.price_id = coalesce(i.price_id, i.plan_id)
       ), discounted AS (
         SELECT it.month, it.customer_id, it.amount - coalesce(sum(CASE WHEN cp.percent_off IS NOT NULL THEN it.amount * cp.percent_off / 100.0
                ELSE cp.amount_off * 1.0 / (CASE it.interval WHEN 'year' THEN 12 ELSE 1 END) END), 0) AS amount
         FROM items it JOIN months m ON m.month = it.month
         LEFT JOIN ${latest('stripe__discount')} d ON d.subscription_id = it.sub_id AND d.start <= m.te AND (d."end" IS NULL OR d."end" > m.te)
         LEFT JOIN ${latest('stripe__coupon')} cp ON cp.id = d.coupon_id AND cp.duration != 'once'
         GROUP BY it.month, it.sub_id
       )
       SELECT idmap.account_id, d.month, sum(d.amount) AS minor
       FROM discounted d JOIN idmap ON idmap.customer_id = d.customer_id
       GROUP BY 1, 2 HAVING sum(d.amount) != 0`,
    );
    const truth = new Map(t().mrr.map((m) => [`${m.account_id}|${m.month}`, m]));
    const mismatches: string[] = [];
    for (const r of got) {
      const m = truth.get(`${r.account_id}|${r.month}`);
      const local = Number(r.minor) / (m?.currency === 'JPY' ? 1 : 100);
      if (!m || Math.abs(m.mrr_local - local) > 1e-9) mismatches.push(`${r.account_id} ${r.month}: raw ${local}, truth ${m?.mrr_local}`);
    }
    const positive = t().mrr.filter((m) => m.mrr_local > 0).length;
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(got.length).toBe(positive);
  });

  it('recovers DAU, sessions and events per day', () => {
    const perDay = rows(
      db(),
      `WITH tracks AS (SELECT * FROM ${latest('segment__tracks')}),
       anon AS (SELECT anonymous_id, min(user_id) AS user_id FROM segment__identifies WHERE anonymous_id IS NOT NULL GROUP BY 1),
       internal AS (SELECT DISTINCT user_id FROM segment__identifies WHERE lower(trim(email)) LIKE '%@${INTERNAL_DOMAIN}'),
       ev AS (
         SELECT coalesce(t.user_id, anon.user_id, t.anonymous_id) AS person, datetime(t.timestamp) AS at
         FROM tracks t LEFT JOIN anon ON anon.anonymous_id = t.anonymous_id
         WHERE coalesce(t.user_id, anon.user_id, t.anonymous_id) NOT IN (SELECT user_id FROM internal)
       ),
       gaps AS (
         SELECT person, at, (julianday(at) - julianday(lag(at) OVER (PARTITION BY person ORDER BY at))) * 86400 AS gap FROM ev
       )
       SELECT date(at) AS day, count(DISTINCT person) AS dau, count(*) AS events,
              sum(CASE WHEN gap IS NULL OR gap > 1800.5 THEN 1 ELSE 0 END) AS sessions
       FROM gaps GROUP BY 1`,
    );
    const truth = new Map(t().daily_engagement.map((d) => [d.date, d]));
    const diffs = perDay.filter((r) => {
      const d = truth.get(String(r.day));
      return !d || d.dau !== r.dau || d.events !== r.events || d.sessions !== r.sessions;
    });
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(perDay.reduce((a, r) => a + Number(r.events), 0)).toBe(t().daily_engagement.reduce((a, d) => a + d.events, 0));
  });

  it('recovers each opportunity: outcome, dates and days in each stage', () => {
    const opps = rows(
      db(),
      `SELECT o.*, coalesce(a.MasterRecordId, o.AccountId) AS account FROM ${latest('salesforce__opportunity')} o
       JOIN ${latest('salesforce__account')} a ON a.Id = o.AccountId
       WHERE o.IsDeleted = 0 AND o._fivetran_deleted = 0 AND coalesce(lower(a.Website), '') NOT LIKE '%${INTERNAL_DOMAIN}%'`,
    );
    const history = new Map<string, Rec[]>();
    for (const h of rows(db(), `SELECT * FROM ${latest('salesforce__opportunity_history')} WHERE IsDeleted = 0 AND _fivetran_deleted = 0 ORDER BY CreatedDate, Id`)) {
      const list = history.get(String(h.OpportunityId)) ?? [];
      list.push(h);
      history.set(String(h.OpportunityId), list);
    }
    const day = (s: unknown): number => Date.parse(`${String(s).slice(0, 10)}T00:00:00Z`) / 86_400_000;
    const recomputed = opps.map((o) => {
      const closed = o.IsClosed === 1;
      const stages: Record<string, number> = {};
      const hs = history.get(String(o.Id)) ?? [];
      hs.forEach((h, i) => {
        if (String(h.StageName).startsWith('Closed')) return;
        const end = hs[i + 1] ? day(hs[i + 1]!.CreatedDate) : closed ? day(o.CloseDate) : null;
        if (end !== null) stages[String(h.StageName)] = (stages[String(h.StageName)] ?? 0) + end - day(h.CreatedDate);
      });
      return {
        opportunity_id: o.Id,
        account_id: o.account,
        stage: o.StageName,
        is_won: o.IsWon === 1,
        amount: o.Amount,
        days_to_close: closed ? day(o.CloseDate) - day(o.CreatedDate) : null,
        days_in_stage: stages,
      };
    });
    const truth = t().opportunities.map((o) => ({
      opportunity_id: o.opportunity_id,
      account_id: o.account_id,
      stage: o.stage,
      is_won: o.is_won,
      amount: o.amount,
      days_to_close: o.days_to_close,
      days_in_stage: o.days_in_stage,
    }));
    recomputed.sort((a, b) => (String(a.opportunity_id) < String(b.opportunity_id) ? -1 : 1));
    expect(recomputed).toEqual(truth);
    expect(truth.length).toBeGreaterThanOrEqual(1000);
  });

  it('recovers each invoice: status, total and amount paid', () => {
    const live = new Set(t().identity.stripe_customers.map((c) => c.stripe_customer_id));
    const got = rows(db(), `SELECT id, customer_id, status, currency, total, amount_paid FROM ${latest('stripe__invoice')} WHERE livemode = 1 ORDER BY id`)
      .filter((r) => live.has(String(r.customer_id)))
      .map((r) => {
        const f = r.currency === 'jpy' ? 1 : 100;
        return { invoice_id: r.id, status: r.status, total_local: Number(r.total) / f, amount_paid_local: Number(r.amount_paid) / f };
      });
    expect(got).toEqual(t().invoices.map((i) => ({ invoice_id: i.invoice_id, status: i.status, total_local: i.total_local, amount_paid_local: i.amount_paid_local })));
  });
});

describe('the late batch restates history', () => {
  it('changes October engagement and invoice statuses, and adds November', () => {
    const oct = (s: TruthSection): number => s.daily_engagement.filter((d) => d.date.startsWith('2026-10')).reduce((a, d) => a + d.events, 0);
    expect(oct(built.truth.batch1_plus_delta)).toBeGreaterThan(oct(built.truth.batch1));
    const paid = (s: TruthSection): number => s.invoices.filter((i) => i.status === 'paid').length;
    expect(paid(built.truth.batch1_plus_delta)).toBeGreaterThan(paid(built.truth.batch1));
    expect(built.truth.batch1_plus_delta.months.at(-1)).toBe('2026-11-01');
    expect(built.truth.batch1.months.at(-1)).toBe('2026-10-01');
  });
});

describe('usage follows the business', () => {
  it('declines in the months before an account churns', () => {
    const s = built.truth.batch1;
    const wsAccount = new Map(s.identity.workspaces.filter((w) => w.account_id).map((w) => [w.workspace_id, w.account_id!]));
    const userAccount = new Map<string, string>();
    for (const g of rows(dbs.batch1, 'SELECT user_id, group_id FROM segment__groups')) {
      const a = wsAccount.get(String(g.group_id));
      if (a) userAccount.set(String(g.user_id), a);
    }
    // The reference is the end of the first month with zero MRR: the subscription ended before it.
    const firstMonth = new Map<string, number>();
    const churnEnd = new Map<string, number>();
    for (const m of s.mrr_movements) {
      const start = Date.parse(`${m.month}T00:00:00Z`) / 1000;
      if (m.movement === 'new' && !firstMonth.has(m.account_id)) firstMonth.set(m.account_id, start);
      if (m.movement === 'churn' && !churnEnd.has(m.account_id)) {
        const next = new Date(start * 1000);
        next.setUTCMonth(next.getUTCMonth() + 1);
        churnEnd.set(m.account_id, next.getTime() / 1000);
      }
    }
    // Only accounts old enough to have both windows.
    for (const [a, end] of churnEnd) if (end - firstMonth.get(a)! < 330 * 86_400) churnEnd.delete(a);
    let near = 0;
    let earlier = 0;
    for (const e of rows(dbs.batch1, "SELECT user_id, CAST(strftime('%s', timestamp) AS INTEGER) AS ts FROM segment__tracks WHERE user_id IS NOT NULL")) {
      const account = userAccount.get(String(e.user_id));
      const end = account ? churnEnd.get(account) : undefined;
      if (end === undefined) continue;
      const daysBefore = (end - Number(e.ts)) / 86_400;
      if (daysBefore > 0 && daysBefore <= 90) near++;
      else if (daysBefore > 180 && daysBefore <= 270) earlier++;
    }
    expect(churnEnd.size).toBeGreaterThan(10);
    expect(earlier).toBeGreaterThan(0);
    // Same-length windows: the quarter before churn sees far less use than two quarters earlier.
    expect(near).toBeLessThan(earlier * 0.6);
  });
});
