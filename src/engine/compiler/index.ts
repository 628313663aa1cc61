/**
 * Jinja -> SQL. One nunjucks environment per project; every template and
 * macro file is compiled once and cached. Rendering happens twice per node:
 * at parse time ("capture" mode: ref/source/config calls are recorded, nothing
 * touches the database) and when the node runs ("compile" mode: relations are
 * real, is_incremental() and run_query() see the warehouse).
 */
import type nunjucks from 'nunjucks';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Database } from '../adapters/types';
import { CompilationError, EngineError } from '../errors';
import type { CallSite, ExecNode, Project, RefArgs, SourceNode } from '../parser/types';
import { md5Hex } from '../util/md5';
import { closestName, lineAt } from '../util/text';
import { findBlocks, signatureParameters, testBlocksToMacros } from '../parser/blocks';
import { BUILTIN_MACROS, BUILTIN_MACROS_PATH } from './builtins';
import { compileTemplate, createEnvironment, isKeywords, pythonJson, splitArgs, type LineTracker } from './environment';
import { Relation, quoteIdent } from './relation';
import { parseSimpleTemplate, renderSimpleTemplate, type SimpleTemplate } from './simple-template';
import { pythonStr } from './python-values';
import { DBT_VERSION } from '../artifacts/types';

export { Relation, quoteIdent, quoteString } from './relation';

export type RenderMode = 'parse' | 'compile';

/** What one render saw and did. */
export interface RenderState {
  mode: RenderMode;
  node: ExecNode | null;
  db: Database | null;
  isIncremental: boolean;
  fullRefresh: boolean;
  command: string;
  vars: Record<string, unknown>;
  refs: { ref: RefArgs; site: CallSite }[];
  sources: { source: [string, string]; site: CallSite }[];
  configCalls: Record<string, unknown>;
  macros: Set<string>;
  /** Ephemeral models referenced by this render, in call order. */
  ephemerals: string[];
  /** Template files currently executing, innermost last (the node's file, then macro files). */
  fileStack: string[];
  /** Where calls in a template that is not a file (YAML arguments) are reported. */
  siteOverride?: CallSite;
  docBlocks: Set<string>;
  allowDoc: boolean;
  logs: string[];
}

export interface CompileOptions {
  db: Database | null;
  vars: Record<string, unknown>;
  fullRefresh: boolean;
  command: string;
  /** Whether this node's incremental target exists (decided by the runner). */
  isIncremental?: boolean;
  onLog?: (message: string, node: ExecNode) => void;
  /** Compiled ephemeral models of this run, shared between nodes. */
  cache?: Map<string, CompiledNode>;
}

export interface CompiledNode {
  /** The SQL to run, with ephemeral models injected as CTEs. */
  sql: string;
  /** The rendered SQL before CTE injection. */
  preInjected: string;
  extraCtes: { id: string; sql: string }[];
  logs: string[];
}

export interface ParseCapture {
  sql: string;
  refs: { ref: RefArgs; site: CallSite }[];
  sources: { source: [string, string]; site: CallSite }[];
  config: Record<string, unknown>;
  macros: string[];
}

/** Thrown by Jinja globals; located (file, line) by the macro wrapper or the render that catches it. */
/** What to do about "Unable to call `x`": dbt's cross-database macros are the usual cause. */
function undefinedCallHint(message: string): string | undefined {
  // nunjucks names `dbt.dateadd` as dbt["dateadd"].
  const name = /^Unable to call `([\w."[\]]+)`/.exec(message)?.[1]?.replace(/\["(\w+)"\]/g, '.$1');
  if (!name) return undefined;
  if (name === 'statement' || name === 'load_result') {
    return `{% call statement(...) %} and load_result() are not built into this engine: run_query(sql) runs a query and returns its result (read .rows, .columns, .column_names).`;
  }
  if (name.startsWith('run_started_at.')) {
    return `run_started_at is ISO text here (e.g. '2026-01-31 09:00:00', UTC), not a datetime: slice it (run_started_at[:10] is the date) or use SQLite's date functions in the SQL.`;
  }
  if (name.startsWith('dbt.')) {
    return `dbt's cross-database macros (dbt.current_timestamp, dbt.dateadd, dbt.datediff, dbt.date_trunc, dbt.type_string, ...) are not built into this engine: write the SQLite expression, or a macro of the project's own.`;
  }
  return `Check the name: no macro, global or method called '${name}' exists here.`;
}

export class TemplateCallError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

class MacroReturn {
  constructor(readonly value: unknown) {}
}

type MacroFn = (...args: unknown[]) => unknown;

interface MacroEntry {
  uniqueId: string;
  name: string;
  file: string;
  fn: MacroFn;
  /** Its parameters, from the `{% macro %}` tag (a generic test's arguments are checked against them). */
  parameters: { name: string; hasDefault: boolean }[] | null;
  /** Its body reads Jinja's `varargs` or `kwargs` (the extra arguments of a call), which this engine does not collect. */
  readsExtras?: boolean;
}

const VIRTUAL_PREFIX = '<';

export class Compiler {
  readonly env: nunjucks.Environment;
  private project!: Project;
  private readonly trackers = new Map<string, LineTracker>();
  private readonly templates = new Map<string, { source: string; template: nunjucks.Template }>();
  private readonly simple = new Map<string, { source: string; template: SimpleTemplate | null }>();
  private readonly macros = new Map<string, MacroEntry>();
  private readonly builtinMacros = new Map<string, MacroEntry>();
  private state: RenderState | null = null;
  private readonly projectNamespace: Record<string, MacroFn> = {};
  private readonly dbtNamespace: Record<string, MacroFn> = {};
  private invocationId = '';
  private runStartedAt = '';

