/**
 * Config resolution, lowest to highest precedence: defaults, dbt_project.yml
 * (`+key` at each folder level, most specific last), property YAML `config:`,
 * then `{{ config(...) }}` in the SQL file. `tags` accumulate, `meta` and
 * other dict configs merge, hooks append, everything else overrides.
 */
import type { Config, ExecResourceType, ProjectPaths } from './types';
import { isRecord } from './yaml';

const DICT_CONFIGS = new Set([
  'meta',
  'docs',
  'persist_docs',
  'contract',
  'grants',
  'column_types',
  'snapshot_meta_column_names',
  'quoting',
  'freshness',
]);

/** Config keys recognised without a `+` prefix in dbt_project.yml (dbt's legacy form). */
const KNOWN_CONFIGS = new Set([
  ...DICT_CONFIGS,
  'enabled',
  'materialized',
  'tags',
  'schema',
  'database',
  'alias',
  'full_refresh',
  'unique_key',
  'incremental_strategy',
  'on_schema_change',
  'pre-hook',
  'post-hook',
  'quote_columns',
  'delimiter',
  'severity',
  'store_failures',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'strategy',
  'updated_at',
  'check_cols',
  'target_schema',
  'target_database',
  'hard_deletes',
  'invalidate_hard_deletes',
  'dbt_valid_to_current',
  'access',
  'group',
  'sql_header',
  'merge_update_columns',
  'merge_exclude_columns',
  'incremental_predicates',
  'event_time',
  'docs',
  'loaded_at_field',
]);

export const TEST_CONFIG_KEYS = new Set([
  'severity',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'store_failures',
  'store_failures_as',
  'tags',
  'enabled',
  'meta',
  'alias',
  'schema',
  'database',
  'group',
]);

export function defaultConfig(type: ExecResourceType): Config {
  // Object.assign rather than `{...base, ...}`: V8 builds a spread followed by
  // many properties on a slow path (~10 us a call, ~7 ms for 700 nodes).
  const base: Config = {
    enabled: true,
    alias: null,
    schema: null,
    database: null,
    tags: [],
    meta: {},
    group: null,
  };
  switch (type) {
    case 'model':
      return Object.assign(base, {
        materialized: 'view',
        incremental_strategy: null,
        persist_docs: {},
        'post-hook': [],
        'pre-hook': [],
        quoting: {},
        column_types: {},
        full_refresh: null,
        unique_key: null,
        on_schema_change: 'ignore',
        on_configuration_change: 'apply',
        grants: {},
        packages: [],
        docs: { show: true, node_color: null },
        contract: { enforced: false, alias_types: true },
        access: 'protected',
      });
    case 'seed':
      return Object.assign(base, {
        materialized: 'seed',
        persist_docs: {},
        'post-hook': [],
        'pre-hook': [],
        quoting: {},
        column_types: {},
        full_refresh: null,
        unique_key: null,
        on_schema_change: 'ignore',
        grants: {},
        packages: [],
        docs: { show: true, node_color: null },
        contract: { enforced: false, alias_types: true },
        delimiter: ',',
        quote_columns: null,
      });
    case 'snapshot':
      return Object.assign(base, {
        materialized: 'snapshot',
        persist_docs: {},
        'post-hook': [],
        'pre-hook': [],
        quoting: {},
        column_types: {},
        full_refresh: null,
        unique_key: null,
        on_schema_change: 'ignore',
        grants: {},
        packages: [],
        docs: { show: true, node_color: null },
        contract: { enforced: false, alias_types: true },
        strategy: null,
        target_schema: null,
        target_database: null,
        updated_at: null,
        check_cols: null,
        hard_deletes: 'ignore',
        dbt_valid_to_current: null,
        snapshot_meta_column_names: {},
      });
    case 'test':
      return Object.assign(base, {
        schema: 'dbt_test__audit',
        materialized: 'test',
        severity: 'ERROR',
        store_failures: null,
        where: null,
        limit: null,
        fail_calc: 'count(*)',
        warn_if: '!= 0',
        error_if: '!= 0',
      });
    case 'analysis':
      return Object.assign(base, { materialized: 'view', docs: { show: true, node_color: null } });
  }
}

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

function hooks(v: unknown): { sql: string; transaction: boolean; index: number | null }[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((h) =>
    isRecord(h) ? { sql: String(h.sql ?? ''), transaction: h.transaction !== false, index: null } : { sql: String(h), transaction: true, index: null },
  );
}

