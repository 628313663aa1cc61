/**
 * Files -> Project: reads dbt_project.yml, macros, models, seeds, snapshots,
 * singular tests, analyses, docs blocks and property YAML, renders every SQL
 * node once in capture mode to learn its refs, sources and config() calls,
 * resolves them, and builds the DAG.
 */
import { Compiler } from '../compiler';
import { CompilationError, EngineError, ParseError } from '../errors';
import { Graph } from '../graph';
import { closestName } from '../util/text';
import { findBlocks, macroArguments, testBlocksToMacros } from './blocks';
import { ENABLED_HINT, enabledProblem, failureStore, INCREMENTAL_STRATEGIES, mergeConfig, projectVars, readPaths } from './config';
import { ParseContext, renderYamlConfig } from './context';
import {
  readExposures,
  readMacroPatches,
  readPatches,
  readSingularTestPatches,
  readSources,
  type PendingProperties,
} from './properties';
import type { CallSite, ExecNode, Project, ProjectFiles, RefArgs } from './types';
import { isRecord, loadYaml, type YamlFile } from './yaml';

export type * from './types';

export interface ParseOptions {
  vars?: Record<string, unknown>;
  env?: Record<string, string>;
}

function under(file: string, roots: string[]): boolean {
  return roots.some((r) => file.startsWith(`${r}/`));
}

function baseName(file: string): string {
  return file.split('/').pop()!.replace(/\.[^.]+$/, '');
}

