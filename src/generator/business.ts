import {
  BATCH1_CUTOFF,
  COMPANY_NAME,
  COUNTRIES,
  DELTA_DATA_END,
  HISTORY_START,
  INDUSTRIES,
  INTERNAL_DOMAIN,
  type SizeSegment,
} from './config';
import { type LinkMess, messLink, typedEmail } from './mess';
import type { Company, CustomerRef, SalesRep } from './model';
import { CompanyNames } from './names';
import type { Rng } from './prng';
import {
  type OpportunityOutcome,
  accountExecutivesAt,
  createDeletedOpportunity,
  createSalesTeam,
  createSfAccount,
  runOpportunity,
  salesforceTables,
  sfId,
  sfRow,
  updateSfAccount,
  type SalesforceTables,
} from './salesforce';
import { SegmentSim, type SegUser, type SegWorkspace, type SegmentData } from './segment';
import {
  BillingRun,
  type Catalog,
  type StripeTables,
  choosePlan,
  createCatalog,
  createCustomer,
  monthlyMinor,
  stripeTables,
  type SubscriptionPlan,
} from './stripe';
import { DAY, HOUR, parseUtc, sfTimestamp } from './time';
import type { World } from './world';

/**
 * The simulated business: companies arrive over time, through sales (a
 * Salesforce account and a new-business opportunity) or self-serve (a
 * workspace, a Stripe trial). Winners become Stripe customers whose
 * subscriptions drive both billing and product usage.
 */

export interface Business {
  companies: Company[];
  reps: SalesRep[];
  catalog: Catalog;
  segment: SegmentData;
  /** The internal workspace and the SF accounts that are test data. */
  internalWorkspaceId: string;
}

/** Sized so that the default warehouse meets its budgets; see warehouse/README.md. */
const SALES_COMPANIES = 750;
const SELF_SERVE_COMPANIES = 340;
const TEST_CUSTOMERS = 24;
const ACTIVITY = 0.293;

interface Ctx {
  world: World;
  sf: SalesforceTables;
  st: StripeTables;
  catalog: Catalog;
  reps: SalesRep[];
  seg: SegmentSim;
  /** Sales-led customers whose metadata carries the SF id: safe targets for a conflicting SF link. */
  conflictTargets: CustomerRef[];
}

/** Arrival times with a growing business: density rises linearly over history. */
function arrivals(rng: Rng, n: number): number[] {
  const span = DELTA_DATA_END - 20 * DAY - HISTORY_START;
  const growth = 1.6;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Inverse CDF of density (1 + growth * x) on [0, 1].
    const u = rng.next();
    const x = (-1 + Math.sqrt(1 + growth * (2 + growth) * u)) / growth;
    out.push(HISTORY_START + Math.floor(x * span));
  }
  return out.sort((a, b) => a - b);
}

function newCompany(rng: Rng, names: CompanyNames, idx: number, channel: Company['channel']): Company {
  const crng = rng.fork(`company-${idx}`);
  const { name, domain } = names.next();
  const size: SizeSegment =
    channel === 'self_serve'
      ? crng.weighted(['SMB', 'Mid-Market', 'Enterprise'] as const, [80, 17, 3])
      : crng.weighted(['SMB', 'Mid-Market', 'Enterprise'] as const, [45, 38, 17]);
  const employees =
    size === 'SMB' ? crng.int(8, 190) : size === 'Mid-Market' ? crng.int(200, 1900) : crng.int(2000, 40000);
  return {
    idx,
    name,
    domain,
    industry: crng.pick(INDUSTRIES),
    size,
    country: crng.weighted(COUNTRIES, COUNTRIES.map((c) => c.weight)),
    employees,
    channel,
    rng: crng,
    mergedSfAccounts: [],
    customers: [],
    subscriptions: [],
    seatChanges: [],
    usageSpans: [],
  };
}

