/**
 * `npm run warehouse -- <command>`: parses the project, opens the persistent
 * warehouse, runs the command through the engine, prints dbt-style output and
 * writes the artifacts. Returns the exit code: 0 ok, 1 errors or failing
 * tests, 2 bad usage.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appendDelta,
  catalog,
  changedSourceSelection,
  DBT_VERSION,
  EngineError,
  listNodes,
  parseProject,
  run,
  SelectionError,
  selectionWarnings,
  type BetterSqlite3Constructor,
  type Catalog,
  type Command,
  type Manifest,
  type Project,
  type RunOutcome,
  type RunResults,
} from '../../engine/index';
import { nodeProjectFiles } from '../project-files';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { endLine, finishedLine, foundLine, Printer, problemReport, startLine, summaryCounts, type Io } from './output';
import { CliError, openReadOnly, openWarehouse, writeText, type OpenWarehouse } from './store';
import { renderDictionary } from './dictionary';

export interface MainIo extends Io {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Replaces the better-sqlite3 loader (tests use it to simulate a missing module). */
  loadNative?: () => Promise<BetterSqlite3Constructor>;
  /** Ctrl-C: the run stops before its next node, and what it built is saved. */
  signal?: AbortSignal;
}

interface Paths {
  projectDir: string;
  targetPath: string;
  warehouseFile: string;
  raw: string;
  fresh: boolean;
}

/** This repository: the only project whose raw files the generator makes (see ensureRawFiles). */
const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

function resolvePaths(args: CliArgs, io: MainIo, projectTargetPath?: string): Paths {
  const projectDir = resolve(io.cwd, args.projectDir ?? '.');
  const targetPath = args.targetPath ? resolve(io.cwd, args.targetPath) : join(projectDir, projectTargetPath ?? 'target');
  return {
    projectDir,
    targetPath,
    warehouseFile: join(targetPath, 'warehouse.sqlite'),
    raw: args.warehouse ? resolve(io.cwd, args.warehouse) : join(projectDir, 'warehouse', 'raw_sources.sqlite'),
    fresh: Boolean(args.warehouse),
  };
}