  constructor(
    readonly projectName: string,
    private readonly envVars: Record<string, string>,
  ) {
    this.env = createEnvironment();
    const hooks = this.env as unknown as {
      __track: (path: string, fn: LineTracker) => void;
      __wrapMacro: (path: string, name: string, fn: MacroFn) => MacroFn;
    };
    hooks.__track = (path, fn) => {
      this.trackers.set(path, fn);
    };
    hooks.__wrapMacro = (path, name, fn) => {
      const pkg = path === BUILTIN_MACROS_PATH ? 'dbt' : projectName;
      return this.wrapMacro(`macro.${pkg}.${name}`, name, path, fn);
    };
    this.startInvocation();
    this.installGlobals();
    for (const entry of this.loadMacroFile(BUILTIN_MACROS_PATH, BUILTIN_MACROS, 'dbt')) {
      this.builtinMacros.set(entry.name, entry);
      this.env.addGlobal(entry.name, entry.fn);
      this.dbtNamespace[entry.name] = entry.fn;
    }
    // `{{ my_project.my_macro() }}` and `{{ dbt.test_unique(...) }}`, as dbt namespaces macros.
    this.env.addGlobal(projectName, this.projectNamespace);
    this.env.addGlobal('dbt', this.dbtNamespace);
  }

  attach(project: Project): void {
    this.project = project;
  }

  get invocation(): { id: string; startedAt: string } {
    return { id: this.invocationId, startedAt: this.runStartedAt };
  }

  /** A new invocation id and run_started_at, once per run (as each dbt command has its own). */
  startInvocation(): void {
    const now = new Date();
    this.runStartedAt = now.toISOString().replace('T', ' ').slice(0, 19);
    this.invocationId = md5Hex(`${this.projectName}:${now.toISOString()}:${Math.random()}`).replace(
      /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
      '$1-$2-$3-$4-$5',
    );
  }

  // ---------------------------------------------------------------- macros

  /**
   * Compiles a macro file and registers its macros as Jinja globals.
   * Returns the names found, in file order.
   */
  addMacroFile(path: string, source: string, packageName: string): string[] {
    const entries = this.loadMacroFile(path, source, packageName);
    for (const entry of entries) {
      const existing = this.macros.get(entry.name);
      if (existing) {
        throw new CompilationError(
          `macro '${entry.name}' is defined twice, in ${existing.file} and in ${path}`,
          { file: path },
          'Rename or remove one of them.',
        );
      }
      this.macros.set(entry.name, entry);
      this.env.addGlobal(entry.name, entry.fn);
      this.projectNamespace[entry.name] = entry.fn;
    }
    return entries.map((e) => e.name);
  }

  hasMacro(name: string): boolean {
    return this.macros.has(name) || this.builtinMacros.has(name);
  }

  private loadMacroFile(path: string, source: string, packageName: string): MacroEntry[] {
    const template = this.compile(path, source);
    const exported = this.withState(this.blankState('parse'), [path], () => {
      let result: Record<string, MacroFn> = {};
      let error: unknown = null;
      (template as unknown as { getExported: (ctx: object, cb: (e: unknown, r: Record<string, MacroFn>) => void) => void }).getExported(
        {},
        (err, res) => {
          error = err;
          result = res;
        },
      );
      if (error) throw this.locate(error, path, true);
      return result;
    });
    // The compiled template already wrapped each macro (see compileTemplate).
    const blocks = new Map(findBlocks(testBlocksToMacros(source), 'macro').map((b) => [b.name, b]));
    return Object.entries(exported).map(([name, fn]) => {
      const block = blocks.get(name);
      return {
        uniqueId: `macro.${packageName}.${name}`,
        name,
        file: path,
        fn,
        parameters: block ? signatureParameters(block.signature) : null,
        readsExtras: block ? /\b(varargs|kwargs)\b/.test(block.body) : false,
      };
    });
  }

  /**
   * Macros run inside the state of whatever node called them; the wrapper
   * records the call, implements `{{ return(x) }}`, and gives errors raised
   * inside the macro its file and line.
   */
  private wrapMacro(uniqueId: string, name: string, file: string, fn: MacroFn): MacroFn {
    const compiler = this;
    return function wrapped(this: unknown, ...args: unknown[]) {
      // Checked before the macro's own frame: the error belongs to the call.
      compiler.checkMacroCall(name, file, args);
      const st = compiler.state;
      st?.macros.add(uniqueId);
      st?.fileStack.push(file);
      try {
        return fn.apply(this, args);
      } catch (e) {
        if (e instanceof MacroReturn) return e.value;
        if (e instanceof EngineError) throw e;
        const line = compiler.trackers.get(file)?.();
        const inner = innermostError(e);
        throw new CompilationError(
          `${inner.message} (in macro '${name}')`,
          { file, line: line === undefined ? undefined : line + 1 },
          inner instanceof TemplateCallError ? inner.hint : undefined,
        );
      } finally {
        st?.fileStack.pop();
      }
    };
  }