export function simulateBusiness(world: World): Business {
  const rng = world.rng;
  const sf = salesforceTables(world);
  const st = stripeTables(world);
  const catalog = createCatalog(world, st);
  const reps = createSalesTeam(world, sf, rng.fork('team'));
  const seg = new SegmentSim(world.ids, world.seeds, ACTIVITY);
  const ctx: Ctx = { world, sf, st, catalog, reps, seg, conflictTargets: [] };
  const names = new CompanyNames(rng.fork('names'));

  const nSales = Math.max(10, Math.round(SALES_COMPANIES * world.scale));
  const nSelf = Math.max(10, Math.round(SELF_SERVE_COMPANIES * world.scale));
  const plan = [
    ...arrivals(rng.fork('arrivals-sales'), nSales).map((t) => ({ t, channel: 'sales' as const })),
    ...arrivals(rng.fork('arrivals-self'), nSelf).map((t) => ({ t, channel: 'self_serve' as const })),
  ].sort((a, b) => a.t - b.t || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));

  const companies: Company[] = [];
  plan.forEach((p, idx) => {
    const company = newCompany(rng, names, idx, p.channel);
    companies.push(company);
    if (p.channel === 'sales') runSales(ctx, company, p.t);
    else runSelfServe(ctx, company, p.t);
    simulateUsage(ctx, company);
  });

  const internalWorkspaceId = createInternalAndTestData(ctx, rng.fork('internal'));
  return { companies, reps, catalog, segment: seg.data, internalWorkspaceId };
}

function pickMess(rng: Rng, weights: Partial<Record<LinkMess, number>>): LinkMess {
  const kinds = Object.keys(weights) as LinkMess[];
  return rng.weighted(kinds, kinds.map((k) => weights[k] ?? 0));
}

/** Seats in use per company, summed over its subscriptions, as usage input. */
const seatBooks = new WeakMap<Company, Map<number, number>>();

function startBilling(ctx: Ctx, company: Company, plan: SubscriptionPlan): BillingRun {
  let seats = seatBooks.get(company);
  if (!seats) {
    seats = new Map();
    seatBooks.set(company, seats);
  }
  const key = seats.size;
  const book = seats;
  const onSeats = (at: number, n: number, inUse: boolean): void => {
    book.set(key, inUse ? n : 0);
    let total = 0;
    for (const v of book.values()) total += v;
    company.seatChanges.push({ at, seats: total });
  };
  const run = new BillingRun(ctx.world, ctx.st, ctx.catalog, plan, onSeats);
  run.run();
  company.usageSpans.push({ from: plan.start, to: run.endedAt, churned: run.endedAt !== null });
  return run;
}

function runSales(ctx: Ctx, company: Company, t0: number): void {
  const { world, sf, reps } = ctx;
  const rng = company.rng;
  const owner = rng.pick(accountExecutivesAt(reps, t0));
  if (rng.chance(0.03)) createJunkAccount(ctx, company, t0 - rng.int(1, 30) * DAY, owner.id);
  const account = createSfAccount(world, sf, company, t0, owner, reps, { stripeCustomerId: null, workspaceId: null });
  if (rng.chance(0.03)) createDeletedOpportunity(world, sf, company, account.id, owner.id, t0 + rng.int(0, 5) * DAY);

  const annual = (): number => {
    const { plan, seats } = choosePlan(company, rng.fork('quote'), 'sales');
    const p = ctx.catalog.find(plan, 'year', company.country.currency.toLowerCase(), t0 >= ctx.catalog.retireAt ? 'v2' : 'v1');
    return (p.unitAmount * seats) / (company.country.currency === 'JPY' ? 1 : 100);
  };

  let workspace: SegWorkspace | null = null;
  let opened = t0 + rng.int(0, 10) * DAY;
  for (let attempt = 0; attempt < 2 && opened < DELTA_DATA_END; attempt++) {
    const nb = runOpportunity(world, sf, company, {
      type: 'New Business',
      createdAt: opened,
      accountId: account.id,
      ownerId: owner.id,
      annualValue: annual(),
      currency: company.country.currency,
    });
    // Some prospects evaluate in a proof-of-concept workspace; the AE records it in Salesforce.
    const pocAt = opened + rng.int(12, 25) * DAY;
    if (!workspace && rng.chance(0.25) && pocAt < (nb.closedAt ?? DELTA_DATA_END) && pocAt < DELTA_DATA_END) {
      workspace = ctx.seg.addWorkspace(company, pocAt);
      const wsLink = messLink(workspace.id, pickMess(rng, { clean: 70, padded: 15, cased: 15 }), rng);
      updateSfAccount(world, sf, account, pocAt, { Workspace_Id__c: wsLink });
      const pocEnd = Math.min(nb.closedAt ?? DELTA_DATA_END, pocAt + rng.int(14, 40) * DAY);
      company.usageSpans.push({ from: pocAt, to: pocEnd, churned: nb.outcome === 'lost' });
      company.seatChanges.push({ at: pocAt, seats: rng.int(2, 4) }, { at: pocEnd, seats: 0 });
    }
    if (nb.outcome === 'won' && nb.closedAt !== null) {
      startSalesCustomer(ctx, company, nb, workspace, owner.id);
      return;
    }
    if (nb.outcome !== 'lost' || nb.closedAt === null || !rng.chance(0.12)) return;
    opened = nb.closedAt + rng.int(90, 240) * DAY;
  }
}

