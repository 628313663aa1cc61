import type { SegmentData } from './segment';
import { TABLES, type TableSpec, loadedAtColumn } from './tables';
import type { Rng } from './prng';
import { isoZ, loaderTs } from './time';
import { BATCH1_HORIZON_MS, DELTA_HORIZON_MS, type Entity, type Row, type Version, type World, visibleVersions } from './world';

/**
 * Turns the clean simulation into raw extract tables, the way the loaders
 * would have written them by a given moment, plus the loader's own mess:
 * re-extracted rows (same key, later `_fivetran_synced`, sometimes an older
 * state) and re-sent copies in the delta.
 */

export type RawTables = Map<string, Row[]>;

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';
/** Share of records the loader wrote twice in batch 1. */
const REEXTRACT_SHARE = 0.012;
/** Share of batch-1 records the delta extract sends again, unchanged. */
const RESEND_SHARE = 0.006;

function currentRow(v: Version): Row {
  return { ...v.row, _fivetran_synced: loaderTs(v.synced) };
}

/** History mode: one row per version; a version closes when the next one is synced. */
function historyRows(versions: Version[]): { row: Row; synced: number }[] {
  return versions.map((v, i) => {
    const next = versions[i + 1];
    const synced = next ? next.synced : v.synced;
    return {
      synced,
      row: {
        ...v.row,
        _fivetran_start: loaderTs(v.at * 1000),
        // Fivetran closes a version one millisecond before the next one starts.
        _fivetran_end: next ? loaderTs(next.at * 1000 - 1) : FAR_FUTURE,
        _fivetran_active: next ? 0 : 1,
        _fivetran_synced: loaderTs(synced),
      },
    };
  });
}