  /**
   * A call's arguments against the macro's parameters, as Jinja checks them
   * (nunjucks drops a surplus or misspelt argument without a word, and the
   * macro renders with its default). `caller` is a call block's.
   */
  private checkMacroCall(name: string, file: string, args: unknown[]): void {
    const entry = this.lookupMacro(name);
    const parameters = entry && entry.file === file ? entry.parameters : null;
    if (!parameters) return;
    const { positional, kwargs } = splitArgs(args);
    const names = parameters.map((p) => p.name);
    const listed = names.length > 0 ? names.join(', ') : 'none';
    const where = `{% macro ${name}(...) %} in ${file}`;
    const extra = positional.length > names.length || Object.keys(kwargs).some((k) => k !== 'caller' && !names.includes(k));
    if (extra && entry?.readsExtras) {
      throw new TemplateCallError(
        `macro '${name}' reads the extra arguments of a call from varargs or kwargs, which this engine does not collect`,
        `Name each argument as a parameter of ${where}.`,
      );
    }
    if (positional.length > names.length) {
      throw new TemplateCallError(
        `macro '${name}' takes ${names.length === 0 ? 'no arguments' : `at most ${names.length} argument${names.length === 1 ? '' : 's'} (${listed})`}, got ${positional.length}`,
        `Remove the extra arguments, or add parameters to ${where}.`,
      );
    }
    const unknown = Object.keys(kwargs).find((k) => k !== 'caller' && !names.includes(k));
    if (unknown !== undefined) {
      const near = closestName(unknown, names);
      throw new TemplateCallError(
        `macro '${name}' has no parameter '${unknown}' (its parameters: ${listed})`,
        near ? `Did you mean ${near}=...?` : `Add '${unknown}' to ${where}, or leave it out.`,
      );
    }
    const twice = names.slice(0, positional.length).find((n) => Object.hasOwn(kwargs, n));
    if (twice !== undefined) {
      throw new TemplateCallError(`macro '${name}' got two values for '${twice}': one by position, one by name`, `Give '${twice}' once.`);
    }
  }

  private lookupMacro(name: string): MacroEntry | undefined {
    return this.macros.get(name) ?? this.builtinMacros.get(name);
  }

  // ------------------------------------------------------------- templates