function startSalesCustomer(ctx: Ctx, company: Company, nb: OpportunityOutcome, existing: SegWorkspace | null, ownerId: string): void {
  const { world, sf, st } = ctx;
  const rng = company.rng;
  const account = company.sfAccount!;
  const at = nb.closedAt! + rng.int(1, 4) * DAY + rng.int(0, 6) * HOUR;
  if (at > DELTA_DATA_END) return;
  const currency = company.country.currency.toLowerCase();
  const workspace = existing ?? ctx.seg.addWorkspace(company, at);

  // Which links are messy: at least one correct path always remains (see docs/source-map.md).
  const metaSf = pickMess(rng, { clean: 66, padded: 9, cased: 9, missing: 9, blank: 7 });
  const metaHasSf = metaSf !== 'missing' && metaSf !== 'blank';
  const sfField: LinkMess = metaHasSf
    ? pickMess(rng, { clean: 45, padded: 10, cased: 10, blank: 8, missing: 27 })
    : pickMess(rng, { clean: 60, padded: 20, cased: 20 });
  const sfWsAlready = existing !== null;
  const metaWs = pickMess(rng, sfWsAlready ? { clean: 75, padded: 5, cased: 5, missing: 15 } : { clean: 85, padded: 8, cased: 7 });
  const sfWs = sfWsAlready ? null : pickMess(rng, { clean: 50, missing: 30, padded: 10, cased: 10 });

  // The integration sometimes still carries the id of a duplicate account merged away.
  const merged = company.mergedSfAccounts[0];
  const sfIdForMeta = merged && rng.chance(0.4) ? merged.id : account.id;
  const customer = createCustomer(world, st, company, {
    at,
    name: company.name,
    email: typedEmail(`${rng.pick(['billing', 'finance', 'ap', 'accounts'])}@${company.domain}`, rng, 0.12),
    currency,
    country: rng.chance(0.92) ? company.country.iso2 : null,
    metadataSalesforceId: messLink(sfIdForMeta, metaSf, rng),
    metadataWorkspaceId: messLink(workspace.id, metaWs, rng),
  });

  // Ops copies the Stripe id into Salesforce; now and then they paste the wrong customer's.
  let fieldValue = messLink(customer.id, sfField, rng);
  if (metaHasSf && fieldValue !== null && fieldValue.trim() !== '' && ctx.conflictTargets.length > 0 && rng.chance(0.06)) {
    fieldValue = rng.pick(ctx.conflictTargets).id;
  }
  if (metaHasSf) ctx.conflictTargets.push(customer);
  const patch: Record<string, string | number | null> = { Stripe_Customer_Id__c: fieldValue, Type: 'Customer' };
  if (sfWs !== null) patch.Workspace_Id__c = messLink(workspace.id, sfWs, rng);
  // Written in the same sync as the customer, so no batch sees one without the other.
  updateSfAccount(world, sf, account, at, patch, customer.entity.versions[0]!.synced);

  let startAt = at + rng.int(0, 2) * DAY;
  for (let round = 0; round < 2 && startAt < DELTA_DATA_END; round++) {
    const { plan, seats } = choosePlan(company, rng, 'sales');
    const interval = rng.chance(0.75) ? 'year' : 'month';
    const coupon = rng.weighted([null, 'PARTNER10', 'LAUNCH25', `LOYAL120${currency.toUpperCase()}`], [67, 20, 8, 5]);
    const monthly = monthlyMinor(ctx.catalog.find(plan, interval, currency, startAt >= ctx.catalog.retireAt ? 'v2' : 'v1'), seats);
    const run = startBilling(ctx, company, {
      customer,
      start: startAt,
      plan,
      interval,
      quantity: seats,
      trialDays: 0,
      convertsAfterTrial: true,
      collection: plan === 'Enterprise' && interval === 'year' && rng.chance(0.6) ? 'send_invoice' : 'charge_automatically',
      couponId: coupon && coupon.startsWith('LOYAL') && monthly < 2 * (interval === 'year' ? 1000 : 12000) ? null : coupon,
      churnHazard: 0.012,
      seatChangeRate: 0.05,
      tierChangeRate: 0.01,
      onRenewalDue: (periodEnd) => {
        const createdAt = periodEnd - rng.int(60, 90) * DAY;
        if (createdAt > DELTA_DATA_END) return null;
        const renewal = runOpportunity(world, sf, company, {
          type: 'Renewal',
          createdAt,
          accountId: account.id,
          ownerId,
          annualValue: (monthly * 12) / (currency === 'jpy' ? 1 : 100),
          currency: company.country.currency,
          expectedClose: periodEnd - rng.int(0, 20) * DAY,
        });
        if (renewal.outcome !== 'lost' || renewal.closedAt === null) return null;
        return { cancelRequestAt: Math.min(renewal.closedAt + HOUR, periodEnd - HOUR) };
      },
      expansions: (ps, pe) => {
        const years = (pe - ps) / (365 * DAY);
        if (!rng.chance(Math.min(0.9, 0.3 * years + 0.03))) return [];
        const createdAt = ps + Math.floor(rng.uniform(0.1, 0.6) * (pe - ps));
        if (createdAt > DELTA_DATA_END) return [];
        const addSeats = Math.max(2, Math.round(seats * rng.uniform(0.2, 0.8)));
        const exp = runOpportunity(world, sf, company, {
          type: 'Expansion',
          createdAt,
          accountId: account.id,
          ownerId,
          annualValue: (monthly * 12 * addSeats) / seats / (currency === 'jpy' ? 1 : 100),
          currency: company.country.currency,
        });
        if (exp.outcome !== 'won' || exp.closedAt === null) return [];
        return [{ at: exp.closedAt + rng.int(1, 3) * DAY, addSeats, upgrade: plan !== 'Enterprise' && rng.chance(0.25) }];
      },
    });
    if (run.endedAt === null || !rng.chance(0.1)) return;
    // A win-back a few months later: a new subscription on the same customer (a reactivation).
    const winBack = runOpportunity(world, sf, company, {
      type: 'New Business',
      createdAt: run.endedAt + rng.int(60, 200) * DAY,
      accountId: account.id,
      ownerId,
      annualValue: (monthly * 12) / (currency === 'jpy' ? 1 : 100),
      currency: company.country.currency,
    });
    if (winBack.outcome !== 'won' || winBack.closedAt === null) return;
    startAt = winBack.closedAt + rng.int(1, 5) * DAY;
  }
}

