import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH1_CUTOFF, DELTA_EXTRACTED_AT, INTERNAL_DOMAIN } from '../../../src/generator/config';
import { TABLES } from '../../../src/generator/tables';
import { isoZ } from '../../../src/generator/time';
import type { MessReport } from '../../../src/generator/truth';
import { type Built, defaultWarehouse, type Value, latest, openDb, rows, scalar } from './support';

/**
 * Every count in the truth's mess report, counted again here with SQL on the
 * SQLite files, independently of the generator's own counting; and every kind
 * of mess the raw warehouse promises, checked to be really there.
 */

let built: Built;
let raw: Database;
let delta: Database;

beforeAll(async () => {
  built = await defaultWarehouse();
  raw = await openDb(built.raw);
  delta = await openDb(built.delta);
});

const n = (db: Database, sql: string): number => Number(scalar(db, sql));
const q = (name: string): string => `"${name}"`;
const cols = (table: string): string[] => TABLES.find((t) => t.name === table)!.columns.map(([c]) => c);

/** The loader-level counts, for either file. */
function loaderCounts(db: Database): MessReport {
  const r: MessReport = { duplicate_rows: {}, duplicate_message_ids: {}, timestamp_formats: {}, late_events: {} };
  for (const s of TABLES) {
    const key = s.key.map((k) => q(k)).join(" || '|' || ");
    const dup = n(db, `SELECT count(*) - count(DISTINCT ${key}) FROM ${q(s.name)}`);
    if (s.source === 'segment') {
      r.duplicate_message_ids![s.name] = dup;
      r.timestamp_formats![`${s.name}:utc_z`] = n(db, `SELECT count(*) FROM ${q(s.name)} WHERE timestamp LIKE '%Z'`);
      r.timestamp_formats![`${s.name}:offset`] = n(db, `SELECT count(*) FROM ${q(s.name)} WHERE timestamp NOT LIKE '%Z'`);
      r.late_events![s.name] = n(
        db,
        `SELECT count(*) FROM ${q(s.name)} WHERE CAST(strftime('%s', received_at) AS INTEGER) - CAST(strftime('%s', timestamp) AS INTEGER) > 86400`,
      );
    } else {
      r.duplicate_rows![s.name] = dup;
    }
  }
  r.anonymous_events = {
    'segment__tracks:anonymous': n(db, 'SELECT count(*) FROM segment__tracks WHERE user_id IS NULL'),
    'segment__tracks:anonymous_identified_in_file': n(
      db,
      'SELECT count(*) FROM segment__tracks WHERE user_id IS NULL AND anonymous_id IN (SELECT anonymous_id FROM segment__identifies WHERE anonymous_id IS NOT NULL)',
    ),
  };
  return r;
}

