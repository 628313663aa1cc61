import { DELTA_DATA_END } from './config';
import type { Company, CustomerRef, SubscriptionRef } from './model';
import type { Rng } from './prng';
import type { CatalogPrice } from './seeds';
import { DAY, HOUR, MINUTE, addBillingMonths, parseUtc } from './time';
import type { Entity, EntityTable, Row, World } from './world';

/**
 * Stripe as its API (and Fivetran's Stripe connector) shows it: amounts in
 * integer minor units (JPY is zero-decimal, so whole yen), lowercase currency
 * codes, epoch-second timestamps, `livemode` on every object, legacy `plan`
 * objects beside newer `price` objects, and subscriptions in history mode.
 */

export interface StripeTables {
  product: EntityTable;
  plan: EntityTable;
  price: EntityTable;
  coupon: EntityTable;
  customer: EntityTable;
  discount: EntityTable;
  subscription: EntityTable;
  subscriptionItem: EntityTable;
  invoice: EntityTable;
  lineItem: EntityTable;
  charge: EntityTable;
  refund: EntityTable;
}

export function stripeTables(world: World): StripeTables {
  return {
    product: world.table('stripe__product', 'stripe'),
    plan: world.table('stripe__plan', 'stripe'),
    price: world.table('stripe__price', 'stripe'),
    coupon: world.table('stripe__coupon', 'stripe'),
    customer: world.table('stripe__customer', 'stripe'),
    discount: world.table('stripe__discount', 'stripe'),
    subscription: world.table('stripe__subscription_history', 'stripe'),
    subscriptionItem: world.table('stripe__subscription_item_history', 'stripe'),
    invoice: world.table('stripe__invoice', 'stripe'),
    lineItem: world.table('stripe__invoice_line_item', 'stripe'),
    charge: world.table('stripe__charge', 'stripe'),
    refund: world.table('stripe__refund', 'stripe'),
  };
}

export interface Coupon {
  id: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
}

export interface Catalog {
  prices: CatalogPrice[];
  coupons: Coupon[];
  retireAt: number;
  find(plan: string, interval: string, currency: string, version: 'v1' | 'v2'): CatalogPrice;
  byId(id: string): CatalogPrice;
}

const PRODUCT_NAMES: Record<string, string> = { Starter: 'Starter', Growth: 'Growth', Enterprise: 'Enterprise' };

