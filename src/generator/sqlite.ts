import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { RawTables } from './render';
import { TABLES } from './tables';

/**
 * Writes raw tables to a SQLite file image with sql.js (always available,
 * unlike the optional native driver). Same rows in, same bytes out.
 */

let sqlJs: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

/** Rows per INSERT statement (at most 19 columns, well under SQLite's 32,766 parameters). */
const BATCH = 200;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function sqliteImage(tables: RawTables): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;');
    db.exec('BEGIN');
    for (const spec of TABLES) {
      const cols = spec.columns.map(([n, t]) => `${quote(n)} ${t}`).join(', ');
      db.exec(`CREATE TABLE ${quote(spec.name)} (${cols})`);
      const rows = tables.get(spec.name) ?? [];
      // Many rows per statement: far fewer calls into the wasm module.
      const tuple = `(${spec.columns.map(() => '?').join(', ')})`;
      const insert = (count: number) => db.prepare(`INSERT INTO ${quote(spec.name)} VALUES ${Array(count).fill(tuple).join(', ')}`);
      const full = insert(BATCH);
      try {
        for (let i = 0; i < rows.length; i += BATCH) {
          const chunk = rows.slice(i, i + BATCH);
          const values = chunk.flatMap((row) => spec.columns.map(([n]) => row[n] ?? null));
          if (chunk.length === BATCH) {
            full.run(values);
          } else {
            const rest = insert(chunk.length);
            rest.run(values);
            rest.free();
          }
        }
      } finally {
        full.free();
      }
    }
    db.exec('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