export function parseProject(files: ProjectFiles, opts: ParseOptions = {}): Project {
  const started = performance.now();
  const all = files.list().map((f) => f.replace(/\\/g, '/')).sort();
  if (!all.includes('dbt_project.yml')) {
    throw new ParseError('dbt_project.yml not found at the project root', {}, 'Run from a dbt project, or point --project-dir at one.');
  }
  const projectFile = loadYaml('dbt_project.yml', files.read('dbt_project.yml'));
  if (!isRecord(projectFile.data)) {
    throw new ParseError('dbt_project.yml must be a mapping', { file: 'dbt_project.yml' }, 'Start it with "name: my_project".');
  }
  const projectYaml = projectFile.data;
  const name = projectYaml.name;
  if (typeof name !== 'string' || !/^[A-Za-z_][\w]*$/.test(name)) {
    throw new ParseError(
      `project name ${JSON.stringify(name)} is missing or not a valid identifier`,
      { file: 'dbt_project.yml', line: projectFile.lineOf(['name']) },
      'Set "name:" to letters, digits and underscores, starting with a letter.',
    );
  }
  const paths = readPaths(projectYaml);
  const vars = { ...projectVars(projectYaml, name), ...(opts.vars ?? {}) };
  const env = opts.env ?? {};
  const compiler = new Compiler(name, env);
  const project: Project = {
    name,
    version: projectYaml.version === undefined ? null : String(projectYaml.version),
    projectYaml,
    paths,
    vars,
    env,
    nodes: {},
    disabled: {},
    sources: {},
    exposures: {},
    macros: {},
    docs: {},
    warnings: [],
    refIndex: new Map(),
    compiler,
    graph: new Graph(new Map()),
    parseMs: 0,
  };
  compiler.attach(project);
  // Configs render now, as dbt renders the project file; the vars block when var() reads it, hooks when they run.
  // As in dbt, var() there sees only the vars given on the command line, not the file's own.
  const { vars: _vars, 'on-run-start': _start, 'on-run-end': _end, ...configurable } = projectYaml;
  project.vars = { ...(opts.vars ?? {}) };
  try {
    project.projectYaml = {
      ...projectYaml,
      ...renderYamlConfig(compiler, configurable, { path: 'dbt_project.yml', lineOf: (keys) => projectFile.lineOf(keys) }, [], (message) =>
        /required var/.test(message) ? "Configs in dbt_project.yml see only the vars given with --vars, as in dbt: pass it there, or give var() a default." : undefined,
      ),
    };
  } finally {
    project.vars = vars;
  }
  if (all.includes('selectors.yml')) {
    project.warnings.push('selectors.yml: named selectors are not read by this engine (a default: true selector does not apply either); write the selection with --select and --exclude');
  }
  for (const key of ['on-run-start', 'on-run-end']) {
    if (projectYaml[key] !== undefined && projectYaml[key] !== null && !(Array.isArray(projectYaml[key]) && projectYaml[key].length === 0)) {
      project.warnings.push(`dbt_project.yml: '${key}' hooks are not run by this engine; they were ignored (use a model's pre_hook or post_hook)`);
    }
  }
  const ctx = new ParseContext(project, compiler);

  const seen = new Set<string>();
  const pick = (roots: string[], test: (f: string) => boolean) => all.filter((f) => under(f, roots) && test(f));
  const genericTestRoots = paths.tests.map((t) => `${t}/generic`);

  // Docs blocks first: descriptions may use doc().
  for (const file of pick(paths.docs, (f) => f.endsWith('.md'))) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const block of findBlocks(files.read(file), 'docs')) {
      const id = `doc.${name}.${block.name}`;
      if (project.docs[id]) {
        throw new ParseError(`docs block '${block.name}' is defined twice`, { file, line: block.line }, 'Rename one of the blocks.');
      }
      project.docs[id] = {
        unique_id: id,
        resource_type: 'doc',
        name: block.name,
        package_name: name,
        path: file,
        original_file_path: file,
        block_contents: block.body.trim(),
      };
    }
  }

  // Macros (and generic test definitions) before anything renders.
  const macroFiles = [...pick(paths.macros, (f) => f.endsWith('.sql')), ...pick(genericTestRoots, (f) => f.endsWith('.sql'))];
  for (const file of [...new Set(macroFiles)]) {
    const text = testBlocksToMacros(files.read(file));
    compiler.addMacroFile(file, text, name);
    for (const block of findBlocks(text, 'macro')) {
      const id = `macro.${name}.${block.name}`;
      if (NAMING_MACROS.has(block.name)) {
        project.warnings.push(
          `${file}: '${block.name}' is not called by this engine, which names every relation after the model's alias or name, in 'main' (docs/dbt-core.md)`,
        );
      }
      project.macros[id] = {
        unique_id: id,
        resource_type: 'macro',
        name: block.name,
        package_name: name,
        path: file,
        original_file_path: file,
        macro_sql: block.full,
        depends_on: { macros: [] },
        description: '',
        meta: {},
        docs: { show: true, node_color: null },
        patch_path: null,
        arguments: macroArguments(block.signature),
        created_at: ctx.createdAt,
        line: block.line,
      };
    }
  }

  // SQL nodes.
  const sqlNode = (type: 'model' | 'analysis' | 'test', roots: string[], file: string) => {
    const text = files.read(file);
    const nodeName = baseName(file);
    const { fqn, path } = ctx.fqnFor(file, roots, nodeName);
    ctx.addNode(ctx.newExecNode({ type, name: nodeName, file, path, fqn, template: text, rawCode: text, checksumOf: text }));
  };
  for (const file of pick(paths.models, (f) => f.endsWith('.sql'))) sqlNode('model', paths.models, file);
  for (const file of pick(paths.analyses, (f) => f.endsWith('.sql'))) sqlNode('analysis', paths.analyses, file);
  for (const file of pick(paths.tests, (f) => f.endsWith('.sql') && !under(f, genericTestRoots))) sqlNode('test', paths.tests, file);
  for (const file of pick(paths.models, (f) => f.endsWith('.py'))) {
    project.warnings.push(`${file}: Python models are not supported; the file was ignored`);
  }

  for (const file of pick(paths.snapshots, (f) => f.endsWith('.sql'))) {
    const text = files.read(file);
    const blocks = findBlocks(text, 'snapshot');
    if (blocks.length === 0 && text.trim() !== '') {
      project.warnings.push(`${file}: no {% snapshot %} block found; the file was ignored`);
    }
    for (const block of blocks) {
      const { fqn, path } = ctx.fqnFor(file, paths.snapshots, block.name);
      ctx.addNode(
        ctx.newExecNode({
          type: 'snapshot',
          name: block.name,
          file,
          path,
          fqn,
          template: block.bodyInPlace,
          rawCode: block.body,
          checksumOf: block.full,
          line: block.line,
        }),
      );
    }
  }

  for (const file of pick(paths.seeds, (f) => f.endsWith('.csv'))) {
    const text = files.read(file);
    const nodeName = baseName(file);
    const { fqn, path } = ctx.fqnFor(file, paths.seeds, nodeName);
    const node = ctx.newExecNode({ type: 'seed', name: nodeName, file, path, fqn, template: '', rawCode: '', checksumOf: text });
    node.engine.csv = text;
    ctx.addNode(node);
  }

  // Property YAML.
  const yamlRoots = [...paths.models, ...paths.seeds, ...paths.snapshots, ...paths.tests, ...paths.macros, ...paths.analyses];
  const yamlFiles: YamlFile[] = [...new Set(pick(yamlRoots, (f) => /\.ya?ml$/.test(f)))].map((f) => {
    const y = loadYaml(f, files.read(f));
    if (y.data !== null && y.data !== undefined && !isRecord(y.data)) {
      throw new ParseError('a property file must be a mapping (version: 2, models: [...])', { file: f, line: 1 });
    }
    if (!y.data) return { ...y, data: {} };
    return y;
  });
  const pending: PendingProperties = { tests: [], exposures: [] };
  const patched = new Map<string, string>();
  for (const y of yamlFiles) readSources(ctx, y, pending);
  for (const y of yamlFiles) {
    readPatches(ctx, y, 'models', pending, patched);
    readPatches(ctx, y, 'seeds', pending, patched);
    readPatches(ctx, y, 'snapshots', pending, patched);
    readPatches(ctx, y, 'analyses', pending, patched);
    readExposures(ctx, y, pending);
    readMacroPatches(ctx, y);
    readSingularTestPatches(ctx, y);
    for (const key of ['metrics', 'semantic_models', 'saved_queries', 'unit_tests']) {
      if ((y.data as Record<string, unknown>)[key] !== undefined) {
        project.warnings.push(`${y.path}: '${key}' is not supported by this engine; it was ignored`);
      }
    }
  }

  // Capture-render every SQL node: refs, sources, config() calls, macros.
  const sqlNodes = Object.values(project.nodes).filter((n) => n.resource_type !== 'seed');
  for (const node of [...sqlNodes, ...pending.tests]) captureNode(project, node);
  for (const node of pending.tests) ctx.addNode(node);

  // Disabled nodes leave the graph; tests on them go with them.
  for (const node of Object.values(project.nodes)) {
    const problem = enabledProblem(node.config.enabled);
    if (problem) throw new ParseError(`${node.unique_id}: ${problem}`, { file: node.original_file_path, line: node.engine.line }, ENABLED_HINT);
    if (node.config.enabled === false) disable(project, node);
  }
  for (const node of Object.values(project.nodes)) {
    if (node.resource_type !== 'test' || !node.attached_node) continue;
    if (!project.nodes[node.attached_node]) disable(project, node);
  }

  buildRefIndex(project);
  for (const node of Object.values(project.nodes)) resolveDependencies(project, node);
  for (const e of pending.exposures) resolveExposure(project, e);
  renderDescriptions(project);
  finishNodes(project);
  assertDistinctRelations(project);

  project.graph = Graph.fromProject(project);
  project.graph.assertAcyclic();
  project.parseMs = performance.now() - started;
  return project;
}