function segmentRows(seg: SegmentData, spec: TableSpec, fromMs: number, toMs: number): Row[] {
  // Calls in arrival order (then id), the order the destination wrote them.
  const keep = <T extends { recv: number; id: string }>(calls: T[]): T[] =>
    calls.filter((c) => c.recv > fromMs && c.recv <= toMs).sort((a, b) => a.recv - b.recv || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  switch (spec.name) {
    case 'segment__tracks':
      return keep(seg.tracks).map((c) => ({ id: c.id, anonymous_id: c.anonymousId, user_id: c.userId, event: c.event, timestamp: c.timestamp, received_at: isoZ(Math.floor(c.recv / 1000)) }));
    case 'segment__pages':
      return keep(seg.pages).map((c) => ({ id: c.id, anonymous_id: c.anonymousId, user_id: c.userId, path: c.path, timestamp: c.timestamp, received_at: isoZ(Math.floor(c.recv / 1000)) }));
    case 'segment__identifies':
      return keep(seg.identifies).map((c) => ({ id: c.id, anonymous_id: c.anonymousId, user_id: c.userId, email: c.email, timestamp: c.timestamp, received_at: isoZ(Math.floor(c.recv / 1000)) }));
    case 'segment__groups':
      return keep(seg.groups).map((c) => ({ id: c.id, user_id: c.userId, group_id: c.groupId, name: c.name, timestamp: c.timestamp, received_at: isoZ(Math.floor(c.recv / 1000)) }));
    default:
      throw new Error(`no Segment rows for ${spec.name}`);
  }
}

function sortRows(spec: TableSpec, rows: Row[]): Row[] {
  const loaded = loadedAtColumn(spec);
  const keyOf = (r: Row): string => spec.key.map((k) => String(r[k] ?? '')).join('\u0000');
  return rows.sort((a, b) => {
    const la = String(a[loaded]);
    const lb = String(b[loaded]);
    if (la !== lb) return la < lb ? -1 : 1;
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

function project(spec: TableSpec, row: Row): Row {
  const out: Row = {};
  for (const [name] of spec.columns) {
    const v = row[name];
    out[name] = v === undefined ? null : v;
  }
  return out;
}

export interface Rendered {
  batch1: RawTables;
  delta: RawTables;
}

export function renderAll(world: World, seg: SegmentData, rng: Rng): Rendered {
  const batch1: RawTables = new Map();
  const delta: RawTables = new Map();
  for (const spec of TABLES) {
    const r = rng.fork(spec.name);
    let b: Row[];
    let d: Row[];
    if (spec.kind === 'events') {
      b = segmentRows(seg, spec, -Infinity, BATCH1_HORIZON_MS);
      d = segmentRows(seg, spec, BATCH1_HORIZON_MS, DELTA_HORIZON_MS);
    } else {
      const table = world.existing(spec.from ?? spec.name);
      ({ b, d } = spec.kind === 'history' ? renderHistory(table.entities, r) : renderCurrent(table.entities, r));
    }
    if (spec.kind === 'events') {
      // Already in arrival order; received_at has whole seconds, so sorting again could reorder ties.
      batch1.set(spec.name, b);
      delta.set(spec.name, d);
    } else {
      batch1.set(spec.name, sortRows(spec, b.map((row) => project(spec, row))));
      delta.set(spec.name, sortRows(spec, d.map((row) => project(spec, row))));
    }
  }
  return { batch1, delta };
}

function resendTime(r: Rng): number {
  // The delta extract ran on 2026-11-15; re-sends carry its sync time.
  return BATCH1_HORIZON_MS + 1 + r.int(14 * 86_400_000, 14 * 86_400_000 + 5 * 3_600_000);
}

function renderCurrent(entities: Entity[], r: Rng): { b: Row[]; d: Row[] } {
  const b: Row[] = [];
  const d: Row[] = [];
  for (const e of entities) {
    const seen1 = visibleVersions(e, BATCH1_HORIZON_MS);
    const seen2 = visibleVersions(e, DELTA_HORIZON_MS);
    const last1 = seen1[seen1.length - 1];
    const last2 = seen2[seen2.length - 1];
    if (last1) {
      b.push(currentRow(last1));
      if (r.chance(REEXTRACT_SHARE)) {
        if (seen1.length >= 2 && r.chance(0.6)) {
          // The older state, written by an earlier sync and never cleaned up.
          b.push(currentRow(seen1[seen1.length - 2]!));
        } else {
          const again = last1.synced + r.int(60_000, 3 * 86_400_000);
          if (again <= BATCH1_HORIZON_MS) b.push({ ...currentRow(last1), _fivetran_synced: loaderTs(again) });
        }
      }
    }
    if (last2 && last2 !== last1) {
      d.push(currentRow(last2));
    } else if (last1 && r.chance(RESEND_SHARE)) {
      d.push({ ...currentRow(last1), _fivetran_synced: loaderTs(resendTime(r)) });
    }
  }
  return { b, d };
}

function renderHistory(entities: Entity[], r: Rng): { b: Row[]; d: Row[] } {
  const b: Row[] = [];
  const d: Row[] = [];
  for (const e of entities) {
    const rows1 = historyRows(visibleVersions(e, BATCH1_HORIZON_MS));
    for (const x of rows1) {
      b.push(x.row);
      if (r.chance(REEXTRACT_SHARE * 0.7)) {
        const again = x.synced + r.int(60_000, 3 * 86_400_000);
        if (again <= BATCH1_HORIZON_MS) b.push({ ...x.row, _fivetran_synced: loaderTs(again) });
      }
    }
    const rows2 = historyRows(visibleVersions(e, DELTA_HORIZON_MS));
    const changed = rows2.filter((x) => x.synced > BATCH1_HORIZON_MS);
    for (const x of changed) d.push(x.row);
    if (changed.length === 0 && rows1.length > 0 && r.chance(RESEND_SHARE)) {
      const x = rows1[rows1.length - 1]!;
      d.push({ ...x.row, _fivetran_synced: loaderTs(resendTime(r)) });
    }
  }
  return { b, d };
}