function runSelfServe(ctx: Ctx, company: Company, t0: number): void {
  const { world, st, seg } = ctx;
  const rng = company.rng;
  const currency = company.country.currency.toLowerCase();
  const workspace = seg.addWorkspace(company, t0);

  if (rng.chance(0.22)) {
    // Free workspaces that never start a trial: their events never get an account.
    const end = t0 + rng.int(10, 120) * DAY;
    company.usageSpans.push({ from: t0, to: Math.min(end, DELTA_DATA_END), churned: true });
    company.seatChanges.push({ at: t0, seats: rng.int(1, 3) }, { at: end, seats: 0 });
    return;
  }
  const freeDays = rng.chance(0.5) ? 0 : rng.int(1, 25);
  const trialAt = t0 + freeDays * DAY + rng.int(HOUR, 6 * HOUR);
  if (trialAt > DELTA_DATA_END) return;
  if (freeDays > 0) {
    company.usageSpans.push({ from: t0, to: trialAt, churned: false });
    company.seatChanges.push({ at: t0, seats: 1 });
  }

  const adminEmail = `admin@${company.domain}`;
  const wsMess = pickMess(rng, { clean: 84, padded: 8, cased: 8 });
  const customer = createCustomer(world, st, company, {
    at: trialAt,
    name: company.name,
    email: typedEmail(adminEmail, rng, 0.12),
    currency,
    country: rng.chance(0.85) ? company.country.iso2 : null,
    metadataSalesforceId: null,
    metadataWorkspaceId: messLink(workspace.id, wsMess, rng),
  });
  // Double sign-ups that support deletes the same day.
  if (rng.chance(0.03)) {
    const dup = createCustomer(world, st, company, {
      at: trialAt + rng.int(5, 50) * 60,
      name: company.name,
      email: adminEmail,
      currency,
      country: company.country.iso2,
      metadataSalesforceId: null,
      metadataWorkspaceId: workspace.id,
    });
    world.update(st.customer, dup.entity, dup.createdAt + rng.int(2, 20) * HOUR, { deleted: 1 });
  }

  const { plan, seats } = choosePlan(company, rng, 'self_serve');
  const interval = rng.chance(0.42) ? 'month' : 'year';
  const monthly = monthlyMinor(ctx.catalog.find(plan, interval, currency, trialAt >= ctx.catalog.retireAt ? 'v2' : 'v1'), seats);
  const saveOk = monthly >= 2 * (interval === 'year' ? 500 : 6000);
  const coupon = rng.weighted(
    [null, 'WELCOME20', 'LAUNCH25', `SAVE60${currency.toUpperCase()}`, 'NONPROFIT50'],
    [58, 25, 8, saveOk ? 7 : 0, 2],
  );

  // Product-led growth: some self-serve customers get a Salesforce account and an expansion deal.
  const plgAt = rng.chance(0.16) ? trialAt + rng.int(60, 420) * DAY : null;
  let plgDone = false;
  let migrateAt: number | null = null;
  const run = startBilling(ctx, company, {
    customer,
    start: trialAt,
    plan,
    interval,
    quantity: seats,
    trialDays: 14,
    convertsAfterTrial: rng.chance(0.56),
    collection: 'charge_automatically',
    couponId: coupon,
    churnHazard: 0.028,
    seatChangeRate: 0.1,
    tierChangeRate: 0.025,
    expansions: (ps, pe) => {
      if (plgDone || plgAt === null || pe < plgAt || ps > DELTA_DATA_END) return [];
      plgDone = true;
      const at = Math.max(ps, plgAt);
      const outcome = startPlg(ctx, company, customer, workspace.id, at);
      if (!outcome || outcome.outcome !== 'won' || outcome.closedAt === null) return [];
      if (rng.chance(0.3)) {
        // Finance sets the enterprise deal up as a new Stripe customer (the company now
        // exists twice) and cancels the self-serve subscription that day.
        migrateAt = outcome.closedAt + rng.int(2, 6) * DAY;
        return [{ at: migrateAt, addSeats: 0, upgrade: false, cancelNow: true }];
      }
      return [{ at: outcome.closedAt + rng.int(1, 3) * DAY, addSeats: Math.max(2, Math.round(seats * rng.uniform(0.3, 1))), upgrade: plan !== 'Enterprise' && rng.chance(0.3) }];
    },
  });
  if (migrateAt !== null && run.endedAt === migrateAt) {
    company.usageSpans[company.usageSpans.length - 1]!.churned = false;
    migrateToSales(ctx, company, workspace.id, migrateAt, seats);
    return;
  }
  const ended = company.usageSpans[company.usageSpans.length - 1]?.to ?? null;
  if (ended === null || !rng.chance(0.25)) return;
  // Reactivation after churn: usually on the same customer, sometimes as a new one.
  const back = ended + rng.int(30, 200) * DAY + rng.int(0, 20) * HOUR;
  if (back > DELTA_DATA_END) return;
  const again = rng.chance(0.65)
    ? customer
    : createCustomer(world, st, company, {
        at: back,
        name: rng.chance(0.5) ? company.name : company.name.toUpperCase(),
        email: typedEmail(`ops@${company.domain}`, rng, 0.2),
        currency,
        country: company.country.iso2,
        metadataSalesforceId: null,
        metadataWorkspaceId: messLink(workspace.id, pickMess(rng, { clean: 80, padded: 10, cased: 10 }), rng),
      });
  const re = choosePlan(company, rng, 'self_serve');
  startBilling(ctx, company, {
    customer: again,
    start: back + 1,
    plan: re.plan,
    interval: 'month',
    quantity: re.seats,
    trialDays: 0,
    convertsAfterTrial: true,
    collection: 'charge_automatically',
    couponId: null,
    churnHazard: 0.035,
    seatChangeRate: 0.08,
    tierChangeRate: 0.02,
  });
}

