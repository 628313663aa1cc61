/**
 * The built warehouse on disk (<target-path>/warehouse.sqlite). It persists
 * between commands; a command opens it when it exists, else starts from the
 * raw file. Writes are atomic: sql.js exports to a temp file and renames it;
 * better-sqlite3 works on a copy that is renamed over the original.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import initSqlJs from 'sql.js';
import { nativeDatabase, sqljsDatabase, SQLJS_INIT_OPTIONS, type BetterSqlite3Constructor, type Database } from '../../engine/index';

export class CliError extends Error {}

let sqlJs: Promise<Awaited<ReturnType<typeof initSqlJs>>> | null = null;

export function loadSqlJs(): ReturnType<typeof initSqlJs> {
  sqlJs ??= initSqlJs(SQLJS_INIT_OPTIONS as never);
  return sqlJs;
}

/** better-sqlite3 is an optional dependency: load it, and say what to do when it is missing. */
export async function loadBetterSqlite3(moduleName = 'better-sqlite3'): Promise<BetterSqlite3Constructor> {
  try {
    const mod = (await import(moduleName)) as { default: BetterSqlite3Constructor };
    // The native binding is only loaded when a database is opened.
    new mod.default(':memory:').close();
    return mod.default;
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new CliError(`better-sqlite3 is not available (${why}); install it with "npm install better-sqlite3@12.6.2", or use --engine sqljs`);
  }
}

export interface OpenOptions {
  engine: 'sqljs' | 'native';
  /** The warehouse file, <target-path>/warehouse.sqlite. */
  target: string;
  /** The raw file to start from when the warehouse does not exist (or when fresh). */
  raw: string;
  /** Start from the raw file even if the warehouse exists (--warehouse given). */
  fresh: boolean;
  /** Do not write anything back (compile, docs). */
  readOnly: boolean;
  loadNative?: () => Promise<BetterSqlite3Constructor>;
}

export interface OpenWarehouse {
  db: Database;
  /** Where the data came from. */
  origin: string;
  /**
   * When a fresh start replaces a built warehouse: where the previous one
   * was copied (its snapshots' history and loads cannot be built again).
   */
  previous: string | null;
  /** Write the database back to `target` (no-op when read-only). */
  save(): void;
  close(): void;
}

export async function openWarehouse(opts: OpenOptions): Promise<OpenWarehouse> {
  const fromRaw = opts.fresh || !existsSync(opts.target);
  const origin = fromRaw ? opts.raw : opts.target;
  if (!existsSync(origin)) {
    throw new CliError(`the raw warehouse ${origin} does not exist; create it with "npm run generate", or pass --warehouse FILE`);
  }
  mkdirSync(dirname(opts.target), { recursive: true });
  const hint = fromRaw ? 'write it again with "npm run generate", or pass --warehouse FILE' : `delete it to start over from the raw file, or pass --target-path DIR`;
  let previous: string | null = null;
  if (fromRaw && !opts.readOnly && existsSync(opts.target)) {
    previous = `${opts.target}.previous`;
    copyFileSync(opts.target, previous);
  }

  if (opts.engine === 'native') {
    const Better = await (opts.loadNative ?? loadBetterSqlite3)();
    const work = `${opts.target}.tmp-${process.pid}`;
    copyFileSync(origin, work);
    let db: Database;
    try {
      db = probe(() => nativeDatabase(Better, work), origin, hint);
    } catch (e) {
      rmSync(work, { force: true });
      throw e;
    }
    // The working copy is discarded if the process dies, so durability per statement buys nothing.
    db.exec('pragma journal_mode = memory; pragma synchronous = off;');
    let open = true;
    const close = () => {
      if (open) db.close();
      open = false;
    };
    return {
      db,
      origin,
      previous,
      save() {
        close();
        if (opts.readOnly) rmSync(work, { force: true });
        else renameSync(work, opts.target);
      },
      close() {
        close();
        rmSync(work, { force: true });
      },
    };
  }

  const SQL = await loadSqlJs();
  const db = probe(() => sqljsDatabase(SQL, new Uint8Array(readFileSync(origin))), origin, hint);
  return {
    db,
    origin,
    previous,
    save() {
      if (opts.readOnly) return;
      const tmp = `${opts.target}.tmp-${process.pid}`;
      writeFileSync(tmp, db.export());
      renameSync(tmp, opts.target);
    },
    close() {
      db.close();
    },
  };
}

/** Opens another SQLite file read-only (the delta of a backfill) with the same engine. */
export async function openReadOnly(engine: 'sqljs' | 'native', file: string, loadNative?: () => Promise<BetterSqlite3Constructor>): Promise<Database> {
  if (!existsSync(file)) throw new CliError(`${file} does not exist; create it with "npm run generate", or pass --delta FILE`);
  const hint = 'pass --delta FILE with a batch written by "npm run generate"';
  if (engine === 'native') {
    const Better = await (loadNative ?? loadBetterSqlite3)();
    return probe(() => nativeDatabase(Better, file), file, hint);
  }
  const SQL = await loadSqlJs();
  return probe(() => sqljsDatabase(SQL, new Uint8Array(readFileSync(file))), file, hint);
}

/**
 * Opens a database file and reads its schema, so that a file that is not a
 * SQLite database (or a folder) is named, with what to do, before any work.
 */
function probe<D extends Database>(open: () => D, file: string, hint: string): D {
  let db: D | null = null;
  try {
    db = open();
    db.query('select count(*) from sqlite_master');
    return db;
  } catch (e) {
    db?.close();
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/^could not load the database from its bytes: /, '');
    throw new CliError(`${file} cannot be opened as a SQLite database (${why}); ${hint}`);
  }
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