/** dbt's naming hooks a project may override; this engine builds every relation as "main"."<alias or name>". */
const NAMING_MACROS = new Set(['generate_alias_name', 'generate_schema_name', 'generate_database_name']);

function captureNode(project: Project, node: ExecNode): void {
  const capture = project.compiler.capture(node);
  node.engine.refSites = capture.refs;
  node.engine.sourceSites = capture.sources;
  node.config_call_dict = capture.config;
  node.config = mergeConfig(node.config, capture.config);
  node.depends_on.macros = capture.macros.sort();
}

function disable(project: Project, node: ExecNode): void {
  delete project.nodes[node.unique_id];
  (project.disabled[node.unique_id] ??= []).push(node);
}

function buildRefIndex(project: Project): void {
  for (const node of Object.values(project.nodes)) {
    if (node.resource_type !== 'model' && node.resource_type !== 'seed' && node.resource_type !== 'snapshot') continue;
    const existing = project.refIndex.get(node.name);
    if (existing) {
      throw new ParseError(
        `'${node.name}' names both ${existing.unique_id} (${existing.original_file_path}) and ${node.unique_id} (${node.original_file_path})`,
        { file: node.original_file_path },
        'ref() needs unique names: rename one of them.',
      );
    }
    project.refIndex.set(node.name, node);
  }
}