export function createCatalog(world: World, st: StripeTables): Catalog {
  const prices = world.seeds.catalog;
  const created = parseUtc('2023-11-01 10:00:00');
  const retiredOn = prices.find((p) => p.retiredOn)?.retiredOn;
  if (!retiredOn) throw new Error('warehouse/seeds/plan_catalog.csv: no v1 price has retired_on; the migration needs one');
  const retireAt = parseUtc(retiredOn);

  const products = new Map<string, string>();
  for (const p of prices) products.set(p.productId, p.plan);
  for (const [id, plan] of products) {
    world.create(st.product, id, created, { id, name: PRODUCT_NAMES[plan] ?? plan, active: 1, created, livemode: 1 });
  }
  for (const p of prices) {
    if (p.stripeObject === 'plan') {
      const e = world.create(st.plan, p.priceId, created, {
        id: p.priceId,
        product_id: p.productId,
        nickname: `${p.plan} ${p.interval}ly (${p.currency.toUpperCase()})`,
        amount: p.unitAmount,
        currency: p.currency,
        interval: p.interval,
        interval_count: 1,
        active: 1,
        created,
        livemode: 1,
      });
      world.update(st.plan, e, retireAt, { active: 0 });
    } else {
      const at = parseUtc(p.availableFrom) - 14 * DAY;
      world.create(st.price, p.priceId, at, {
        id: p.priceId,
        product_id: p.productId,
        nickname: `${p.plan} ${p.interval}ly 2025 (${p.currency.toUpperCase()})`,
        unit_amount: p.unitAmount,
        currency: p.currency,
        type: 'recurring',
        recurring_interval: p.interval,
        recurring_interval_count: 1,
        active: 1,
        created: at,
        livemode: 1,
      });
    }
  }

  const coupons: Coupon[] = [
    { id: 'WELCOME20', percentOff: 20, amountOff: null, currency: null, duration: 'once', durationInMonths: null },
    { id: 'LAUNCH25', percentOff: 25, amountOff: null, currency: null, duration: 'repeating', durationInMonths: 3 },
    { id: 'PARTNER10', percentOff: 10, amountOff: null, currency: null, duration: 'forever', durationInMonths: null },
    { id: 'NONPROFIT50', percentOff: 50, amountOff: null, currency: null, duration: 'forever', durationInMonths: null },
  ];
  // Amount-off coupons exist per currency; amounts divide by 12 so that a
  // yearly plan's monthly share stays a whole number of minor units.
  for (const cur of ['usd', 'eur', 'gbp', 'jpy']) {
    coupons.push({ id: `SAVE60${cur.toUpperCase()}`, percentOff: null, amountOff: 6000, currency: cur, duration: 'repeating', durationInMonths: 6 });
    coupons.push({ id: `LOYAL120${cur.toUpperCase()}`, percentOff: null, amountOff: 12000, currency: cur, duration: 'forever', durationInMonths: null });
  }
  for (const c of coupons) {
    world.create(st.coupon, c.id, created, {
      id: c.id,
      name: c.percentOff !== null ? `${c.percentOff}% off` : `${c.amountOff} ${c.currency} off`,
      percent_off: c.percentOff,
      amount_off: c.amountOff,
      currency: c.currency,
      duration: c.duration,
      duration_in_months: c.durationInMonths,
      valid: 1,
      created,
      livemode: 1,
    });
  }

  const byId = new Map(prices.map((p) => [p.priceId, p]));
  return {
    prices,
    coupons,
    retireAt,
    find(plan, interval, currency, version) {
      const p = prices.find((x) => x.plan === plan && x.interval === interval && x.currency === currency && x.version === version);
      if (!p) throw new Error(`warehouse/seeds/plan_catalog.csv has no ${version} ${plan} ${interval} price in ${currency}`);
      return p;
    },
    byId(id) {
      const p = byId.get(id);
      if (!p) throw new Error(`unknown price ${id}`);
      return p;
    },
  };
}

export function priceRefs(p: CatalogPrice): { plan_id: string | null; price_id: string | null } {
  return p.stripeObject === 'plan' ? { plan_id: p.priceId, price_id: null } : { plan_id: null, price_id: p.priceId };
}

/** Monthly amount of one item in minor units (exact: yearly prices divide by 12). */
export function monthlyMinor(p: CatalogPrice, quantity: number): number {
  return p.interval === 'year' ? (p.unitAmount * quantity) / 12 : p.unitAmount * quantity;
}

export interface CustomerSpec {
  at: number;
  name: string;
  email: string;
  currency: string;
  country: string | null;
  /** Values as written into metadata; null leaves the key out. */
  metadataSalesforceId: string | null;
  metadataWorkspaceId: string | null;
  livemode?: boolean;
}

export function metadataJson(sf: string | null, ws: string | null): string {
  const meta: Record<string, string> = {};
  if (sf !== null) meta.salesforce_account_id = sf;
  if (ws !== null) meta.workspace_id = ws;
  return JSON.stringify(meta);
}

export function createCustomer(world: World, st: StripeTables, company: Company, spec: CustomerSpec): CustomerRef {
  const id = world.ids.make('cus_', 8);
  const entity = world.create(st.customer, id, spec.at, {
    id,
    email: spec.email,
    name: spec.name,
    currency: spec.currency,
    address_country: spec.country,
    metadata: metadataJson(spec.metadataSalesforceId, spec.metadataWorkspaceId),
    created: spec.at,
    livemode: spec.livemode === false ? 0 : 1,
    deleted: 0,
  });
  const ref: CustomerRef = { id, entity, createdAt: spec.at, currency: spec.currency, company };
  company.customers.push(ref);
  return ref;
}

