/**
 * The parts of dbt's artifacts that the site reads. The full shapes are dbt's
 * JSON Schemas (manifest v12, run_results v6, catalog v1); these types list
 * only the fields the page uses, all optional where dbt allows them to be.
 * Types only: nothing here exists at runtime.
 */

export type SqlValue = string | number | bigint | Uint8Array | null;

export interface ColumnInfo {
  name: string;
  description?: string;
  data_type?: string | null;
  meta?: Record<string, unknown>;
  tags?: string[];
}

export interface NodeConfig {
  materialized?: string;
  tags?: string | string[];
  meta?: Record<string, unknown>;
  severity?: string;
  enabled?: boolean;
  contract?: { enforced?: boolean };
  unique_key?: string | string[] | null;
  [key: string]: unknown;
}

export type NodeResourceType =
  | 'model'
  | 'seed'
  | 'snapshot'
  | 'test'
  | 'analysis'
  | 'operation'
  | 'sql_operation'
  | 'function';

export interface ManifestNode {
  unique_id: string;
  name: string;
  resource_type: NodeResourceType;
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  schema: string;
  database?: string | null;
  alias?: string;
  description?: string;
  columns?: Record<string, ColumnInfo>;
  meta?: Record<string, unknown>;
  tags?: string[];
  config?: NodeConfig;
  raw_code?: string;
  compiled_code?: string | null;
  language?: string;
  relation_name?: string | null;
  depends_on?: { nodes?: string[]; macros?: string[] };
  patch_path?: string | null;
  contract?: { enforced?: boolean };
  /** Generic tests only. */
  test_metadata?: { name?: string; kwargs?: Record<string, unknown>; namespace?: string | null };
  column_name?: string | null;
  attached_node?: string | null;
}

export interface SourceDefinition {
  unique_id: string;
  name: string;
  resource_type: 'source';
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  schema: string;
  database?: string | null;
  source_name: string;
  source_description: string;
  loader: string;
  identifier: string;
  description?: string;
  columns?: Record<string, ColumnInfo>;
  meta?: Record<string, unknown>;
  tags?: string[];
  relation_name?: string | null;
  loaded_at_field?: string | null;
  freshness?: unknown;
}

export interface Exposure {
  unique_id: string;
  name: string;
  resource_type: 'exposure';
  type: string;
  description?: string;
  label?: string | null;
  url?: string | null;
  owner: { name?: string | null; email?: string | null };
  depends_on?: { nodes?: string[] };
  path: string;
  original_file_path: string;
  package_name: string;
  fqn: string[];
  tags?: string[];
}

export interface DocBlock {
  unique_id: string;
  name: string;
  block_contents: string;
  original_file_path: string;
}

export interface Manifest {
  metadata: {
    dbt_schema_version?: string;
    dbt_version?: string;
    generated_at?: string;
    project_name?: string | null;
    adapter_type?: string | null;
  };
  nodes: Record<string, ManifestNode>;
  sources: Record<string, SourceDefinition>;
  exposures: Record<string, Exposure>;
  docs: Record<string, DocBlock>;
  parent_map: Record<string, string[]> | null;
  child_map: Record<string, string[]> | null;
}

export type RunStatus =
  | 'success'
  | 'error'
  | 'skipped'
  | 'pass'
  | 'fail'
  | 'warn'
  | 'runtime error'
  | 'partial success'
  | 'no-op'
  | 'reused';

/** Failing rows of a data test, as the engine records them in `adapter_response.sample`. */
export interface RowSample {
  columns: string[];
  rows: SqlValue[][];
}

export interface RunResult {
  unique_id: string;
  status: RunStatus;
  execution_time: number;
  message: string | null;
  failures: number | null;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  adapter_response: { sample?: RowSample; rows_affected?: number; [key: string]: unknown };
  timing: { name: string; started_at?: string | null; completed_at?: string | null }[];
  thread_id: string;
}

export interface RunResults {
  metadata: { dbt_schema_version: string; generated_at?: string; invocation_id?: string | null };
  results: RunResult[];
  elapsed_time: number;
  args?: Record<string, unknown>;
}

export interface CatalogTable {
  metadata: { type: string; schema: string; name: string; database?: string | null; comment?: string | null };
  columns: Record<string, { type: string; index: number; name: string; comment?: string | null }>;
  stats: Record<string, { id: string; label: string; value: boolean | string | number | null; include: boolean }>;
  unique_id?: string | null;
}

export interface Catalog {
  metadata: { dbt_schema_version?: string; generated_at?: string };
  nodes: Record<string, CatalogTable>;
  sources: Record<string, CatalogTable>;
  errors?: string[] | null;
}

/** What one build leaves behind, as the CLI writes it to `target/`. */
export interface Artifacts {
  manifest: Manifest;
  runResults: RunResults;
  catalog: Catalog;
}