/** A web-form lead converted by mistake: an account with no activity, deleted days later. */
function createJunkAccount(ctx: Ctx, company: Company, at: number, ownerId: string): void {
  const { world, sf } = ctx;
  const rng = company.rng;
  const id = sfId(world, '001');
  const e = world.create(sf.account, id, at, sfRow(at, {
    Id: id,
    Name: rng.pick(['asdf', 'test test', company.domain, `${company.name.split(' ')[0]} ???`]),
    Type: 'Prospect',
    Industry: null,
    NumberOfEmployees: null,
    BillingCountry: null,
    Website: null,
    OwnerId: ownerId,
    Customer_Segment__c: null,
    Stripe_Customer_Id__c: null,
    Workspace_Id__c: null,
    IsDeleted: 0,
    MasterRecordId: null,
    CreatedDate: sfTimestamp(at),
    _fivetran_deleted: 0,
  }));
  const gone = at + rng.int(1, 6) * DAY;
  world.update(sf.account, e, gone, sfRow(gone, rng.chance(0.7) ? { IsDeleted: 1 } : { IsDeleted: 1, _fivetran_deleted: 1 }));
}

/** Sales opens an account for a self-serve customer and works an expansion deal. */
function startPlg(ctx: Ctx, company: Company, customer: CustomerRef, workspaceId: string, at: number): OpportunityOutcome | null {
  const { world, sf, reps } = ctx;
  const rng = company.rng;
  if (at > DELTA_DATA_END) return null;
  const owner = rng.pick(accountExecutivesAt(reps, at));
  // The rep pastes the Stripe id (or only the workspace id) by hand; the customer's metadata has no SF id.
  const viaStripe = rng.chance(0.8);
  const account = createSfAccount(world, sf, company, at, owner, reps, {
    stripeCustomerId: viaStripe ? messLink(customer.id, pickMess(rng, { clean: 60, padded: 20, cased: 20 }), rng) : null,
    workspaceId: viaStripe ? null : messLink(workspaceId, pickMess(rng, { clean: 60, padded: 20, cased: 20 }), rng),
  });
  updateSfAccount(world, sf, account, at + 60, { Type: 'Customer' });
  return runOpportunity(world, sf, company, {
    type: 'Expansion',
    createdAt: at + rng.int(0, 15) * DAY,
    accountId: account.id,
    ownerId: owner.id,
    annualValue: 5000 * (company.country.currency === 'JPY' ? 150 : 1),
    currency: company.country.currency,
  });
}

