/**
 * The unified account identity against the ground truth, for batch 1 and
 * after the backfill: the customer and workspace maps with their match
 * methods, the merged Salesforce accounts, and dim_accounts (keys, source,
 * names, segment, country, currency, and the customers, workspaces and
 * merged accounts of each account).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthSection } from '../../src/generator/truth';
import { groundTruth, openBuild, rows, type BuildName } from './builds';

type Db = Awaited<ReturnType<typeof openBuild>>;

const CASES: [BuildName, 'batch1' | 'batch1_plus_delta'][] = [
  ['batch1', 'batch1'],
  ['backfill', 'batch1_plus_delta'],
];

const byKey = <T>(list: T[], key: (x: T) => string): T[] => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Account id -> sorted list of member ids, from (member, account) rows. */
function members(list: { member: string; account_id: string | null }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of list) {
    if (r.account_id === null) continue;
    out.set(r.account_id, [...(out.get(r.account_id) ?? []), r.member].sort());
  }
  return out;
}

interface AccountRow {
  account_id: string;
  source: string;
  account_name: string;
  salesforce_account_id: string | null;
  size_segment: string | null;
  industry: string | null;
  country_code: string | null;
  currency: string | null;
  stripe_customer_count: number;
  workspace_count: number;
  merged_account_count: number;
}

describe.each(CASES)('identity in the %s build', (build, section) => {
  let db: Db;
  let truth: TruthSection;
  let accounts: AccountRow[];
  beforeAll(async () => {
    db = await openBuild(build);
    truth = groundTruth()[section];
    accounts = rows<AccountRow>(db, 'select * from dim_accounts order by account_id');
  });
  afterAll(() => db?.close());

  it('maps every live Stripe customer to the true account by the true rule', () => {
    const got = rows<{ stripe_customer_id: string; account_id: string; match_method: string }>(
      db,
      'select customer_id as stripe_customer_id, account_id, match_method from int_stripe_customers_mapped order by customer_id',
    );
    expect(got.length).toBeGreaterThan(300);
    expect(got).toEqual(byKey(truth.identity.stripe_customers, (c) => c.stripe_customer_id));
    // dim_customers carries the same map.
    const dim = rows(db, 'select customer_id as stripe_customer_id, account_id, match_method from dim_customers order by customer_id');
    expect(dim).toEqual(got);
  });

  it('maps every workspace, listing the unmatched with a null account', () => {
    const got = rows<{ workspace_id: string; account_id: string | null; match_method: string }>(
      db,
      'select workspace_id, account_id, match_method from int_workspaces_mapped order by workspace_id',
    );
    expect(got.filter((w) => w.match_method === 'unmatched').length).toBeGreaterThan(0);
    expect(got).toEqual(byKey(truth.identity.workspaces, (w) => w.workspace_id));
  });

  it('redirects merged Salesforce accounts to their survivors', () => {
    const got = rows(
      db,
      `select account_id as salesforce_account_id, master_record_id as master_account_id
       from stg_salesforce__accounts where is_merged = 1 order by account_id`,
    );
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(byKey(truth.identity.merged_salesforce_accounts, (m) => m.salesforce_account_id));
  });

  it('keys dim_accounts exactly as the truth does, with source, name and currency', () => {
    const pick = (a: { account_id: string; source: string; name: string; salesforce_account_id: string | null; currency: string | null }) => ({
      account_id: a.account_id,
      source: a.source,
      name: a.name,
      salesforce_account_id: a.salesforce_account_id,
      currency: a.currency,
    });
    const got = accounts.map((a) => pick({ ...a, name: a.account_name }));
    expect(got).toEqual(byKey(truth.accounts, (a) => a.account_id).map(pick));
  });

  it("lists each account's Stripe customers, workspaces and merged accounts", () => {
    const customers = members(rows(db, 'select customer_id as member, account_id from dim_customers'));
    const workspaces = members(rows(db, 'select workspace_id as member, account_id from int_workspaces_mapped'));
    const merged = members(
      rows(db, 'select salesforce_account_id as member, surviving_account_id as account_id from int_salesforce_accounts_resolved where is_merged = 1'),
    );
    const got = accounts.map((a) => ({
      account_id: a.account_id,
      stripe_customer_ids: customers.get(a.account_id) ?? [],
      workspace_ids: workspaces.get(a.account_id) ?? [],
      merged_salesforce_account_ids: merged.get(a.account_id) ?? [],
      counts: [a.stripe_customer_count, a.workspace_count, a.merged_account_count],
    }));
    const want = byKey(truth.accounts, (a) => a.account_id).map((a) => ({
      account_id: a.account_id,
      stripe_customer_ids: [...a.stripe_customer_ids].sort(),
      workspace_ids: [...a.workspace_ids].sort(),
      merged_salesforce_account_ids: [...a.merged_salesforce_account_ids].sort(),
      counts: [a.stripe_customer_ids.length, a.workspace_ids.length, a.merged_salesforce_account_ids.length],
    }));
    expect(got).toEqual(want);
  });

  it('takes segment and industry from Salesforce, and leaves them empty where no record says', () => {
    const truthById = new Map(truth.accounts.map((a) => [a.account_id, a]));
    const salesforce = accounts.filter((a) => a.source === 'salesforce');
    expect(salesforce.map((a) => [a.account_id, a.size_segment])).toEqual(salesforce.map((a) => [a.account_id, truthById.get(a.account_id)!.size_segment]));
    const withIndustry = salesforce.filter((a) => a.industry !== null);
    expect(withIndustry.length).toBeGreaterThan(salesforce.length * 0.8);
    expect(withIndustry.map((a) => a.industry)).toEqual(withIndustry.map((a) => truthById.get(a.account_id)!.industry));
    // Stripe holds neither: the model must not invent them.
    const stripeOnly = accounts.filter((a) => a.source === 'stripe');
    expect(stripeOnly.length).toBeGreaterThan(0);
    expect(stripeOnly.filter((a) => a.size_segment !== null || a.industry !== null)).toEqual([]);
  });

  it('normalises every country to the true ISO2, and leaves it empty only where no record has one', () => {
    const truthById = new Map(truth.accounts.map((a) => [a.account_id, a]));
    const known = accounts.filter((a) => a.country_code !== null);
    expect(known.length).toBeGreaterThan(accounts.length * 0.9);
    expect(known.map((a) => [a.account_id, a.country_code])).toEqual(known.map((a) => [a.account_id, truthById.get(a.account_id)!.country]));
    const unknown = rows<{ account_id: string; countries: number; source: string }>(
      db,
      `select dim_accounts.account_id, dim_accounts.source, count(dim_customers.country_code) as countries
       from dim_accounts left join dim_customers on dim_customers.account_id = dim_accounts.account_id
       where dim_accounts.country_code is null group by dim_accounts.account_id, dim_accounts.source`,
    );
    expect(unknown.filter((a) => a.source !== 'stripe' || a.countries > 0)).toEqual([]);
  });
});