/** What should happen to a subscription over its life; the billing run turns it into records. */
export interface SubscriptionPlan {
  customer: CustomerRef;
  start: number;
  plan: 'Starter' | 'Growth' | 'Enterprise';
  interval: 'month' | 'year';
  quantity: number;
  trialDays: number;
  /** Converts to paid when the trial ends (self-serve). */
  convertsAfterTrial: boolean;
  collection: 'charge_automatically' | 'send_invoice';
  couponId: string | null;
  /** Monthly churn hazard and seat-change rates, per month of life. */
  churnHazard: number;
  seatChangeRate: number;
  tierChangeRate: number;
  /** Sales-led yearly contracts: a renewal opportunity decides the renewal. */
  onRenewalDue?: (periodEnd: number) => { cancelRequestAt: number } | null;
  /** Sales-led: expansion deals that close at the returned times, adding seats. */
  expansions?: (periodStart: number, periodEnd: number) => { at: number; addSeats: number; upgrade: boolean; cancelNow?: boolean }[];
  livemode?: boolean;
}

type QueueEvent =
  | { kind: 'renew' }
  | { kind: 'trial_end' }
  | { kind: 'attempt'; invoice: InvoiceState }
  | { kind: 'manual_pay'; invoice: InvoiceState }
  | { kind: 'due'; invoice: InvoiceState }
  | { kind: 'change'; seats: number; upgrade: number }
  | { kind: 'cancel'; atPeriodEnd: boolean }
  | { kind: 'uncancel' }
  | { kind: 'refund'; charge: Entity; amount: number; full: boolean };

interface Queued {
  at: number;
  seq: number;
  ev: QueueEvent;
}

interface InvoiceState {
  id: string;
  entity: Entity;
  total: number;
  attempts: number;
  paid: boolean;
  closed: boolean;
}

interface LineSpec {
  price: CatalogPrice;
  quantity: number;
  amount: number;
  proration: boolean;
  periodStart: number;
  periodEnd: number;
}

const TIER_ORDER = ['Starter', 'Growth', 'Enterprise'] as const;

/**
 * Runs one subscription from its start to its end or the simulation's end,
 * writing subscription and item versions, invoices with line items, charges
 * and refunds. Events are processed in time order from a queue so that every
 * record's versions stay ordered.
 */
export class BillingRun {
  private readonly rng: Rng;
  private readonly queue: Queued[] = [];
  private seq = 0;
  private readonly ref: SubscriptionRef;
  private readonly subId: string;
  /** The subscription's latest written state, so each version carries the fields that did not change. */
  private lastSubRow: Row = {};
  private price: CatalogPrice;
  private quantity: number;
  private status: 'trialing' | 'active' | 'past_due' | 'canceled' = 'active';
  private periodStart = 0;
  private periodEnd = 0;
  private cancelAtPeriodEnd = false;
  private pendingDowngrade: { price: CatalogPrice; quantity: number } | null = null;
  private pendingProrations: LineSpec[] = [];
  private discount: { entity: Entity; coupon: Coupon; start: number; end: number | null; used: boolean } | null = null;
  private invoiceSeq = 0;
  private readonly invoicePrefix: string;
  private readonly livemode: number;
  private unpaidInvoices = 0;
  endedAt: number | null = null;

