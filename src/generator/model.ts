import type { CountryProfile, SizeSegment } from './config';
import type { Rng } from './prng';
import type { Entity } from './world';

/**
 * The clean business: who the companies really are and which source records
 * belong to each. The truth's identity map is read from here; the raw tables
 * only ever see the (messy) links between records.
 */

export type Channel = 'sales' | 'self_serve';

export interface Company {
  idx: number;
  name: string;
  domain: string;
  industry: string;
  size: SizeSegment;
  country: CountryProfile;
  employees: number;
  channel: Channel;
  rng: Rng;
  /** The surviving Salesforce account, when the company has one. */
  sfAccount?: SfAccountRef;
  /** Salesforce accounts merged into `sfAccount`. */
  mergedSfAccounts: SfAccountRef[];
  customers: CustomerRef[];
  subscriptions: SubscriptionRef[];
  /** Usage driver: paid (or trial) seats from each moment on. */
  seatChanges: { at: number; seats: number }[];
  /** When the product was in use (trial or paid), for usage. */
  usageSpans: { from: number; to: number | null; churned: boolean }[];
}

export interface SfAccountRef {
  id: string;
  entity: Entity;
  createdAt: number;
  ownerId: string;
}

export interface CustomerRef {
  id: string;
  entity: Entity;
  createdAt: number;
  currency: string;
  company: Company;
}

export interface SubscriptionRef {
  id: string;
  entity: Entity;
  itemEntity: Entity;
  customer: CustomerRef;
}

export interface SalesRep {
  id: string;
  name: string;
  email: string;
  title: string;
  managerId: string | null;
  hiredAt: number;
}
