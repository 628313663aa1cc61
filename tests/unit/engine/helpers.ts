/** Shared setup for the engine tests: fixture projects, both adapters, raw data. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import initSqlJs from 'sql.js';
import {
  memoryFiles,
  nativeDatabase,
  parseProject,
  sqljsDatabase,
  SQLJS_INIT_OPTIONS,
  type BetterSqlite3Constructor,
  type Database,
  type Project,
  type ProjectFiles,
} from '../../../src/engine/index';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function fixtureDir(name: string): string {
  return join(FIXTURES, name);
}

/** A fixture project's files as a map, with optional changes (null deletes a file). */
export function fixtureFiles(name: string, changes: Record<string, string | null> = {}): Record<string, string> {
  const root = fixtureDir(name);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
}

export function files(name: string, changes: Record<string, string | null> = {}): ProjectFiles {
  return memoryFiles(fixtureFiles(name, changes));
}

export function parseFixture(name: string, changes: Record<string, string | null> = {}, vars?: Record<string, unknown>): Project {
  return parseProject(files(name, changes), { vars });
}

let sqlJs: ReturnType<typeof initSqlJs> | null = null;
export function loadSqlJs(): ReturnType<typeof initSqlJs> {
  sqlJs ??= initSqlJs(SQLJS_INIT_OPTIONS as never);
  return sqlJs;
}

/** better-sqlite3's constructor, or null (with the reason) when it cannot load here. */
export const native: { Ctor: BetterSqlite3Constructor | null; reason: string } = await (async () => {
  try {
    const mod = (await import('better-sqlite3')) as { default: BetterSqlite3Constructor };
    new mod.default(':memory:').close();
    return { Ctor: mod.default, reason: '' };
  } catch (e) {
    return { Ctor: null, reason: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
})();

export type EngineName = 'sqljs' | 'native';

export const ENGINES: EngineName[] = ['sqljs', 'native'];

if (!native.Ctor) {
  console.warn(`better-sqlite3 cannot load here (${native.reason}); the native adapter tests are skipped.`);
}

export function engineAvailable(engine: EngineName): boolean {
  return engine === 'sqljs' || native.Ctor !== null;
}

export async function openDb(engine: EngineName): Promise<Database> {
  if (engine === 'native') {
    if (!native.Ctor) throw new Error(`better-sqlite3 unavailable: ${native.reason}`);
    return nativeDatabase(native.Ctor, ':memory:');
  }
  return sqljsDatabase(await loadSqlJs());
}

/** A fresh database holding a fixture's raw.sql (or another script of it). */
export async function rawDb(engine: EngineName, fixture = 'saas', script = 'raw.sql'): Promise<Database> {
  const db = await openDb(engine);
  const path = join(fixtureDir(fixture), script);
  if (existsSync(path)) db.exec(readFileSync(path, 'utf8'));
  return db;
}

export function rows(db: Database, sql: string): Record<string, unknown>[] {
  const r = db.query(sql);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
}
