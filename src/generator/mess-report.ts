import { INTERNAL_DOMAIN } from './config';
import type { RawTables } from './render';
import { TABLES, type TableSpec } from './tables';
import type { MessReport, TruthSection } from './truth';
import { isoToEpoch } from './time';
import type { Row } from './world';

/**
 * Counts every kind of mess in a rendered raw file. Each count has a plain
 * definition (warehouse/README.md lists them) that a query on the SQLite file
 * can reproduce; the generator tests do exactly that.
 */

const keyOf = (spec: TableSpec, r: Row): string => spec.key.map((k) => String(r[k])).join('\u0000');

function count(rows: Row[], pred: (r: Row) => boolean): number {
  let n = 0;
  for (const r of rows) if (pred(r)) n++;
  return n;
}

/** The latest row per key (greatest loaded-at; ties cannot happen for one key). */
export function latestRows(spec: TableSpec, rows: Row[]): Row[] {
  const loaded = spec.source === 'segment' ? 'received_at' : '_fivetran_synced';
  const best = new Map<string, Row>();
  for (const r of rows) {
    const k = keyOf(spec, r);
    const cur = best.get(k);
    if (!cur || String(r[loaded]) > String(cur[loaded])) best.set(k, r);
  }
  return [...best.values()];
}

const epochSeconds = isoToEpoch;
const isBlank = (v: unknown): boolean => typeof v === 'string' && v.trim() === '';
const isPadded = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '' && v !== v.trim();

function spec(name: string): TableSpec {
  const s = TABLES.find((t) => t.name === name);
  if (!s) throw new Error(`no table ${name}`);
  return s;
}

function loaderMess(tables: RawTables, report: MessReport): void {
  report.duplicate_rows = {};
  report.duplicate_message_ids = {};
  report.timestamp_formats = {};
  report.late_events = {};
  for (const s of TABLES) {
    const rows = tables.get(s.name) ?? [];
    const distinct = new Set(rows.map((r) => keyOf(s, r))).size;
    if (s.source === 'segment') {
      report.duplicate_message_ids[s.name] = rows.length - distinct;
      report.timestamp_formats[`${s.name}:utc_z`] = count(rows, (r) => String(r.timestamp).endsWith('Z'));
      report.timestamp_formats[`${s.name}:offset`] = count(rows, (r) => !String(r.timestamp).endsWith('Z'));
      report.late_events[s.name] = count(rows, (r) => epochSeconds(String(r.received_at)) - epochSeconds(String(r.timestamp)) > 86_400);
    } else {
      report.duplicate_rows[s.name] = rows.length - distinct;
    }
  }
  const tracks = tables.get('segment__tracks') ?? [];
  const identifiedAnon = new Set((tables.get('segment__identifies') ?? []).filter((r) => r.anonymous_id !== null).map((r) => String(r.anonymous_id)));
  report.anonymous_events = {
    'segment__tracks:anonymous': count(tracks, (r) => r.user_id === null),
    'segment__tracks:anonymous_identified_in_file': count(tracks, (r) => r.user_id === null && identifiedAnon.has(String(r.anonymous_id))),
  };
}