function batch1Counts(db: Database): MessReport {
  const r = loaderCounts(db);
  r.soft_deletes = {};
  for (const s of TABLES) {
    for (const flag of ['IsDeleted', '_fivetran_deleted', 'deleted']) {
      if (cols(s.name).includes(flag)) r.soft_deletes[`${s.name}.${flag}`] = n(db, `SELECT count(*) FROM ${q(s.name)} WHERE ${q(flag)} = 1`);
    }
  }
  const accounts = latest('salesforce__account');
  const customers = latest('stripe__customer');
  r.merged_accounts = { salesforce__account: n(db, `SELECT count(*) FROM ${accounts} WHERE MasterRecordId IS NOT NULL`) };
  r.null_opportunity_amounts = { salesforce__opportunity: n(db, 'SELECT count(*) FROM salesforce__opportunity WHERE Amount IS NULL') };
  r.unnormalised_emails = {
    'salesforce__contact.Email': n(db, 'SELECT count(*) FROM salesforce__contact WHERE Email != lower(trim(Email))'),
    'stripe__customer.email': n(db, 'SELECT count(*) FROM stripe__customer WHERE email != lower(trim(email))'),
    'segment__identifies.email': n(db, 'SELECT count(*) FROM segment__identifies WHERE email != lower(trim(email))'),
  };
  r.country_formats = {
    'salesforce__account.BillingCountry:iso2': n(db, 'SELECT count(*) FROM salesforce__account WHERE length(BillingCountry) = 2'),
    'salesforce__account.BillingCountry:iso3': n(db, 'SELECT count(*) FROM salesforce__account WHERE length(BillingCountry) = 3'),
    'salesforce__account.BillingCountry:name': n(db, 'SELECT count(*) FROM salesforce__account WHERE length(BillingCountry) > 3'),
    'stripe__customer.address_country:missing': n(db, 'SELECT count(*) FROM stripe__customer WHERE address_country IS NULL'),
  };
  r.test_data = {};
  for (const s of TABLES) {
    if (cols(s.name).includes('livemode')) r.test_data[`${s.name}:livemode_0`] = n(db, `SELECT count(*) FROM ${q(s.name)} WHERE livemode = 0`);
  }
  const internalAccounts = `SELECT Id FROM salesforce__account WHERE lower(Website) LIKE '%${INTERNAL_DOMAIN}%'`;
  const internalUsers = `SELECT user_id FROM segment__identifies WHERE lower(trim(email)) LIKE '%@${INTERNAL_DOMAIN}'`;
  r.test_data['salesforce__account:internal_website'] = n(db, `SELECT count(*) FROM salesforce__account WHERE Id IN (${internalAccounts})`);
  r.test_data['salesforce__opportunity:internal_account'] = n(db, `SELECT count(*) FROM salesforce__opportunity WHERE AccountId IN (${internalAccounts})`);
  r.test_data['segment__identifies:internal_email'] = n(db, `SELECT count(*) FROM segment__identifies WHERE user_id IN (${internalUsers})`);
  r.test_data['segment__tracks:internal_user'] = n(db, `SELECT count(*) FROM segment__tracks WHERE user_id IN (${internalUsers})`);
  r.legacy_plan_references = {};
  for (const t of ['stripe__invoice_line_item', 'stripe__subscription_item_history']) {
    r.legacy_plan_references[`${t}.plan_id`] = n(db, `SELECT count(*) FROM ${t} WHERE plan_id IS NOT NULL`);
    r.legacy_plan_references[`${t}.price_id`] = n(db, `SELECT count(*) FROM ${t} WHERE price_id IS NOT NULL`);
  }

  const metaSf = "json_extract(metadata, '$.salesforce_account_id')";
  const metaWs = "json_extract(metadata, '$.workspace_id')";
  const wsIds = 'SELECT DISTINCT group_id AS i FROM segment__groups';
  const padded = (x: string): string => `${x} != trim(${x}) AND trim(${x}) != ''`;
  // `ids` selects one column named i.
  const wrongCase = (x: string, ids: string): string =>
    `trim(${x}) != '' AND trim(${x}) NOT IN (SELECT i FROM (${ids})) AND lower(trim(${x})) IN (SELECT lower(i) FROM (${ids}))`;
  const merged = `SELECT lower(Id) AS id, MasterRecordId AS master FROM ${accounts} WHERE MasterRecordId IS NOT NULL`;
  const resolve = (x: string): string => `lower(coalesce((SELECT master FROM (${merged}) WHERE id = lower(trim(${x}))), trim(${x})))`;
  const claimed = "json_extract(c.metadata, '$.salesforce_account_id')";
  const ca = (where: string): number => n(db, `SELECT count(*) FROM ${accounts} AS a WHERE ${where}`);
  const cc = (where: string): number => n(db, `SELECT count(*) FROM ${customers} AS c WHERE ${where}`);
  const customerIds = `SELECT id AS i FROM ${customers}`;
  const sfIds = `SELECT Id AS i FROM ${accounts}`;
  r.identity_links = {
    'salesforce__account.Stripe_Customer_Id__c:blank': ca("trim(Stripe_Customer_Id__c) = ''"),
    'salesforce__account.Stripe_Customer_Id__c:padded': ca(padded('Stripe_Customer_Id__c')),
    'salesforce__account.Stripe_Customer_Id__c:wrong_case': ca(wrongCase('Stripe_Customer_Id__c', customerIds)),
    'salesforce__account.Stripe_Customer_Id__c:conflicting': n(
      db,
      `SELECT count(*) FROM ${accounts} AS a JOIN ${customers} AS c ON lower(c.id) = lower(trim(a.Stripe_Customer_Id__c))
       WHERE trim(a.Stripe_Customer_Id__c) != '' AND trim(${claimed}) != '' AND ${resolve(claimed)} != lower(a.Id)`,
    ),
    'salesforce__account.Workspace_Id__c:padded': ca(padded('Workspace_Id__c')),
    'salesforce__account.Workspace_Id__c:wrong_case': ca(wrongCase('Workspace_Id__c', wsIds)),
    'stripe__customer.metadata.salesforce_account_id:absent': cc(`json_type(metadata, '$.salesforce_account_id') IS NULL`),
    'stripe__customer.metadata.salesforce_account_id:blank': cc(`trim(${metaSf}) = ''`),
    'stripe__customer.metadata.salesforce_account_id:padded': cc(padded(metaSf)),
    'stripe__customer.metadata.salesforce_account_id:wrong_case': cc(wrongCase(metaSf, sfIds)),
    'stripe__customer.metadata.salesforce_account_id:merged_account': cc(`lower(trim(${metaSf})) IN (SELECT id FROM (${merged}))`),
    'stripe__customer.metadata.workspace_id:absent': cc(`json_type(metadata, '$.workspace_id') IS NULL`),
    'stripe__customer.metadata.workspace_id:padded': cc(padded(metaWs)),
    'stripe__customer.metadata.workspace_id:wrong_case': cc(wrongCase(metaWs, wsIds)),
  };
  return r;
}

