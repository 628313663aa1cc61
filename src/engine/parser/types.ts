/**
 * The parsed project. Nodes carry dbt's manifest field names (snake_case), so
 * that the manifest writer mostly copies them; what only the engine needs
 * lives under `engine` and never reaches an artifact.
 */
import type { Compiler } from '../compiler';
import type { Graph } from '../graph';

/** Project files, paths relative to the project root with '/' separators. */
export interface ProjectFiles {
  list(): string[];
  read(path: string): string;
}

export type ExecResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'analysis';
export type ResourceType = ExecResourceType | 'source' | 'exposure';

export interface Constraint {
  type: 'check' | 'not_null' | 'unique' | 'primary_key' | 'foreign_key' | 'custom';
  name?: string | null;
  expression?: string | null;
  to?: string | null;
  to_columns?: string[];
  columns?: string[];
  warn_unenforced?: boolean;
  warn_unsupported?: boolean;
}

export interface ColumnInfo {
  name: string;
  description: string;
  meta: Record<string, unknown>;
  data_type: string | null;
  constraints: Constraint[];
  quote: boolean | null;
  tags: string[];
  doc_blocks: string[];
}

export interface RefArgs {
  name: string;
  package: string | null;
  version: string | number | null;
}

export type Config = Record<string, unknown> & {
  enabled?: boolean;
  materialized?: string;
  tags?: string[];
  meta?: Record<string, unknown>;
};

/** Where a ref()/source() call was made, for "unknown ref" errors. */
export interface CallSite {
  file: string;
  line?: number;
}

export interface GenericTestCall {
  /** Macro name without the `test_` prefix, e.g. `unique`. */
  name: string;
  namespace: string | null;
  /** Arguments as written in YAML; Jinja-looking strings are rendered at compile time. */
  kwargs: Record<string, unknown>;
}

export interface NodeEngineInfo {
  /** The file whose text is rendered (for errors); for generic tests, the YAML file. */
  templatePath: string;
  /** The Jinja source to render; for generic tests, empty (the test macro is called directly). */
  template: string;
  /** Parse-time ref calls with where they were made. */
  refSites: { ref: RefArgs; site: CallSite }[];
  sourceSites: { source: [string, string]; site: CallSite }[];
  /** Generic tests: which macro to call with which arguments. */
  testCall?: GenericTestCall;
  /** Seeds: the CSV text. */
  csv?: string;
  /** Order of discovery, for stable execution order. */
  order: number;
  /** 1-based line where the node is defined (YAML entry, snapshot block), for errors. */
  line?: number;
}

export interface ExecNode {
  unique_id: string;
  resource_type: ExecResourceType;
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  alias: string;
  schema: string;
  database: string | null;
  checksum: { name: string; checksum: string };
  config: Config;
  tags: string[];
  meta: Record<string, unknown>;
  description: string;
  columns: Record<string, ColumnInfo>;
  docs: { show: boolean; node_color: string | null };
  patch_path: string | null;
  raw_code: string;
  language: 'sql';
  refs: RefArgs[];
  sources: [string, string][];
  depends_on: { nodes: string[]; macros: string[] };
  unrendered_config: Record<string, unknown>;
  config_call_dict: Record<string, unknown>;
  relation_name: string | null;
  contract: { enforced: boolean; alias_types: boolean; checksum: string | null };
  constraints: Constraint[];
  doc_blocks: string[];
  created_at: number;
  /** Generic tests only. */
  test_metadata?: { name: string; kwargs: Record<string, unknown>; namespace: string | null };
  column_name?: string | null;
  attached_node?: string | null;
  file_key_name?: string | null;
  engine: NodeEngineInfo;
}

export interface SourceNode {
  unique_id: string;
  resource_type: 'source';
  name: string;
  source_name: string;
  source_description: string;
  loader: string;
  identifier: string;
  schema: string;
  database: string | null;
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  loaded_at_field: string | null;
  freshness: Record<string, unknown> | null;
  description: string;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  source_meta: Record<string, unknown>;
  tags: string[];
  config: Config;
  patch_path: string | null;
  unrendered_config: Record<string, unknown>;
  relation_name: string;
  created_at: number;
  doc_blocks: string[];
  /** The SQLite table this source reads. */
  table: string;
}

export interface ExposureNode {
  unique_id: string;
  resource_type: 'exposure';
  name: string;
  type: 'dashboard' | 'notebook' | 'analysis' | 'ml' | 'application';
  owner: { name?: string | null; email?: string | null };
  description: string;
  label: string | null;
  maturity: 'low' | 'medium' | 'high' | null;
  meta: Record<string, unknown>;
  tags: string[];
  config: Config;
  url: string | null;
  depends_on: { nodes: string[]; macros: string[] };
  refs: RefArgs[];
  sources: [string, string][];
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  created_at: number;
}

export interface MacroNode {
  unique_id: string;
  resource_type: 'macro';
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  macro_sql: string;
  depends_on: { macros: string[] };
  description: string;
  meta: Record<string, unknown>;
  docs: { show: boolean; node_color: string | null };
  patch_path: string | null;
  arguments: { name: string; type: string | null; description: string }[];
  created_at: number;
  /** 1-based line of the `{% macro %}` tag in its file. */
  line: number;
}

export interface DocNode {
  unique_id: string;
  resource_type: 'doc';
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  block_contents: string;
}

export interface ProjectPaths {
  models: string[];
  seeds: string[];
  tests: string[];
  macros: string[];
  snapshots: string[];
  analyses: string[];
  docs: string[];
}

export interface Project {
  name: string;
  version: string | null;
  /** The parsed dbt_project.yml, as written. */
  projectYaml: Record<string, unknown>;
  paths: ProjectPaths;
  /** Project vars overlaid with the vars given to parseProject. */
  vars: Record<string, unknown>;
  env: Record<string, string>;
  nodes: Record<string, ExecNode>;
  disabled: Record<string, ExecNode[]>;
  sources: Record<string, SourceNode>;
  exposures: Record<string, ExposureNode>;
  macros: Record<string, MacroNode>;
  docs: Record<string, DocNode>;
  /** Non-fatal findings (e.g. a YAML entry that matches no model). */
  warnings: string[];
  /** Models, seeds and snapshots by name, for ref(). */
  refIndex: Map<string, ExecNode>;
  compiler: Compiler;
  graph: Graph;
  /** Milliseconds spent in parseProject. */
  parseMs: number;
}

export type AnyNode = ExecNode | SourceNode | ExposureNode;