export async function main(argv: string[], io: MainIo): Promise<number> {
  const printer = new Printer(io);
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      printer.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    io.out(`${versionText()}\n`);
    return 0;
  }
  let paths = resolvePaths(args, io);
  const display = (p: string) => {
    const rel = relative(io.cwd, p);
    return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
  };

  let project: Project;
  try {
    const env = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
    project = parseProject(nodeProjectFiles(paths.projectDir), { vars: args.vars, env });
    // Check the selection before anything is opened: bad syntax is a usage error.
    if (args.command !== 'docs') {
      const command = args.command === 'backfill' ? 'build' : args.command;
      listNodes(project, command, { select: args.select, exclude: args.exclude, resourceTypes: args.resourceTypes });
    }
  } catch (e) {
    if (e instanceof SelectionError) {
      printer.error(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof EngineError) {
      printer.error(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  for (const w of project.warnings) printer.error(`warning: ${w}`);
  if (args.command !== 'docs') for (const w of selectionWarnings(project, args)) printer.error(`warning: ${w}`);
  const projectTarget = project.projectYaml['target-path'];
  if (typeof projectTarget === 'string' && !args.targetPath) paths = resolvePaths(args, io, projectTarget);

  if (args.command === 'ls') return list(project, args, io);

  try {
    printer.line(`Running the dbt workflow on SQLite (${args.engine === 'native' ? 'better-sqlite3' : 'sql.js'})`);
    printer.line(foundLine(project));
    const readOnly = args.command === 'compile' || args.command === 'docs';
    if (await ensureRawFiles(args, paths, printer)) paths = { ...paths, fresh: true };
    const warehouse = await openWarehouse({
      engine: args.engine,
      target: paths.warehouseFile,
      raw: paths.raw,
      fresh: paths.fresh,
      readOnly,
      loadNative: io.loadNative,
    });
    const reused = warehouse.origin === paths.warehouseFile;
    printer.line(`Warehouse: ${display(paths.warehouseFile)} (${reused ? 'the one built before; --warehouse FILE starts over from a raw file' : `from ${display(warehouse.origin)}`})`);
    if (warehouse.previous) {
      printer.error(
        `warning: ${display(paths.warehouseFile)} starts over from ${display(warehouse.origin)}${paths.fresh && !args.warehouse ? ' (the raw files were written again)' : ''}; ` +
          `the warehouse built before, with its snapshots' history and loads, is kept as ${display(warehouse.previous)}`,
      );
    }
    printer.line();
    try {
      if (args.command === 'docs') return await docs(project, warehouse, args, paths, printer, display, io.cwd);
      if (args.command === 'backfill') {
        const deltaFile = args.delta ? resolve(io.cwd, args.delta) : join(paths.projectDir, 'warehouse', 'raw_sources_delta.sqlite');
        const loaded = await backfill(warehouse, deltaFile, args, printer, display, io);
        // What the batch can change, unless the user chose: the nodes downstream of the tables it added rows to.
        const select = args.select ?? changedSourceSelection(Object.values(project.sources), loaded) ?? undefined;
        if (!args.select && select) {
          const tables = loaded.filter((t) => t.rows > 0).length;
          printer.line(`Building what the batch can change: the nodes downstream of the ${tables} raw table${tables === 1 ? '' : 's'} that received rows (--select to choose others).`);
          printer.line();
        }
        return await execute(project, warehouse, { ...args, command: 'build', select }, 'build', paths, printer, io.signal);
      }
      return await execute(project, warehouse, args, args.command, paths, printer, io.signal);
    } finally {
      // Keep what was built, also after a failure.
      if (!readOnly) warehouse.save();
      else warehouse.close();
    }
  } catch (e) {
    if (e instanceof SelectionError) {
      printer.error(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof CliError || e instanceof EngineError) {
      printer.error(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/**
 * In this repository the raw files are generated on demand (a fresh clone
 * needs no extra step). Returns true when they were regenerated: the built
 * warehouse then starts over from the new raw file.
 */
async function ensureRawFiles(args: CliArgs, paths: Paths, printer: Printer): Promise<boolean> {
  if (args.warehouse || paths.projectDir !== REPO_ROOT) return false;
  const { ensureWarehouse } = await import('../ensure-warehouse');
  const { SeedError } = await import('../../generator/seeds');
  try {
    const result = await ensureWarehouse({ out: join(paths.projectDir, 'warehouse'), log: (line) => printer.line(line) });
    return result.regenerated;
  } catch (e) {
    // The simulation reads the seed CSVs too: a broken one stops it before anything is written.
    if (e instanceof SeedError) throw new CliError(`the raw files cannot be generated: ${e.message}; fix the CSV, the warehouse is untouched`);
    throw e;
  }
}

function list(project: Project, args: CliArgs, io: MainIo): number {
  const ids = listNodes(project, 'ls', { select: args.select, exclude: args.exclude, resourceTypes: args.resourceTypes });
  const lines: string[] = [];
  for (const id of ids) {
    const node: { name: string; resource_type: string; original_file_path: string; tags: string[]; fqn: string[] } =
      project.nodes[id] ?? project.sources[id] ?? project.exposures[id]!;
    let text: string;
    if (args.output === 'name') text = node.name;
    else if (args.output === 'path') text = node.original_file_path;
    else if (args.output === 'json') text = JSON.stringify(listJson(project, id, args.outputKeys));
    else if (node.resource_type === 'source') text = `source:${node.fqn.join('.')}`;
    else if (node.resource_type === 'exposure') text = `exposure:${node.fqn.join('.')}`;
    else text = node.fqn.join('.');
    lines.push(text);
  }
  // Sorted, as dbt ls prints them.
  for (const line of lines.sort()) io.out(`${line}\n`);
  if (lines.length === 0) io.err('warning: No nodes selected!\n');
  return 0;
}

/** `--version`: this CLI's version, the dbt version its artifacts follow, and the SQLite builds it runs on. */
function versionText(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const all = { ...pkg.devDependencies, ...pkg.optionalDependencies, ...pkg.dependencies };
  return [
    `${pkg.name} warehouse CLI ${pkg.version}: the dbt workflow on this repository's engine (no dbt Core installed)`,
    `  artifacts: as dbt Core ${DBT_VERSION} writes them`,
    `  SQLite: sql.js ${all['sql.js'] ?? '?'}${all['better-sqlite3'] ? `; better-sqlite3 ${all['better-sqlite3']} with --engine native` : ''}`,
  ].join('\n');
}

/** What dbt ls prints by default with --output json (its ALLOWED_KEYS), where a resource has them. */
const LIST_JSON_KEYS = ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'alias', 'source_name', 'config', 'tags', 'depends_on'];

/** One resource as `dbt ls --output json` prints it: dbt's keys, or those asked for (any key of the resource). */
function listJson(project: Project, id: string, keys: string[] | undefined): Record<string, unknown> {
  const resource = (project.nodes[id] ?? project.sources[id] ?? project.exposures[id]!) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys ?? LIST_JSON_KEYS) {
    // `engine` is this engine's own bookkeeping, not part of dbt's resource.
    if (key === 'engine') continue;
    const value = key === 'package_name' ? (resource.package_name ?? project.name) : resource[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

async function execute(
  project: Project,
  warehouse: OpenWarehouse,
  args: CliArgs,
  command: Command,
  paths: Paths,
  printer: Printer,
  signal?: AbortSignal,
): Promise<number> {
  const results: RunResults['results'] = [];
  const show = command !== 'compile';
  let done = 0;
  const outcome: RunOutcome = await run(project, warehouse.db, {
    command,
    select: args.select,
    exclude: args.exclude,
    resourceTypes: args.resourceTypes,
    fullRefresh: args.fullRefresh,
    failFast: args.failFast,
    vars: args.vars,
    signal,
    onLog: (message, id) => printer.line(`${project.nodes[id]?.name ?? id}: ${message}`),
    onEvent: (e) => {
      const node = project.nodes[e.uniqueId]!;
      if (e.kind === 'start') {
        if (show) printer.line(startLine(node, e));
        printer.bar(done, e.total, node.name);
        return;
      }
      done++;
      if (show) printer.line(endLine(node, e));
      printer.bar(done, e.total, node.name);
    },
  });
  printer.clearBar();
  const runResults = outcome.runResults as RunResults;
  results.push(...runResults.results);
  writeArtifacts(project, paths.targetPath, outcome);

  const counts = summaryCounts(results);
  printer.line();
  if (command === 'compile') {
    printer.line(`Compiled ${results.length} node${results.length === 1 ? '' : 's'} to ${join(paths.targetPath, 'compiled')}`);
    // As dbt, the SQL of a single node picked: a model with its tests shows the model's.
    const compiled = results.filter((r) => r.compiled_code !== null);
    const notTests = compiled.filter((r) => project.nodes[r.unique_id]?.resource_type !== 'test');
    const shown = compiled.length === 1 ? compiled : notTests.length === 1 && args.select ? notTests : [];
    if (shown.length === 1) {
      printer.line(`Compiled node '${project.nodes[shown[0]!.unique_id]!.name}' is:`);
      printer.raw(`${shown[0]!.compiled_code!.trim()}\n`);
    }
  } else if (results.length === 0) {
    printer.line('Nothing to do. Try checking your model configs and model specification args');
  } else {
    printer.line(finishedLine(project, results, outcome.elapsed));
  }
  printer.line();
  for (const l of problemReport(project, results)) printer.line(l);
  printer.line(`Done. PASS=${counts.pass} WARN=${counts.warn} ERROR=${counts.error} SKIP=${counts.skip} TOTAL=${counts.total}`);
  if (outcome.cancelled) {
    printer.line(`Cancelled: the nodes built before the interrupt are kept in the warehouse; the ${counts.skip} not run are marked skipped in run_results.json.`);
    return 130;
  }
  return outcome.ok ? 0 : 1;
}

function writeArtifacts(project: Project, targetPath: string, outcome: RunOutcome): void {
  writeText(join(targetPath, 'manifest.json'), JSON.stringify(outcome.manifest));
  writeText(join(targetPath, 'run_results.json'), JSON.stringify(outcome.runResults));
  const runResults = outcome.runResults as RunResults;
  for (const r of runResults.results) {
    const node = project.nodes[r.unique_id];
    if (!node || r.compiled_code === null) continue;
    // Nodes defined in YAML (generic tests, YAML snapshots) go under a folder named after the file, as in dbt.
    const file = node.original_file_path.endsWith('.sql') ? node.original_file_path : `${node.original_file_path}/${node.alias}.sql`;
    writeText(join(targetPath, 'compiled', project.name, file), `${r.compiled_code.trim()}\n`);
  }
}

async function docs(
  project: Project,
  warehouse: OpenWarehouse,
  args: CliArgs,
  paths: Paths,
  printer: Printer,
  display: (p: string) => string,
  cwd: string,
): Promise<number> {
  const outcome = await run(project, warehouse.db, { command: 'compile', vars: args.vars });
  const manifest = outcome.manifest as Manifest;
  const built = catalog(project, warehouse.db) as Catalog;
  writeText(join(paths.targetPath, 'manifest.json'), JSON.stringify(manifest));
  writeText(join(paths.targetPath, 'catalog.json'), JSON.stringify(built));
  const out = args.dictionaryOut ? resolve(cwd, args.dictionaryOut) : join(paths.projectDir, 'docs', 'data-dictionary.md');
  writeText(
    out,
    renderDictionary(manifest, built),
  );
  const builtCount = Object.keys(built.nodes).length;
  if (builtCount === 0) printer.line('Note: nothing is built yet, so the catalog has no models; run "npm run warehouse -- build" first.');
  printer.line(`Wrote ${display(join(paths.targetPath, 'manifest.json'))}, ${display(join(paths.targetPath, 'catalog.json'))} (${builtCount} relations)`);
  printer.line(`Wrote the data dictionary to ${display(out)}`);
  return 0;
}

async function backfill(
  warehouse: OpenWarehouse,
  deltaFile: string,
  args: CliArgs,
  printer: Printer,
  display: (p: string) => string,
  io: MainIo,
): Promise<{ table: string; rows: number }[]> {
  if (!existsSync(deltaFile)) {
    throw new CliError(`the delta ${display(deltaFile)} does not exist; create it with "npm run generate", or pass --delta FILE`);
  }
  const sha = createHash('sha256').update(readFileSync(deltaFile)).digest('hex');
  const delta = await openReadOnly(args.engine, deltaFile, io.loadNative);
  try {
    printer.line(`Loading ${display(deltaFile)} (sha256 ${sha.slice(0, 12)}) into the raw tables`);
    const result = appendDelta(warehouse.db, delta, { loadKey: sha, source: display(deltaFile) });
    if (result.alreadyLoaded) {
      printer.line(`Already loaded at ${result.previousLoadAt} (same sha256): nothing appended. Running the incremental build anyway.`);
    } else {
      for (const t of result.tables) printer.line(`  ${t.table}: +${t.rows.toLocaleString('en-US')} rows`);
      printer.line(`Appended ${result.rows.toLocaleString('en-US')} rows to ${result.tables.length} tables (recorded in _loads).`);
    }
    printer.line();
    return result.tables;
  } finally {
    delta.close();
  }
}