/**
 * Two resources built as the same table would overwrite each other (SQLite
 * names are case-insensitive, and every relation is in `main`), as would a
 * model built over a raw source table. dbt refuses the first at parse time;
 * the second cannot happen there, where sources live in their own schemas.
 */
function assertDistinctRelations(project: Project): void {
  const owners = new Map<string, { id: string; file: string; source: boolean }>();
  for (const source of Object.values(project.sources)) {
    owners.set(source.relation_name.toLowerCase(), { id: source.unique_id, file: source.original_file_path, source: true });
  }
  for (const node of Object.values(project.nodes)) {
    if (node.resource_type === 'test' || !node.relation_name) continue;
    const key = node.relation_name.toLowerCase();
    const other = owners.get(key);
    if (other) {
      const what = other.source ? `the raw table of ${other.id}` : `${other.id} (${other.file})`;
      throw new ParseError(
        `${node.unique_id} (${node.original_file_path}) and ${what} are both the relation ${node.relation_name}: building one would overwrite the other`,
        { file: node.original_file_path },
        other.source ? 'Rename the model, or give it another alias.' : "Change the name or the 'alias' config of one of them.",
      );
    }
    owners.set(key, { id: node.unique_id, file: node.original_file_path, source: false });
  }
}

function unknownRef(project: Project, owner: string, ref: RefArgs, site: CallSite): EngineError {
  const disabled = Object.values(project.disabled)
    .flat()
    .find((n) => n.name === ref.name && n.resource_type !== 'test');
  if (disabled) {
    return new CompilationError(
      `${owner} depends on '${ref.name}', which is disabled (${disabled.original_file_path})`,
      { file: site.file, line: site.line },
      `Enable ${disabled.unique_id} or remove the ref.`,
    );
  }
  if (ref.package && ref.package !== project.name) {
    return new CompilationError(
      `ref('${ref.package}', '${ref.name}'): package '${ref.package}' is not installed (this project is '${project.name}')`,
      { file: site.file, line: site.line },
      `Use ref('${ref.name}') for a model of this project.`,
    );
  }
  const suggestion = project.compiler.suggestRef(ref.name);
  return new CompilationError(
    `${owner} depends on '${ref.name}', which was not found (ref('${ref.name}'))`,
    { file: site.file, line: site.line },
    suggestion ? `Did you mean '${suggestion}'?` : 'Check the name against the models, seeds and snapshots of the project.',
  );
}