  constructor(
    private readonly world: World,
    private readonly st: StripeTables,
    private readonly catalog: Catalog,
    private readonly plan: SubscriptionPlan,
    private readonly onSeats: (at: number, seats: number, inUse: boolean) => void,
  ) {
    const company = plan.customer.company;
    // Keyed by the company's subscription count, not by ids, so that ids drawn
    // elsewhere (e.g. Segment's) cannot change what happens to a subscription.
    this.rng = company.rng.fork(`subscription-${company.subscriptions.length}`);
    this.livemode = plan.livemode === false ? 0 : 1;
    const version = plan.start >= catalog.retireAt ? 'v2' : 'v1';
    this.price = catalog.find(plan.plan, plan.interval, plan.customer.currency, version);
    this.quantity = plan.quantity;
    this.invoicePrefix = plan.customer.id.slice(4, 12).toUpperCase();
    const id = world.ids.make('sub_', 8);
    this.subId = id;
    const itemId = world.ids.make('si_', 8);
    const t = plan.start;
    const trial = plan.trialDays > 0;
    this.status = trial ? 'trialing' : 'active';
    this.periodStart = t;
    this.periodEnd = trial ? t + plan.trialDays * DAY : this.nextPeriodEnd(t);
    const entity = world.create(st.subscription, id, t, this.subRow(t, { created: t, start_date: t, trial_start: trial ? t : null, trial_end: trial ? this.periodEnd : null }));
    const itemEntity = world.create(st.subscriptionItem, itemId, t, {
      id: itemId,
      subscription_id: id,
      ...priceRefs(this.price),
      quantity: this.quantity,
      created: t,
    });
    this.ref = { id, entity, itemEntity, customer: plan.customer };
    company.subscriptions.push(this.ref);
    this.onSeats(t, this.quantity, true);

    if (plan.couponId) this.attachDiscount(plan.couponId, t);
    if (trial) {
      this.issueInvoice(t, 'subscription_create', [this.fullLine(t, this.periodEnd, 0)]);
      this.enqueue(this.periodEnd, { kind: 'trial_end' });
    } else {
      this.issueInvoice(t, 'subscription_create', [this.fullLine(t, this.periodEnd)]);
      this.schedulePeriod();
    }
  }

  get subscription(): SubscriptionRef {
    return this.ref;
  }

  run(): void {
    while (this.queue.length > 0 && this.status !== 'canceled') {
      const next = this.queue.shift()!;
      if (next.at > DELTA_DATA_END) break;
      this.handle(next.at, next.ev);
    }
    // Invoices still open when a subscription ends keep being paid or chased.
    while (this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (next.at > DELTA_DATA_END) break;
      if (next.ev.kind === 'manual_pay' || next.ev.kind === 'refund') this.handle(next.at, next.ev);
    }
  }