/** Applies one layer of config on top of another (see the module comment for the rules). */
export function mergeConfig(base: Config, layer: Record<string, unknown>): Config {
  const out: Config = { ...base };
  for (const [rawKey, value] of Object.entries(layer)) {
    const key = rawKey.startsWith('+') ? rawKey.slice(1) : rawKey;
    if (key === 'tags') {
      out.tags = [...new Set([...(out.tags ?? []), ...asList(value)])];
    } else if (key === 'pre-hook' || key === 'post-hook' || key === 'pre_hook' || key === 'post_hook') {
      const k = key.replace('_', '-');
      out[k] = [...((out[k] as unknown[]) ?? []), ...hooks(value)];
    } else if (DICT_CONFIGS.has(key) && isRecord(value) && isRecord(out[key])) {
      out[key] = { ...(out[key] as Record<string, unknown>), ...value };
    } else if (key === 'invalidate_hard_deletes') {
      if (value === true) out.hard_deletes = 'invalidate';
      out[key] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Only the config entries of one dbt_project.yml level (`+key`, or a known key that is not a folder). */
export function configEntries(level: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) out[key.slice(1)] = value;
    else if (KNOWN_CONFIGS.has(key) && (!isRecord(value) || DICT_CONFIGS.has(key))) out[key] = value;
  }
  return out;
}

/**
 * The dbt_project.yml config layers that apply to a node with this fqn,
 * general first: `models: {+x}`, `models: {project: {+x}}`, then one per folder.
 */
export function projectLayers(tree: unknown, fqn: string[]): Record<string, unknown>[] {
  if (!isRecord(tree)) return [];
  const layers: Record<string, unknown>[] = [configEntries(tree)];
  let level: unknown = tree[fqn[0]!];
  for (let i = 1; isRecord(level); i++) {
    layers.push(configEntries(level));
    if (i >= fqn.length) break;
    level = level[fqn[i]!];
  }
  return layers;
}

export function readPaths(yaml: Record<string, unknown>): ProjectPaths {
  const list = (key: string, fallback: string[]): string[] => {
    const v = yaml[key];
    if (v === undefined || v === null) return fallback;
    return asList(v).map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''));
  };
  const models = list('model-paths', list('source-paths', ['models']));
  const seeds = list('seed-paths', list('data-paths', ['seeds']));
  const tests = list('test-paths', ['tests']);
  const macros = list('macro-paths', ['macros']);
  const snapshots = list('snapshot-paths', ['snapshots']);
  const analyses = list('analysis-paths', ['analyses']);
  const docs = list('docs-paths', [...models, ...seeds, ...tests, ...macros, ...snapshots, ...analyses]);
  return { models, seeds, tests, macros, snapshots, analyses, docs };
}

/** Project vars: global ones plus those scoped to this project (`vars: {my_project: {...}}`). */
export function projectVars(yaml: Record<string, unknown>, projectName: string): Record<string, unknown> {
  const raw = yaml.vars;
  if (!isRecord(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === projectName && isRecord(v)) continue;
    out[k] = v;
  }
  if (isRecord(raw[projectName])) Object.assign(out, raw[projectName]);
  return out;
}

/** Config keys whose Jinja renders when their node runs, not while parsing (as in dbt). */
const RENDERED_AT_RUN = /^\+?(pre|post)[-_]hook$/;

/**
 * A config tree with the Jinja of its strings rendered, as dbt renders
 * `dbt_project.yml` and property YAML `config:` blocks while parsing
 * (hooks excepted: they render when their node runs). `render` gets the
 * text and the key path (for its error message); what it returns replaces
 * the string. Strings without Jinja are kept as they are.
 */
export function renderConfigJinja(value: unknown, render: (text: string, path: string[]) => unknown, path: string[] = []): unknown {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') ? render(value, path) : value;
  if (Array.isArray(value)) return value.map((v, i) => renderConfigJinja(v, render, [...path, String(i)]));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, RENDERED_AT_RUN.test(k) ? v : renderConfigJinja(v, render, [...path, k])]));
  }
  return value;
}

/**
 * Rendered text read as the value it spells, as dbt's native rendering of
 * YAML configs does: `True`/`False` (what `{{ x == y }}` and `| as_bool`
 * render), `None`, and numbers; any other text stays text.
 */
export function nativeConfigValue(text: string): unknown {
  const t = text.trim();
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return text;
}

/**
 * Why an `enabled` config is refused, or null when it is true or false. dbt
 * refuses anything else (`'false' is not of type 'boolean'`); the text
 * "false" would otherwise count as enabled.
 */
export function enabledProblem(value: unknown): string | null {
  if (value === true || value === false || value === undefined) return null;
  return `enabled is ${JSON.stringify(value)}, which is not true or false`;
}

export const ENABLED_HINT =
  "Write true or false without quotes; a Jinja value renders as text, so convert it: \"{{ env_var('X', 'true') | as_bool }}\".";

/** The incremental strategies this engine runs on SQLite. */
export const INCREMENTAL_STRATEGIES = ['append', 'delete+insert', 'merge'] as const;

/**
 * Where a test keeps its failing rows, as dbt reads its config:
 * `store_failures_as` (table, view, or ephemeral for nowhere) wins over
 * `store_failures`, which means a table.
 */
export function failureStore(config: Record<string, unknown>): 'table' | 'view' | null {
  const as = config.store_failures_as ?? (config.store_failures === true ? 'table' : null);
  return as === 'table' || as === 'view' ? as : null;
}
