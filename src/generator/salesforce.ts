import { BATCH1_CUTOFF, DELTA_DATA_END, INTERNAL_DOMAIN } from './config';
import { typedCountry, typedEmail } from './mess';
import type { Company, SalesRep, SfAccountRef } from './model';
import { personName } from './names';
import type { Rng } from './prng';
import { DAY, HOUR, dateStr, parseUtc, sfTimestamp } from './time';
import type { Entity, EntityTable, Row, World } from './world';

/**
 * Salesforce as the CRM holds it: users (the sales team), accounts, contacts,
 * opportunities and one opportunity history row per stage change. Rows use
 * the API names (CamelCase, `__c` custom fields), timestamps in the API's
 * '2025-03-04T05:06:07.000+0000' form, booleans as 0/1.
 */

export const STAGES = ['Prospecting', 'Qualification', 'Discovery', 'Proposal', 'Negotiation'] as const;
export const WON = 'Closed Won';
export const LOST = 'Closed Lost';
const PROBABILITY: Record<string, number> = {
  Prospecting: 10,
  Qualification: 20,
  Discovery: 40,
  Proposal: 60,
  Negotiation: 80,
  [WON]: 100,
  [LOST]: 0,
};

export type OpportunityType = 'New Business' | 'Expansion' | 'Renewal';

export interface SalesforceTables {
  user: EntityTable;
  account: EntityTable;
  contact: EntityTable;
  opportunity: EntityTable;
  history: EntityTable;
}

export function salesforceTables(world: World): SalesforceTables {
  return {
    user: world.table('salesforce__user', 'salesforce'),
    account: world.table('salesforce__account', 'salesforce'),
    contact: world.table('salesforce__contact', 'salesforce'),
    opportunity: world.table('salesforce__opportunity', 'salesforce'),
    history: world.table('salesforce__opportunity_history', 'salesforce'),
  };
}

export function sfId(world: World, prefix: string): string {
  // 18 characters like real record ids: key prefix, pod, padding, then random.
  return world.ids.make(`${prefix}Dn00000`, 8);
}

/** The sales team: managers, account executives hired over time, and the integration user. */
export function createSalesTeam(world: World, sf: SalesforceTables, rng: Rng): SalesRep[] {
  const reps: SalesRep[] = [];
  const start = parseUtc('2023-09-01');
  const add = (title: string, managerId: string | null, hiredAt: number, name?: string): SalesRep => {
    const person = name ? { first: name.split(' ')[0]!, last: name.split(' ')[1] ?? '' } : personName(rng);
    const fullName = `${person.first} ${person.last}`.trim();
    const rep: SalesRep = {
      id: sfId(world, '005'),
      name: fullName,
      email: `${person.first}.${person.last || 'bot'}@${INTERNAL_DOMAIN}`.toLowerCase(),
      title,
      managerId,
      hiredAt,
    };
    world.create(sf.user, rep.id, hiredAt, {
      Id: rep.id,
      Name: rep.name,
      Email: rep.email,
      Title: title,
      ManagerId: managerId,
      IsActive: 1,
      CreatedDate: sfTimestamp(hiredAt),
      _fivetran_deleted: 0,
    });
    reps.push(rep);
    return rep;
  };
  add('Integration User', null, start, 'Stripe Integration');
  const vp = add('VP Sales', null, start);
  const managers = [add('Sales Manager', vp.id, start), add('Sales Manager', vp.id, start + 40 * DAY)];
  const aes = Math.max(3, Math.round(7 * Math.sqrt(world.scale)));
  for (let i = 0; i < aes; i++) {
    // Hires spread over the first two years, the team grows with the business.
    const hiredAt = start + Math.floor((i / aes) * 600) * DAY + rng.int(0, 20) * DAY;
    add('Account Executive', managers[i % managers.length]!.id, hiredAt);
  }
  return reps;
}

export function accountExecutivesAt(reps: SalesRep[], t: number): SalesRep[] {
  const active = reps.filter((r) => r.title === 'Account Executive' && r.hiredAt <= t);
  return active.length > 0 ? active : reps.filter((r) => r.title === 'Account Executive').slice(0, 1);
}

export function sfRow(at: number, row: Row): Row {
  return { ...row, SystemModstamp: sfTimestamp(at) };
}