/** Mess of the batch-1 file, including identity and test-data counts. */
export function batch1Mess(tables: RawTables, truth: TruthSection): MessReport {
  const report: MessReport = {};
  loaderMess(tables, report);
  const t = (name: string): Row[] => tables.get(name) ?? [];

  report.soft_deletes = {};
  for (const s of TABLES) {
    const rows = t(s.name);
    const cols = s.columns.map(([c]) => c);
    if (cols.includes('IsDeleted')) report.soft_deletes[`${s.name}.IsDeleted`] = count(rows, (r) => r.IsDeleted === 1);
    if (cols.includes('_fivetran_deleted')) report.soft_deletes[`${s.name}._fivetran_deleted`] = count(rows, (r) => r._fivetran_deleted === 1);
    if (cols.includes('deleted')) report.soft_deletes[`${s.name}.deleted`] = count(rows, (r) => r.deleted === 1);
  }

  const accounts = latestRows(spec('salesforce__account'), t('salesforce__account'));
  report.merged_accounts = { salesforce__account: count(accounts, (r) => r.MasterRecordId !== null) };
  report.null_opportunity_amounts = { salesforce__opportunity: count(t('salesforce__opportunity'), (r) => r.Amount === null) };

  const unnormalised = (v: unknown): boolean => typeof v === 'string' && v !== v.trim().toLowerCase();
  report.unnormalised_emails = {
    'salesforce__contact.Email': count(t('salesforce__contact'), (r) => unnormalised(r.Email)),
    'stripe__customer.email': count(t('stripe__customer'), (r) => unnormalised(r.email)),
    'segment__identifies.email': count(t('segment__identifies'), (r) => unnormalised(r.email)),
  };

  const country = t('salesforce__account').map((r) => r.BillingCountry).filter((c): c is string => typeof c === 'string');
  report.country_formats = {
    'salesforce__account.BillingCountry:iso2': country.filter((c) => c.length === 2).length,
    'salesforce__account.BillingCountry:iso3': country.filter((c) => c.length === 3).length,
    'salesforce__account.BillingCountry:name': country.filter((c) => c.length > 3).length,
    'stripe__customer.address_country:missing': count(t('stripe__customer'), (r) => r.address_country === null),
  };

  report.test_data = {};
  for (const s of TABLES) {
    if (s.columns.some(([c]) => c === 'livemode')) report.test_data[`${s.name}:livemode_0`] = count(t(s.name), (r) => r.livemode === 0);
  }
  const internalAccounts = new Set(
    t('salesforce__account').filter((r) => String(r.Website ?? '').toLowerCase().includes(INTERNAL_DOMAIN)).map((r) => String(r.Id)),
  );
  report.test_data['salesforce__account:internal_website'] = count(t('salesforce__account'), (r) => internalAccounts.has(String(r.Id)));
  report.test_data['salesforce__opportunity:internal_account'] = count(t('salesforce__opportunity'), (r) => internalAccounts.has(String(r.AccountId)));
  const internalUsers = new Set(
    t('segment__identifies').filter((r) => String(r.email).trim().toLowerCase().endsWith(`@${INTERNAL_DOMAIN}`)).map((r) => String(r.user_id)),
  );
  report.test_data['segment__identifies:internal_email'] = count(t('segment__identifies'), (r) => internalUsers.has(String(r.user_id)));
  report.test_data['segment__tracks:internal_user'] = count(t('segment__tracks'), (r) => r.user_id !== null && internalUsers.has(String(r.user_id)));

  report.legacy_plan_references = {};
  for (const name of ['stripe__invoice_line_item', 'stripe__subscription_item_history']) {
    report.legacy_plan_references[`${name}.plan_id`] = count(t(name), (r) => r.plan_id !== null);
    report.legacy_plan_references[`${name}.price_id`] = count(t(name), (r) => r.price_id !== null);
  }

  // Identity links, over the latest row of every record.
  const customers = latestRows(spec('stripe__customer'), t('stripe__customer'));
  const customerIds = new Set(customers.map((r) => String(r.id)));
  const customerIdsLower = new Map(customers.map((r) => [String(r.id).toLowerCase(), r]));
  const sfIds = new Set(accounts.map((r) => String(r.Id)));
  const sfIdsLower = new Set(accounts.map((r) => String(r.Id).toLowerCase()));
  const masterOf = new Map(accounts.filter((r) => r.MasterRecordId !== null).map((r) => [String(r.Id).toLowerCase(), String(r.MasterRecordId)]));
  const wsIds = new Set(t('segment__groups').map((r) => String(r.group_id)));
  const wsIdsLower = new Set([...wsIds].map((w) => w.toLowerCase()));
  const customerIdsLowerSet = new Set(customerIdsLower.keys());
  const wrongCase = (v: unknown, exact: Set<string>, lower: Set<string>): boolean =>
    typeof v === 'string' && v.trim() !== '' && !exact.has(v.trim()) && lower.has(v.trim().toLowerCase());
  const meta = (r: Row): Record<string, string> => JSON.parse(String(r.metadata)) as Record<string, string>;
  const sfField = accounts.map((r) => r.Stripe_Customer_Id__c);
  const wsField = accounts.map((r) => r.Workspace_Id__c);
  const metaSf = customers.map((r) => meta(r).salesforce_account_id);
  const metaWs = customers.map((r) => meta(r).workspace_id);
  const resolveSf = (v: string): string => {
    const low = v.trim().toLowerCase();
    return (masterOf.get(low) ?? low).toLowerCase();
  };
  report.identity_links = {
    'salesforce__account.Stripe_Customer_Id__c:blank': sfField.filter(isBlank).length,
    'salesforce__account.Stripe_Customer_Id__c:padded': sfField.filter(isPadded).length,
    'salesforce__account.Stripe_Customer_Id__c:wrong_case': sfField.filter((v) => wrongCase(v, customerIds, customerIdsLowerSet)).length,
    'salesforce__account.Stripe_Customer_Id__c:conflicting': count(accounts, (r) => {
      const v = r.Stripe_Customer_Id__c;
      if (typeof v !== 'string' || v.trim() === '') return false;
      const target = customerIdsLower.get(v.trim().toLowerCase());
      const claimed = target ? meta(target).salesforce_account_id : undefined;
      return typeof claimed === 'string' && claimed.trim() !== '' && resolveSf(claimed) !== String(r.Id).toLowerCase();
    }),
    'salesforce__account.Workspace_Id__c:padded': wsField.filter(isPadded).length,
    'salesforce__account.Workspace_Id__c:wrong_case': wsField.filter((v) => wrongCase(v, wsIds, wsIdsLower)).length,
    'stripe__customer.metadata.salesforce_account_id:absent': metaSf.filter((v) => v === undefined).length,
    'stripe__customer.metadata.salesforce_account_id:blank': metaSf.filter(isBlank).length,
    'stripe__customer.metadata.salesforce_account_id:padded': metaSf.filter(isPadded).length,
    'stripe__customer.metadata.salesforce_account_id:wrong_case': metaSf.filter((v) => wrongCase(v, sfIds, sfIdsLower)).length,
    'stripe__customer.metadata.salesforce_account_id:merged_account': metaSf.filter((v) => typeof v === 'string' && masterOf.has(v.trim().toLowerCase())).length,
    'stripe__customer.metadata.workspace_id:absent': metaWs.filter((v) => v === undefined).length,
    'stripe__customer.metadata.workspace_id:padded': metaWs.filter(isPadded).length,
    'stripe__customer.metadata.workspace_id:wrong_case': metaWs.filter((v) => wrongCase(v, wsIds, wsIdsLower)).length,
  };

  // From the identity map (the tests re-derive it from the raw tables with the documented rules).
  const methods: Record<string, number> = {};
  for (const c of truth.identity.stripe_customers) methods[`customers_matched_by:${c.match_method}`] = (methods[`customers_matched_by:${c.match_method}`] ?? 0) + 1;
  const orphanWs = new Set(truth.identity.workspaces.filter((w) => w.account_id === null).map((w) => w.workspace_id));
  const userWs = new Map<string, string>();
  for (const g of t('segment__groups')) userWs.set(String(g.user_id), String(g.group_id));
  const anonUser = new Map<string, string>();
  for (const i of t('segment__identifies')) if (i.anonymous_id !== null) anonUser.set(String(i.anonymous_id), String(i.user_id));
  report.identity = {
    ...Object.fromEntries(Object.entries(methods).sort(([a], [b]) => (a < b ? -1 : 1))),
    accounts_with_several_stripe_customers: truth.accounts.filter((a) => a.stripe_customer_ids.length > 1).length,
    stripe_only_accounts: truth.accounts.filter((a) => a.source === 'stripe').length,
    orphan_workspaces: orphanWs.size,
    orphan_events: count(t('segment__tracks'), (r) => {
      const user = r.user_id !== null ? String(r.user_id) : anonUser.get(String(r.anonymous_id));
      const ws = user ? userWs.get(user) : undefined;
      return ws !== undefined && orphanWs.has(ws);
    }),
  };
  return report;
}

