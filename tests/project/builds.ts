/**
 * The builds the project tests read. Global setup makes them once per test
 * run; each test file opens the files it needs.
 *
 * - batch1:        a full build on batch 1
 * - backfill:      batch1, then the delta appended and an incremental build
 * - backfill_twice: backfill, then the same delta loaded and built again
 * - full_refresh:  batch 1 + delta appended, then a full-refresh build
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import initSqlJs from 'sql.js';
import { inject } from 'vitest';
import {
  SQLJS_INIT_OPTIONS,
  appendDelta,
  changedSourceSelection,
  catalog,
  parseProject,
  run,
  sqljsDatabase,
  type Database,
  type RunResults,
} from '../../src/engine/index';
import { nodeProjectFiles } from '../../src/cli/project-files';
import type { GroundTruth } from '../../src/generator/truth';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Each test run builds into its own folder, so runs side by side do not clobber each other. */
export const OUT_ROOT = join(ROOT, 'target', 'test-project');

declare module 'vitest' {
  export interface ProvidedContext {
    projectBuildsDir: string;
  }
}

/** The folder global setup built into during this run. */
function buildsDir(): string {
  return inject('projectBuildsDir');
}
export const RAW = join(ROOT, 'warehouse', 'raw_sources.sqlite');
export const DELTA = join(ROOT, 'warehouse', 'raw_sources_delta.sqlite');

export type BuildName = 'batch1' | 'backfill' | 'backfill_twice' | 'full_refresh';

export interface BuildRecord {
  name: BuildName;
  ok: boolean;
  elapsed: number;
  runResults: RunResults;
  /** Models materialized as incremental, from the manifest. */
  incrementalModels: string[];
  /** What the second load of the delta reported (backfill_twice only). */
  alreadyLoaded?: boolean;
}

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
let sqlJs: Promise<SqlJs> | undefined;
function loadSqlJs(): Promise<SqlJs> {
  sqlJs ??= initSqlJs(SQLJS_INIT_OPTIONS as never);
  return sqlJs;
}

function deltaKey(): string {
  return createHash('sha256').update(readFileSync(DELTA)).digest('hex');
}

async function buildAll(dir: string): Promise<BuildRecord[]> {
  const SQL = await loadSqlJs();
  const project = parseProject(nodeProjectFiles(ROOT));
  const delta = sqljsDatabase(SQL, readFileSync(DELTA));
  const key = deltaKey();
  const records: BuildRecord[] = [];
  mkdirSync(dir, { recursive: true });

  const save = (name: BuildName, db: ReturnType<typeof sqljsDatabase>, outcome: Awaited<ReturnType<typeof run>>, extra: Partial<BuildRecord> = {}) => {
    writeFileSync(join(dir, `${name}.sqlite`), db.export());
    const nodes = (outcome.manifest as { nodes: Record<string, { config: { materialized?: string } }> }).nodes;
    const incrementalModels = Object.keys(nodes).filter((id) => id.startsWith('model.') && nodes[id]!.config.materialized === 'incremental');
    const record: BuildRecord = {
      name,
      ok: outcome.ok,
      elapsed: outcome.elapsed,
      runResults: outcome.runResults as RunResults,
      incrementalModels,
      ...extra,
    };
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(record));
    records.push(record);
  };

  const db = sqljsDatabase(SQL, readFileSync(RAW));
  const first = await run(project, db, { command: 'build' });
  save('batch1', db, first);
  // The artifacts of the batch-1 build, for the schema and documentation tests.
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(first.manifest));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog(project, db)));

  // As `npm run warehouse -- backfill` and the site's backfill page do: build what the batch can change.
  const loaded = appendDelta(db, delta, { loadKey: key, source: DELTA });
  const select = changedSourceSelection(Object.values(project.sources), loaded.tables) ?? undefined;
  save('backfill', db, await run(project, db, { command: 'build', select }));

  const again = appendDelta(db, delta, { loadKey: key, source: DELTA });
  save('backfill_twice', db, await run(project, db, { command: 'build' }), { alreadyLoaded: again.alreadyLoaded });
  db.close();

  const fresh = sqljsDatabase(SQL, readFileSync(RAW));
  appendDelta(fresh, delta, { loadKey: key, source: DELTA });
  save('full_refresh', fresh, await run(project, fresh, { command: 'build', fullRefresh: true }));
  fresh.close();
  delta.close();
  return records;
}

export async function makeBuilds(dir: string): Promise<BuildRecord[]> {
  return buildAll(dir);
}

export function buildRecord(name: BuildName): BuildRecord {
  return JSON.parse(readFileSync(join(buildsDir(), `${name}.json`), 'utf8')) as BuildRecord;
}

/** A built warehouse, opened in memory (changes are never written back). */
export async function openBuild(name: BuildName): Promise<Database> {
  const SQL = await loadSqlJs();
  return sqljsDatabase(SQL, readFileSync(join(buildsDir(), `${name}.sqlite`)));
}

/** Rows of a query as objects keyed by column name. */
export function rows<T = Record<string, unknown>>(db: Database, sql: string, params: unknown[] = []): T[] {
  const r = db.query(sql, params as never);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])) as T);
}

/** An artifact of the batch-1 build: the manifest or the catalog. */
export function artifact(name: 'manifest' | 'catalog'): unknown {
  return JSON.parse(readFileSync(join(buildsDir(), `${name}.json`), 'utf8'));
}

let truthCache: GroundTruth | undefined;
export function groundTruth(): GroundTruth {
  truthCache ??= JSON.parse(readFileSync(join(ROOT, 'warehouse', 'ground_truth.json'), 'utf8')) as GroundTruth;
  return truthCache;
}