/** Creates the company's Salesforce account (and possibly a duplicate merged into it). */
export function createSfAccount(
  world: World,
  sf: SalesforceTables,
  company: Company,
  at: number,
  owner: SalesRep,
  reps: SalesRep[],
  links: { stripeCustomerId: string | null; workspaceId: string | null },
): SfAccountRef {
  const rng = company.rng;
  const id = sfId(world, '001');
  const base: Row = {
    Id: id,
    Name: company.name,
    Type: 'Prospect',
    Industry: rng.chance(0.92) ? company.industry : null,
    NumberOfEmployees: rng.chance(0.9) ? company.employees : null,
    BillingCountry: typedCountry(company.country.iso2, rng, world.seeds),
    Website: rng.chance(0.5) ? `www.${company.domain}` : rng.chance(0.5) ? `https://${company.domain}` : company.domain,
    OwnerId: owner.id,
    Customer_Segment__c: company.size,
    Stripe_Customer_Id__c: links.stripeCustomerId,
    Workspace_Id__c: links.workspaceId,
    IsDeleted: 0,
    MasterRecordId: null,
    CreatedDate: sfTimestamp(at),
    _fivetran_deleted: 0,
  };
  const entity = world.create(sf.account, id, at, sfRow(at, base));
  const ref: SfAccountRef = { id, entity, createdAt: at, ownerId: owner.id };
  company.sfAccount = ref;
  createContacts(world, sf, company, ref, at, company.size === 'Enterprise' ? rng.int(1, 2) : 1);

  // A duplicate created by another rep a few days later, merged within weeks.
  // Merges stay clear of the last two months so both batches agree on them.
  const mergeAt = at + rng.int(12, 45) * DAY;
  if (rng.chance(0.05) && mergeAt < BATCH1_CUTOFF - 60 * DAY) {
    const dupAt = at + rng.int(1, 8) * DAY + rng.int(0, 8) * HOUR;
    const dupId = sfId(world, '001');
    const other = rng.pick(accountExecutivesAt(reps, dupAt));
    const dup = world.create(
      sf.account,
      dupId,
      dupAt,
      sfRow(dupAt, {
        ...base,
        Id: dupId,
        Name: rng.chance(0.5) ? company.name.toUpperCase() : `${company.name} (new)`,
        BillingCountry: typedCountry(company.country.iso2, rng, world.seeds),
        OwnerId: other.id,
        Stripe_Customer_Id__c: null,
        Workspace_Id__c: null,
        CreatedDate: sfTimestamp(dupAt),
      }),
    );
    const dupRef: SfAccountRef = { id: dupId, entity: dup, createdAt: dupAt, ownerId: other.id };
    const dupContacts = createContacts(world, sf, company, dupRef, dupAt, 1);
    world.update(sf.account, dup, mergeAt, sfRow(mergeAt, { IsDeleted: 1, MasterRecordId: id }));
    // Salesforce re-parents the loser's children to the master on merge.
    for (const c of dupContacts) world.update(sf.contact, c, mergeAt, sfRow(mergeAt, { AccountId: id }));
    company.mergedSfAccounts.push(dupRef);
  }
  return ref;
}

export function updateSfAccount(world: World, sf: SalesforceTables, ref: SfAccountRef, at: number, patch: Row, syncedMs?: number): void {
  world.update(sf.account, ref.entity, at, sfRow(at, patch), syncedMs);
}

function createContacts(
  world: World,
  sf: SalesforceTables,
  company: Company,
  account: SfAccountRef,
  at: number,
  count: number,
): Entity[] {
  const rng = company.rng;
  const out: Entity[] = [];
  const titles = ['CFO', 'Head of Data', 'VP Operations', 'Analytics Lead', 'CTO', 'Finance Manager', 'Data Engineer'];
  for (let i = 0; i < count; i++) {
    const id = sfId(world, '003');
    const person = personName(rng);
    const when = at + i * rng.int(0, 6) * DAY + rng.int(0, 5) * HOUR;
    const email = `${person.first}.${person.last}@${company.domain}`.toLowerCase();
    const entity = world.create(
      sf.contact,
      id,
      when,
      sfRow(when, {
        Id: id,
        AccountId: account.id,
        FirstName: person.first,
        LastName: person.last,
        Email: typedEmail(email, rng, 0.2),
        Title: rng.pick(titles),
        IsDeleted: 0,
        CreatedDate: sfTimestamp(when),
        _fivetran_deleted: 0,
      }),
    );
    // People leave; the CRM deletes some contacts, and a few are purged for good.
    const gone = when + rng.int(60, 500) * DAY;
    if (rng.chance(0.06) && gone < DELTA_DATA_END) {
      world.update(sf.contact, entity, gone, sfRow(gone, rng.chance(0.6) ? { IsDeleted: 1 } : { _fivetran_deleted: 1 }));
    }
    out.push(entity);
  }
  return out;
}