/** ISO 8601 week-numbering year and week of a UTC date. */
function isoWeek(d: Date): [number, number] {
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return [thursday.getUTCFullYear(), Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1];
}

describe('dim_dates, the calendar beside the account dimensions', () => {
  it('has every day with the right ISO week, weekday, quarter and month end', async () => {
    const db = await openBuild('backfill');
    const days = rows<{
      date_day: string;
      week_start_date: string;
      quarter_start_date: string;
      iso_year: number;
      iso_week: number;
      day_of_week: number;
      is_month_end: number;
      days_in_month: number;
    }>(db, 'select * from dim_dates order by date_day');
    db.close();
    expect(days.length).toBeGreaterThan(3 * 365);
    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const got = days.map((r) => [r.date_day, r.week_start_date, r.quarter_start_date, r.iso_year, r.iso_week, r.day_of_week, r.is_month_end, r.days_in_month]);
    const want = days.map((r, i) => {
      const d = day(r.date_day);
      const dow = ((d.getUTCDay() + 6) % 7) + 1;
      const monday = new Date(d.getTime() - (dow - 1) * 86_400_000);
      const quarter = new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
      const nextDay = new Date(d.getTime() + 86_400_000);
      const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      // Consecutive rows are consecutive days: the spine has no gaps.
      const date = i === 0 ? r.date_day : iso(new Date(day(days[0]!.date_day).getTime() + i * 86_400_000));
      return [date, iso(monday), iso(quarter), ...isoWeek(d), dow, nextDay.getUTCMonth() !== d.getUTCMonth() ? 1 : 0, daysInMonth];
    });
    expect(got).toEqual(want);
  });
});
