import { BATCH1_CUTOFF, DELTA_DATA_END, DELTA_EXTRACTED_AT, INTERNAL_DOMAIN, TAXONOMY_CHANGE } from './config';
import { typedEmail } from './mess';
import type { Company } from './model';
import { personName } from './names';
import type { IdFactory, Rng } from './prng';
import type { Seeds } from './seeds';
import { DAY, HOUR, isoOffset, isoZ, parseUtc, weekday } from './time';

/**
 * Segment as its warehouse destination writes it: one table per call type
 * (identifies, groups, pages, tracks), `user_id` only after a user has
 * identified, `anonymous_id` before, client timestamps in ISO-8601 with `Z` or
 * with the sender's offset, and `received_at` stamped by Segment on arrival.
 * Rows are immutable; a row's `received_at` decides the batch it lands in.
 */

export interface SegUser {
  userId: string;
  anonymousId: string | null;
  email: string;
  internal: boolean;
  workspaceId: string;
  company: Company | null;
  /** Minutes; null when the client writes UTC with 'Z'. */
  offset: number | null;
  localOffset: number;
  /** Until this moment the user's app sends v1 event names. */
  upgradeAt: number;
  joinAt: number;
  leaveAt: number;
  engagement: number;
  lambda: number;
  weights: number[];
}

interface Call {
  id: string;
  ts: number;
  timestamp: string;
  /** Epoch milliseconds. */
  recv: number;
  anonymousId: string | null;
  userId: string | null;
  user: SegUser;
}

export interface TrackCall extends Call {
  event: string;
}
export interface PageCall extends Call {
  path: string;
}
export interface IdentifyCall extends Call {
  email: string;
}
export interface GroupCall extends Call {
  groupId: string;
  name: string;
}

export interface SegWorkspace {
  id: string;
  company: Company | null;
  createdAt: number;
  internal: boolean;
}

export interface SegmentData {
  users: SegUser[];
  workspaces: SegWorkspace[];
  tracks: TrackCall[];
  pages: PageCall[];
  identifies: IdentifyCall[];
  groups: GroupCall[];
}

interface Action {
  canonical: string;
  weight: number;
  v1: string[];
  v2: string[];
}

/** How often each canonical action happens relative to the others. */
const ACTION_WEIGHTS: Record<string, number> = {
  dashboard_viewed: 30,
  query_executed: 18,
  notebook_opened: 8,
  report_created: 8,
  report_exported: 6,
  comment_posted: 6,
  dashboard_created: 5,
  content_shared: 5,
  alert_created: 3,
  dataset_uploaded: 3,
  integration_connected: 1,
  teammate_invited: 1,
};

const APP_PATHS = ['/home', '/dashboards', '/reports', '/queries', '/notebooks', '/settings', '/alerts'];

/** A late delivery: mobile clients that were offline, replayed batches. */
const LATE_SHARE = 0.012;
/** Re-delivered messages: same message id, a second row. */
const DUPLICATE_SHARE = 0.006;
/** Sept/Oct events replayed in November, so the delta restates those months. */
const REPLAY_FROM = parseUtc('2026-09-10');
const REPLAY_SHARE = 0.02;

export class SegmentSim {
  readonly data: SegmentData = { users: [], workspaces: [], tracks: [], pages: [], identifies: [], groups: [] };
  private readonly actions: Action[];
  private readonly names = new Map<string, { v1: string[]; v2: string[] }>();

  constructor(
    private readonly ids: IdFactory,
    seeds: Seeds,
    /** Scales event volume; tuned so the default warehouse keeps its size budget. */
    private readonly activity: number,
  ) {
    const byCanonical = new Map<string, Action>();
    for (const t of seeds.taxonomy) {
      if (t.canonicalName === 'signup_completed') continue;
      let a = byCanonical.get(t.canonicalName);
      if (!a) {
        a = { canonical: t.canonicalName, weight: ACTION_WEIGHTS[t.canonicalName] ?? 1, v1: [], v2: [] };
        byCanonical.set(t.canonicalName, a);
      }
      a[t.version].push(t.eventName);
    }
    this.actions = [...byCanonical.values()].filter((a) => a.v1.length > 0 && a.v2.length > 0);
    for (const t of seeds.taxonomy) {
      let n = this.names.get(t.canonicalName);
      if (!n) {
        n = { v1: [], v2: [] };
        this.names.set(t.canonicalName, n);
      }
      n[t.version].push(t.eventName);
    }
    for (const [canonical, n] of this.names) {
      if (n.v1.length === 0 || n.v2.length === 0) {
        throw new Error(`warehouse/seeds/event_taxonomy.csv: ${canonical} needs at least one v1 and one v2 name`);
      }
    }
  }

