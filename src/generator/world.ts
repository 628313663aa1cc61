import { BATCH1_CUTOFF, DELTA_EXTRACTED_AT } from './config';
import { IdFactory, Rng } from './prng';
import { parseUtc } from './time';
import type { Seeds } from './seeds';

/**
 * The clean simulation is a set of entities, each a list of versions. A
 * version is the full state of one source record from the moment `at` (epoch
 * seconds, when it changed in the source system) and reached the warehouse at
 * `synced` (epoch milliseconds, when the loader wrote it).
 *
 * Batch 1 is everything synced by the cut-off; the delta is what was synced
 * after it and by the delta extract. The truth is computed from these same
 * versions, filtered by `synced`, never from the rendered tables.
 */

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface Version {
  at: number;
  synced: number;
  row: Row;
}

export interface Entity {
  key: string;
  versions: Version[];
}

export type Source = 'salesforce' | 'stripe' | 'segment';

export class EntityTable {
  readonly entities: Entity[] = [];
  private readonly byKey = new Map<string, Entity>();
  constructor(
    readonly name: string,
    readonly source: Source,
  ) {}

  get(key: string): Entity | undefined {
    return this.byKey.get(key);
  }

  add(entity: Entity): void {
    if (this.byKey.has(entity.key)) throw new Error(`${this.name}: duplicate key ${entity.key}`);
    this.byKey.set(entity.key, entity);
    this.entities.push(entity);
  }
}

export const BATCH1_HORIZON_MS = BATCH1_CUTOFF * 1000 + 999;
export const DELTA_HORIZON_MS = DELTA_EXTRACTED_AT * 1000;

/**
 * A Stripe connector outage: changes made in Stripe during this window were
 * only synced by the delta extract, so batch 1 misses them (backfilled
 * charges, invoices paid before the cut-off that batch 1 shows open).
 */
export const STRIPE_OUTAGE = { from: parseUtc('2026-10-26 00:00:00'), to: parseUtc('2026-10-28 12:00:00') };
const OUTAGE_BACKFILL_AT = parseUtc('2026-11-15 01:00:00');

export class World {
  readonly ids: IdFactory;
  private readonly syncRng: Rng;
  private readonly tables = new Map<string, EntityTable>();

  constructor(
    readonly rng: Rng,
    readonly seeds: Seeds,
    readonly scale: number,
  ) {
    this.ids = new IdFactory(rng.fork('ids'));
    this.syncRng = rng.fork('sync');
  }

  table(name: string, source: Source): EntityTable {
    let t = this.tables.get(name);
    if (!t) {
      t = new EntityTable(name, source);
      this.tables.set(name, t);
    }
    return t;
  }

  existing(name: string): EntityTable {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  allTables(): EntityTable[] {
    return [...this.tables.values()];
  }

  /** When the loader would have written a change made at `at`. */
  private syncTime(source: Source, at: number): number {
    const r = this.syncRng;
    if (source === 'stripe' && at >= STRIPE_OUTAGE.from && at < STRIPE_OUTAGE.to) {
      return OUTAGE_BACKFILL_AT * 1000 + r.int(0, 3_000_000);
    }
    // Salesforce syncs every few hours, Stripe within the hour or two; never
    // more than 4 h, so everything up to the delta's data end is in the delta.
    const lagSeconds = source === 'salesforce' ? r.int(180, 14_000) : r.int(60, 7_000);
    return (at + lagSeconds) * 1000 + r.int(0, 999);
  }

  /** Creates a record (first version). */
  create(table: EntityTable, key: string, at: number, row: Row, syncedMs?: number): Entity {
    const entity: Entity = { key, versions: [] };
    table.add(entity);
    this.push(table, entity, at, row, syncedMs);
    return entity;
  }

  /** A new version of `entity` with `patch` applied to the latest state. */
  update(table: EntityTable, entity: Entity, at: number, patch: Row, syncedMs?: number): Version {
    const last = entity.versions[entity.versions.length - 1];
    if (!last) throw new Error(`${table.name}: update before create of ${entity.key}`);
    return this.push(table, entity, at, { ...last.row, ...patch }, syncedMs);
  }

  private push(table: EntityTable, entity: Entity, at: number, row: Row, syncedMs?: number): Version {
    const last = entity.versions[entity.versions.length - 1];
    // Versions of one record are strictly ordered in time and in sync order,
    // so history-mode keys (id, _fivetran_start) never collide and the
    // records visible at any horizon are a prefix of the list.
    const when = last && at <= last.at ? last.at + 1 : at;
    let synced = syncedMs ?? this.syncTime(table.source, when);
    if (last && synced <= last.synced) synced = last.synced + 1 + this.syncRng.int(0, 500);
    const version: Version = { at: when, synced, row };
    entity.versions.push(version);
    return version;
  }
}

/** The latest version synced by `horizonMs`, if any. */
export function visibleVersion(entity: Entity, horizonMs: number): Version | undefined {
  let found: Version | undefined;
  for (const v of entity.versions) {
    if (v.synced <= horizonMs) found = v;
    else break;
  }
  return found;
}

/** All versions synced by `horizonMs` (a prefix, see World.push). */
export function visibleVersions(entity: Entity, horizonMs: number): Version[] {
  const out: Version[] = [];
  for (const v of entity.versions) {
    if (v.synced <= horizonMs) out.push(v);
    else break;
  }
  return out;
}

/** The state in force at `t` as known by `horizonMs`. */
export function stateAt(entity: Entity, t: number, horizonMs: number): Row | undefined {
  let found: Row | undefined;
  for (const v of entity.versions) {
    if (v.synced > horizonMs || v.at > t) break;
    found = v.row;
  }
  return found;
}
