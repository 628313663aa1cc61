/** Small SQL helpers the materializations share. */
import type { Database, SqlValue } from '../adapters/types';
import { quoteIdent } from '../compiler/relation';

export const q = quoteIdent;

export function relationType(db: Database, name: string, schema: 'main' | 'temp' = 'main'): 'table' | 'view' | null {
  const master = schema === 'temp' ? 'sqlite_temp_master' : 'sqlite_master';
  const row = db.query(`select type from ${master} where lower(name) = lower(?) and type in ('table', 'view')`, [name]).rows[0];
  return row ? (row[0] as 'table' | 'view') : null;
}

export function dropRelation(db: Database, name: string, schema: 'main' | 'temp' = 'main'): void {
  const type = relationType(db, name, schema);
  if (type) db.exec(`drop ${type} ${schema}.${q(name)}`);
}

export interface ColumnDef {
  name: string;
  type: string;
}

export function tableColumns(db: Database, name: string, schema: 'main' | 'temp' = 'main'): ColumnDef[] {
  return db
    .query(`select name, type from pragma_table_info(?, ?)`, [name, schema])
    .rows.map(([n, t]) => ({ name: String(n), type: String(t ?? '') }));
}

/** Column names of a query, without running it (the statement is only prepared). */
export function queryColumns(db: Database, sql: string): string[] {
  return db.columns(sql);
}

/**
 * Whether `sql` may refer to the relation `name`: the name as a whole word,
 * quoted or not, anywhere (comments included, to err on the safe side).
 */
export function mentionsRelation(sql: string, name: string): boolean {
  const text = sql.toLowerCase();
  const word = name.toLowerCase();
  const isWordChar = (i: number) => i >= 0 && i < text.length && /[\w$]/.test(text[i]!);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isWordChar(at - 1) && !isWordChar(at + word.length)) return true;
  }
  return false;
}

/**
 * Runs `fn` inside a savepoint: everything it did is kept if it returns and
 * rolled back if it throws, so a failed node never leaves a half-built
 * relation behind.
 */
export function atomically<T>(db: Database, fn: () => T): T {
  db.exec('savepoint dbt_node');
  try {
    const out = fn();
    db.exec('release dbt_node');
    return out;
  } catch (e) {
    try {
      db.exec('rollback to dbt_node; release dbt_node');
    } catch {
      // The savepoint is gone only if SQLite already rolled back; nothing left to undo.
    }
    throw e;
  }
}

/** A compiled query ready to be wrapped: no trailing semicolon or whitespace. */
export function cleanSql(sql: string): string {
  return sql.replace(/[\s;]+$/g, '').replace(/^\s*\n/, '');
}

export function changes(db: Database): number {
  return Number(db.query('select changes()').rows[0]![0]);
}

/** A value as JSON can carry it: bigints that fit become numbers, blobs become hex. */
export function jsonSafe(v: SqlValue): string | number | null {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  let hex = '';
  for (const b of v) hex += b.toString(16).padStart(2, '0');
  return `x'${hex}'`;
}

/** Inserts rows with bound parameters, many rows per statement. */
export function insertRows(db: Database, table: string, columns: string[], rows: SqlValue[][], schema: 'main' | 'temp' = 'main'): void {
  if (rows.length === 0 || columns.length === 0) return;
  // SQLite allows 32766 bound parameters per statement in both builds.
  const perStatement = Math.max(1, Math.min(500, Math.floor(30000 / columns.length)));
  const head = `insert into ${schema}.${q(table)} (${columns.map(q).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  let fullSql: string | null = null;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const sql = chunk.length === perStatement ? (fullSql ??= head + Array(perStatement).fill(tuple).join(', ')) : head + Array(chunk.length).fill(tuple).join(', ');
    db.query(sql, chunk.flat());
  }
}