  private eventName(canonical: string, user: SegUser, ts: number, rng: Rng): string {
    const names = this.names.get(canonical);
    if (!names) throw new Error(`warehouse/seeds/event_taxonomy.csv has no name for ${canonical}`);
    return rng.pick(ts < user.upgradeAt ? names.v1 : names.v2);
  }

  private stamp(user: SegUser, ts: number): string {
    return user.offset === null ? isoZ(ts) : isoOffset(ts, user.offset);
  }

  private recvFor(ts: number, rng: Rng): number {
    const recv = ts * 1000 + rng.int(300, 25_000);
    if (rng.chance(LATE_SHARE)) return recv + Math.floor(rng.uniform(1.5, 30) * DAY * 1000);
    if (ts >= REPLAY_FROM && ts <= BATCH1_CUTOFF && rng.chance(REPLAY_SHARE)) {
      return parseUtc('2026-11-01') * 1000 + rng.int(0, 13 * DAY) * 1000 + rng.int(0, 999);
    }
    return recv;
  }

  private push<T extends Call>(list: T[], call: T, rng: Rng): void {
    // Anything that would arrive after the delta extract belongs to a later batch.
    if (call.recv > DELTA_EXTRACTED_AT * 1000 || call.ts > DELTA_DATA_END) return;
    list.push(call);
    if (rng.chance(DUPLICATE_SHARE)) {
      const again = { ...call, recv: call.recv + rng.int(1_000, 2 * 3600 * 1000) };
      if (again.recv <= DELTA_EXTRACTED_AT * 1000) list.push(again);
    }
  }

  /** The workspace of each company (one at most). */
  readonly workspaceOf = new Map<Company, SegWorkspace>();

  addWorkspace(company: Company | null, createdAt: number, internal = false): SegWorkspace {
    const ws: SegWorkspace = { id: this.ids.make('ws_', 6, 'base36'), company, createdAt, internal };
    this.data.workspaces.push(ws);
    if (company) this.workspaceOf.set(company, ws);
    return ws;
  }

  /** A user joins the workspace: optional anonymous activity, then identify and group calls. */
  addUser(rng: Rng, ws: SegWorkspace, joinAt: number, leaveAt: number, opts: { signup: boolean; domain: string; companyName: string; localOffset: number }): SegUser {
    const person = personName(rng);
    const internal = ws.internal;
    const email = `${person.first}.${person.last}${rng.int(1, 99)}@${internal ? INTERNAL_DOMAIN : opts.domain}`.toLowerCase();
    const anonymous = opts.signup || rng.chance(0.35);
    const rawWeights = this.actions.map((a) => a.weight * rng.uniform(0.3, 1.7));
    const upgradeDelay = rng.chance(0.5) ? rng.int(0, 10) : rng.chance(0.8) ? rng.int(10, 40) : rng.int(40, 75);
    const user: SegUser = {
      userId: this.ids.make('u', 4, 'base36'),
      anonymousId: anonymous ? this.ids.make('', 16, 'hex') : null,
      email,
      internal,
      workspaceId: ws.id,
      company: ws.company,
      offset: rng.chance(0.12) ? opts.localOffset : null,
      localOffset: opts.localOffset,
      // Installs before the change keep an old app for a while; new installs speak v2 from day one.
      upgradeAt: joinAt < TAXONOMY_CHANGE ? TAXONOMY_CHANGE + upgradeDelay * DAY + rng.int(0, DAY - 1) : joinAt,
      joinAt,
      leaveAt,
      engagement: internal ? rng.uniform(0.2, 0.45) : Math.min(0.9, rng.lognormal(0.2, 0.75)),
      lambda: rng.uniform(1.2, 3.4),
      weights: rawWeights,
    };
    this.data.users.push(user);

    let t = joinAt;
    if (user.anonymousId) {
      if (opts.signup) {
        for (const path of ['/pricing', '/signup']) {
          t += rng.int(20, 240);
          this.push(this.data.pages, { id: this.ids.make('', 5, 'base36'), ts: t, timestamp: this.stamp(user, t), recv: this.recvFor(t, rng), anonymousId: user.anonymousId, userId: null, user, path }, rng);
        }
        t += rng.int(30, 300);
        this.track(rng, user, t, 'signup_completed', true);
      } else {
        // Opened a shared dashboard before accepting the invitation.
        for (let i = 0; i < rng.int(1, 3); i++) {
          t += rng.int(20, 400);
          this.track(rng, user, t, 'dashboard_viewed', true);
        }
      }
    }
    t += rng.int(5, 120);
    const typed = typedEmail(email, rng, 0.18);
    this.push(this.data.identifies, { id: this.ids.make('', 5, 'base36'), ts: t, timestamp: this.stamp(user, t), recv: t * 1000 + rng.int(300, 20_000), anonymousId: user.anonymousId, userId: user.userId, user, email: typed }, rng);
    t += rng.int(1, 30);
    this.push(this.data.groups, { id: this.ids.make('', 5, 'base36'), ts: t, timestamp: this.stamp(user, t), recv: t * 1000 + rng.int(300, 20_000), anonymousId: null, userId: user.userId, user, groupId: ws.id, name: opts.companyName }, rng);
    // Now and then another identify/group pair, from a new device or browser.
    const again = rng.chance(0.12) ? joinAt + rng.int(5, 300) * DAY : Infinity;
    if (again < leaveAt) {
      const at = again;
      this.push(this.data.identifies, { id: this.ids.make('', 5, 'base36'), ts: at, timestamp: this.stamp(user, at), recv: at * 1000 + rng.int(300, 20_000), anonymousId: null, userId: user.userId, user, email: typedEmail(email, rng, 0.18) }, rng);
      this.push(this.data.groups, { id: this.ids.make('', 5, 'base36'), ts: at + 2, timestamp: this.stamp(user, at + 2), recv: (at + 2) * 1000 + rng.int(300, 20_000), anonymousId: null, userId: user.userId, user, groupId: ws.id, name: opts.companyName }, rng);
    }
    return user;
  }

