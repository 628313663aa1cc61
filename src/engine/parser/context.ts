/** Shared state while one project is being parsed. */
import type { Compiler } from '../compiler';
import { EngineError, ParseError } from '../errors';
import { md5Hex } from '../util/md5';
import { defaultConfig, mergeConfig, nativeConfigValue, projectLayers, renderConfigJinja } from './config';
import type { ColumnInfo, Config, ExecNode, ExecResourceType, NodeEngineInfo, Project } from './types';
import { isRecord } from './yaml';

/** The project-file key holding configs for each resource type. */
const PROJECT_CONFIG_KEY: Record<ExecResourceType, string[]> = {
  model: ['models'],
  seed: ['seeds'],
  snapshot: ['snapshots'],
  test: ['data_tests', 'tests'],
  analysis: ['analyses'],
};

/**
 * A YAML config tree (a `config:` block, or dbt_project.yml) with its Jinja
 * rendered while parsing, as dbt renders them, with what the compiler has
 * then (for dbt_project.yml, no macros yet); hooks are left for run time.
 * A value that fails names the file, its line and the key.
 */
export function renderYamlConfig<T>(
  compiler: Compiler,
  value: T,
  file: { path: string; lineOf(keys: (string | number)[]): number | undefined },
  base: (string | number)[] = [],
  hintFor: (message: string) => string | undefined = () => undefined,
): T {
  return renderConfigJinja(value, (text, path) => {
    try {
      return nativeConfigValue(compiler.renderText(text, file.path, false).text);
    } catch (e) {
      const keys = [...base, ...path];
      const reason = e instanceof EngineError ? e.bareMessage : String(e);
      throw new ParseError(
        `the config '${keys.join('.')}' could not be rendered: ${reason}`,
        { file: file.path, line: file.lineOf(keys) },
        hintFor(reason) ?? (e instanceof EngineError && e.hint ? e.hint : 'Fix the Jinja in that value.'),
      );
    }
  }) as T;
}

/** Generic tests have no file of their own to checksum. */
const EMPTY_MD5 = md5Hex('');

export class ParseContext {
  private order = 0;
  readonly createdAt = Date.now() / 1000;

  constructor(
    readonly project: Project,
    readonly compiler: Compiler,
  ) {}

  get name(): string {
    return this.project.name;
  }

  nextOrder(): number {
    return this.order++;
  }

  /** Config from defaults and dbt_project.yml for a node with this fqn. */
  baseConfig(type: ExecResourceType, fqn: string[]): Config {
    let config = defaultConfig(type);
    for (const key of PROJECT_CONFIG_KEY[type]) {
      for (const layer of projectLayers(this.project.projectYaml[key], fqn)) config = mergeConfig(config, layer);
    }
    return config;
  }

  /** The fqn of a file under one of the resource paths: [project, ...folders, name]. */
  fqnFor(file: string, roots: string[], name: string): { fqn: string[]; path: string } {
    const root = roots.find((r) => file === r || file.startsWith(`${r}/`));
    const rel = root ? file.slice(root.length + 1) : file;
    const dirs = rel.split('/').slice(0, -1);
    return { fqn: [this.name, ...dirs, name], path: rel };
  }

  newExecNode(init: {
    type: ExecResourceType;
    name: string;
    file: string;
    path: string;
    fqn: string[];
    template: string;
    rawCode: string;
    checksumOf: string;
    /** A line, or how to find it: looked up on first use (only errors use it, and a lookup parses the YAML file again). */
    line?: number | (() => number | undefined);
  }): ExecNode {
    const config = this.baseConfig(init.type, init.fqn);
    return {
      unique_id: `${init.type}.${this.name}.${init.name}`,
      resource_type: init.type,
      name: init.name,
      package_name: this.name,
      path: init.path,
      original_file_path: init.file,
      fqn: init.fqn,
      alias: init.name,
      schema: 'main',
      database: null,
      checksum: { name: 'md5', checksum: init.checksumOf === '' ? EMPTY_MD5 : md5Hex(init.checksumOf) },
      config,
      tags: [],
      meta: {},
      description: '',
      columns: {},
      docs: { show: true, node_color: null },
      patch_path: null,
      raw_code: init.rawCode,
      language: 'sql',
      refs: [],
      sources: [],
      depends_on: { nodes: [], macros: [] },
      unrendered_config: {},
      config_call_dict: {},
      relation_name: null,
      contract: { enforced: false, alias_types: true, checksum: null },
      constraints: [],
      doc_blocks: [],
      created_at: this.createdAt,
      engine: withLine<NodeEngineInfo>(
        {
          templatePath: init.file,
          template: init.template,
          refSites: [],
          sourceSites: [],
          order: this.nextOrder(),
        },
        init.line,
      ),
    };
  }

  addNode(node: ExecNode): void {
    const existing = this.project.nodes[node.unique_id];
    if (existing) {
      throw new ParseError(
        `two ${node.resource_type}s are named '${node.name}': ${existing.original_file_path} and ${node.original_file_path}`,
        { file: node.original_file_path, line: node.engine.line },
        'Rename one of them; names must be unique within a project.',
      );
    }
    this.project.nodes[node.unique_id] = node;
  }

  warn(message: string): void {
    this.project.warnings.push(message);
  }
}

/** Sets `line` on `target`, as a value or as a getter that finds it once, on first use. */
export function withLine<T extends { line?: number }>(target: T, line: number | (() => number | undefined) | undefined): T {
  if (typeof line !== 'function') {
    target.line = line;
    return target;
  }
  let found: { line: number | undefined } | null = null;
  Object.defineProperty(target, 'line', {
    get: () => (found ??= { line: line() }).line,
    enumerable: true,
    configurable: true,
  });
  return target;
}

export function columnInfo(raw: Record<string, unknown>): ColumnInfo {
  const config = isRecord(raw.config) ? raw.config : {};
  return {
    name: String(raw.name),
    description: typeof raw.description === 'string' ? raw.description : '',
    meta: { ...(isRecord(raw.meta) ? raw.meta : {}), ...(isRecord(config.meta) ? config.meta : {}) },
    data_type: raw.data_type === undefined || raw.data_type === null ? null : String(raw.data_type),
    constraints: Array.isArray(raw.constraints) ? (raw.constraints as ColumnInfo['constraints']) : [],
    quote: typeof raw.quote === 'boolean' ? raw.quote : null,
    tags: [...new Set([...toList(raw.tags), ...toList(config.tags)])],
    doc_blocks: [],
  };
}

export function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
