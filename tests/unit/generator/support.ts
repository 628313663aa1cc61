import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Papa from 'papaparse';
import type { Database } from 'sql.js';
import { buildWarehouse } from '../../../src/generator/index';
import { loadSqlJs } from '../../../src/generator/sqlite';
import { DEFAULT_SEEDS, inputsHash } from '../../../src/generator/stamp';
import { TABLES } from '../../../src/generator/tables';

export type Value = string | number | null;
export type Rec = Record<string, Value>;

export type Built = Awaited<ReturnType<typeof buildWarehouse>>;

/**
 * The default warehouse (seed 'northpeak', scale 1), built once per change of
 * the generator for all test files: parallel workers share it through a
 * folder in the system temp directory, keyed by the generator's inputs hash
 * and guarded by a lock folder so that only one worker builds it.
 */
export async function defaultWarehouse(): Promise<Built> {
  const root = join(tmpdir(), 'b2b-generator-tests');
  const key = inputsHash(DEFAULT_SEEDS);
  const dir = join(root, key);
  const lock = `${dir}.lock`;
  mkdirSync(root, { recursive: true });
  for (;;) {
    if (existsSync(join(dir, 'counts.json'))) {
      return {
        raw: new Uint8Array(readFileSync(join(dir, 'raw.sqlite'))),
        delta: new Uint8Array(readFileSync(join(dir, 'delta.sqlite'))),
        truth: JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')),
        counts: JSON.parse(readFileSync(join(dir, 'counts.json'), 'utf8')),
      };
    }
    try {
      mkdirSync(lock);
    } catch {
      // Another worker is building; a lock older than five minutes was abandoned.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
      continue;
    }
    try {
      for (const old of readdirSync(root)) if (old !== key && !old.endsWith('.lock')) rmSync(join(root, old), { recursive: true, force: true });
      const built = await buildWarehouse('northpeak', 1);
      const tmp = `${dir}.tmp-${process.pid}`;
      mkdirSync(tmp, { recursive: true });
      writeFileSync(join(tmp, 'raw.sqlite'), built.raw);
      writeFileSync(join(tmp, 'delta.sqlite'), built.delta);
      writeFileSync(join(tmp, 'truth.json'), JSON.stringify(built.truth));
      writeFileSync(join(tmp, 'counts.json'), JSON.stringify(built.counts));
      renameSync(tmp, dir);
      return built;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export async function openDb(bytes?: Uint8Array): Promise<Database> {
  const SQL = await loadSqlJs();
  return new SQL.Database(bytes);
}

export function rows(db: Database, sql: string, params: Value[] = []): Rec[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const out: Rec[] = [];
    while (stmt.step()) out.push(stmt.getAsObject() as Rec);
    return out;
  } finally {
    stmt.free();
  }
}

export function scalar(db: Database, sql: string, params: Value[] = []): Value {
  const r = rows(db, sql, params)[0];
  return r ? (Object.values(r)[0] ?? null) : null;
}

/** Appends every delta row to the batch-1 tables, as the loader's backfill does. */
export async function withDelta(raw: Uint8Array, delta: Uint8Array): Promise<Database> {
  const db = await openDb(raw);
  const d = await openDb(delta);
  db.exec('BEGIN');
  for (const spec of TABLES) {
    const cols = spec.columns.map(([c]) => `"${c}"`).join(', ');
    const insert = db.prepare(`INSERT INTO "${spec.name}" (${cols}) VALUES (${spec.columns.map(() => '?').join(', ')})`);
    for (const r of rows(d, `SELECT ${cols} FROM "${spec.name}"`)) insert.run(spec.columns.map(([c]) => r[c] ?? null));
    insert.free();
  }
  db.exec('COMMIT');
  d.close();
  return db;
}

/** Loads the seed CSVs as tables `seed_<name>`, the way dbt seeds would land. */
export function loadSeedTables(db: Database): void {
  for (const file of ['fx_rates', 'plan_catalog', 'event_taxonomy', 'country_codes']) {
    const text = readFileSync(join(DEFAULT_SEEDS, `${file}.csv`), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, dynamicTyping: true });
    const cols = parsed.meta.fields!;
    db.exec(`DROP TABLE IF EXISTS seed_${file}; CREATE TABLE seed_${file} (${cols.map((c) => `"${c}"`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO seed_${file} VALUES (${cols.map(() => '?').join(', ')})`);
    for (const r of parsed.data) insert.run(cols.map((c) => (r[c] === undefined || r[c] === null || (r[c] as unknown) === '' ? null : (r[c] as unknown as Value))));
    insert.free();
  }
}

/** `SELECT *` of the latest row per key (greatest loaded-at), as staging models deduplicate. */
export function latest(table: string): string {
  const spec = TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`no table ${table}`);
  const loaded = spec.source === 'segment' ? 'received_at' : '_fivetran_synced';
  const order = spec.source === 'segment' ? `${loaded} ASC` : `${loaded} DESC`;
  return `(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY ${spec.key.map((k) => `"${k}"`).join(', ')} ORDER BY ${order}) AS _rn FROM "${table}") WHERE _rn = 1)`;
}
