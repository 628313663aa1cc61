import { HISTORY_START, INTERNAL_DOMAIN } from './config';
import { type CustomerMatch, type WorkspaceMatch, resolveIdentity } from './identity';
import type { Company } from './model';
import type { Business } from './business';
import type { SegmentData } from './segment';
import type { CatalogPrice } from './seeds';
import { DAY, dateStr, endOfMonth, monthStarts, monthStr, parseUtc, tsStr } from './time';
import { type Entity, type Row, type World, stateAt, visibleVersion } from './world';

/**
 * The ground truth: what the simulated business really did, as far as each
 * batch could know it. Computed from the clean simulation (records and their
 * versions, filtered by when the loader synced them), never from the raw
 * tables. `warehouse/README.md` documents every field and rounding rule; the
 * model-project tests import these types.
 */

export interface GroundTruth {
  meta: TruthMeta;
  batch1: TruthSection;
  batch1_plus_delta: TruthSection;
  mess: { batch1: MessReport; delta: MessReport };
}

export interface TruthMeta {
  generator_version: string;
  seed: string;
  scale: number;
  history_start: string;
  /** Batch 1 holds rows synced (or received) up to and including this second, UTC. */
  batch1_cutoff: string;
  /** The business simulated up to this second; the delta adds what happened after the cut-off. */
  delta_data_end: string;
  delta_extracted_at: string;
  internal_domain: string;
}

export interface TruthSection {
  /** Rows synced or received up to this instant are in this batch (`YYYY-MM-DD HH:MM:SS`, UTC). */
  as_of: string;
  /** Every month of the MRR spine, `YYYY-MM-01`. */
  months: string[];
  accounts: TruthAccount[];
  identity: TruthIdentity;
  mrr: TruthMrr[];
  mrr_movements: TruthMovement[];
  mrr_by_month: TruthMrrMonth[];
  logos: TruthLogos[];
  opportunities: TruthOpportunity[];
  invoices: TruthInvoice[];
  daily_engagement: TruthDay[];
  events_by_month: TruthEventCount[];
}

/** One row per account, as `dim_accounts` keys it. */
export interface TruthAccount {
  /** The Salesforce account id where the company has one, else its earliest Stripe customer id (both as spelled in their source's id column). */
  account_id: string;
  source: 'salesforce' | 'stripe';
  name: string;
  salesforce_account_id: string | null;
  merged_salesforce_account_ids: string[];
  stripe_customer_ids: string[];
  workspace_ids: string[];
  size_segment: string;
  industry: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 4217, upper case; null when the account has no Stripe customer. */
  currency: string | null;
}

export interface TruthIdentity {
  stripe_customers: { stripe_customer_id: string; account_id: string; match_method: CustomerMatch }[];
  workspaces: { workspace_id: string; account_id: string | null; match_method: WorkspaceMatch }[];
  merged_salesforce_accounts: { salesforce_account_id: string; master_account_id: string }[];
}

export interface TruthMrr {
  account_id: string;
  month: string;
  currency: string;
  mrr_local: number;
  mrr_usd: number;
  arr_usd: number;
}

export type Movement = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'unchanged';

export interface TruthMovement {
  account_id: string;
  month: string;
  movement: Movement;
  mrr_change_local: number;
  mrr_change_usd: number;
  fx_adjustment_usd: number;
}

export interface TruthMrrMonth {
  month: string;
  mrr_usd: number;
  new_usd: number;
  expansion_usd: number;
  contraction_usd: number;
  churn_usd: number;
  reactivation_usd: number;
  fx_adjustment_usd: number;
}

export interface TruthLogos {
  month: string;
  /** Accounts with MRR > 0 at the end of the month. */
  active: number;
  new: number;
  churned: number;
  reactivated: number;
}