  private compile(path: string, source: string): nunjucks.Template {
    const cached = this.templates.get(path);
    if (cached && cached.source === source) return cached.template;
    let template: nunjucks.Template;
    try {
      template = compileTemplate(this.env, source, path);
    } catch (e) {
      const err = e as { lineno?: number; colno?: number; message?: string };
      const unsupported = unsupportedJinja(source);
      if (err.lineno === undefined && unsupported) {
        throw new CompilationError(`Jinja this engine does not support: ${unsupported.what}`, { file: path, line: unsupported.line }, unsupported.hint);
      }
      const message = String(err.message ?? e)
        .replace(/^\([^)]*\)\s*(\[Line \d+(, Column \d+)?\])?\s*/, '')
        .trim();
      // nunjucks reports a block left open at the end of the file without a line: name the block.
      const open = err.lineno === undefined && /end of file/.test(message) ? unclosedBlock(source) : null;
      if (open) {
        throw new CompilationError(
          `Jinja syntax error: {% ${open.tag} %} is never closed (${message})`,
          { file: path, line: open.line },
          `Close it with {% end${open.tag} %}.`,
        );
      }
      throw new CompilationError(
        `Jinja syntax error: ${message}`,
        { file: path, line: err.lineno, column: err.colno },
        'Fix the template syntax (unclosed {{ }}, {% %} or a missing end tag) and run again.',
      );
    }
    this.templates.set(path, { source, template });
    return template;
  }

  blankState(mode: RenderMode, node: ExecNode | null = null): RenderState {
    return {
      mode,
      node,
      db: null,
      isIncremental: false,
      fullRefresh: false,
      command: 'parse',
      vars: this.project?.vars ?? {},
      refs: [],
      sources: [],
      configCalls: {},
      macros: new Set(),
      ephemerals: [],
      fileStack: [],
      docBlocks: new Set(),
      allowDoc: false,
      logs: [],
    };
  }

  private withState<T>(state: RenderState, files: string[], fn: () => T): T {
    const previous = this.state;
    const depth = state.fileStack.length;
    this.state = state;
    state.fileStack.push(...files);
    try {
      return fn();
    } finally {
      state.fileStack.length = depth;
      this.state = previous;
    }
  }

  private simpleTemplate(path: string, source: string): SimpleTemplate | null {
    const cached = this.simple.get(path);
    if (cached && cached.source === source) return cached.template;
    const template = parseSimpleTemplate(source);
    this.simple.set(path, { source, template });
    return template;
  }

  /** Renders a template with the given state; errors come back located (file, line, node). */
  render(path: string, source: string, state: RenderState): string {
    const simple = this.simpleTemplate(path, source);
    const template = simple ? null : this.compile(path, source);
    const globals = (this.env as unknown as { globals: Record<string, unknown> }).globals;
    return this.withState(state, [path], () => {
      try {
        if (simple) {
          let line = 0;
          this.trackers.set(path, () => line);
          return renderSimpleTemplate(simple, (name) => globals[name], (l) => {
            line = l;
          });
        }
        return template!.render({});
      } catch (e) {
        if (path.startsWith(VIRTUAL_PREFIX)) {
          const site = state.siteOverride ?? { file: state.node?.original_file_path ?? path.slice(1) };
          throw this.locate(e, site.file, false, state.node?.unique_id, site.line ?? null);
        }
        throw this.locate(e, path, false, state.node?.unique_id);
      }
    });
  }

  /**
   * Turns whatever a render threw into a CompilationError with a file and a
   * line. Errors already located inside a macro pass through unchanged.
   */
  private locate(e: unknown, file: string, oneBased: boolean, uniqueId?: string, fixedLine?: number | null): EngineError {
    const located = findEngineError(e);
    if (located) {
      if (uniqueId && !located.uniqueId) {
        return new CompilationError(located.bareMessage, { file: located.file, line: located.line, uniqueId }, located.hint);
      }
      return located;
    }
    const err = e as { lineno?: number };
    const inner = innermostError(e);
    const tracked = this.trackers.get(file)?.();
    const raw = typeof err.lineno === 'number' ? err.lineno : tracked;
    const line = fixedLine !== undefined ? (fixedLine ?? undefined) : raw === undefined ? undefined : oneBased ? raw : raw + 1;
    const message = inner.message.replace(/^\([^)]*\)\s*(\[Line \d+(, Column \d+)?\])?\s*/, '').replace(/^Error: /, '');
    return new CompilationError(message, { file, line, uniqueId }, inner instanceof TemplateCallError ? inner.hint : undefinedCallHint(message));
  }

  // ------------------------------------------------------------- per node

  /** Parse-time render: which refs, sources, configs and macros does the node use? */
  capture(node: ExecNode): ParseCapture {
    const state = this.blankState('parse', node);
    const sql = this.renderNode(node, state);
    return {
      sql,
      refs: state.refs,
      sources: state.sources,
      config: state.configCalls,
      macros: [...state.macros],
    };
  }

  /** Compile-time render, with ephemeral models injected as CTEs. */
  compileNode(node: ExecNode, opts: CompileOptions): CompiledNode {
    const cache = opts.cache ?? new Map<string, CompiledNode>();
    const state = this.blankState('compile', node);
    state.db = opts.db;
    state.vars = opts.vars;
    state.fullRefresh = opts.fullRefresh;
    state.command = opts.command;
    state.isIncremental = opts.isIncremental ?? false;
    // Leading blank lines come from config() blocks and from the line padding of snapshot blocks.
    const preInjected = this.renderNode(node, state).replace(/^\s*\n/, '').trimEnd();
    for (const message of state.logs) opts.onLog?.(message, node);

    const extraCtes: { id: string; sql: string }[] = [];
    const seen = new Set<string>();
    const addEphemeral = (id: string, chain: string[]) => {
      if (seen.has(id)) return;
      if (chain.includes(id)) throw new CompilationError(`ephemeral models reference each other: ${[...chain, id].join(' --> ')}`, { uniqueId: node.unique_id });
      const eph = this.project.nodes[id]!;
      let compiled = cache.get(id);
      if (!compiled) {
        compiled = this.compileNode(eph, { ...opts, isIncremental: false, cache });
        cache.set(id, compiled);
      }
      // An ephemeral model's own ephemeral parents come first.
      for (const cte of compiled.extraCtes) addEphemeral(cte.id, [...chain, id]);
      seen.add(id);
      extraCtes.push({ id, sql: compiled.preInjected.trim() });
    };
    for (const id of state.ephemerals) addEphemeral(id, [node.unique_id]);

    return { sql: injectCtes(preInjected, extraCtes, this.project), preInjected, extraCtes, logs: state.logs };
  }

  /** Renders a hook (pre-hook/post-hook) in the context of the node it belongs to. */
  renderHook(node: ExecNode, sql: string, opts: CompileOptions): string {
    const state = this.blankState('compile', node);
    state.db = opts.db;
    state.vars = opts.vars;
    state.fullRefresh = opts.fullRefresh;
    state.command = opts.command;
    state.isIncremental = opts.isIncremental ?? false;
    state.siteOverride = { file: node.original_file_path };
    const out = this.render(`${VIRTUAL_PREFIX}hook ${md5Hex(sql)}`, sql, state);
    for (const message of state.logs) opts.onLog?.(message, node);
    return out;
  }

  private renderNode(node: ExecNode, state: RenderState): string {
    const testCall = node.engine.testCall;
    if (testCall) return this.renderGenericTest(node, state);
    return this.render(node.engine.templatePath, node.engine.template, state);
  }

  private renderGenericTest(node: ExecNode, state: RenderState): string {
    const call = node.engine.testCall!;
    const macroName = `test_${call.name}`;
    const macro = this.lookupMacro(macroName);
    const file = node.engine.templatePath;
    if (!macro) {
      throw new CompilationError(
        `generic test '${call.name}' is not defined`,
        { file, line: node.engine.line, uniqueId: node.unique_id },
        `Use one of unique, not_null, accepted_values, relationships, or define it with {% test ${call.name}(model, column_name) %} in a macro file.`,
      );
    }
    return this.withState(state, [`${VIRTUAL_PREFIX}${file}`], () => {
      // A getter: a generic test's line is looked up only when an error needs it.
      state.siteOverride = {
        file,
        get line() {
          return node.engine.line;
        },
      };
      try {
        const kwargs: Record<string, unknown> = { __keywords: true };
        for (const [key, value] of Object.entries(call.kwargs)) {
          if (key !== 'model') kwargs[key] = this.evalArgument(value);
        }
        if (node.column_name !== undefined && node.column_name !== null) kwargs.column_name = node.column_name;
        this.checkTestArguments(call.name, macro, Object.keys(kwargs).filter((k) => k !== '__keywords'), () => ({ file, line: node.engine.line, uniqueId: node.unique_id }));
        kwargs.model = this.getWhereSubquery(this.evalArgument(call.kwargs.model ?? ''));
        if (state.mode === 'parse' && macro === this.builtinMacros.get(macroName)) {
          // Parsing only records what a node calls. dbt's own test macros call
          // nothing else, and their refs and sources are in the arguments,
          // evaluated above; running them would only build unused SQL (637
          // times in the model project).
          state.macros.add(macro.uniqueId);
          return '';
        }
        const out = macro.fn(kwargs);
        return String(out ?? '');
      } catch (e) {
        throw this.locate(e, file, true, node.unique_id, node.engine.line ?? null);
      }
    });
  }

  /**
   * A generic test's arguments against its macro's parameters, as dbt checks
   * them: a misspelt or missing argument is named, instead of becoming SQL
   * that fails to run (or a test that counts the wrong rows).
   */
  private checkTestArguments(test: string, macro: MacroEntry, given: string[], site: () => ConstructorParameters<typeof CompilationError>[1]): void {
    const parameters = macro.parameters;
    if (!parameters) return;
    const names = parameters.map((p) => p.name).filter((n) => n !== 'model');
    for (const key of given) {
      if (names.includes(key)) continue;
      const near = closestName(key, names);
      throw new CompilationError(
        `generic test '${test}' takes no argument '${key}'`,
        site(),
        `${near ? `Did you mean '${near}'? ` : ''}Its arguments are ${names.join(', ')}${macro.file === BUILTIN_MACROS_PATH ? '' : ` (${macro.file})`}; configs such as severity or where go under config:.`,
      );
    }
    const missing = parameters.find((p) => !p.hasDefault && p.name !== 'model' && !given.includes(p.name));
    if (missing) {
      throw new CompilationError(
        `generic test '${test}' needs the argument '${missing.name}'`,
        site(),
        missing.name === 'column_name' ? 'Declare the test under a column, or give column_name.' : `Give it under the test, e.g. ${missing.name}: ...`,
      );
    }
  }

  /**
   * A generic test argument from YAML: `ref('x')` / `source('a', 'b')` become
   * relations, strings with Jinja are rendered, anything else passes as is.
   */
  private evalArgument(value: unknown): unknown {
    if (typeof value !== 'string') return value;
    const m = /^\s*(ref|source)\s*\(\s*(['"])(.*?)\2\s*(?:,\s*(['"])(.*?)\4\s*)?\)\s*$/.exec(value);
    if (m) {
      const fn = this.env.getGlobal(m[1]!) as MacroFn;
      return m[5] === undefined ? fn(m[3]) : fn(m[3], m[5]);
    }
    if (value.includes('{{') || value.includes('{%')) {
      const template = this.compile(`${VIRTUAL_PREFIX}argument ${md5Hex(value)}`, value);
      return template.render({});
    }
    return value;
  }

  private getWhereSubquery(relation: unknown): unknown {
    const where = this.state?.node?.config.where;
    if (typeof where === 'string' && where.trim() !== '') {
      return `(select * from ${String(relation)} where ${where}) dbt_subquery`;
    }
    return relation;
  }

  /** Renders a description or a config value; `doc()` is available in descriptions. */
  renderText(text: string, file: string, allowDoc: boolean): { text: string; docBlocks: string[] } {
    if (!text.includes('{{') && !text.includes('{%')) return { text, docBlocks: [] };
    const state = this.blankState('parse');
    state.allowDoc = allowDoc;
    const out = this.render(`${VIRTUAL_PREFIX}${file} ${md5Hex(text)}`, text, state);
    return { text: out, docBlocks: [...state.docBlocks] };
  }

  /** Evaluates `ref('x')` or `source('a', 'b')` written in YAML (exposures, snapshot relations). */
  captureExpression(expr: string, site: CallSite): ParseCapture {
    const state = this.blankState('parse');
    state.siteOverride = site;
    const sql = this.render(`${VIRTUAL_PREFIX}${site.file} ${md5Hex(expr)}`, `{{ ${expr} }}`, state);
    return { sql, refs: state.refs, sources: state.sources, config: {}, macros: [...state.macros] };
  }

  // ------------------------------------------------------------- globals

  private currentSite(): CallSite {
    const st = this.state!;
    const file = st.fileStack[st.fileStack.length - 1];
    if (!file || file.startsWith(VIRTUAL_PREFIX)) return st.siteOverride ?? { file: st.node?.original_file_path ?? '' };
    const line = this.trackers.get(file)?.();
    return { file, line: line === undefined ? undefined : line + 1 };
  }

  relationFor(node: ExecNode): Relation {
    if (node.config.materialized === 'ephemeral') return new Relation(`__dbt__cte__${node.name}`, 'main', null, 'cte');
    const type = node.config.materialized === 'view' ? 'view' : 'table';
    return new Relation(node.alias, 'main', null, type);
  }

  sourceRelation(source: SourceNode): Relation {
    return new Relation(source.table, 'main', null, 'table');
  }

  private installGlobals(): void {
    const env = this.env;
    const self = this;
    const state = (): RenderState => {
      if (!self.state) throw new TemplateCallError('dbt context used outside a render');
      return self.state;
    };

    env.addGlobal('ref', (...args: unknown[]) => {
      const st = state();
      const { positional, kwargs } = splitArgs(args);
      if (positional.length < 1 || positional.length > 2 || positional.some((p) => typeof p !== 'string')) {
        throw new TemplateCallError(`ref() takes a model name and optionally a package name first, got ref(${positional.map((p) => JSON.stringify(p)).join(', ')})`);
      }
      const name = String(positional[positional.length - 1]);
      const pkg = positional.length === 2 ? String(positional[0]) : null;
      const version = (kwargs.v ?? kwargs.version ?? null) as string | number | null;
      if (version !== null) {
        throw new TemplateCallError(
          `ref('${name}', v=${JSON.stringify(version)}): model versions are not supported by this engine`,
          `Refer to the model by its name alone, ref('${name}'); a version would otherwise be silently ignored.`,
        );
      }
      const ref: RefArgs = { name, package: pkg, version };
      if (st.mode === 'parse') {
        st.refs.push({ ref, site: self.currentSite() });
        return new Relation(name);
      }
      const target = self.resolveRef(ref);
      if (!target) {
        throw new TemplateCallError(`ref('${name}') does not match any model, seed or snapshot`);
      }
      const node = st.node;
      if (node && !node.depends_on.nodes.includes(target.unique_id)) {
        throw new TemplateCallError(
          `ref('${name}') was not found when ${node.unique_id} was parsed, so its dependency is unknown`,
          `Add "-- depends_on: {{ ref('${name}') }}" at the top of ${node.original_file_path} (refs inside {% if execute %} or {% if is_incremental() %} are not seen at parse time).`,
        );
      }
      if (target.config.materialized === 'ephemeral' && !st.ephemerals.includes(target.unique_id)) {
        st.ephemerals.push(target.unique_id);
      }
      return self.relationFor(target);
    });

    env.addGlobal('source', (...args: unknown[]) => {
      const st = state();
      const { positional } = splitArgs(args);
      if (positional.length !== 2 || positional.some((p) => typeof p !== 'string')) {
        throw new TemplateCallError(`source() takes a source name and a table name, got source(${positional.map((p) => JSON.stringify(p)).join(', ')})`);
      }
      const [sourceName, tableName] = positional as [string, string];
      if (st.mode === 'parse') {
        st.sources.push({ source: [sourceName, tableName], site: self.currentSite() });
        return new Relation(`${sourceName}__${tableName}`);
      }
      const source = self.project.sources[`source.${self.projectName}.${sourceName}.${tableName}`];
      if (!source) throw new TemplateCallError(`source('${sourceName}', '${tableName}') is not defined in any sources YAML`);
      return self.sourceRelation(source);
    });

    const config = (...args: unknown[]) => {
      const st = state();
      if (st.mode === 'parse') {
        const { positional, kwargs } = splitArgs(args);
        for (const p of positional) if (p && typeof p === 'object') Object.assign(st.configCalls, p);
        Object.assign(st.configCalls, kwargs);
      }
      return '';
    };
    const configGet = (key: string, fallback?: unknown) => {
      const st = state();
      const node = st.node;
      if (!node) return fallback ?? null;
      const value = key in st.configCalls ? st.configCalls[key] : node.config[key];
      return value === undefined || value === null ? (fallback ?? null) : value;
    };
    env.addGlobal(
      'config',
      Object.assign(config, {
        get: configGet,
        require: (key: string) => {
          const value = configGet(key);
          if (value === null || value === undefined) throw new TemplateCallError(`required config '${key}' is not set`);
          return value;
        },
      }),
    );

    env.addGlobal('var', (name: string, ...rest: unknown[]) => {
      const st = state();
      if (Object.hasOwn(st.vars, name)) return st.vars[name];
      if (rest.length > 0 && !isKeywords(rest[0])) return rest[0];
      throw new TemplateCallError(
        `required var '${name}' not found (vars supplied: ${JSON.stringify(Object.keys(st.vars))})`,
        `Add '${name}' under vars: in dbt_project.yml, pass --vars '{${name}: ...}', or give var() a default.`,
      );
    });

    env.addGlobal('env_var', (name: string, ...rest: unknown[]) => {
      if (Object.hasOwn(self.envVars, name)) return self.envVars[name];
      if (rest.length > 0 && !isKeywords(rest[0])) return rest[0];
      throw new TemplateCallError(`environment variable '${name}' is required but not set`, `Set ${name}, or give env_var() a default.`);
    });

    env.addGlobal('is_incremental', () => {
      const st = state();
      return st.mode === 'compile' && st.isIncremental;
    });

    // dbt prints log() only with info=True; without it the message goes to a log file this engine does not write.
    env.addGlobal('log', (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      if (kwargs.info ?? positional[1]) state().logs.push(pythonStr(positional[0]));
      return '';
    });

    env.addGlobal('dbt_version', DBT_VERSION);

    env.addGlobal('exceptions', {
      raise_compiler_error: (message: unknown) => {
        throw new TemplateCallError(String(message));
      },
      warn: (message: unknown) => {
        state().logs.push(`warning: ${String(message)}`);
        return '';
      },
    });

    env.addGlobal('return', (value: unknown) => {
      throw new MacroReturn(value);
    });

    env.addGlobal('run_query', (sql: unknown) => {
      const st = state();
      if (st.mode === 'parse' || !st.db) return null;
      const result = st.db.query(String(sql));
      return agateLike(result.columns, result.rows as unknown[][]);
    });

    const getRelation = (...args: unknown[]) => {
      const st = state();
      const { positional, kwargs } = splitArgs(args);
      const identifier = String(kwargs.identifier ?? positional[2] ?? '');
      if (st.mode === 'parse' || !st.db || !identifier) return null;
      const row = st.db.query(`select type from sqlite_master where name = ? and type in ('table', 'view')`, [identifier]).rows[0];
      return row ? new Relation(identifier, 'main', null, row[0] as 'table' | 'view') : null;
    };
    const adapter = {
      type: () => 'sqlite',
      quote: (name: string) => quoteIdent(String(name)),
      dispatch: (...args: unknown[]) => {
        const { positional, kwargs } = splitArgs(args);
        const name = String(positional[0] ?? kwargs.macro_name ?? '');
        // As dbt: the adapter's implementation, else the default one. The plain name is the
        // dispatching macro itself, so it is no candidate (it would call itself forever).
        for (const candidate of [`sqlite__${name}`, `default__${name}`]) {
          const macro = self.lookupMacro(candidate);
          if (macro) return macro.fn;
        }
        throw new TemplateCallError(`adapter.dispatch('${name}'): no macro named sqlite__${name} or default__${name}`, `Define one of them, e.g. {% macro default__${name}(...) %}.`);
      },
      get_relation: getRelation,
      get_columns_in_relation: (relation: unknown) => {
        const st = state();
        if (st.mode === 'parse' || !st.db || !(relation instanceof Relation)) return [];
        return st.db
          .query(`select name, type from pragma_table_info(?)`, [relation.identifier])
          .rows.map(([name, type]) => ({ name, column: name, data_type: type, dtype: type, quoted: quoteIdent(String(name)) }));
      },
    };
    env.addGlobal('adapter', adapter);
    env.addGlobal('load_relation', (relation: unknown) => (relation instanceof Relation ? getRelation({ __keywords: true, identifier: relation.identifier }) : null));

    env.addGlobal('doc', (...args: unknown[]) => {
      const st = state();
      const { positional } = splitArgs(args);
      const name = String(positional[positional.length - 1] ?? '');
      if (!st.allowDoc) throw new TemplateCallError('doc() can only be used in descriptions');
      const doc = Object.values(self.project.docs).find((d) => d.name === name);
      if (!doc) {
        const suggestion = closestName(name, Object.values(self.project.docs).map((d) => d.name));
        throw new TemplateCallError(
          `doc('${name}') does not match any {% docs %} block`,
          suggestion ? `Did you mean '${suggestion}'?` : 'Define it with {% docs name %}...{% enddocs %} in a .md file.',
        );
      }
      st.docBlocks.add(doc.unique_id);
      return doc.block_contents;
    });

    env.addGlobal('get_where_subquery', (relation: unknown) => self.getWhereSubquery(relation));
    env.addGlobal('should_store_failures', () => Boolean(state().node?.config.store_failures));
    // dbt's tojson(value, default=None, sort_keys=False): Python's json.dumps.
    env.addGlobal('tojson', (v: unknown, ...rest: unknown[]) => {
      const { positional, kwargs } = splitArgs(rest);
      return pythonJson(v, { sortKeys: Boolean(kwargs.sort_keys ?? positional[1] ?? false) });
    });
    env.addGlobal('fromjson', (s: string, fallback: unknown = null) => {
      try {
        return JSON.parse(s);
      } catch {
        return fallback;
      }
    });
    env.addGlobal('toyaml', (v: unknown) => stringifyYaml(v));
    env.addGlobal('fromyaml', (s: string) => parseYaml(s));
    env.addGlobal('local_md5', (s: unknown) => md5Hex(String(s)));
    env.addGlobal('dict', (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      return Object.assign({}, ...(positional.filter((p) => p && typeof p === 'object') as object[]), kwargs);
    });
    env.addGlobal('list', (v: Iterable<unknown> | undefined) => (v ? Array.from(v) : []));
    env.addGlobal('set', (v: Iterable<unknown> | undefined) => (v ? [...new Set(v)] : []));
    env.addGlobal('zip', (...lists: unknown[][]) => {
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
    });
    // dbt's `modules` (Python's datetime, re, pytz, itertools): not here; reading one says so.
    env.addGlobal(
      'modules',
      new Proxy(
        {},
        {
          get: (_target, member) => {
            if (typeof member !== 'string' || member === 'then' || member === 'toString' || member === '__keywords') return undefined;
            throw new TemplateCallError(
              `modules.${member} is not available in this engine (no Python modules run here)`,
              member === 'datetime'
                ? "For dates use SQLite's date functions in the SQL (date('now'), strftime(...)), or run_started_at (ISO text)."
                : 'Write it in SQL, or as a macro of the project.',
            );
          },
        },
      ),
    );
    env.addGlobal('target', { name: 'dev', type: 'sqlite', schema: 'main', database: 'main', threads: 1, profile_name: this.projectName });
    env.addGlobal('project_name', this.projectName);

    // Values that depend on the node being rendered.
    const dynamic: Record<string, () => unknown> = {
      this: () => {
        const node = self.state?.node;
        if (!node) return undefined;
        if (node.resource_type === 'test') return new Relation(`dbt_test__audit_${node.alias}`);
        return self.relationFor(node);
      },
      model: () => self.state?.node ?? undefined,
      invocation_id: () => self.invocationId,
      run_started_at: () => self.runStartedAt,
      execute: () => self.state?.mode === 'compile',
      flags: () => ({ FULL_REFRESH: self.state?.fullRefresh ?? false, WHICH: self.state?.command ?? 'parse' }),
      graph: () => ({ nodes: self.project?.nodes ?? {}, sources: self.project?.sources ?? {}, exposures: self.project?.exposures ?? {} }),
    };
    const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
    for (const [name, get] of Object.entries(dynamic)) {
      Object.defineProperty(globals, name, { get, enumerable: true, configurable: true });
    }
  }

  resolveRef(ref: RefArgs): ExecNode | undefined {
    if (ref.package && ref.package !== this.projectName) return undefined;
    return this.project.refIndex.get(ref.name);
  }

  /** The closest model/seed/snapshot name, for "did you mean". */
  suggestRef(name: string): string | undefined {
    return closestName(name, [...this.project.refIndex.keys()]);
  }
}

/**
 * A query result shaped enough like dbt's agate table for common macros:
 * `result.columns[0].values()`, `result.rows`, `result.column_names`.
 * Columns are arrays (so a Jinja dict's `.values()` does not shadow theirs).
 */
/**
 * A query result shaped like the agate Table dbt's `run_query` returns: rows
 * and columns are sequences read by position or by column name
 * (`row['amount']`, `row.amount`, `table.columns['amount'].values()`), with
 * agate's `keys()`, `values()`, `items()` and `get()`. A column whose name
 * is a sequence's own (`length`, `values`) is read with `get()` or by
 * position; by name it stays the sequence's.
 */
function agateLike(columns: string[], rows: unknown[][]) {
  const mapped = <T>(items: T[], keys: string[]): T[] => {
    const sequence = Object.assign([...items], {
      keys: () => [...keys],
      values: () => [...items],
      items: () => keys.map((k, i) => [k, items[i]]),
      get: (key: string, fallback: unknown = null) => {
        const i = keys.indexOf(key);
        return i < 0 ? fallback : items[i];
      },
    });
    keys.forEach((key, i) => {
      if (!(key in sequence) && !/^\d+$/.test(key)) Object.defineProperty(sequence, key, { value: items[i], enumerable: false });
    });
    return sequence;
  };
  const columnList = columns.map((name, i) => {
    const values = rows.map((r) => r[i]);
    return Object.assign([...values], { name, values: () => values });
  });
  return {
    column_names: columns,
    rows: mapped(
      rows.map((r) => mapped(r, columns)),
      rows.map((_, i) => String(i)),
    ),
    columns: mapped(columnList, columns),
    length: rows.length,
  };
}

function findEngineError(e: unknown): EngineError | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 10 && cur; i++) {
    if (cur instanceof EngineError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostError(e: unknown): Error {
  let cur: unknown = e;
  let last: Error = e instanceof Error ? e : new Error(String(e));
  for (let i = 0; i < 10 && cur; i++) {
    if (cur instanceof Error) last = cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return last;
}


/** Puts ephemeral models in front of a query as CTEs, merging with its own `with` when it has one. */
export function injectCtes(sql: string, ctes: { id: string; sql: string }[], project: Project): string {
  if (ctes.length === 0) return sql;
  const defs = ctes.map((c) => `__dbt__cte__${project.nodes[c.id]!.name} as (\n${c.sql}\n)`).join(',\n');
  const m = /^((?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*)with\b(\s+recursive\b)?/i.exec(sql);
  if (m) return `${m[0]} ${defs},${sql.slice(m[0].length)}`;
  return `with ${defs}\n${sql}`;
}

/**
 * Jinja that nunjucks' compiler fails on without a line (it throws a
 * JavaScript error instead): found in the source, so the error can name it.
 */
function unsupportedJinja(source: string): { what: string; line: number; hint: string } | null {
  const m = /\{%-?\s*set\s+\w+\.\w+\s*=/.exec(source);
  if (!m) return null;
  return {
    what: `assigning to an attribute (\`${m[0].replace(/^\{%-?\s*/, '').replace(/\s*=$/, '')} = ...\`, as with namespace())`,
    line: lineAt(source, m.index),
    hint: 'Keep the value in a list or dict instead (`{% set acc = [] %}` ... `{% do acc.append(x) %}`).',
  };
}

const BLOCK_TAGS = new Set(['if', 'for', 'macro', 'call', 'filter', 'raw', 'block', 'test', 'snapshot', 'materialization', 'docs']);

/** The innermost block tag still open at the end of a template, with its 1-based line. */
function unclosedBlock(source: string): { tag: string; line: number } | null {
  const stack: { tag: string; line: number }[] = [];
  const tags = /\{%-?\s*(\w+)([^%]*)%\}/g;
  for (let m = tags.exec(source); m; m = tags.exec(source)) {
    const [, word = '', rest = ''] = m;
    // `{% set x %}...{% endset %}` is a block; `{% set x = 1 %}` is not.
    if (BLOCK_TAGS.has(word) || (word === 'set' && !rest.includes('='))) stack.push({ tag: word, line: lineAt(source, m.index) });
    else if (word.startsWith('end') && stack.length && stack[stack.length - 1]!.tag === word.slice(3)) stack.pop();
  }
  return stack.pop() ?? null;
}
