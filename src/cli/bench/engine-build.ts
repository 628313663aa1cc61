/** Building the generated fixture project on one engine, with the time spent inside SQLite measured. */
import initSqlJs from 'sql.js';
import { memoryFiles, nativeDatabase, parseProject, run, sqljsDatabase, SQLJS_INIT_OPTIONS, type Database } from '../../engine/index';
import { loadBetterSqlite3 } from '../warehouse/store';
import { generateProject, generateRawData } from './fixture-project';

/** A Database that adds up the time spent in exec() and query(). */
export function timedDatabase(db: Database): Database & { sqlMs: number; statements: number } {
  const wrapper = {
    engine: db.engine,
    sqlMs: 0,
    statements: 0,
    exec(sql: string) {
      const t = performance.now();
      try {
        db.exec(sql);
      } finally {
        wrapper.sqlMs += performance.now() - t;
        wrapper.statements++;
      }
    },
    query(sql: string, params?: Parameters<Database['query']>[1]) {
      const t = performance.now();
      try {
        return db.query(sql, params);
      } finally {
        wrapper.sqlMs += performance.now() - t;
        wrapper.statements++;
      }
    },
    columns(sql: string) {
      const t = performance.now();
      try {
        return db.columns(sql);
      } finally {
        wrapper.sqlMs += performance.now() - t;
        wrapper.statements++;
      }
    },
    close() {
      db.close();
    },
  };
  return wrapper;
}

export async function openEngine(engine: 'sqljs' | 'native'): Promise<Database> {
  if (engine === 'native') return nativeDatabase(await loadBetterSqlite3(), ':memory:');
  const SQL = await initSqlJs(SQLJS_INIT_OPTIONS as never);
  return sqljsDatabase(SQL);
}

export interface BuildMeasure {
  parseMs: number;
  runMs: number;
  sqlMs: number;
  statements: number;
  nodes: number;
  ok: boolean;
}

/** Generates the raw data (not timed), then parses and builds the project (timed). */
export async function measureBuild(engine: 'sqljs' | 'native'): Promise<BuildMeasure> {
  const raw = await openEngine(engine);
  generateRawData(raw);
  const db = timedDatabase(raw);
  const files = memoryFiles(generateProject());
  const t0 = performance.now();
  const project = parseProject(files);
  const t1 = performance.now();
  const outcome = await run(project, db, { command: 'build' });
  const t2 = performance.now();
  raw.close();
  return { parseMs: t1 - t0, runMs: t2 - t1, sqlMs: db.sqlMs, statements: db.statements, nodes: outcome.selected.length, ok: outcome.ok };
}