describe('the mess report', () => {
  it('matches batch-1 counts taken with SQL on raw_sources.sqlite', () => {
    const { identity, ...report } = built.truth.mess.batch1;
    expect(identity).toBeDefined();
    expect(batch1Counts(raw)).toEqual(report);
  });

  it('matches the delta file, including how its rows relate to batch 1', async () => {
    const both = await openDb(built.raw);
    for (const s of TABLES) both.exec(`CREATE INDEX ${q(`k_${s.name}`)} ON ${q(s.name)} (${s.key.map(q).join(', ')})`);
    const d = loaderCounts(delta);
    d.delta_rows = {};
    for (const s of TABLES) {
      const loaded = s.source === 'segment' ? 'received_at' : '_fivetran_synced';
      const rowsOf = rows(delta, `SELECT * FROM ${q(s.name)}`);
      let added = 0;
      let resent = 0;
      let updated = 0;
      const keyMatch = s.key.map((k) => `${q(k)} IS ?`).join(' AND ');
      const same = s.columns.filter(([c]) => c !== loaded).map(([c]) => `${q(c)} IS ?`).join(' AND ');
      for (const r of rowsOf) {
        const keyVals = s.key.map((k) => r[k] ?? null);
        if (n2(both, `SELECT count(*) FROM ${q(s.name)} WHERE ${keyMatch}`, keyVals) === 0) added++;
        else if (n2(both, `SELECT count(*) FROM ${q(s.name)} WHERE ${keyMatch} AND ${same}`, [...keyVals, ...s.columns.filter(([c]) => c !== loaded).map(([c]) => r[c] ?? null)]) > 0) resent++;
        else updated++;
      }
      d.delta_rows[`${s.name}:new`] = added;
      d.delta_rows[`${s.name}:updated`] = updated;
      d.delta_rows[`${s.name}:resent`] = resent;
    }
    expect(d).toEqual(built.truth.mess.delta);
  });
});

function n2(db: Database, sql: string, params: (string | number | null)[]): number {
  return Number(scalar(db, sql, params));
}