function unknownSource(project: Project, owner: string, source: [string, string], site: CallSite): EngineError {
  const names = Object.values(project.sources).map((s) => `${s.source_name}.${s.name}`);
  const suggestion = closestName(`${source[0]}.${source[1]}`, names);
  return new CompilationError(
    `${owner} depends on source('${source[0]}', '${source[1]}'), which is not defined`,
    { file: site.file, line: site.line },
    suggestion ? `Did you mean '${suggestion}'? Sources are declared under "sources:" in a YAML file.` : 'Declare it under "sources:" in a YAML file.',
  );
}

function resolveDependencies(project: Project, node: ExecNode): void {
  const deps = new Set<string>();
  const refs: RefArgs[] = [];
  const sources: [string, string][] = [];
  for (const { ref, site } of node.engine.refSites) {
    const target = project.compiler.resolveRef(ref);
    if (!target) throw unknownRef(project, node.unique_id, ref, site);
    if (target.unique_id === node.unique_id) {
      throw new CompilationError(`${node.unique_id} refers to itself with ref('${ref.name}')`, { file: site.file, line: site.line }, 'Use {{ this }} to refer to the model being built.');
    }
    deps.add(target.unique_id);
    if (!refs.some((r) => r.name === ref.name && r.package === ref.package)) refs.push(ref);
  }
  for (const { source, site } of node.engine.sourceSites) {
    const id = `source.${project.name}.${source[0]}.${source[1]}`;
    if (!project.sources[id]) throw unknownSource(project, node.unique_id, source, site);
    deps.add(id);
    if (!sources.some((s) => s[0] === source[0] && s[1] === source[1])) sources.push(source);
  }
  node.refs = refs;
  node.sources = sources;
  node.depends_on.nodes = [...deps].sort();
}

function resolveExposure(project: Project, e: PendingProperties['exposures'][number]): void {
  const deps = new Set<string>();
  for (const expr of e.dependsOn) {
    const capture = project.compiler.captureExpression(expr, {
      file: e.file,
      get line() {
        return e.line;
      },
    });
    for (const { ref, site } of capture.refs) {
      const target = project.compiler.resolveRef(ref);
      if (!target) throw unknownRef(project, e.node.unique_id, ref, site);
      deps.add(target.unique_id);
      e.node.refs.push(ref);
    }
    for (const { source, site } of capture.sources) {
      const id = `source.${project.name}.${source[0]}.${source[1]}`;
      if (!project.sources[id]) throw unknownSource(project, e.node.unique_id, source, site);
      deps.add(id);
      e.node.sources.push(source);
    }
  }
  e.node.depends_on.nodes = [...deps].sort();
}

