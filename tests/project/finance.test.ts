/**
 * The finance marts against the ground truth: MRR per account and month
 * (local and USD, to the cent), the movements and their monthly totals, the
 * logo counts and every invoice's status and amounts, for batch 1 and for
 * batch 1 + the late batch absorbed incrementally. Money is compared in
 * whole cents (integers), so float noise can neither fail nor pass a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeProjectFiles } from '../../src/cli/project-files';
import { memoryFiles, parseProject, run } from '../../src/engine/index';
import type { TruthSection } from '../../src/generator/truth';
import { ROOT, groundTruth, openBuild, rows, type BuildName } from './builds';

type Db = Awaited<ReturnType<typeof openBuild>>;

const cents = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 100));

/** Keys present on one side only, and keys whose values differ, as readable lines (the first few). */
function differences<T>(expected: Map<string, T>, actual: Map<string, T>, limit = 8): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) {
    if (!actual.has(k)) out.push(`missing ${k}: expected ${JSON.stringify(v)}`);
    else if (JSON.stringify(actual.get(k)) !== JSON.stringify(v)) out.push(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(actual.get(k))}`);
  }
  for (const [k, v] of actual) if (!expected.has(k)) out.push(`unexpected ${k}: ${JSON.stringify(v)}`);
  return out.length > limit ? [...out.slice(0, limit), `... and ${out.length - limit} more`] : out;
}

const CASES: [BuildName, 'batch1' | 'batch1_plus_delta'][] = [
  ['batch1', 'batch1'],
  ['backfill', 'batch1_plus_delta'],
];

describe.each(CASES)('the finance marts of the %s build', (build, section) => {
  let db: Db;
  let truth: TruthSection;

  beforeAll(async () => {
    db = await openBuild(build);
    truth = groundTruth()[section];
  });
  afterAll(() => db?.close());

  it('hold every account-month of MRR, local and USD, to the cent', () => {
    const expected = new Map(
      truth.mrr.map((r) => [
        `${r.account_id}|${r.month}`,
        { currency: r.currency, local: cents(r.mrr_local), usd: cents(r.mrr_usd), arr: cents(r.arr_usd) },
      ]),
    );
    const actual = new Map(
      rows<{ account_id: string; month: string; currency: string; mrr_local: number; mrr_usd: number; arr_usd: number }>(
        db,
        'select account_id, month, currency, mrr_local, mrr_usd, arr_usd from fct_mrr',
      ).map((r) => [`${r.account_id}|${r.month}`, { currency: r.currency, local: cents(r.mrr_local), usd: cents(r.mrr_usd), arr: cents(r.arr_usd) }]),
    );
    expect(expected.size).toBeGreaterThan(1000);
    expect(differences(expected, actual)).toEqual([]);
  });

  it('total MRR per month, over the whole spine of months', () => {
    const expected = new Map(truth.mrr_by_month.map((m) => [m.month, cents(m.mrr_usd)]));
    const fromRetention = new Map(
      rows<{ month: string; ending_mrr_usd: number }>(db, 'select month, ending_mrr_usd from fct_retention').map((r) => [r.month, cents(r.ending_mrr_usd)]),
    );
    expect(differences(expected, fromRetention)).toEqual([]);
    // The same totals summed from the account grain, in cents per row.
    const fromMrr = new Map(
      rows<{ month: string; usd_cents: number }>(
        db,
        'select month, sum(cast(round(mrr_usd * 100) as integer)) as usd_cents from fct_mrr group by month',
      ).map((r) => [r.month, r.usd_cents]),
    );
    for (const [month, total] of expected) expect(fromMrr.get(month) ?? 0, month).toBe(total);
    expect([...expected.keys()]).toEqual(truth.months);
  });

  it('classifies every account-month movement with its local, USD and FX change', () => {
    const expected = new Map(
      truth.mrr_movements.map((r) => [
        `${r.account_id}|${r.month}`,
        { movement: r.movement, local: cents(r.mrr_change_local), usd: cents(r.mrr_change_usd), fx: cents(r.fx_adjustment_usd) },
      ]),
    );
    const actual = new Map(
      rows<{ account_id: string; month: string; movement: string; mrr_change_local: number; mrr_change_usd: number; fx_adjustment_usd: number }>(
        db,
        'select account_id, month, movement, mrr_change_local, mrr_change_usd, fx_adjustment_usd from fct_mrr_movements',
      ).map((r) => [
        `${r.account_id}|${r.month}`,
        { movement: r.movement, local: cents(r.mrr_change_local), usd: cents(r.mrr_change_usd), fx: cents(r.fx_adjustment_usd) },
      ]),
    );
    expect(differences(expected, actual)).toEqual([]);
    // Every kind of movement occurs, so a classification that never fires cannot hide.
    expect(new Set([...expected.values()].map((v) => v.movement))).toEqual(
      new Set(['new', 'expansion', 'contraction', 'churn', 'reactivation', 'unchanged']),
    );
  });

  it('totals the movements per month and type as the truth does', () => {
    const types = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
    const expected = new Map(
      truth.mrr_by_month.map((m) => [
        m.month,
        {
          new: cents(m.new_usd),
          expansion: cents(m.expansion_usd),
          contraction: cents(m.contraction_usd),
          churn: cents(m.churn_usd),
          reactivation: cents(m.reactivation_usd),
          fx: cents(m.fx_adjustment_usd),
        },
      ]),
    );
    const retention = new Map(
      rows<{
        month: string;
        new_mrr_usd: number;
        expansion_mrr_usd: number;
        contraction_mrr_usd: number;
        churned_mrr_usd: number;
        reactivation_mrr_usd: number;
        fx_adjustment_usd: number;
      }>(
        db,
        `select month, new_mrr_usd, expansion_mrr_usd, contraction_mrr_usd, churned_mrr_usd,
                reactivation_mrr_usd, fx_adjustment_usd
           from fct_retention`,
      ).map((r) => [
        r.month,
        {
          new: cents(r.new_mrr_usd),
          expansion: cents(r.expansion_mrr_usd),
          contraction: cents(r.contraction_mrr_usd),
          churn: cents(r.churned_mrr_usd),
          reactivation: cents(r.reactivation_mrr_usd),
          fx: cents(r.fx_adjustment_usd),
        },
      ]),
    );
    expect(differences(expected, retention)).toEqual([]);
    const byType = rows<{ month: string; movement: string; usd_cents: number }>(
      db,
      `select month, movement, sum(cast(round(mrr_change_usd * 100) as integer)) as usd_cents
         from fct_mrr_movements group by month, movement`,
    );
    for (const r of byType) {
      if (r.movement === 'unchanged') expect(r.usd_cents, `${r.month} unchanged`).toBe(0);
      else expect(r.usd_cents, `${r.month} ${r.movement}`).toBe(expected.get(r.month)![r.movement as (typeof types)[number]]);
    }
  });

  it('counts active, new, churned and reactivated logos per month', () => {
    const expected = new Map(truth.logos.map((l) => [l.month, { active: l.active, new: l.new, churned: l.churned, reactivated: l.reactivated }]));
    const actual = new Map(
      rows<{ month: string; ending_logos: number; new_logos: number; churned_logos: number; reactivated_logos: number }>(
        db,
        'select month, ending_logos, new_logos, churned_logos, reactivated_logos from fct_retention',
      ).map((r) => [r.month, { active: r.ending_logos, new: r.new_logos, churned: r.churned_logos, reactivated: r.reactivated_logos }]),
    );
    expect(differences(expected, actual)).toEqual([]);
    // Starting logos are last month's active ones.
    const chain = rows<{ month: string; starting_logos: number; previous_active: number | null }>(
      db,
      'select month, starting_logos, lag(ending_logos) over (order by month) as previous_active from fct_retention',
    );
    for (const r of chain) expect(r.starting_logos, r.month).toBe(r.previous_active ?? 0);
  });

  it('holds every invoice with its status, total, amount paid and dates', () => {
    const expected = new Map(
      truth.invoices.map((i) => [
        i.invoice_id,
        {
          customer: i.customer_id,
          account: i.account_id,
          status: i.status,
          currency: i.currency,
          total: cents(i.total_local),
          paid: cents(i.amount_paid_local),
          created_at: i.created_at,
          paid_at: i.paid_at,
        },
      ]),
    );
    const actual = new Map(
      rows<{
        invoice_id: string;
        customer_id: string;
        account_id: string;
        status: string;
        currency: string;
        total_local: number;
        amount_paid_local: number;
        created_at: string;
        paid_at: string | null;
      }>(db, 'select invoice_id, customer_id, account_id, status, currency, total_local, amount_paid_local, created_at, paid_at from fct_invoices').map(
        (r) => [
          r.invoice_id,
          {
            customer: r.customer_id,
            account: r.account_id,
            status: r.status,
            currency: r.currency,
            total: cents(r.total_local),
            paid: cents(r.amount_paid_local),
            created_at: r.created_at,
            paid_at: r.paid_at,
          },
        ],
      ),
    );
    expect(expected.size).toBeGreaterThan(1000);
    expect(differences(expected, actual)).toEqual([]);
  });
});

describe('the late batch in the finance marts', () => {
  let batch1: Db;
  let backfill: Db;

  beforeAll(async () => {
    batch1 = await openBuild('batch1');
    backfill = await openBuild('backfill');
  });
  afterAll(() => {
    batch1?.close();
    backfill?.close();
  });

  it('adds the charges the connector outage held back to fct_payments', () => {
    // Charges made before the cut-off but only loaded by the late batch.
    const late = (db: Db) =>
      rows<{ n: number }>(
        db,
        `select count(*) as n from fct_payments
          where payment_type = 'charge' and created_at < '2026-11-01' and loaded_at >= '2026-11-01'`,
      )[0]!.n;
    expect(late(batch1)).toBe(0);
    expect(late(backfill)).toBeGreaterThan(0);
    const count = (db: Db) => rows<{ n: number }>(db, 'select count(*) as n from fct_payments')[0]!.n;
    expect(count(backfill)).toBeGreaterThan(count(batch1));
  });

  it('keeps a new snapshot version of every subscription the late batch changed, and closes the old one', () => {
    // Subscriptions whose current state differs between the batch-1 snapshot and the raw tables after the backfill.
    const changed = rows<{ id: string; status: string }>(
      backfill,
      `with latest as (
           select id, status, current_period_end,
                  row_number() over (partition by id order by _fivetran_synced desc) as n
             from stripe__subscription
       )
       select id, status from latest where n = 1`,
    );
    const before = new Map(
      rows<{ id: string; status: string }>(batch1, 'select id, status from snap_stripe__subscriptions where dbt_valid_to is null').map((r) => [r.id, r.status]),
    );
    const statusChanged = changed.filter((r) => before.has(r.id) && before.get(r.id) !== r.status);
    expect(statusChanged.length).toBeGreaterThan(0);
    const versions = new Map<string, { current: string[]; closed: string[] }>();
    for (const r of rows<{ id: string; status: string; dbt_valid_to: string | null }>(
      backfill,
      'select id, status, dbt_valid_to from snap_stripe__subscriptions',
    )) {
      const v = versions.get(r.id) ?? { current: [], closed: [] };
      (r.dbt_valid_to === null ? v.current : v.closed).push(r.status);
      versions.set(r.id, v);
    }
    for (const s of statusChanged) {
      const v = versions.get(s.id)!;
      expect(v.current, s.id).toEqual([s.status]);
      expect(v.closed, s.id).toContain(before.get(s.id));
    }
  });
});

describe('the plan catalog migration', () => {
  it('takes a price added to the plan_catalog seed into dim_plans without a SQL change', async () => {
    // The project as it is, with one more v2 price in the seed (as the vendor would add it).
    const disk = nodeProjectFiles(ROOT);
    const project = Object.fromEntries(
      disk
        .list()
        .filter((p) => /^(models|macros|snapshots|tests\/data|warehouse\/seeds)\//.test(p) || p === 'dbt_project.yml')
        .map((p) => [p, disk.read(p)]),
    );
    const seed = 'warehouse/seeds/plan_catalog.csv';
    project[seed] = `${project[seed]!.trimEnd()}\nprice_TeamMonthlyUsd,price,prod_Q3fGrwth02,Growth,2,month,usd,7500,v2,,2026-12-01,\n`;
    // The batch-1 warehouse, in memory: the build reloads the seed and rebuilds the plan models on it.
    const db = await openBuild('batch1');
    try {
      const parsed = parseProject(memoryFiles(project));
      const built = await run(parsed, db, { command: 'build', select: '+dim_plans', exclude: 'resource_type:test' });
      expect(built.ok).toBe(true);
      const added = rows(db, "select * from dim_plans where price_id = 'price_TeamMonthlyUsd'");
      expect(added).toEqual([
        expect.objectContaining({
          price_object: 'price',
          plan_name: 'Growth',
          tier: 2,
          billing_interval: 'month',
          months_per_interval: 1,
          currency: 'USD',
          unit_amount_local: 75,
          catalog_version: 'v2',
          is_legacy: 0,
          is_in_stripe: 0,
          is_in_catalog: 1,
        }),
      ]);
      // Every other seed row is there too, and the dimension's own tests still pass.
      const seedRows = project[seed]!.trim().split('\n').length - 1;
      expect(rows<{ n: number }>(db, 'select count(*) as n from dim_plans')[0]!.n).toBe(seedRows);
      const tested = await run(parsed, db, { command: 'test', select: 'dim_plans' });
      expect(tested.ok).toBe(true);
    } finally {
      db.close();
    }
  });
});