  private track(rng: Rng, user: SegUser, ts: number, canonical: string, anonymous: boolean): void {
    this.push(
      this.data.tracks,
      {
        id: this.ids.make('', 5, 'base36'),
        ts,
        timestamp: this.stamp(user, ts),
        recv: this.recvFor(ts, rng),
        anonymousId: anonymous ? user.anonymousId : null,
        userId: anonymous ? null : user.userId,
        user,
        event: this.eventName(canonical, user, ts, rng),
      },
      rng,
    );
  }

  /**
   * Daily product use from the day after joining to leaving. `health(t)` in
   * (0, 1] lowers activity before a churn; usage also rises with seats because
   * more seats means more users.
   */
  simulateActivity(rng: Rng, user: SegUser, health: (t: number) => number): void {
    const first = Math.floor(user.joinAt / DAY) + 1;
    const last = Math.floor(Math.min(user.leaveAt, DELTA_DATA_END) / DAY);
    for (let day = first; day <= last; day++) {
      const t0 = day * DAY;
      const wd = weekday(t0);
      const weekend = wd === 0 || wd === 6;
      const onboarding = t0 - user.joinAt < 21 * DAY ? 1.4 : 1;
      const p = Math.min(0.95, user.engagement * (weekend ? 0.12 : 1) * onboarding * health(t0) * this.activity);
      if (!rng.chance(p)) continue;
      const n = 1 + rng.poisson(user.lambda);
      const sessions = n >= 4 && rng.chance(0.35) ? 2 : 1;
      // Work hours in the user's local time, written back as UTC.
      let t = t0 + rng.int(8 * 3600, 13 * 3600) - user.localOffset * 60;
      for (let s = 0; s < sessions; s++) {
        if (rng.chance(0.02)) {
          this.push(this.data.pages, { id: this.ids.make('', 5, 'base36'), ts: t, timestamp: this.stamp(user, t), recv: this.recvFor(t, rng), anonymousId: null, userId: user.userId, user, path: rng.pick(APP_PATHS) }, rng);
        }
        const count = sessions === 1 ? n : s === 0 ? Math.ceil(n / 2) : Math.floor(n / 2);
        for (let i = 0; i < count; i++) {
          t += rng.int(15, 540);
          const action = rng.weighted(this.actions, user.weights);
          this.track(rng, user, t, action.canonical, false);
        }
        t += rng.int(2 * HOUR, 4 * HOUR);
      }
    }
  }
}