function renderDescriptions(project: Project): void {
  const compiler = project.compiler;
  const render = (text: string, file: string): { text: string; docBlocks: string[] } => compiler.renderText(text, file, true);
  const apply = (
    obj: { description: string; doc_blocks?: string[]; columns?: Record<string, { description: string; doc_blocks: string[] }> },
    file: string,
  ) => {
    const d = render(obj.description, file);
    obj.description = d.text;
    if (obj.doc_blocks) obj.doc_blocks = d.docBlocks;
    for (const col of Object.values(obj.columns ?? {})) {
      const c = render(col.description, file);
      col.description = c.text;
      col.doc_blocks = c.docBlocks;
    }
  };
  for (const n of Object.values(project.nodes)) apply(n, n.patch_path?.replace(/^[^:]+:\/\//, '') ?? n.original_file_path);
  for (const s of Object.values(project.sources)) {
    apply(s, s.original_file_path);
    s.source_description = render(s.source_description, s.original_file_path).text;
  }
  for (const e of Object.values(project.exposures)) apply(e, e.original_file_path);
  for (const m of Object.values(project.macros)) apply(m, m.patch_path?.replace(/^[^:]+:\/\//, '') ?? m.original_file_path);
}

/** Fields derived from the final config. */
function finishNodes(project: Project): void {
  for (const node of Object.values(project.nodes)) {
    const c = node.config;
    if (typeof c.alias === 'string' && c.alias) node.alias = c.alias;
    node.tags = (c.tags as string[]) ?? [];
    node.meta = (c.meta as Record<string, unknown>) ?? {};
    if (isRecord(c.docs)) node.docs = { show: c.docs.show !== false, node_color: (c.docs.node_color as string) ?? null };
    if (isRecord(c.contract)) {
      node.contract = { enforced: c.contract.enforced === true, alias_types: c.contract.alias_types !== false, checksum: null };
    }
    if (typeof c.materialized === 'string') c.materialized = c.materialized.toLowerCase();
    if (node.resource_type === 'test' && typeof c.severity === 'string') c.severity = c.severity.toUpperCase();
    // As dbt: any other severity is refused (it would otherwise count a failing test as passing).
    if (node.resource_type === 'test' && c.severity !== undefined && c.severity !== 'ERROR' && c.severity !== 'WARN') {
      throw new ParseError(
        `${node.unique_id} has severity '${String(c.severity).toLowerCase()}'`,
        { file: node.original_file_path, line: node.engine.line },
        'Use warn or error.',
      );
    }
    if (node.resource_type === 'test') {
      // Checked here, where the YAML is known, not when the test's wrapped SQL fails.
      for (const key of ['warn_if', 'error_if'] as const) {
        const v = c[key];
        if (v !== undefined && v !== null && !/^\s*(==|!=|<>|>=|<=|>|<)\s*-?\d+(\.\d+)?\s*$/.test(String(v))) {
          throw new ParseError(`${node.unique_id} has ${key} ${JSON.stringify(v)}, which is not a comparison with a number`, { file: node.original_file_path, line: node.engine.line }, 'Write it as dbt does, e.g. ">10" or "!=0".');
        }
      }
      if (c.store_failures_as !== undefined && c.store_failures_as !== null && !['table', 'view', 'ephemeral'].includes(String(c.store_failures_as))) {
        throw new ParseError(`${node.unique_id} has store_failures_as ${JSON.stringify(c.store_failures_as)}`, { file: node.original_file_path, line: node.engine.line }, 'Use table, view or ephemeral.');
      }
      if (c.limit !== undefined && c.limit !== null && !(Number.isInteger(Number(c.limit)) && Number(c.limit) >= 0)) {
        throw new ParseError(`${node.unique_id} has limit ${JSON.stringify(c.limit)}, which is not a whole number`, { file: node.original_file_path, line: node.engine.line }, 'Give limit a number of rows, e.g. 100.');
      }
    }
    if (node.resource_type === 'model') {
      const m = c.materialized;
      if (!['view', 'table', 'incremental', 'ephemeral'].includes(String(m))) {
        throw new ParseError(
          `${node.unique_id} has materialized='${String(m)}'`,
          { file: node.original_file_path },
          'Use view, table, incremental or ephemeral.',
        );
      }
      // Refused now, not at the second build, when the model would take its incremental path (dbt checks it while parsing too).
      const strategy = c.incremental_strategy;
      if (m === 'incremental' && strategy !== undefined && strategy !== null && !(INCREMENTAL_STRATEGIES as readonly string[]).includes(String(strategy))) {
        throw new ParseError(
          `${node.unique_id} has incremental_strategy '${String(strategy)}', which this engine does not run on SQLite`,
          { file: node.original_file_path },
          `Use one of ${INCREMENTAL_STRATEGIES.join(', ')}.`,
        );
      }
    }
    if (node.resource_type === 'model' || node.resource_type === 'seed' || node.resource_type === 'snapshot') {
      node.relation_name = node.config.materialized === 'ephemeral' ? null : `"main"."${node.alias.replace(/"/g, '""')}"`;
    }
    if (node.resource_type === 'test' && failureStore(c)) {
      node.relation_name = `"main"."dbt_test__audit_${node.alias.replace(/"/g, '""')}"`;
    }
  }
}