export interface OpportunityPlan {
  type: OpportunityType;
  createdAt: number;
  accountId: string;
  ownerId: string;
  /** The deal's annual value in major units of `currency`. */
  annualValue: number;
  currency: string;
  /** Renewals: the date the contract ends. */
  expectedClose?: number;
}

export interface OpportunityOutcome {
  id: string;
  entity: Entity;
  outcome: 'won' | 'lost' | 'open';
  closedAt: number | null;
}

const STAGE_DAYS: Record<string, number> = {
  Prospecting: 6,
  Qualification: 8,
  Discovery: 12,
  Proposal: 10,
  Negotiation: 9,
};
const ADVANCE: Record<OpportunityType, Record<string, number>> = {
  'New Business': { Prospecting: 0.8, Qualification: 0.76, Discovery: 0.76, Proposal: 0.76, Negotiation: 0.84 },
  Expansion: { Qualification: 0.88, Proposal: 0.86, Negotiation: 0.9 },
  Renewal: { Proposal: 0.95, Negotiation: 0.92 },
};
const PATH: Record<OpportunityType, readonly string[]> = {
  'New Business': STAGES,
  Expansion: ['Qualification', 'Proposal', 'Negotiation'],
  Renewal: ['Proposal', 'Negotiation'],
};

/** Moves a time into working hours (UTC 08:00-17:59), keeping its day. */
function workingHours(t: number, rng: Rng): number {
  return Math.floor(t / DAY) * DAY + rng.int(8 * 3600, 18 * 3600 - 1);
}

function roundAmount(value: number, currency: string): number {
  // Deals are quoted in round numbers: whole hundreds (whole thousands of yen).
  const step = currency === 'JPY' ? 1000 : 100;
  return Math.max(step, Math.round(value / step) * step);
}

/**
 * Runs an opportunity through its stages until it closes or the simulation
 * ends. Each stage change updates the opportunity and writes one history row,
 * both in the same sync, as Salesforce's connector does.
 */