describe('each kind of mess is present in batch 1', () => {
  const m = (): MessReport => built.truth.mess.batch1;
  const sum = (o: Record<string, number> | undefined): number => Object.values(o ?? {}).reduce((a, b) => a + b, 0);

  it('re-extracted duplicates in Salesforce and Stripe, some carrying an older state', () => {
    expect(m().duplicate_rows!.salesforce__opportunity_history).toBeGreaterThan(0);
    expect(m().duplicate_rows!.stripe__invoice).toBeGreaterThan(0);
    const stale = n(
      raw,
      `SELECT count(*) FROM salesforce__opportunity a JOIN salesforce__opportunity b
         ON a.Id = b.Id AND a._fivetran_synced < b._fivetran_synced AND a.StageName != b.StageName`,
    );
    expect(stale).toBeGreaterThan(0);
  });

  it('soft deletes, hard deletes and merged accounts', () => {
    expect(m().soft_deletes!['salesforce__opportunity.IsDeleted']).toBeGreaterThan(0);
    expect(m().soft_deletes!['salesforce__contact._fivetran_deleted']).toBeGreaterThan(0);
    expect(m().soft_deletes!['stripe__customer.deleted']).toBeGreaterThan(0);
    expect(m().merged_accounts!.salesforce__account).toBeGreaterThan(0);
    // Junk accounts deleted without a merge, as well as merge losers.
    expect(n(raw, 'SELECT count(*) FROM salesforce__account WHERE IsDeleted = 1 AND MasterRecordId IS NULL')).toBeGreaterThan(0);
  });

  it('Salesforce CamelCase columns and __c custom fields', () => {
    const names = rows(raw, "SELECT name FROM pragma_table_info('salesforce__account')").map((r) => String(r.name));
    expect(names.filter((c) => c.endsWith('__c')).length).toBeGreaterThanOrEqual(3);
    expect(names).toContain('MasterRecordId');
  });

  it('mixed timestamp formats', () => {
    expect(n(raw, "SELECT count(*) FROM salesforce__opportunity WHERE CreatedDate NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+0000'")).toBe(0);
    expect(n(raw, "SELECT count(*) FROM stripe__invoice WHERE typeof(created) != 'integer'")).toBe(0);
    expect(m().timestamp_formats!['segment__tracks:utc_z']).toBeGreaterThan(0);
    expect(m().timestamp_formats!['segment__tracks:offset']).toBeGreaterThan(0);
  });

  it('Stripe integer minor units in lower-case currencies, Salesforce upper case, some amounts null', () => {
    expect(n(raw, "SELECT count(*) FROM stripe__charge WHERE typeof(amount) != 'integer' OR currency != lower(currency)")).toBe(0);
    expect(n(raw, "SELECT count(DISTINCT currency) FROM stripe__invoice WHERE currency IN ('usd', 'eur', 'gbp', 'jpy')")).toBe(4);
    expect(n(raw, 'SELECT count(*) FROM salesforce__opportunity WHERE CurrencyIsoCode != upper(CurrencyIsoCode)')).toBe(0);
    expect(m().null_opportunity_amounts!.salesforce__opportunity).toBeGreaterThan(0);
  });

  it('emails with mixed case and whitespace; countries as names, ISO2 and ISO3', () => {
    for (const v of Object.values(m().unnormalised_emails!)) expect(v).toBeGreaterThan(0);
    for (const f of ['iso2', 'iso3', 'name']) expect(m().country_formats![`salesforce__account.BillingCountry:${f}`]).toBeGreaterThan(0);
  });

  it('test data to exclude', () => {
    expect(m().test_data!['stripe__customer:livemode_0']).toBeGreaterThan(0);
    expect(m().test_data!['stripe__invoice:livemode_0']).toBeGreaterThan(0);
    expect(m().test_data!['salesforce__account:internal_website']).toBeGreaterThan(0);
    expect(m().test_data!['segment__tracks:internal_user']).toBeGreaterThan(0);
  });

  it('schema drift: legacy plans beside prices, line items referencing either', () => {
    expect(n(raw, 'SELECT count(*) FROM stripe__plan')).toBeGreaterThan(0);
    expect(n(raw, 'SELECT count(*) FROM stripe__price')).toBeGreaterThan(0);
    expect(m().legacy_plan_references!['stripe__invoice_line_item.plan_id']).toBeGreaterThan(0);
    expect(m().legacy_plan_references!['stripe__invoice_line_item.price_id']).toBeGreaterThan(0);
    expect(n(raw, 'SELECT count(*) FROM stripe__invoice_line_item WHERE (plan_id IS NULL) = (price_id IS NULL)')).toBe(0);
  });

  it('Segment duplicates, late events, anonymous users identified later', () => {
    expect(m().duplicate_message_ids!.segment__tracks).toBeGreaterThan(0);
    expect(m().late_events!.segment__tracks).toBeGreaterThan(0);
    expect(m().anonymous_events!['segment__tracks:anonymous_identified_in_file']).toBeGreaterThan(0);
  });

  it('messy identity links: missing, blank, padded, wrong case, conflicting, merged', () => {
    const links = m().identity_links!;
    for (const [k, v] of Object.entries(links)) expect(v, k).toBeGreaterThan(0);
    expect(n(raw, `SELECT count(*) FROM ${latest('salesforce__account')} WHERE Type = 'Customer' AND Stripe_Customer_Id__c IS NULL`)).toBeGreaterThan(0);
  });

  it('duplicate companies in Stripe, Stripe-only companies and orphan events', () => {
    const id = m().identity!;
    expect(id.accounts_with_several_stripe_customers).toBeGreaterThan(0);
    expect(id.stripe_only_accounts).toBeGreaterThan(0);
    expect(id.orphan_workspaces).toBeGreaterThan(0);
    expect(id.orphan_events).toBeGreaterThan(0);
    expect(sum(id)).toBeGreaterThan(0);
  });
});