  private enqueue(at: number, ev: QueueEvent): void {
    const item = { at, seq: this.seq++, ev };
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1]!.at > at || (this.queue[i - 1]!.at === at && this.queue[i - 1]!.seq > item.seq))) i--;
    this.queue.splice(i, 0, item);
  }

  private nextPeriodEnd(from: number): number {
    return addBillingMonths(from, this.price.interval === 'year' ? 12 : 1);
  }

  private subRow(t: number, extra: Row = {}): Row {
    const last = this.lastSubRow;
    const row: Row = {
      id: this.subId,
      customer_id: this.plan.customer.id,
      status: this.status,
      current_period_start: this.periodStart,
      current_period_end: this.periodEnd,
      cancel_at_period_end: this.cancelAtPeriodEnd ? 1 : 0,
      cancel_at: this.cancelAtPeriodEnd ? this.periodEnd : null,
      canceled_at: (last.canceled_at as number | null | undefined) ?? null,
      ended_at: this.endedAt,
      trial_start: (last.trial_start as number | null | undefined) ?? null,
      trial_end: (last.trial_end as number | null | undefined) ?? null,
      start_date: (last.start_date as number | undefined) ?? t,
      created: (last.created as number | undefined) ?? t,
      livemode: this.livemode,
      ...extra,
    };
    this.lastSubRow = row;
    return row;
  }

  private writeSub(t: number, extra: Row = {}): void {
    this.world.update(this.st.subscription, this.ref.entity, t, this.subRow(t, extra));
  }

  private writeItem(t: number): void {
    this.world.update(this.st.subscriptionItem, this.ref.itemEntity, t, { ...priceRefs(this.price), quantity: this.quantity });
    this.onSeats(t, this.quantity, true);
  }

  private attachDiscount(couponId: string, t: number): void {
    const coupon = this.catalog.coupons.find((c) => c.id === couponId);
    if (!coupon) throw new Error(`unknown coupon ${couponId}`);
    const end = coupon.duration === 'repeating' ? addBillingMonths(t, coupon.durationInMonths ?? 1) : null;
    const id = this.world.ids.make('di_', 8);
    const entity = this.world.create(this.st.discount, id, t, {
      id,
      coupon_id: coupon.id,
      customer_id: this.plan.customer.id,
      subscription_id: this.ref.id,
      start: t,
      end,
    });
    this.discount = { entity, coupon, start: t, end, used: false };
  }

  private fullLine(from: number, to: number, amountOverride?: number): LineSpec {
    return {
      price: this.price,
      quantity: this.quantity,
      amount: amountOverride ?? this.price.unitAmount * this.quantity,
      proration: false,
      periodStart: from,
      periodEnd: to,
    };
  }

  /** Schedules what may happen during the current period. */
  private schedulePeriod(): void {
    const { rng, plan } = this;
    const ps = this.periodStart;
    const pe = this.periodEnd;
    const months = this.price.interval === 'year' ? 12 : 1;
    this.enqueue(pe, { kind: 'renew' });
    const within = (): number => ps + Math.floor(rng.uniform(0.05, 0.9) * (pe - ps));

    if (plan.onRenewalDue && this.price.interval === 'year') {
      const decision = plan.onRenewalDue(pe);
      if (decision) this.enqueue(decision.cancelRequestAt, { kind: 'cancel', atPeriodEnd: true });
    } else if (rng.chance(1 - Math.pow(1 - plan.churnHazard, months))) {
      // Yearly customers decide near the renewal date; monthly at any time.
      const at = months === 12 ? pe - rng.int(5, 60) * DAY : within();
      const atPeriodEnd = months === 12 || rng.chance(0.7);
      this.enqueue(at, { kind: 'cancel', atPeriodEnd });
      if (atPeriodEnd && rng.chance(0.15)) this.enqueue(at + Math.floor((pe - at) * rng.uniform(0.2, 0.8)), { kind: 'uncancel' });
    }
    if (rng.chance(1 - Math.pow(1 - plan.seatChangeRate, months))) {
      const up = rng.chance(0.72);
      const delta = up ? Math.max(1, Math.round(this.quantity * rng.uniform(0.1, 0.6))) : -Math.max(1, Math.round(this.quantity * rng.uniform(0.1, 0.3)));
      this.enqueue(within(), { kind: 'change', seats: delta, upgrade: 0 });
    }
    if (rng.chance(1 - Math.pow(1 - plan.tierChangeRate, months))) {
      this.enqueue(within(), { kind: 'change', seats: 0, upgrade: rng.chance(0.75) ? 1 : -1 });
    }
    if (plan.expansions) {
      for (const e of plan.expansions(ps, pe)) {
        this.enqueue(e.at, e.cancelNow ? { kind: 'cancel', atPeriodEnd: false } : { kind: 'change', seats: e.addSeats, upgrade: e.upgrade ? 1 : 0 });
      }
    }
  }

  private handle(t: number, ev: QueueEvent): void {
    switch (ev.kind) {
      case 'trial_end':
        if (this.plan.convertsAfterTrial) {
          this.status = 'active';
          this.periodStart = t;
          this.periodEnd = this.nextPeriodEnd(t);
          this.writeSub(t);
          this.issueInvoice(t, 'subscription_cycle', [this.fullLine(t, this.periodEnd)]);
          this.schedulePeriod();
        } else {
          this.end(t, t);
        }
        return;
      case 'renew':
        if (t !== this.periodEnd) return;
        if (this.cancelAtPeriodEnd) {
          this.end(t, null);
          return;
        }
        this.renew(t);
        return;
      case 'attempt':
        this.attempt(t, ev.invoice);
        return;
      case 'manual_pay':
        this.manualPay(t, ev.invoice);
        return;
      case 'due':
        if (!ev.invoice.paid && !ev.invoice.closed && this.status === 'active') {
          this.status = 'past_due';
          this.writeSub(t);
        }
        return;
      case 'change':
        this.change(t, ev.seats, ev.upgrade);
        return;
      case 'cancel':
        if (this.cancelAtPeriodEnd) return;
        if (ev.atPeriodEnd) {
          this.cancelAtPeriodEnd = true;
          this.writeSub(t, { canceled_at: t });
        } else {
          this.end(t, t);
        }
        return;
      case 'uncancel':
        if (!this.cancelAtPeriodEnd) return;
        this.cancelAtPeriodEnd = false;
        this.writeSub(t, { canceled_at: null });
        return;
      case 'refund':
        this.refund(t, ev.charge, ev.amount, ev.full);
        return;
    }
  }

  private renew(t: number): void {
    if (this.pendingDowngrade) {
      this.price = this.pendingDowngrade.price;
      this.quantity = this.pendingDowngrade.quantity;
      this.pendingDowngrade = null;
      this.writeItem(t);
    }
    // The plan migration: v1 prices move to their v2 successor at renewal.
    if (this.price.version === 'v1' && t >= this.catalog.retireAt && this.price.successorPriceId) {
      this.price = this.catalog.byId(this.price.successorPriceId);
      this.writeItem(t);
    }
    this.periodStart = t;
    this.periodEnd = this.nextPeriodEnd(t);
    this.writeSub(t);
    const lines = [...this.pendingProrations, this.fullLine(t, this.periodEnd)];
    this.pendingProrations = [];
    this.issueInvoice(t, 'subscription_cycle', lines);
    this.schedulePeriod();
  }

  private change(t: number, seats: number, upgrade: number): void {
    if (this.status === 'trialing' || this.status === 'canceled' || t >= this.periodEnd) return;
    const tierIdx = TIER_ORDER.indexOf(this.price.plan);
    const newTier = TIER_ORDER[Math.min(2, Math.max(0, tierIdx + upgrade))]!;
    const newQty = Math.max(1, this.quantity + seats);
    const version = t >= this.catalog.retireAt ? 'v2' : this.price.version;
    const newPrice = newTier === this.price.plan && version === this.price.version
      ? this.price
      : this.catalog.find(newTier, this.price.interval, this.price.currency, version);
    if (newPrice === this.price && newQty === this.quantity) return;
    const oldMonthly = monthlyMinor(this.price, this.quantity);
    const newMonthly = monthlyMinor(newPrice, newQty);
    const yearly = this.price.interval === 'year';
    if (newMonthly < oldMonthly && (yearly || newMonthly * 2 < oldMonthly)) {
      // Big or yearly downgrades wait for the renewal (no credit notes).
      this.pendingDowngrade = { price: newPrice, quantity: newQty };
      return;
    }
    const fraction = (this.periodEnd - t) / (this.periodEnd - this.periodStart);
    const lines: LineSpec[] = [
      { price: this.price, quantity: this.quantity, amount: -Math.round(this.price.unitAmount * this.quantity * fraction), proration: true, periodStart: t, periodEnd: this.periodEnd },
      { price: newPrice, quantity: newQty, amount: Math.round(newPrice.unitAmount * newQty * fraction), proration: true, periodStart: t, periodEnd: this.periodEnd },
    ];
    this.price = newPrice;
    this.quantity = newQty;
    this.writeItem(t);
    if (yearly) {
      // Yearly upgrades are invoiced at once; monthly prorations ride on the next invoice.
      this.issueInvoice(t, 'subscription_update', lines);
    } else {
      this.pendingProrations.push(...lines);
    }
  }

  private end(t: number, canceledAt: number | null): void {
    this.status = 'canceled';
    this.endedAt = t;
    this.cancelAtPeriodEnd = false;
    const last = this.ref.entity.versions[this.ref.entity.versions.length - 1]!.row;
    this.writeSub(t, { canceled_at: canceledAt ?? (last.canceled_at as number | null) ?? t, cancel_at_period_end: 0, cancel_at: null });
    this.onSeats(t, 0, false);
  }

  private discountFor(t: number, subtotal: number): number {
    const d = this.discount;
    if (!d || subtotal <= 0 || t < d.start || (d.end !== null && t >= d.end)) return 0;
    if (d.coupon.duration === 'once') {
      if (d.used) return 0;
      d.used = true;
      d.end = t + 1;
      this.world.update(this.st.discount, d.entity, t + 1, { end: t + 1 });
    }
    if (d.coupon.percentOff !== null) return Math.round((subtotal * d.coupon.percentOff) / 100);
    return Math.min(d.coupon.amountOff ?? 0, subtotal);
  }

  private issueInvoice(t: number, reason: string, lines: LineSpec[]): void {
    const { world, st, rng } = this;
    const id = world.ids.make('in_', 8);
    const subtotal = lines.reduce((s, l) => s + l.amount, 0);
    const discount = this.discountFor(t, subtotal);
    const total = subtotal - discount;
    const manual = this.plan.collection === 'send_invoice' && total > 0;
    const free = total <= 0;
    this.invoiceSeq++;
    const row: Row = {
      id,
      customer_id: this.plan.customer.id,
      subscription_id: this.ref.id,
      number: `${this.invoicePrefix}-${String(this.invoiceSeq).padStart(4, '0')}`,
      status: free ? 'paid' : 'open',
      billing_reason: reason,
      collection_method: this.plan.collection,
      currency: this.price.currency,
      subtotal,
      total,
      amount_due: Math.max(0, total),
      amount_paid: 0,
      amount_remaining: Math.max(0, total),
      attempt_count: 0,
      created: t,
      due_date: manual ? t + 30 * DAY : null,
      status_transitions_paid_at: free ? t : null,
      livemode: this.livemode,
    };
    const entity = world.create(st.invoice, id, t, row);
    const synced = entity.versions[0]!.synced;
    for (const l of lines) {
      const lid = world.ids.make('il_', 8);
      world.create(
        st.lineItem,
        lid,
        t,
        {
          id: lid,
          invoice_id: id,
          subscription_id: this.ref.id,
          subscription_item_id: this.ref.itemEntity.key,
          ...priceRefs(l.price),
          quantity: l.quantity,
          amount: l.amount,
          currency: l.price.currency,
          proration: l.proration ? 1 : 0,
          period_start: l.periodStart,
          period_end: l.periodEnd,
        },
        synced,
      );
    }
    const state: InvoiceState = { id, entity, total, attempts: 0, paid: free, closed: free };
    if (free) return;
    this.unpaidInvoices++;
    if (manual) {
      // Finance pays on its own schedule: usually within terms, sometimes late.
      const days = rng.chance(0.7) ? rng.int(3, 29) : rng.int(31, 95);
      this.enqueue(t + days * DAY + rng.int(0, 8) * HOUR, { kind: 'manual_pay', invoice: state });
      this.enqueue(t + 30 * DAY, { kind: 'due', invoice: state });
      // Now and then finance voids an invoice and issues a corrected one.
      if (rng.chance(0.04)) this.voidAndReissue(t + rng.int(1, 3) * DAY, state, reason, lines);
    } else {
      this.enqueue(t + rng.int(20, 90) * MINUTE, { kind: 'attempt', invoice: state });
    }
  }

  private voidAndReissue(t: number, state: InvoiceState, reason: string, lines: LineSpec[]): void {
    state.closed = true;
    this.unpaidInvoices--;
    this.world.update(this.st.invoice, state.entity, t, { status: 'void', amount_remaining: 0 });
    this.issueInvoice(t + 10 * MINUTE, reason, lines);
  }

  private charge(t: number, invoice: InvoiceState, ok: boolean): Entity {
    const { world, st, rng } = this;
    const id = world.ids.make('ch_', 8);
    return world.create(st.charge, id, t, {
      id,
      customer_id: this.plan.customer.id,
      invoice_id: invoice.id,
      amount: invoice.total,
      amount_refunded: 0,
      currency: this.price.currency,
      status: ok ? 'succeeded' : 'failed',
      paid: ok ? 1 : 0,
      failure_code: ok ? null : rng.pick(['card_declined', 'insufficient_funds', 'expired_card']),
      created: t,
      livemode: this.livemode,
    });
  }

  private markPaid(t: number, invoice: InvoiceState, attempts: number): void {
    invoice.paid = true;
    invoice.closed = true;
    this.unpaidInvoices--;
    this.world.update(this.st.invoice, invoice.entity, t, {
      status: 'paid',
      amount_paid: invoice.total,
      amount_remaining: 0,
      attempt_count: attempts,
      status_transitions_paid_at: t,
    });
    const ch = this.charge(t, invoice, true);
    if (this.status === 'past_due' && this.unpaidInvoices === 0) {
      this.status = 'active';
      this.writeSub(t);
    }
    if (this.rng.chance(0.025)) {
      const full = this.rng.chance(0.4);
      const amount = full ? invoice.total : Math.max(1, Math.round(invoice.total * this.rng.uniform(0.1, 0.5)));
      this.enqueue(t + this.rng.int(1, 20) * DAY, { kind: 'refund', charge: ch, amount, full });
    }
  }

  private attempt(t: number, invoice: InvoiceState): void {
    if (invoice.closed) return;
    invoice.attempts++;
    const p = invoice.attempts === 1 ? 0.93 : 0.55;
    if (this.rng.chance(p)) {
      this.markPaid(t, invoice, invoice.attempts);
      return;
    }
    this.charge(t, invoice, false);
    this.world.update(this.st.invoice, invoice.entity, t + 1, { attempt_count: invoice.attempts });
    if (this.status === 'active') {
      this.status = 'past_due';
      this.writeSub(t + 2);
    }
    if (invoice.attempts >= 4) {
      // Smart retries exhausted: the invoice is written off and the subscription ends.
      invoice.closed = true;
      this.unpaidInvoices--;
      this.world.update(this.st.invoice, invoice.entity, t + 60, { status: 'uncollectible', amount_remaining: invoice.total });
      this.end(t + 120, t + 120);
      return;
    }
    const wait = [3, 5, 7][invoice.attempts - 1] ?? 7;
    this.enqueue(t + wait * DAY + this.rng.int(0, 6) * HOUR, { kind: 'attempt', invoice });
  }

  private manualPay(t: number, invoice: InvoiceState): void {
    if (invoice.closed) return;
    this.markPaid(t, invoice, 1);
  }

  private refund(t: number, charge: Entity, amount: number, full: boolean): void {
    const { world, st, rng } = this;
    const id = world.ids.make('re_', 8);
    world.create(st.refund, id, t, {
      id,
      charge_id: charge.key,
      amount,
      currency: this.price.currency,
      reason: full ? rng.pick(['requested_by_customer', 'duplicate']) : 'requested_by_customer',
      status: 'succeeded',
      created: t,
    });
    world.update(st.charge, charge, t, { amount_refunded: amount });
  }
}

/** Plan and seats that suit a company of this size. */
export function choosePlan(company: Company, rng: Rng, channel: 'sales' | 'self_serve'): { plan: SubscriptionPlan['plan']; seats: number } {
  if (channel === 'self_serve') {
    const plan = rng.weighted(['Starter', 'Growth', 'Enterprise'] as const, [60, 34, 6]);
    return { plan, seats: Math.min(40, 1 + Math.floor(rng.lognormal(3, 0.7))) };
  }
  switch (company.size) {
    case 'SMB':
      return { plan: rng.weighted(['Starter', 'Growth'] as const, [45, 55]), seats: 3 + Math.floor(rng.lognormal(6, 0.5)) };
    case 'Mid-Market':
      return { plan: rng.weighted(['Growth', 'Enterprise'] as const, [65, 35]), seats: 8 + Math.floor(rng.lognormal(14, 0.5)) };
    default:
      return { plan: 'Enterprise', seats: 20 + Math.floor(rng.lognormal(35, 0.5)) };
  }
}
