import type { SqlJsStatic, Database as SqlJsDb } from 'sql.js';
import { extraFunctions } from './functions';
import type { Database, QueryResult, SqlValue } from './types';

/**
 * The sql.js adapter, for the browser worker and for Node. The caller loads
 * sql.js (initialise it with `useOldExtensionFunctions: false`, so that math
 * functions are SQLite's own, as on better-sqlite3) and passes it in.
 */
export function sqljsDatabase(SQL: SqlJsStatic, bytes?: Uint8Array): Database & { export(): Uint8Array } {
  // sql.js takes ownership of the array and writes the database into it, so
  // hand it a copy: callers keep their bytes (e.g. a saved build to restore).
  const db: SqlJsDb = new SQL.Database(bytes ? new Uint8Array(bytes) : undefined);
  let open = true;

  function setup(): void {
    // sql.js closes and reopens the database in export(), which drops both
    // registered functions and pragmas, so this runs again after every export.
    for (const f of extraFunctions) db.create_function(f.name, f.fn as (...args: unknown[]) => unknown);
    db.exec(PRAGMAS + SQLJS_PRAGMAS);
  }
  setup();

  return {
    engine: 'sqljs',
    exec(sql: string): void {
      db.exec(sql);
    },
    query(sql: string, params?: SqlValue[]): QueryResult {
      const stmt = db.prepare(sql);
      try {
        if (params && params.length > 0) stmt.bind(params as never);
        const columns = stmt.getColumnNames();
        const rows: SqlValue[][] = [];
        while (stmt.step()) rows.push(stmt.get() as SqlValue[]);
        return { columns, rows };
      } finally {
        stmt.free();
      }
    },
    close(): void {
      if (open) db.close();
      open = false;
    },
    export(): Uint8Array {
      const out = db.export();
      setup();
      return out;
    },
  };
}

/**
 * legacy_alter_table keeps `ALTER TABLE ... RENAME` from re-checking every
 * view: a table model is swapped in while views that read it briefly point at
 * nothing (https://sqlite.org/pragma.html#pragma_legacy_alter_table).
 * temp_store keeps temp tables (incremental models, snapshots) in memory.
 */
export const PRAGMAS = 'PRAGMA legacy_alter_table = ON; PRAGMA temp_store = MEMORY;';

/**
 * sql.js keeps the database in Emscripten's in-memory file system, so the
 * rollback journal only costs copies through JavaScript: keep it in memory
 * (rollback, and so savepoints, still work) and skip syncs.
 */
const SQLJS_PRAGMAS = 'PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;';
