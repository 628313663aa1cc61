/**
 * The engine's public API. Everything outside src/engine imports the engine
 * from here only. Nothing here touches the DOM, node:* or sql.js at runtime,
 * so the same module runs in the site's Web Worker and in Node.
 */
import { catalog as buildCatalog } from './artifacts/catalog';
import type { Database } from './adapters/types';
import type { Project } from './parser/types';
import { selectNodes, type ListOptions } from './graph/plan';
import type { Command } from './graph/plan';
import { unmatchedCriteria } from './graph/selector';
import type { CompiledNode } from './compiler';

export type { Database, QueryResult, SqlValue } from './adapters/types';
export { sqljsDatabase } from './adapters/sqljs';
export { nativeDatabase, type BetterSqlite3Constructor } from './adapters/native';

export type {
  Project,
  ProjectFiles,
  ExecNode,
  SourceNode,
  ExposureNode,
  MacroNode,
  DocNode,
  ColumnInfo,
  AnyNode,
} from './parser/types';
export { parseProject, type ParseOptions } from './parser';

export { run, type RunOptions, type RunOutcome, type NodeEvent, type NodeStatus } from './runner';
export type { Command } from './graph/plan';
export { appendDelta, changedSourceSelection, readDeltaTables, LOADS_TABLE, type AppendOptions, type AppendResult, type DeltaTable, type SelectableSource } from './runner/backfill';
export { SAMPLE_ROWS } from './runner/tests';

export type {
  Manifest,
  ManifestNode,
  ManifestSource,
  RunResults,
  RunResult,
  FailureSample,
  Catalog,
  CatalogTable,
  CatalogColumn,
} from './artifacts/types';
export { DBT_VERSION } from './artifacts/types';
export { dataDictionary, type DictionaryOptions } from './artifacts/dictionary';

export {
  EngineError,
  ParseError,
  CompilationError,
  CycleError,
  SelectionError,
  DatabaseError,
  ContractError,
} from './errors';

/** dbt catalog v1 JSON of the built warehouse (typed as `Catalog`). */
export function catalog(project: Project, db: Database): object {
  return buildCatalog(project, db);
}

/** Node ids a command would select, in execution order (`ls` lists sources and exposures too). */
export function listNodes(project: Project, command: Command, opts: ListOptions = {}): string[] {
  return selectNodes(project, command, opts);
}

/**
 * The parts of --select and --exclude that match no node in the project,
 * each as dbt's warning words it.
 */
export function selectionWarnings(project: Project, opts: Pick<ListOptions, 'select' | 'exclude'>): string[] {
  const warnings: string[] = [];
  for (const [flag, spec] of [['--select', opts.select], ['--exclude', opts.exclude]] as const) {
    if (!spec?.trim()) continue;
    for (const part of unmatchedCriteria(project.graph, spec, flag)) {
      warnings.push(`The selection criterion '${part}' does not match any enabled nodes`);
    }
  }
  return warnings;
}

/** Compiles one node against the database's current state (is_incremental() included). */
export function compileNode(project: Project, db: Database | null, uniqueId: string, vars: Record<string, unknown> = {}): CompiledNode {
  const node = project.nodes[uniqueId];
  if (!node) throw new Error(`unknown node ${uniqueId}`);
  let isIncremental = false;
  if (db && node.config.materialized === 'incremental') {
    isIncremental = db.query(`select 1 from sqlite_master where name = ? and type = 'table'`, [node.alias]).rows.length > 0;
  }
  return project.compiler.compileNode(node, {
    db,
    vars: { ...project.vars, ...vars },
    fullRefresh: false,
    command: 'compile',
    isIncremental,
  });
}

/** Project files held in memory (for the browser, tests and generated projects). */
export function memoryFiles(files: Record<string, string>): { list(): string[]; read(path: string): string } {
  return {
    list: () => Object.keys(files),
    read: (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no such project file: ${path}`);
      return text;
    },
  };
}

/** sql.js init options that give it the same SQL functions as better-sqlite3. */
export const SQLJS_INIT_OPTIONS = { useOldExtensionFunctions: false } as const;