describe('the delta', () => {
  const cutoff = `${isoZ(BATCH1_CUTOFF).slice(0, -1)}.999Z`;
  const extracted = isoZ(DELTA_EXTRACTED_AT);

  it('has the same tables and columns as batch 1', () => {
    const shape = (db: Database): Value[] => rows(db, "SELECT m.name AS t, p.name AS c, p.type AS ty FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid").map((r) => `${r.t}.${r.c}:${r.ty}`);
    expect(shape(delta)).toEqual(shape(raw));
  });

  it('only holds rows extracted after the cut-off and by the delta extract', () => {
    for (const s of TABLES) {
      const col = s.source === 'segment' ? 'received_at' : '_fivetran_synced';
      expect(n(delta, `SELECT count(*) FROM ${q(s.name)} WHERE ${col} <= '${cutoff}' OR ${col} > '${extracted}'`), s.name).toBe(0);
      expect(n(raw, `SELECT count(*) FROM ${q(s.name)} WHERE ${col} > '${cutoff}'`), s.name).toBe(0);
    }
  });

  it('holds November activity, changed rows, late events, late payments, backfilled charges and re-sends', () => {
    const dr = built.truth.mess.delta.delta_rows!;
    expect(n(delta, "SELECT count(*) FROM segment__tracks WHERE timestamp >= '2026-11-01'")).toBeGreaterThan(0);
    expect(dr['salesforce__opportunity:updated']).toBeGreaterThan(0);
    expect(dr['salesforce__opportunity_history:new']).toBeGreaterThan(0);
    expect(dr['stripe__subscription_history:updated']).toBeGreaterThan(0);
    expect(n(delta, "SELECT count(*) FROM stripe__subscription WHERE status = 'canceled'")).toBeGreaterThan(0);
    // Late events timestamped back in September and October.
    expect(n(delta, "SELECT count(*) FROM segment__tracks WHERE substr(timestamp, 1, 7) IN ('2026-09', '2026-10')")).toBeGreaterThan(0);
    // Invoices open at the cut-off, paid later.
    const openBefore = rows(raw, `SELECT id FROM ${latest('stripe__invoice')} WHERE status = 'open'`).map((r) => r.id);
    const paidNow = rows(delta, "SELECT id FROM stripe__invoice WHERE status = 'paid'").map((r) => r.id);
    expect(paidNow.filter((id) => openBefore.includes(id)).length).toBeGreaterThan(0);
    // Charges dated before the cut-off that batch 1 never saw.
    const backfilled = rows(delta, `SELECT id FROM stripe__charge WHERE created <= ${BATCH1_CUTOFF}`).filter(
      (r) => n2(raw, 'SELECT count(*) FROM stripe__charge WHERE id = ?', [r.id as string]) === 0,
    );
    expect(backfilled.length).toBeGreaterThan(0);
    const resent = Object.entries(dr).filter(([k]) => k.endsWith(':resent')).reduce((a, [, v]) => a + v, 0);
    expect(resent).toBeGreaterThan(0);
  });
});