function migrateToSales(ctx: Ctx, company: Company, workspaceId: string, at: number, seats: number): void {
  const { world, st } = ctx;
  const rng = company.rng;
  const account = company.sfAccount!;
  const currency = company.country.currency.toLowerCase();
  const customer = createCustomer(world, st, company, {
    at,
    name: company.name,
    email: typedEmail(`finance@${company.domain}`, rng, 0.15),
    currency,
    country: company.country.iso2,
    metadataSalesforceId: messLink(account.id, pickMess(rng, { clean: 80, padded: 10, cased: 10 }), rng),
    metadataWorkspaceId: messLink(workspaceId, pickMess(rng, { clean: 85, padded: 15 }), rng),
  });
  const newSeats = Math.max(seats + 3, Math.round(seats * 1.6));
  startBilling(ctx, company, {
    customer,
    start: at + 60,
    plan: 'Enterprise',
    interval: 'year',
    quantity: newSeats,
    trialDays: 0,
    convertsAfterTrial: true,
    collection: 'send_invoice',
    couponId: null,
    churnHazard: 0.01,
    seatChangeRate: 0.05,
    tierChangeRate: 0,
  });
}

/** Users join as seats grow, leave as they shrink or the company churns; usage follows. */
function simulateUsage(ctx: Ctx, company: Company): void {
  const ws = ctx.seg.workspaceOf.get(company);
  if (!ws) return;
  const rng = company.rng.fork('usage');
  const adoption = rng.uniform(0.1, 0.25);
  const changes = [...company.seatChanges].sort((a, b) => a.at - b.at);
  const spans = [...company.usageSpans].sort((a, b) => a.from - b.from);
  const churns = spans.filter((s) => s.churned && s.to !== null).map((s) => s.to!);
  const health = (t: number): number => {
    let f = 1;
    for (const end of churns) {
      // Use fades over the four months before a churn, to 15% at the end.
      if (t <= end && t > end - 120 * DAY) f = Math.min(f, 0.15 + (0.85 * (end - t)) / (120 * DAY));
    }
    return f;
  };
  const active: { joinAt: number; leave: (t: number) => void }[] = [];
  const opts = { domain: company.domain, companyName: company.name, localOffset: company.country.utcOffset };
  let first = true;
  const pending: SegUser[] = [];
  for (const change of changes) {
    const target = change.seats <= 0 ? 0 : Math.max(1, Math.ceil(change.seats * adoption));
    while (active.length < target) {
      const joinAt = change.at + (first ? 0 : rng.int(0, 5) * DAY + rng.int(0, 8) * HOUR);
      const user = ctx.seg.addUser(rng, ws, joinAt, DELTA_DATA_END, { ...opts, signup: first && company.channel === 'self_serve' });
      first = false;
      pending.push(user);
      active.push({ joinAt, leave: (t) => (user.leaveAt = Math.max(joinAt + DAY, t)) });
    }
    while (active.length > target) {
      const gone = active.pop()!;
      gone.leave(change.at + (target === 0 ? rng.int(0, 10) * DAY : 0));
    }
  }
  for (const user of pending) ctx.seg.simulateActivity(rng, user, health);
}

