/**
 * The identity rules, exactly as docs/source-map.md states them for the
 * models. The generator runs them over the link values it wrote and checks
 * that they recover the real company of every record (and fails loudly if
 * not); the tests run them over the raw tables read back with SQL.
 *
 * Inputs are already deduplicated (latest row per id) and filtered to real,
 * live records: no soft-deleted Salesforce accounts except merged ones (needed
 * to follow MasterRecordId), no deleted or test-mode Stripe customers, no
 * internal accounts.
 */

export interface SfAccountLink {
  id: string;
  /** Non-null for an account merged into another (IsDeleted = 1 and MasterRecordId set). */
  masterRecordId: string | null;
  stripeCustomerField: string | null;
  workspaceField: string | null;
}

export interface CustomerLink {
  id: string;
  created: number;
  metadataSalesforceId: string | null;
  metadataWorkspaceId: string | null;
}

export type CustomerMatch =
  | 'metadata_salesforce_id'
  | 'salesforce_stripe_field'
  | 'salesforce_workspace_field'
  | 'shared_workspace'
  | 'stripe_only';

export type WorkspaceMatch = 'salesforce_workspace_field' | 'stripe_metadata' | 'unmatched';

export interface IdentityResolution {
  /** Customer id -> account key and the rule that decided it. */
  customers: Map<string, { accountId: string; salesforceAccountId: string | null; method: CustomerMatch }>;
  /** Workspace id -> account key (null when no record links it). */
  workspaces: Map<string, { accountId: string | null; method: WorkspaceMatch }>;
  /** Merged-away Salesforce id -> surviving id. */
  merged: Map<string, string>;
}

/** Trim, then compare case-insensitively; blank means no link. */
export function normaliseLink(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t.toLowerCase();
}

export function resolveIdentity(accounts: SfAccountLink[], customers: CustomerLink[], workspaceIds: string[]): IdentityResolution {
  const merged = new Map<string, string>();
  const mergedLower = new Map<string, string>();
  const live = new Map<string, SfAccountLink>();
  for (const a of accounts) {
    if (a.masterRecordId) {
      merged.set(a.id, a.masterRecordId);
      mergedLower.set(a.id.toLowerCase(), a.masterRecordId);
    } else {
      live.set(a.id.toLowerCase(), a);
    }
  }
  /** A normalised SF id to the surviving account's id, following merges. */
  const sfTarget = (norm: string | null): string | null => {
    if (norm === null) return null;
    const direct = live.get(norm);
    if (direct) return direct.id;
    const master = mergedLower.get(norm);
    return master ? (live.get(master.toLowerCase())?.id ?? null) : null;
  };

  const byStripeField = new Map<string, string[]>();
  const byWorkspaceField = new Map<string, string[]>();
  for (const a of live.values()) {
    const s = normaliseLink(a.stripeCustomerField);
    if (s) byStripeField.set(s, [...(byStripeField.get(s) ?? []), a.id]);
    const w = normaliseLink(a.workspaceField);
    if (w) byWorkspaceField.set(w, [...(byWorkspaceField.get(w) ?? []), a.id]);
  }
  const only = (ids: string[] | undefined): string | null => (ids && ids.length === 1 ? ids[0]! : null);

  // Rules a-c: each customer on its own.
  const result = new Map<string, { accountId: string; salesforceAccountId: string | null; method: CustomerMatch }>();
  const pending: CustomerLink[] = [];
  for (const c of customers) {
    const viaMeta = sfTarget(normaliseLink(c.metadataSalesforceId));
    if (viaMeta) {
      result.set(c.id, { accountId: viaMeta, salesforceAccountId: viaMeta, method: 'metadata_salesforce_id' });
      continue;
    }
    const viaField = only(byStripeField.get(c.id.toLowerCase()));
    if (viaField) {
      result.set(c.id, { accountId: viaField, salesforceAccountId: viaField, method: 'salesforce_stripe_field' });
      continue;
    }
    const ws = normaliseLink(c.metadataWorkspaceId);
    const viaWs = ws ? only(byWorkspaceField.get(ws)) : null;
    if (viaWs) {
      result.set(c.id, { accountId: viaWs, salesforceAccountId: viaWs, method: 'salesforce_workspace_field' });
      continue;
    }
    pending.push(c);
  }

  // Rule d: a customer sharing a workspace with a customer that reached Salesforce.
  const sfByWorkspace = new Map<string, string>();
  for (const c of customers) {
    const r = result.get(c.id);
    const ws = normaliseLink(c.metadataWorkspaceId);
    if (r?.salesforceAccountId && ws && !sfByWorkspace.has(ws)) sfByWorkspace.set(ws, r.salesforceAccountId);
  }
  const stripeOnly: CustomerLink[] = [];
  for (const c of pending) {
    const ws = normaliseLink(c.metadataWorkspaceId);
    const sf = ws ? sfByWorkspace.get(ws) : undefined;
    if (sf) result.set(c.id, { accountId: sf, salesforceAccountId: sf, method: 'shared_workspace' });
    else stripeOnly.push(c);
  }

  // Rule e: Stripe-only customers group by workspace; the earliest customer names the account.
  const groups = new Map<string, CustomerLink[]>();
  for (const c of stripeOnly) {
    const key = normaliseLink(c.metadataWorkspaceId) ?? `customer:${c.id}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const members of groups.values()) {
    const earliest = [...members].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0]!;
    for (const c of members) result.set(c.id, { accountId: earliest.id, salesforceAccountId: null, method: 'stripe_only' });
  }

  const accountByCustomerWs = new Map<string, string>();
  for (const c of customers) {
    const ws = normaliseLink(c.metadataWorkspaceId);
    if (ws && !accountByCustomerWs.has(ws)) accountByCustomerWs.set(ws, result.get(c.id)!.accountId);
  }
  const workspaces = new Map<string, { accountId: string | null; method: WorkspaceMatch }>();
  for (const id of workspaceIds) {
    const norm = id.toLowerCase();
    const viaSf = only(byWorkspaceField.get(norm));
    if (viaSf) workspaces.set(id, { accountId: viaSf, method: 'salesforce_workspace_field' });
    else if (accountByCustomerWs.has(norm)) workspaces.set(id, { accountId: accountByCustomerWs.get(norm)!, method: 'stripe_metadata' });
    else workspaces.set(id, { accountId: null, method: 'unmatched' });
  }
  return { customers: result, workspaces, merged };
}
