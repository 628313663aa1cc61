import { extraFunctions } from './functions';
import { PRAGMAS } from './sqljs';
import type { Database, QueryResult, SqlValue } from './types';

/**
 * The parts of better-sqlite3 the adapter uses, declared structurally so the
 * engine compiles without Node's type definitions; the real module's default
 * export satisfies it.
 */
export interface BetterSqlite3Statement {
  readonly reader: boolean;
  raw(toggle?: boolean): BetterSqlite3Statement;
  columns(): { name: string }[];
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}
export interface BetterSqlite3Database {
  exec(sql: string): unknown;
  prepare(sql: string): BetterSqlite3Statement;
  function(name: string, options: { deterministic?: boolean }, fn: (...args: never[]) => unknown): unknown;
  close(): unknown;
}
export type BetterSqlite3Constructor = new (file: string | Uint8Array, options?: Record<string, unknown>) => BetterSqlite3Database;

/**
 * The better-sqlite3 adapter (Node only). The caller imports better-sqlite3
 * and passes its constructor. `file` is a path, or the bytes of a database
 * to open in memory (as sql.js does).
 */
export function nativeDatabase(BetterSqlite3: BetterSqlite3Constructor, file: string | Uint8Array): Database {
  const db = new BetterSqlite3(file);
  for (const f of extraFunctions) db.function(f.name, { deterministic: f.deterministic }, f.fn as never);
  db.exec(PRAGMAS);
  let open = true;

  return {
    engine: 'native',
    exec(sql: string): void {
      db.exec(sql);
    },
    query(sql: string, params?: SqlValue[]): QueryResult {
      const stmt = db.prepare(sql);
      const args = params ?? [];
      if (!stmt.reader) {
        stmt.run(...args);
        return { columns: [], rows: [] };
      }
      stmt.raw(true);
      const columns = stmt.columns().map((c) => c.name);
      return { columns, rows: stmt.all(...args) as SqlValue[][] };
    },
    columns(sql: string): string[] {
      return db
        .prepare(sql)
        .columns()
        .map((c) => c.name);
    },
    close(): void {
      if (open) db.close();
      open = false;
    },
  };
}
