/**
 * The artifact shapes the engine writes, typed for their readers (the CLI and
 * the site). They are dbt's: manifest v12, run_results v6, catalog v1.
 * Only the fields the engine fills are listed.
 */

export const DBT_VERSION = '1.10.0';
export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';
export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
export const CATALOG_SCHEMA = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

export interface ArtifactMetadata {
  dbt_schema_version: string;
  dbt_version: string;
  generated_at: string;
  invocation_id: string | null;
  invocation_started_at?: string | null;
  env: Record<string, string>;
}

export interface ManifestColumn {
  name: string;
  description: string;
  meta: Record<string, unknown>;
  data_type: string | null;
  constraints: unknown[];
  quote: boolean | null;
  tags: string[];
  doc_blocks: string[];
}

export interface ManifestNode {
  unique_id: string;
  resource_type: 'model' | 'seed' | 'snapshot' | 'test' | 'analysis';
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  alias: string;
  schema: string;
  database: string | null;
  config: Record<string, unknown>;
  tags: string[];
  meta: Record<string, unknown>;
  description: string;
  columns: Record<string, ManifestColumn>;
  raw_code: string;
  relation_name: string | null;
  patch_path: string | null;
  depends_on: { nodes?: string[]; macros: string[] };
  refs?: { name: string; package: string | null; version: string | number | null }[];
  sources?: [string, string][];
  compiled?: boolean;
  compiled_code?: string | null;
  contract?: { enforced: boolean; alias_types: boolean; checksum: string | null };
  /** Generic tests only. */
  test_metadata?: { name: string; kwargs: Record<string, unknown>; namespace: string | null };
  column_name?: string | null;
  attached_node?: string | null;
}

export interface ManifestSource {
  unique_id: string;
  resource_type: 'source';
  name: string;
  source_name: string;
  identifier: string;
  schema: string;
  description: string;
  source_description: string;
  columns: Record<string, ManifestColumn>;
  relation_name: string | null;
  loaded_at_field: string | null;
  freshness: Record<string, unknown> | null;
  original_file_path: string;
  tags: string[];
  meta: Record<string, unknown>;
}

export interface Manifest {
  metadata: ArtifactMetadata & { project_name: string | null; adapter_type: string | null };
  nodes: Record<string, ManifestNode>;
  sources: Record<string, ManifestSource>;
  macros: Record<string, Record<string, unknown>>;
  docs: Record<string, Record<string, unknown>>;
  exposures: Record<string, Record<string, unknown>>;
  metrics: Record<string, unknown>;
  groups: Record<string, unknown>;
  selectors: Record<string, unknown>;
  disabled: Record<string, ManifestNode[]>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  group_map: Record<string, string[]>;
  saved_queries: Record<string, unknown>;
  semantic_models: Record<string, unknown>;
  unit_tests: Record<string, unknown>;
}

/** A sample of a failing test's rows, carried in `adapter_response.sample`. */
export interface FailureSample {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface RunResult {
  status: 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail';
  timing: { name: string; started_at: string | null; completed_at: string | null }[];
  thread_id: string;
  /** Seconds. */
  execution_time: number;
  adapter_response: {
    _message?: string;
    code?: string;
    rows_affected?: number;
    /** Failing tests: up to 20 failing rows (the count is in `failures`). */
    sample?: FailureSample;
  };
  message: string | null;
  failures: number | null;
  unique_id: string;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  batch_results: null;
}

export interface RunResults {
  metadata: ArtifactMetadata;
  results: RunResult[];
  /** Seconds. */
  elapsed_time: number;
  args: Record<string, unknown>;
}

export interface CatalogColumn {
  type: string;
  index: number;
  name: string;
  comment: string | null;
}

export interface CatalogTable {
  metadata: { type: string; schema: string; name: string; database: string | null; comment: string | null; owner: string | null };
  columns: Record<string, CatalogColumn>;
  stats: Record<string, { id: string; label: string; value: string | number | boolean | null; include: boolean; description: string | null }>;
  unique_id: string | null;
}

export interface Catalog {
  metadata: ArtifactMetadata;
  nodes: Record<string, CatalogTable>;
  sources: Record<string, CatalogTable>;
  errors: string[] | null;
}