/** Northpeak's own records: the internal workspace and staff, test SF accounts, Stripe test mode. */
function createInternalAndTestData(ctx: Ctx, rng: Rng): string {
  const { world, sf, st, seg, catalog } = ctx;
  const start = parseUtc('2024-01-08 09:00:00');
  const ws = seg.addWorkspace(null, start, true);
  const staff = Math.max(3, Math.round(6 * Math.sqrt(world.scale)));
  for (let i = 0; i < staff; i++) {
    const joinAt = start + rng.int(0, 500) * DAY;
    const user = seg.addUser(rng, ws, joinAt, DELTA_DATA_END, {
      signup: false,
      domain: INTERNAL_DOMAIN,
      companyName: `${COMPANY_NAME} (internal)`,
      localOffset: 60,
    });
    seg.simulateActivity(rng, user, () => 1);
  }

  // Sales ops' test accounts, on the company's own domain.
  const owner = ctx.reps.find((r) => r.title === 'Sales Manager')!;
  for (const [i, name] of [`${COMPANY_NAME} (Internal)`, 'TEST - Demo Account', 'Test Account 2'].entries()) {
    const at = start + i * 45 * DAY;
    const id = sfId(world, '001');
    world.create(sf.account, id, at, sfRow(at, {
      Id: id,
      Name: name,
      Type: 'Other',
      Industry: 'Software',
      NumberOfEmployees: 120,
      BillingCountry: 'United States',
      Website: i === 0 ? `https://${INTERNAL_DOMAIN}` : `test.${INTERNAL_DOMAIN}`,
      OwnerId: owner.id,
      Customer_Segment__c: 'SMB',
      Stripe_Customer_Id__c: null,
      Workspace_Id__c: i === 0 ? ws.id : null,
      IsDeleted: 0,
      MasterRecordId: null,
      CreatedDate: sfTimestamp(at),
      _fivetran_deleted: 0,
    }));
    const oppAt = at + 2 * DAY;
    const oid = sfId(world, '006');
    world.create(sf.opportunity, oid, oppAt, sfRow(oppAt, {
      Id: oid,
      AccountId: id,
      OwnerId: owner.id,
      Name: `TEST opportunity ${i + 1} - do not use`,
      Type: 'New Business',
      StageName: 'Prospecting',
      Amount: 1,
      CurrencyIsoCode: 'USD',
      Probability: 10,
      CloseDate: '2026-12-31',
      IsClosed: 0,
      IsWon: 0,
      LeadSource: 'Other',
      IsDeleted: 0,
      CreatedDate: sfTimestamp(oppAt),
      _fivetran_deleted: 0,
    }));
    const hid = sfId(world, '008');
    world.create(sf.history, hid, oppAt, sfRow(oppAt, {
      Id: hid,
      OpportunityId: oid,
      StageName: 'Prospecting',
      Amount: 1,
      CloseDate: '2026-12-31',
      Probability: 10,
      CreatedDate: sfTimestamp(oppAt),
      IsDeleted: 0,
      _fivetran_deleted: 0,
    }));
  }

  // Stripe test mode: QA's customers and subscriptions, never real money.
  const nTest = Math.max(4, Math.round(TEST_CUSTOMERS * world.scale));
  for (let i = 0; i < nTest; i++) {
    const at = start + rng.int(0, Math.floor((BATCH1_CUTOFF - start) / DAY)) * DAY + rng.int(9, 17) * HOUR;
    const fake: Company = {
      idx: -1 - i,
      name: `QA Test ${i + 1}`,
      domain: INTERNAL_DOMAIN,
      industry: 'Software',
      size: 'SMB',
      country: COUNTRIES[0]!,
      employees: 1,
      channel: 'self_serve',
      rng: rng.fork(`test-${i}`),
      mergedSfAccounts: [],
      customers: [],
      subscriptions: [],
      seatChanges: [],
      usageSpans: [],
    };
    const cur = rng.pick(['usd', 'eur', 'gbp', 'jpy']);
    const customer = createCustomer(world, st, fake, {
      at,
      name: fake.name,
      email: `qa+${i + 1}@${INTERNAL_DOMAIN}`,
      currency: cur,
      country: 'US',
      metadataSalesforceId: null,
      metadataWorkspaceId: rng.chance(0.5) ? ws.id : null,
      livemode: false,
    });
    const run = new BillingRun(world, st, catalog, {
      customer,
      start: at,
      plan: rng.pick(['Starter', 'Growth', 'Enterprise'] as const),
      interval: 'month',
      quantity: rng.int(1, 5),
      trialDays: rng.chance(0.5) ? 14 : 0,
      convertsAfterTrial: true,
      collection: 'charge_automatically',
      couponId: null,
      churnHazard: 0.3,
      seatChangeRate: 0.1,
      tierChangeRate: 0.1,
      livemode: false,
    }, () => undefined);
    run.run();
  }
  return ws.id;
}