export function runOpportunity(world: World, sf: SalesforceTables, company: Company, plan: OpportunityPlan): OpportunityOutcome {
  const rng = company.rng;
  const id = sfId(world, '006');
  const sizeFactor = company.size === 'Enterprise' ? 2.4 : company.size === 'Mid-Market' ? 1.6 : 1;
  const path = PATH[plan.type];
  const typeSuffix = plan.type === 'New Business' ? 'New Business' : plan.type === 'Expansion' ? 'Expansion' : 'Renewal';
  const year = dateStr(plan.createdAt).slice(0, 4);

  let t = workingHours(plan.createdAt, rng);
  const expectedCycle = path.reduce((s, st) => s + (STAGE_DAYS[st] ?? 7) * sizeFactor, 0);
  let closeDate = plan.expectedClose ?? t + Math.round(expectedCycle) * DAY;
  const knownAmount = plan.type !== 'New Business' || rng.chance(0.3);
  let amount: number | null = knownAmount ? roundAmount(plan.annualValue * rng.uniform(0.9, 1.2), plan.currency) : null;

  const row = (stage: string, isClosed: boolean, isWon: boolean): Row =>
    sfRow(t, {
      Id: id,
      AccountId: plan.accountId,
      OwnerId: plan.ownerId,
      Name: `${company.name} - ${typeSuffix} ${year}`,
      Type: plan.type,
      StageName: stage,
      Amount: amount,
      CurrencyIsoCode: plan.currency,
      Probability: PROBABILITY[stage] ?? null,
      CloseDate: dateStr(closeDate),
      IsClosed: isClosed ? 1 : 0,
      IsWon: isWon ? 1 : 0,
      LeadSource: plan.type === 'New Business' ? rng.pick(['Web', 'Outbound', 'Partner', 'Event', 'Referral']) : 'Existing Customer',
      IsDeleted: 0,
      CreatedDate: sfTimestamp(plan.createdAt),
      _fivetran_deleted: 0,
    });

  let entity: Entity | null = null;
  const writeStage = (stage: string, isClosed: boolean, isWon: boolean): void => {
    let synced: number;
    if (!entity) {
      entity = world.create(sf.opportunity, id, t, row(stage, isClosed, isWon));
      synced = entity.versions[0]!.synced;
    } else {
      synced = world.update(sf.opportunity, entity, t, row(stage, isClosed, isWon)).synced;
    }
    const at = entity.versions[entity.versions.length - 1]!.at;
    const hid = sfId(world, '008');
    world.create(
      sf.history,
      hid,
      at,
      sfRow(at, {
        Id: hid,
        OpportunityId: id,
        StageName: stage,
        Amount: amount,
        CloseDate: dateStr(closeDate),
        Probability: PROBABILITY[stage] ?? null,
        CreatedDate: sfTimestamp(at),
        IsDeleted: 0,
        _fivetran_deleted: 0,
      }),
      synced,
    );
  };

  let i = 0;
  let regressed = false;
  writeStage(path[0]!, false, false);
  for (;;) {
    const stage = path[i]!;
    const days = Math.max(1, Math.round(rng.lognormal((STAGE_DAYS[stage] ?? 7) * sizeFactor, 0.5)));
    const next = workingHours(t + days * DAY, rng);
    if (next > DELTA_DATA_END) return finish('open', null);
    t = next;
    if (!rng.chance(ADVANCE[plan.type][stage] ?? 0.8)) {
      closeDate = t;
      writeStage(LOST, true, false);
      return finish('lost', t);
    }
    if (stage === 'Negotiation' && !regressed && rng.chance(0.06)) {
      regressed = true;
      i = path.indexOf('Proposal');
      writeStage('Proposal', false, false);
      continue;
    }
    if (i === path.length - 1) {
      amount = roundAmount(plan.annualValue, plan.currency);
      closeDate = t;
      writeStage(WON, true, true);
      return finish('won', t);
    }
    // Some deals skip a stage; none skip into the closing stage.
    i += i + 2 < path.length - 1 && rng.chance(0.08) ? 2 : 1;
    const nextStage = path[i]!;
    if (amount === null && (nextStage === 'Discovery' || nextStage === 'Proposal')) {
      amount = roundAmount(plan.annualValue * rng.uniform(0.8, 1.3), plan.currency);
    } else if (amount !== null && nextStage === 'Negotiation') {
      amount = roundAmount(plan.annualValue * rng.uniform(0.97, 1.08), plan.currency);
    }
    if (rng.chance(0.3)) closeDate += rng.int(3, 20) * DAY;
    writeStage(nextStage, false, false);
  }

  function finish(outcome: OpportunityOutcome['outcome'], closedAt: number | null): OpportunityOutcome {
    return { id, entity: entity!, outcome, closedAt };
  }
}

/** An opportunity entered by mistake and deleted a few days later, with its history row. */
export function createDeletedOpportunity(
  world: World,
  sf: SalesforceTables,
  company: Company,
  accountId: string,
  ownerId: string,
  at: number,
): void {
  const rng = company.rng;
  const id = sfId(world, '006');
  const t = workingHours(at, rng);
  const opp = world.create(
    sf.opportunity,
    id,
    t,
    sfRow(t, {
      Id: id,
      AccountId: accountId,
      OwnerId: ownerId,
      Name: `${company.name} - New Business ${dateStr(t).slice(0, 4)}`,
      Type: 'New Business',
      StageName: 'Prospecting',
      Amount: null,
      CurrencyIsoCode: company.country.currency,
      Probability: PROBABILITY.Prospecting!,
      CloseDate: dateStr(t + 60 * DAY),
      IsClosed: 0,
      IsWon: 0,
      LeadSource: 'Web',
      IsDeleted: 0,
      CreatedDate: sfTimestamp(t),
      _fivetran_deleted: 0,
    }),
  );
  const hid = sfId(world, '008');
  const history = world.create(
    sf.history,
    hid,
    t,
    sfRow(t, {
      Id: hid,
      OpportunityId: id,
      StageName: 'Prospecting',
      Amount: null,
      CloseDate: dateStr(t + 60 * DAY),
      Probability: PROBABILITY.Prospecting!,
      CreatedDate: sfTimestamp(t),
      IsDeleted: 0,
      _fivetran_deleted: 0,
    }),
    opp.versions[0]!.synced,
  );
  const goneAt = t + rng.int(1, 4) * DAY;
  const v = world.update(sf.opportunity, opp, goneAt, sfRow(goneAt, { IsDeleted: 1 }));
  world.update(sf.history, history, goneAt, sfRow(goneAt, { IsDeleted: 1 }), v.synced);
}
