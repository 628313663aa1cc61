import type { SqlJsStatic, Database as SqlJsDb } from 'sql.js';
import { extraFunctions } from './functions';
import type { Database, QueryResult, SqlValue } from './types';

/**
 * The sql.js adapter, for the browser worker and for Node. The caller loads
 * sql.js (initialise it with `useOldExtensionFunctions: false`, so that math
 * functions are SQLite's own, as on better-sqlite3) and passes it in.
 *
 * The database lives in SQLite's own memory (`:memory:`), not in a file of
 * Emscripten's in-memory file system, when this sql.js build allows it (see
 * `openInMemory`); `bytes` are restored into it with SQLite's backup API.
 */
export function sqljsDatabase(SQL: SqlJsStatic, bytes?: Uint8Array): Database & { export(): Uint8Array } {
  // sql.js takes ownership of the array and writes the database into it, so
  // hand it a copy: callers keep their bytes (e.g. a saved build to restore).
  const db: SqlJsDb = openInMemory(SQL, bytes) ?? new SQL.Database(bytes ? new Uint8Array(bytes) : undefined);
  let open = true;

  // sql.js 1.16's export() backs the database up without reopening it, so
  // functions and pragmas set here last as long as the connection.
  for (const f of extraFunctions) db.create_function(f.name, f.fn as (...args: unknown[]) => unknown);
  db.exec(PRAGMAS + SQLJS_PRAGMAS);

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
    columns(sql: string): string[] {
      const stmt = db.prepare(sql);
      try {
        return stmt.getColumnNames();
      } finally {
        stmt.free();
      }
    },
    close(): void {
      if (open) db.close();
      open = false;
    },
    export(): Uint8Array {
      return db.export();
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
 * When the database does live in a file of Emscripten's file system (the
 * fallback below), the rollback journal only costs copies through JavaScript:
 * keep it in memory (rollback, and so savepoints, still work) and skip syncs.
 */
const SQLJS_PRAGMAS = 'PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;';

/** The parts of sql.js's module and Database objects that are not in its typings. */
interface SqlJsInternals {
  cwrap?: (name: string, returns: string | null, args: string[]) => (...args: unknown[]) => unknown;
}
interface SqlJsDbInternals {
  filename: string;
  db: number;
}

const SQLITE_DONE = 101;

/**
 * Opens an empty `:memory:` database through sql.js, and restores `bytes`
 * into it, or returns null when this build of sql.js does not work the way
 * this relies on (the caller then opens a file-backed database as before).
 *
 * Why: sql.js keeps a normal database in a file of Emscripten's in-memory
 * file system (MEMFS). That file is a JavaScript array which MEMFS grows by
 * 12.5% at a time, copying the whole file each time: a full build of the
 * model project grows the file from 12 MB to 75 MB in 16 steps, copying
 * ~520 MB, and reads ~150,000 pages back through JavaScript because
 * SQLite's page cache is small. A `:memory:` database keeps its pages in
 * SQLite's page cache inside the wasm heap, so none of that happens
 * (docs/performance.md has the numbers). `export()` still works: sql.js
 * writes it with the backup API from whatever the connection holds.
 *
 * How, with sql.js 1.16's public surface (it exposes neither `FS` nor a way
 * to name the file it opens):
 * - `new SQL.Database()` assigns `this.filename` and then opens
 *   `this.filename`; a `filename` accessor on the prototype, present only
 *   during that call, makes the open see `:memory:`.
 * - `close()` unlinks the file `this.filename`, and there is none for a
 *   `:memory:` database, so the instance is given the name of an empty MEMFS
 *   file whose own connection is closed right away (`holder`).
 * - `bytes` go into a normal (file-backed) sql.js database first, and
 *   `sqlite3_backup_*` (exported by sql.js, which uses them for `export()`)
 *   copies that into the in-memory one, using each instance's `db` handle.
 * The result is checked (`pragma_database_list` names no file for `main`);
 * anything unexpected returns null. tests/unit/engine/adapters.test.ts pins
 * this down for the installed sql.js.
 */
function openInMemory(SQL: SqlJsStatic, bytes?: Uint8Array): SqlJsDb | null {
  const cwrap = (SQL as unknown as SqlJsInternals).cwrap;
  if (typeof cwrap !== 'function') return null;
  const closeHandle = cwrap('sqlite3_close_v2', 'number', ['number']);

  const holder = new SQL.Database() as unknown as SqlJsDbInternals;
  if (typeof holder.db !== 'number' || typeof holder.filename !== 'string') {
    (holder as unknown as SqlJsDb).close();
    return null;
  }
  closeHandle(holder.db);

  const proto = SQL.Database.prototype as object;
  let assigned: unknown;
  Object.defineProperty(proto, 'filename', {
    configurable: true,
    get: () => ':memory:',
    set: (name: unknown) => {
      assigned = name;
    },
  });
  let db: SqlJsDb;
  try {
    db = new SQL.Database();
  } finally {
    delete (proto as { filename?: string }).filename;
  }
  const inner = db as unknown as SqlJsDbInternals;
  const file = db.exec("select file from pragma_database_list where name = 'main'")[0]?.values[0]?.[0];
  if (file !== '' || typeof inner.db !== 'number') {
    // Not what this relies on: close it under the name sql.js gave it (the empty holder file stays behind).
    inner.filename = String(assigned);
    db.close();
    return null;
  }
  inner.filename = holder.filename;

  if (bytes && bytes.length > 0) {
    // sql.js copies the bytes into its file system: the caller's array is not touched.
    const source = new SQL.Database(bytes) as unknown as SqlJsDbInternals;
    try {
      const backup = cwrap('sqlite3_backup_init', 'number', ['number', 'string', 'number', 'string'])(inner.db, 'main', source.db, 'main');
      const rc = backup ? cwrap('sqlite3_backup_step', 'number', ['number', 'number'])(backup, -1) : null;
      if (backup) cwrap('sqlite3_backup_finish', 'number', ['number'])(backup);
      if (rc !== SQLITE_DONE) {
        const message = String(cwrap('sqlite3_errmsg', 'string', ['number'])(inner.db));
        db.close();
        throw new Error(`could not load the database from its bytes: ${message}`);
      }
    } finally {
      (source as unknown as SqlJsDb).close();
    }
  }
  return db;
}