export interface TruthOpportunity {
  opportunity_id: string;
  account_id: string;
  owner_id: string;
  type: string;
  stage: string;
  is_closed: boolean;
  is_won: boolean;
  amount: number | null;
  currency: string;
  amount_usd: number | null;
  created_date: string;
  close_date: string;
  /** Closed opportunities only: close_date - created_date in days. */
  days_to_close: number | null;
  /** Stage -> whole days spent in it (summed over visits); stages still in progress are left out. */
  days_in_stage: Record<string, number>;
}

export interface TruthInvoice {
  invoice_id: string;
  customer_id: string;
  account_id: string;
  status: string;
  currency: string;
  total_local: number;
  amount_paid_local: number;
  created_at: string;
  paid_at: string | null;
}

export interface TruthDay {
  date: string;
  dau: number;
  wau: number;
  mau: number;
  sessions: number;
  events: number;
}

export interface TruthEventCount {
  month: string;
  canonical_name: string;
  events: number;
}

/** Category -> item -> count; counted from the rendered raw tables. See warehouse/README.md. */
export type MessReport = Record<string, Record<string, number>>;

/** SQLite's round(x, n): half away from zero on the exact binary value, like JS toFixed. */
export function sqlRound(x: number, digits = 2): number {
  const r = Number(x.toFixed(digits));
  return r === 0 ? 0 : r;
}

/** Minor units per major unit: JPY is a zero-decimal currency. */
export function minorFactor(currency: string): number {
  return currency.toUpperCase() === 'JPY' ? 1 : 100;
}

const CLOSED_STAGES = new Set(['Closed Won', 'Closed Lost']);

function sfDate(ts: string): string {
  return ts.slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((parseUtc(b) - parseUtc(a)) / DAY);
}

interface SectionInput {
  world: World;
  biz: Business;
  horizonMs: number;
  /** Last simulated second visible in this batch (for the spines). */
  lastInstant: number;
}

