/**
 * Loading a late-arriving batch the way a loader would: every table of the
 * delta is appended to the same-named raw table of the warehouse (columns
 * matched by name, duplicates included). Each load is recorded in `_loads`
 * under a key (the delta file's sha256), so the same file is never appended
 * twice. All tables load in one transaction, or none do.
 */
import type { Database, SqlValue } from '../adapters/types';
import { EngineError } from '../errors';
import { sourceTable } from '../parser/properties';
import { atomically, insertRows, q, tableColumns } from './sql';

export const LOADS_TABLE = '_loads';

export interface DeltaTable {
  name: string;
  columns: string[];
  rows: SqlValue[][];
}

export interface AppendOptions {
  /** Identifies the batch, e.g. the sha256 of the delta file. */
  loadKey: string;
  /** Where the batch came from, for the audit row (e.g. a file name). */
  source: string;
  /** Defaults to now (UTC). */
  loadedAt?: string;
}

export interface AppendResult {
  /** True when this key had been loaded before: nothing was appended. */
  alreadyLoaded: boolean;
  /** When the earlier load happened, if alreadyLoaded. */
  previousLoadAt: string | null;
  tables: { table: string; rows: number }[];
  rows: number;
}

/** The tables of a delta database (every user table, in name order). */
export function readDeltaTables(delta: Database): DeltaTable[] {
  const names = delta
    .query(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> ? order by name`, [LOADS_TABLE])
    .rows.map((r) => String(r[0]));
  return names.map((name) => {
    const r = delta.query(`select * from ${q(name)}`);
    return { name, columns: r.columns, rows: r.rows };
  });
}

function ensureLoadsTable(db: Database): void {
  db.exec(
    `create table if not exists ${q(LOADS_TABLE)} (load_key text primary key, source text not null, loaded_at text not null, tables integer not null, rows integer not null, detail text not null)`,
  );
}

/** Appends a delta (a Database, or its tables already read) to the warehouse's raw tables. */
export function appendDelta(warehouse: Database, delta: Database | DeltaTable[], opts: AppendOptions): AppendResult {
  ensureLoadsTable(warehouse);
  const previous = warehouse.query(`select loaded_at from ${q(LOADS_TABLE)} where load_key = ?`, [opts.loadKey]).rows[0];
  if (previous) return { alreadyLoaded: true, previousLoadAt: String(previous[0]), tables: [], rows: 0 };

  const tables = Array.isArray(delta) ? delta : readDeltaTables(delta);
  // Check everything before appending anything.
  const plans = tables.map((t) => {
    const target = tableColumns(warehouse, t.name);
    if (target.length === 0) {
      throw new EngineError(
        `the delta has a table '${t.name}' that the warehouse does not have`,
        { file: opts.source },
        'Load the delta into a warehouse built from the matching raw file, or add the table to the raw warehouse first.',
      );
    }
    const byLower = new Map(target.map((c) => [c.name.toLowerCase(), c.name]));
    const missing = t.columns.filter((c) => !byLower.has(c.toLowerCase()));
    if (missing.length) {
      throw new EngineError(
        `the delta's table '${t.name}' has column(s) ${missing.join(', ')} that the warehouse table does not have`,
        { file: opts.source },
        `Add the column(s) to '${t.name}' in the raw warehouse (ALTER TABLE ... ADD COLUMN), then load again.`,
      );
    }
    return { table: t.name, columns: t.columns.map((c) => byLower.get(c.toLowerCase())!), rows: t.rows };
  });
  const loadedAt = opts.loadedAt ?? new Date().toISOString().replace('T', ' ').slice(0, 19);
  atomically(warehouse, () => {
    for (const p of plans) insertRows(warehouse, p.table, p.columns, p.rows);
    const detail = JSON.stringify(plans.map((p) => ({ table: p.table, rows: p.rows.length })));
    warehouse.query(`insert into ${q(LOADS_TABLE)} (load_key, source, loaded_at, tables, rows, detail) values (?, ?, ?, ?, ?, ?)`, [
      opts.loadKey,
      opts.source,
      loadedAt,
      plans.length,
      plans.reduce((n, p) => n + p.rows.length, 0),
      detail,
    ]);
  });
  const summary = plans.map((p) => ({ table: p.table, rows: p.rows.length }));
  return { alreadyLoaded: false, previousLoadAt: null, tables: summary, rows: summary.reduce((n, t) => n + t.rows, 0) };
}

/** A source as a selection names it: the manifest's and the parser's sources both have these. */
export interface SelectableSource {
  source_name: string;
  name: string;
  schema: string;
  identifier: string;
}

/**
 * The selection of an incremental build after a load: every node downstream
 * of a source whose table received rows (what dbt's `source_status:fresher+`
 * picks), e.g. `source:stripe.charge+ source:stripe.invoice+`. Null when no
 * source of the project received any.
 */
export function changedSourceSelection(sources: Iterable<SelectableSource>, loaded: readonly { table: string; rows: number }[]): string | null {
  const changed = new Set(loaded.filter((t) => t.rows > 0).map((t) => t.table.toLowerCase()));
  const atoms = [...sources]
    .filter((s) => changed.has(sourceTable(s.schema, s.identifier || s.name).toLowerCase()))
    .map((s) => `source:${s.source_name}.${s.name}+`)
    .sort();
  return atoms.length > 0 ? atoms.join(' ') : null;
}