/** Mess of the delta file, and how its rows relate to batch 1. */
export function deltaMess(delta: RawTables, batch1: RawTables): MessReport {
  const report: MessReport = {};
  loaderMess(delta, report);
  report.delta_rows = {};
  for (const s of TABLES) {
    const loaded = s.source === 'segment' ? 'received_at' : '_fivetran_synced';
    const deltaKeys = new Set((delta.get(s.name) ?? []).map((r) => keyOf(s, r)));
    const before = new Map<string, Set<string>>();
    for (const r of batch1.get(s.name) ?? []) {
      const k = keyOf(s, r);
      if (!deltaKeys.has(k)) continue;
      const body = JSON.stringify(s.columns.filter(([c]) => c !== loaded).map(([c]) => r[c]));
      if (!before.has(k)) before.set(k, new Set());
      before.get(k)!.add(body);
    }
    let added = 0;
    let resent = 0;
    let updated = 0;
    for (const r of delta.get(s.name) ?? []) {
      const seen = before.get(keyOf(s, r));
      const body = JSON.stringify(s.columns.filter(([c]) => c !== loaded).map(([c]) => r[c]));
      if (!seen) added++;
      else if (seen.has(body)) resent++;
      else updated++;
    }
    report.delta_rows[`${s.name}:new`] = added;
    report.delta_rows[`${s.name}:updated`] = updated;
    report.delta_rows[`${s.name}:resent`] = resent;
  }
  return report;
}