/** A link value that names something (not missing, not blank). */
function isLink(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

function isLiveCustomer(e: Entity, horizonMs: number): boolean {
  const v = visibleVersion(e, horizonMs);
  return !!v && v.row.livemode === 1 && v.row.deleted === 0;
}

export function computeSection({ world, biz, horizonMs, lastInstant }: SectionInput): TruthSection {
  const seeds = world.seeds;
  const months = monthStarts(HISTORY_START, lastInstant).map(monthStr);
  const catalog = new Map<string, CatalogPrice>(seeds.catalog.map((p) => [p.priceId, p]));

  // --- Identity: the real mapping, checked against the documented rules. ---
  const accounts: TruthAccount[] = [];
  const accountOfCompany = new Map<Company, string>();
  const accountOfCustomer = new Map<string, string>();
  const realWorkspace = new Map<string, string | null>();
  const visibleWorkspaces = new Set<string>();
  for (const g of biz.segment.groups) if (g.recv <= horizonMs) visibleWorkspaces.add(g.groupId);

  const workspacesOf = new Map<Company, string[]>();
  for (const w of biz.segment.workspaces) {
    if (w.company && visibleWorkspaces.has(w.id)) workspacesOf.set(w.company, [...(workspacesOf.get(w.company) ?? []), w.id]);
  }
  for (const c of biz.companies) {
    const sf = c.sfAccount && visibleVersion(c.sfAccount.entity, horizonMs) ? c.sfAccount : null;
    const customers = c.customers
      .filter((cu) => isLiveCustomer(cu.entity, horizonMs))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    const ws = workspacesOf.get(c) ?? [];
    if (!sf && customers.length === 0) {
      for (const w of ws) realWorkspace.set(w, null);
      continue;
    }
    const accountId = sf ? sf.id : customers[0]!.id;
    accountOfCompany.set(c, accountId);
    for (const cu of customers) accountOfCustomer.set(cu.id, accountId);
    // A workspace belongs to the account once a record in this batch names it;
    // until then (e.g. its linking records are still in flight) it is unmatched.
    const sfRow = sf ? visibleVersion(sf.entity, horizonMs)!.row : null;
    const named =
      isLink(sfRow?.Workspace_Id__c) ||
      customers.some((cu) => isLink((JSON.parse(String(visibleVersion(cu.entity, horizonMs)!.row.metadata)) as Record<string, unknown>).workspace_id));
    for (const w of ws) realWorkspace.set(w, named ? accountId : null);
    const currencies = [...new Set(customers.map((cu) => cu.currency.toUpperCase()))];
    if (currencies.length > 1) throw new Error(`generator bug: ${c.name} bills in ${currencies.join(' and ')}`);
    accounts.push({
      account_id: accountId,
      source: sf ? 'salesforce' : 'stripe',
      name: c.name,
      salesforce_account_id: sf ? sf.id : null,
      merged_salesforce_account_ids: sf ? c.mergedSfAccounts.filter((m) => visibleVersion(m.entity, horizonMs)).map((m) => m.id).sort() : [],
      stripe_customer_ids: customers.map((cu) => cu.id).sort(),
      workspace_ids: named ? ws.sort() : [],
      size_segment: c.size,
      industry: c.industry,
      country: c.country.iso2,
      currency: currencies[0] ?? null,
    });
  }
  for (const w of biz.segment.workspaces) {
    if (visibleWorkspaces.has(w.id) && !w.internal && !realWorkspace.has(w.id)) realWorkspace.set(w.id, null);
  }
  accounts.sort((a, b) => (a.account_id < b.account_id ? -1 : 1));

  const identity = checkIdentity(world, horizonMs, accountOfCustomer, realWorkspace);

  // --- MRR per account and month. ---
  const subsByAccount = new Map<string, { sub: Entity; item: Entity; currency: string; discounts: Entity[] }[]>();
  const discountsBySub = new Map<string, Entity[]>();
  for (const d of world.existing('stripe__discount').entities) {
    const sid = String(d.versions[0]!.row.subscription_id);
    discountsBySub.set(sid, [...(discountsBySub.get(sid) ?? []), d]);
  }
  for (const c of biz.companies) {
    const accountId = accountOfCompany.get(c);
    if (!accountId) continue;
    for (const s of c.subscriptions) {
      if (!accountOfCustomer.has(s.customer.id)) continue;
      const list = subsByAccount.get(accountId) ?? [];
      list.push({ sub: s.entity, item: s.itemEntity, currency: s.customer.currency, discounts: discountsBySub.get(s.id) ?? [] });
      subsByAccount.set(accountId, list);
    }
  }
  const couponById = new Map(biz.catalog.coupons.map((c) => [c.id, c]));

  const mrrMinor = (accountId: string, t: number): { minor: number; currency: string | null } => {
    let total = 0;
    let currency: string | null = null;
    for (const s of subsByAccount.get(accountId) ?? []) {
      const sub = stateAt(s.sub, t, horizonMs);
      if (!sub || (sub.status !== 'active' && sub.status !== 'past_due')) continue;
      const item = stateAt(s.item, t, horizonMs);
      if (!item) continue;
      const price = catalog.get(String(item.price_id ?? item.plan_id));
      if (!price) throw new Error(`generator bug: unknown price on ${s.item.key}`);
      const months = price.interval === 'year' ? 12 : 1;
      let amount = (price.unitAmount * Number(item.quantity)) / months;
      for (const d of s.discounts) {
        const ds = stateAt(d, t, horizonMs);
        if (!ds) continue;
        const coupon = couponById.get(String(ds.coupon_id))!;
        if (coupon.duration === 'once') continue;
        if (Number(ds.start) > t || (ds.end !== null && Number(ds.end) <= t)) continue;
        if (coupon.percentOff !== null) amount -= (amount * coupon.percentOff) / 100;
        else amount -= (coupon.amountOff ?? 0) / months;
      }
      if (!Number.isInteger(amount)) throw new Error(`generator bug: MRR of ${s.sub.key} is not whole minor units (${amount})`);
      total += amount;
      currency = s.currency.toUpperCase();
    }
    return { minor: total, currency };
  };

  const monthEnds = months.map((m) => endOfMonth(parseUtc(m)));
  const mrr: TruthMrr[] = [];
  const mrrMovements: TruthMovement[] = [];
  const byMonth = new Map<string, TruthMrrMonth>();
  const logos = new Map<string, TruthLogos>();
  for (const m of months) {
    byMonth.set(m, { month: m, mrr_usd: 0, new_usd: 0, expansion_usd: 0, contraction_usd: 0, churn_usd: 0, reactivation_usd: 0, fx_adjustment_usd: 0 });
    logos.set(m, { month: m, active: 0, new: 0, churned: 0, reactivated: 0 });
  }
  const cents = (x: number): number => Math.round(x * 100);
  const monthTotalsCents = new Map<string, Record<string, number>>();
  for (const m of months) monthTotalsCents.set(m, { mrr: 0, new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 });

  for (const a of accounts) {
    const currencyFallback = a.currency ?? 'USD';
    let started = false;
    let prevLocal = 0;
    let prevUsd = 0;
    let everPositive = false;
    for (const [mi, m] of months.entries()) {
      const { minor, currency } = mrrMinor(a.account_id, monthEnds[mi]!);
      if (!started && minor <= 0) continue;
      started = true;
      const cur = currency ?? currencyFallback;
      const rate = seeds.rate(m, cur);
      const local = sqlRound(minor / minorFactor(cur), 2);
      const usd = sqlRound(local * rate, 2);
      mrr.push({ account_id: a.account_id, month: m, currency: cur, mrr_local: local, mrr_usd: usd, arr_usd: sqlRound(usd * 12, 2) });
      let movement: Movement;
      if (local > 0 && !everPositive) movement = 'new';
      else if (local > 0 && prevLocal === 0) movement = 'reactivation';
      else if (local === 0 && prevLocal > 0) movement = 'churn';
      else if (local > prevLocal) movement = 'expansion';
      else if (local < prevLocal) movement = 'contraction';
      else movement = 'unchanged';
      const changeUsd = sqlRound((local - prevLocal) * rate, 2);
      const fx = sqlRound(usd - prevUsd - changeUsd, 2);
      mrrMovements.push({
        account_id: a.account_id,
        month: m,
        movement,
        mrr_change_local: sqlRound(local - prevLocal, 2),
        mrr_change_usd: changeUsd,
        fx_adjustment_usd: fx,
      });
      const tot = monthTotalsCents.get(m)!;
      tot.mrr! += cents(usd);
      tot.fx! += cents(fx);
      const key = movement === 'unchanged' ? null : movement;
      // 'unchanged' months have no change to add (the local change is zero).
      if (key) tot[key] = (tot[key] ?? 0) + cents(changeUsd);
      const lg = logos.get(m)!;
      if (local > 0) lg.active++;
      if (movement === 'new') lg.new++;
      if (movement === 'churn') lg.churned++;
      if (movement === 'reactivation') lg.reactivated++;
      if (local > 0) everPositive = true;
      prevLocal = local;
      prevUsd = usd;
    }
  }
  for (const m of months) {
    const tot = monthTotalsCents.get(m)!;
    const row = byMonth.get(m)!;
    row.mrr_usd = tot.mrr! / 100;
    row.new_usd = tot.new! / 100;
    row.expansion_usd = tot.expansion! / 100;
    row.contraction_usd = tot.contraction! / 100;
    row.churn_usd = tot.churn! / 100;
    row.reactivation_usd = tot.reactivation! / 100;
    row.fx_adjustment_usd = tot.fx! / 100;
  }

  // --- Opportunities. ---
  const merged = new Map(identity.merged_salesforce_accounts.map((m) => [m.salesforce_account_id, m.master_account_id]));
  const salesAccounts = new Set(accounts.filter((a) => a.salesforce_account_id).map((a) => a.salesforce_account_id!));
  const historyByOpp = new Map<string, Row[]>();
  for (const h of world.existing('salesforce__opportunity_history').entities) {
    const v = visibleVersion(h, horizonMs);
    if (!v || v.row.IsDeleted === 1 || v.row._fivetran_deleted === 1) continue;
    const oid = String(v.row.OpportunityId);
    historyByOpp.set(oid, [...(historyByOpp.get(oid) ?? []), v.row]);
  }
  const lastRateMonth = seeds.fx.map((r) => r.month).sort().at(-1)!;
  const opportunities: TruthOpportunity[] = [];
  for (const o of world.existing('salesforce__opportunity').entities) {
    const v = visibleVersion(o, horizonMs);
    if (!v || v.row.IsDeleted === 1 || v.row._fivetran_deleted === 1) continue;
    const r = v.row;
    const rawAccount = String(r.AccountId);
    const accountId = merged.get(rawAccount) ?? rawAccount;
    if (!salesAccounts.has(accountId)) continue; // internal and test accounts
    const closed = r.IsClosed === 1;
    const created = sfDate(String(r.CreatedDate));
    const close = String(r.CloseDate);
    const history = (historyByOpp.get(o.key) ?? []).sort((a, b) =>
      String(a.CreatedDate) < String(b.CreatedDate) ? -1 : String(a.CreatedDate) > String(b.CreatedDate) ? 1 : String(a.Id) < String(b.Id) ? -1 : 1,
    );
    const daysInStage: Record<string, number> = {};
    history.forEach((h, i) => {
      const stage = String(h.StageName);
      if (CLOSED_STAGES.has(stage)) return;
      const next = history[i + 1];
      const end = next ? sfDate(String(next.CreatedDate)) : closed ? close : null;
      if (end === null) return;
      daysInStage[stage] = (daysInStage[stage] ?? 0) + daysBetween(sfDate(String(h.CreatedDate)), end);
    });
    const amount = r.Amount === null ? null : Number(r.Amount);
    const cur = String(r.CurrencyIsoCode);
    const rateMonth = close.slice(0, 7) + '-01' > lastRateMonth ? lastRateMonth : close.slice(0, 7) + '-01';
    opportunities.push({
      opportunity_id: o.key,
      account_id: accountId,
      owner_id: String(r.OwnerId),
      type: String(r.Type),
      stage: String(r.StageName),
      is_closed: closed,
      is_won: r.IsWon === 1,
      amount,
      currency: cur,
      amount_usd: amount === null ? null : sqlRound(amount * seeds.rate(rateMonth, cur), 2),
      created_date: created,
      close_date: close,
      days_to_close: closed ? daysBetween(created, close) : null,
      days_in_stage: Object.fromEntries(Object.entries(daysInStage).sort(([a], [b]) => (a < b ? -1 : 1))),
    });
  }
  opportunities.sort((a, b) => (a.opportunity_id < b.opportunity_id ? -1 : 1));

  // --- Invoices. ---
  const invoices: TruthInvoice[] = [];
  for (const inv of world.existing('stripe__invoice').entities) {
    const v = visibleVersion(inv, horizonMs);
    if (!v || v.row.livemode !== 1) continue;
    const customerId = String(v.row.customer_id);
    const accountId = accountOfCustomer.get(customerId);
    if (!accountId) continue;
    const cur = String(v.row.currency).toUpperCase();
    const f = minorFactor(cur);
    invoices.push({
      invoice_id: inv.key,
      customer_id: customerId,
      account_id: accountId,
      status: String(v.row.status),
      currency: cur,
      total_local: sqlRound(Number(v.row.total) / f, 2),
      amount_paid_local: sqlRound(Number(v.row.amount_paid) / f, 2),
      created_at: tsStr(Number(v.row.created)),
      paid_at: v.row.status_transitions_paid_at === null ? null : tsStr(Number(v.row.status_transitions_paid_at)),
    });
  }
  invoices.sort((a, b) => (a.invoice_id < b.invoice_id ? -1 : 1));

  const { days, events } = engagement(world, biz.segment, horizonMs, lastInstant);

  return {
    as_of: tsStr(Math.floor(horizonMs / 1000)),
    months,
    accounts,
    identity,
    mrr,
    mrr_movements: mrrMovements,
    mrr_by_month: [...byMonth.values()],
    logos: [...logos.values()],
    opportunities,
    invoices,
    daily_engagement: days,
    events_by_month: events,
  };
}

/**
 * Runs the documented identity rules over the link values as written and
 * compares them with the real mapping; a difference is a generator bug (the
 * mess would no longer be decidable), so it stops the run.
 */
function checkIdentity(
  world: World,
  horizonMs: number,
  accountOfCustomer: Map<string, string>,
  realWorkspace: Map<string, string | null>,
): TruthIdentity {
  const sfLinks = [];
  for (const e of world.existing('salesforce__account').entities) {
    const v = visibleVersion(e, horizonMs);
    if (!v || v.row._fivetran_deleted === 1) continue;
    if (String(v.row.Website ?? '').toLowerCase().includes(INTERNAL_DOMAIN)) continue;
    const mergedInto = v.row.IsDeleted === 1 ? (v.row.MasterRecordId as string | null) : null;
    if (v.row.IsDeleted === 1 && !mergedInto) continue;
    sfLinks.push({
      id: e.key,
      masterRecordId: mergedInto,
      stripeCustomerField: v.row.Stripe_Customer_Id__c as string | null,
      workspaceField: v.row.Workspace_Id__c as string | null,
    });
  }
  const customerLinks = [];
  for (const e of world.existing('stripe__customer').entities) {
    if (!isLiveCustomer(e, horizonMs)) continue;
    const row = visibleVersion(e, horizonMs)!.row;
    const meta = JSON.parse(String(row.metadata)) as Record<string, string>;
    customerLinks.push({
      id: e.key,
      created: Number(row.created),
      metadataSalesforceId: meta.salesforce_account_id ?? null,
      metadataWorkspaceId: meta.workspace_id ?? null,
    });
  }
  const workspaceIds = [...realWorkspace.keys()].sort();
  const resolved = resolveIdentity(sfLinks, customerLinks, workspaceIds);

  const problems: string[] = [];
  for (const [customerId, real] of accountOfCustomer) {
    const got = resolved.customers.get(customerId);
    if (got?.accountId !== real) problems.push(`customer ${customerId}: rules say ${got?.accountId ?? 'nothing'}, really ${real}`);
  }
  for (const [ws, real] of realWorkspace) {
    const got = resolved.workspaces.get(ws);
    if ((got?.accountId ?? null) !== real) problems.push(`workspace ${ws}: rules say ${got?.accountId ?? 'none'}, really ${real ?? 'none'}`);
  }
  if (problems.length > 0) {
    throw new Error(`generator bug: the identity rules do not recover the real mapping at ${tsStr(Math.floor(horizonMs / 1000))}:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
  return {
    stripe_customers: [...accountOfCustomer.keys()].sort().map((id) => ({
      stripe_customer_id: id,
      account_id: accountOfCustomer.get(id)!,
      match_method: resolved.customers.get(id)!.method,
    })),
    workspaces: workspaceIds.map((id) => ({ workspace_id: id, account_id: realWorkspace.get(id) ?? null, match_method: resolved.workspaces.get(id)!.method })),
    merged_salesforce_accounts: [...resolved.merged.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([loser, master]) => ({ salesforce_account_id: loser, master_account_id: master })),
  };
}

/** DAU/WAU/MAU, sessions and events per day, and events per canonical name and month. */
function engagement(world: World, seg: SegmentData, horizonMs: number, lastInstant: number): { days: TruthDay[]; events: TruthEventCount[] } {
  const canonical = new Map(world.seeds.taxonomy.map((t) => [t.eventName, t.canonicalName]));
  // Anonymous ids resolve through identify calls visible in this batch.
  const anonToUser = new Map<string, string>();
  const internalUsers = new Set<string>();
  for (const c of seg.identifies) {
    if (c.recv > horizonMs) continue;
    if (c.anonymousId && c.userId && !anonToUser.has(c.anonymousId)) anonToUser.set(c.anonymousId, c.userId);
    if (c.userId && c.email.trim().toLowerCase().endsWith(`@${INTERNAL_DOMAIN}`)) internalUsers.add(c.userId);
  }
  const seen = new Set<string>();
  const perUser = new Map<string, number[]>();
  const firstDay = Math.floor(HISTORY_START / DAY);
  const lastDay = Math.floor(lastInstant / DAY);
  const nDays = lastDay - firstDay + 1;
  const eventsPerDay = new Array<number>(nDays).fill(0);
  const monthOfDay = Array.from({ length: nDays }, (_, d) => monthStr((firstDay + d) * DAY));
  const byMonthName = new Map<string, number>();
  const ordered = seg.tracks.filter((c) => c.recv <= horizonMs).sort((a, b) => a.recv - b.recv || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of ordered) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const user = c.userId ?? (c.anonymousId ? anonToUser.get(c.anonymousId) ?? c.anonymousId : null);
    if (user === null || internalUsers.has(user)) continue;
    const name = canonical.get(c.event);
    if (!name) throw new Error(`generator bug: event ${c.event} is not in the taxonomy seed`);
    const day = Math.floor(c.ts / DAY) - firstDay;
    if (day < 0 || day >= nDays) continue;
    eventsPerDay[day]!++;
    const key = `${monthOfDay[day]!}|${name}`;
    byMonthName.set(key, (byMonthName.get(key) ?? 0) + 1);
    let list = perUser.get(user);
    if (!list) perUser.set(user, (list = []));
    list.push(c.ts);
  }

  const dau = new Array<number>(nDays).fill(0);
  const wauDiff = new Array<number>(nDays + 1).fill(0);
  const mauDiff = new Array<number>(nDays + 1).fill(0);
  const sessions = new Array<number>(nDays).fill(0);
  for (const list of perUser.values()) {
    list.sort((a, b) => a - b);
    let prev = -Infinity;
    let lastActiveDay = -1;
    let wauCovered = -1;
    let mauCovered = -1;
    for (const ts of list) {
      const day = Math.floor(ts / DAY) - firstDay;
      // A new session after more than 30 minutes without an event.
      if (ts - prev > 30 * 60) sessions[day]!++;
      prev = ts;
      if (day === lastActiveDay) continue;
      lastActiveDay = day;
      dau[day]!++;
      // Each active day counts the user in the 7 (28) days ending on the days after it.
      const wFrom = Math.max(day, wauCovered + 1);
      const wTo = Math.min(nDays - 1, day + 6);
      if (wFrom <= wTo) {
        wauDiff[wFrom]!++;
        wauDiff[wTo + 1]!--;
        wauCovered = wTo;
      }
      const mFrom = Math.max(day, mauCovered + 1);
      const mTo = Math.min(nDays - 1, day + 27);
      if (mFrom <= mTo) {
        mauDiff[mFrom]!++;
        mauDiff[mTo + 1]!--;
        mauCovered = mTo;
      }
    }
  }
  const days: TruthDay[] = [];
  let wau = 0;
  let mau = 0;
  for (let d = 0; d < nDays; d++) {
    wau += wauDiff[d]!;
    mau += mauDiff[d]!;
    days.push({ date: dateStr((firstDay + d) * DAY), dau: dau[d]!, wau, mau, sessions: sessions[d]!, events: eventsPerDay[d]! });
  }
  const events = [...byMonthName.entries()]
    .map(([k, n]) => {
      const [month, name] = k.split('|') as [string, string];
      return { month, canonical_name: name, events: n };
    })
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.canonical_name < b.canonical_name ? -1 : 1));
  return { days, events };
}
