import type {
  Artifacts,
  CatalogTable,
  ColumnInfo,
  Exposure,
  ManifestNode,
  RowSample,
  RunResult,
  SourceDefinition,
} from '../shared/artifacts';

/**
 * The build's artifacts rearranged for the pages: every resource with its
 * layer, columns (documented and built), tests and run result, and every
 * test with the resources it checks. Computed once per set of artifacts.
 */

export type ResourceType = 'source' | 'seed' | 'model' | 'snapshot' | 'exposure';

/** Lineage lanes, left to right. */
export const LAYERS = ['source', 'staging', 'snapshot', 'intermediate', 'marts', 'other', 'exposure'] as const;
export type Layer = (typeof LAYERS)[number];

export const LAYER_LABELS: Record<Layer, string> = {
  source: 'Sources & seeds',
  staging: 'Staging',
  snapshot: 'Snapshots',
  intermediate: 'Intermediate',
  marts: 'Marts',
  other: 'Other models',
  exposure: 'Exposures',
};

export type TestStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped' | 'not run';
/** A resource's own outcome combined with its tests': the worst of them. */
export type HealthStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped' | 'untested';

export interface ColumnView {
  name: string;
  /** Type in the built relation (catalog), else the documented `data_type`. */
  type: string | null;
  description: string;
  /** False when documented in YAML but absent from the built relation. */
  inRelation: boolean;
  documented: boolean;
  tests: TestView[];
}

export interface TestView {
  id: string;
  name: string;
  /** `unique`, `not_null`, `relationships`, ... or `singular`. */
  kind: string;
  /** Short human label: `unique · account_id`. */
  label: string;
  column: string | null;
  /** Resources the test checks (its attached node, else everything it depends on). */
  attachedTo: string[];
  status: TestStatus;
  failures: number | null;
  message: string | null;
  severity: string;
  rawCode: string;
  compiledCode: string | null;
  sample: RowSample | null;
  executionTime: number | null;
  path: string;
}

export interface Resource {
  id: string;
  /** What the site's URLs use: the model name, or `source_name.table` for a source. */
  key: string;
  name: string;
  type: ResourceType;
  layer: Layer;
  description: string;
  tags: string[];
  materialized: string | null;
  path: string;
  /** The relation to select from (quoted), null for exposures and ephemeral models. */
  relation: string | null;
  rawCode: string;
  compiledCode: string | null;
  grain: string | null;
  columns: ColumnView[];
  parents: string[];
  children: string[];
  tests: TestView[];
  result: RunResult | null;
  rowCount: number | null;
  health: HealthStatus;
  contractEnforced: boolean;
  meta: Record<string, unknown>;
}

export interface ProjectIndex {
  projectName: string;
  resources: Map<string, Resource>;
  tests: TestView[];
  tags: string[];
  /** A resource by unique id, URL key, or `type.name` short id. */
  find(ref: string): Resource | undefined;
}

const cache = new WeakMap<Artifacts, ProjectIndex>();

export function projectIndex(artifacts: Artifacts): ProjectIndex {
  let index = cache.get(artifacts);
  if (!index) {
    index = buildIndex(artifacts);
    cache.set(artifacts, index);
  }
  return index;
}

const STATUS_RANK: Record<HealthStatus, number> = { untested: 0, pass: 1, skipped: 2, warn: 3, fail: 4, error: 5 };

function buildIndex({ manifest, runResults, catalog }: Artifacts): ProjectIndex {
  const results = new Map(runResults.results.map((r) => [r.unique_id, r]));
  const parentMap = manifest.parent_map ?? derivedParents(manifest.nodes, manifest.exposures);
  const childMap = manifest.child_map ?? invert(parentMap);
  const resources = new Map<string, Resource>();

  const add = (resource: Resource) => resources.set(resource.id, resource);
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type === 'model' || node.resource_type === 'seed' || node.resource_type === 'snapshot') {
      add(fromNode(node, results.get(node.unique_id) ?? null, catalog.nodes[node.unique_id]));
    }
  }
  for (const source of Object.values(manifest.sources)) add(fromSource(source, catalog.sources[source.unique_id]));
  for (const exposure of Object.values(manifest.exposures ?? {})) add(fromExposure(exposure));

  for (const resource of resources.values()) {
    resource.parents = (parentMap[resource.id] ?? []).filter((id) => resources.has(id));
    resource.children = (childMap[resource.id] ?? []).filter((id) => resources.has(id));
  }

  const tests: TestView[] = [];
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'test') continue;
    const test = fromTest(node, results.get(node.unique_id) ?? null, resources);
    tests.push(test);
    for (const id of test.attachedTo) {
      const resource = resources.get(id)!;
      resource.tests.push(test);
      const column = test.column ? resource.columns.find((c) => c.name.toLowerCase() === test.column!.toLowerCase()) : undefined;
      column?.tests.push(test);
    }
  }
  tests.sort((a, b) => a.label.localeCompare(b.label));

  for (const resource of resources.values()) resource.health = healthOf(resource);

  const byKey = new Map<string, Resource>();
  for (const resource of resources.values()) {
    byKey.set(resource.key, resource);
    byKey.set(shortId(resource.id), resource);
  }
  const tags = [...new Set([...resources.values()].flatMap((r) => r.tags))].sort();

  return {
    projectName: manifest.metadata.project_name ?? Object.values(manifest.nodes)[0]?.package_name ?? 'project',
    resources,
    tests,
    tags,
    find: (ref) => resources.get(ref) ?? byKey.get(ref),
  };
}

/** `model.pkg.fct_mrr` -> `model.fct_mrr`: the form lineage links use. */
export function shortId(uniqueId: string): string {
  const parts = uniqueId.split('.');
  return parts.length > 2 ? [parts[0], ...parts.slice(2)].join('.') : uniqueId;
}

function fromNode(node: ManifestNode, result: RunResult | null, built: CatalogTable | undefined): Resource {
  const type = node.resource_type as 'model' | 'seed' | 'snapshot';
  const meta = { ...(node.config?.meta ?? {}), ...(node.meta ?? {}) };
  const materialized = type === 'model' ? (node.config?.materialized ?? 'view') : type;
  return {
    id: node.unique_id,
    key: node.name,
    name: node.name,
    type,
    layer: layerOf(node),
    description: node.description ?? '',
    tags: tagsOf(node.tags, node.config?.tags),
    materialized,
    path: node.original_file_path,
    relation: materialized === 'ephemeral' ? null : (node.relation_name ?? quoteIdent(node.alias ?? node.name)),
    rawCode: node.raw_code ?? '',
    compiledCode: result?.compiled_code ?? node.compiled_code ?? null,
    grain: typeof meta.grain === 'string' ? meta.grain : null,
    columns: columnsOf(node.columns, built),
    parents: [],
    children: [],
    tests: [],
    result,
    rowCount: rowCountOf(built),
    health: 'untested',
    contractEnforced: Boolean(node.config?.contract?.enforced ?? node.contract?.enforced),
    meta,
  };
}

function fromSource(source: SourceDefinition, built: CatalogTable | undefined): Resource {
  return {
    id: source.unique_id,
    key: `${source.source_name}.${source.name}`,
    name: `${source.source_name}.${source.name}`,
    type: 'source',
    layer: 'source',
    description: source.description || source.source_description || '',
    tags: tagsOf(source.tags),
    materialized: null,
    path: source.original_file_path,
    relation: source.relation_name ?? quoteIdent(source.identifier),
    rawCode: '',
    compiledCode: null,
    grain: typeof source.meta?.grain === 'string' ? source.meta.grain : null,
    columns: columnsOf(source.columns, built),
    parents: [],
    children: [],
    tests: [],
    result: null,
    rowCount: rowCountOf(built),
    health: 'untested',
    contractEnforced: false,
    meta: source.meta ?? {},
  };
}

function fromExposure(exposure: Exposure): Resource {
  return {
    id: exposure.unique_id,
    key: `exposure.${exposure.name}`,
    name: exposure.label || exposure.name,
    type: 'exposure',
    layer: 'exposure',
    description: exposure.description ?? '',
    tags: tagsOf(exposure.tags),
    materialized: null,
    path: exposure.original_file_path,
    relation: null,
    rawCode: '',
    compiledCode: null,
    grain: null,
    columns: [],
    parents: [],
    children: [],
    tests: [],
    result: null,
    rowCount: null,
    health: 'untested',
    contractEnforced: false,
    meta: { type: exposure.type, owner: exposure.owner?.name ?? exposure.owner?.email ?? null, url: exposure.url ?? null },
  };
}

function fromTest(node: ManifestNode, result: RunResult | null, resources: Map<string, Resource>): TestView {
  const kind = node.test_metadata?.name ?? 'singular';
  const kwargs = node.test_metadata?.kwargs ?? {};
  const column = node.column_name ?? (typeof kwargs.column_name === 'string' ? kwargs.column_name : null);
  const dependsOn = (node.depends_on?.nodes ?? []).filter((id) => resources.has(id));
  const attachedTo = node.attached_node && resources.has(node.attached_node) ? [node.attached_node] : dependsOn;
  const sample = result?.adapter_response?.sample;
  return {
    id: node.unique_id,
    name: node.name,
    kind,
    label: testLabel(kind, column, kwargs, node.name),
    column,
    attachedTo,
    status: testStatusOf(result),
    failures: result?.failures ?? null,
    message: result?.message ?? null,
    severity: String(node.config?.severity ?? 'error').toLowerCase(),
    rawCode: node.raw_code ?? '',
    compiledCode: result?.compiled_code ?? node.compiled_code ?? null,
    sample: sample && Array.isArray(sample.columns) && Array.isArray(sample.rows) ? sample : null,
    executionTime: result?.execution_time ?? null,
    path: node.original_file_path,
  };
}

function testLabel(kind: string, column: string | null, kwargs: Record<string, unknown>, name: string): string {
  if (kind === 'singular') return name;
  const parts = [kind];
  if (column) parts.push(column);
  if (kind === 'relationships' && typeof kwargs.to === 'string') {
    const target = refName(kwargs.to);
    const field = typeof kwargs.field === 'string' ? `.${kwargs.field}` : '';
    parts.push(`→ ${target ?? kwargs.to}${field}`);
  }
  if (kind === 'accepted_values' && Array.isArray(kwargs.values)) {
    parts.push(`in (${kwargs.values.map(String).join(', ')})`);
  }
  return parts.join(' · ');
}

/** `{{ ref('dim_accounts') }}` or `ref('dim_accounts')` -> `dim_accounts`. */
function refName(expression: string): string | null {
  const match = /ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)/.exec(expression);
  if (!match) return null;
  return match[2] ?? match[1] ?? null;
}

function testStatusOf(result: RunResult | null): TestStatus {
  if (!result) return 'not run';
  switch (result.status) {
    case 'pass':
    case 'warn':
    case 'fail':
    case 'skipped':
      return result.status;
    case 'error':
    case 'runtime error':
      return 'error';
    default:
      return 'pass';
  }
}

function healthOf(resource: Resource): HealthStatus {
  let health: HealthStatus = 'untested';
  const raise = (status: HealthStatus) => {
    if (STATUS_RANK[status] > STATUS_RANK[health]) health = status;
  };
  const own = resource.result?.status;
  if (own === 'error' || own === 'runtime error') raise('error');
  if (own === 'skipped') raise('skipped');
  for (const test of resource.tests) {
    if (test.status === 'not run') continue;
    raise(test.status);
  }
  return health;
}

export function layerOf(node: Pick<ManifestNode, 'resource_type' | 'fqn' | 'name'>): Layer {
  if (node.resource_type === 'seed') return 'source';
  if (node.resource_type === 'snapshot') return 'snapshot';
  const folders = node.fqn.slice(1, -1);
  if (folders.includes('staging') || node.name.startsWith('stg_')) return 'staging';
  if (folders.includes('intermediate') || node.name.startsWith('int_')) return 'intermediate';
  if (folders.includes('marts') || /^(fct|dim|rpt|mart)_/.test(node.name)) return 'marts';
  return 'other';
}

function tagsOf(...lists: (string | string[] | undefined)[]): string[] {
  const tags = new Set<string>();
  for (const list of lists) {
    if (typeof list === 'string') tags.add(list);
    else for (const tag of list ?? []) tags.add(tag);
  }
  return [...tags].sort();
}

function columnsOf(documented: Record<string, ColumnInfo> | undefined, built: CatalogTable | undefined): ColumnView[] {
  const columns: ColumnView[] = [];
  const docs = new Map(Object.values(documented ?? {}).map((c) => [c.name.toLowerCase(), c]));
  const builtColumns = Object.values(built?.columns ?? {}).sort((a, b) => a.index - b.index);
  for (const column of builtColumns) {
    const doc = docs.get(column.name.toLowerCase());
    docs.delete(column.name.toLowerCase());
    columns.push({
      name: column.name,
      // The catalog says UNKNOWN for a column SQLite declared no type for and that holds only NULLs so far.
      type: (column.type && column.type !== 'UNKNOWN' ? column.type : null) || doc?.data_type || null,
      description: doc?.description ?? '',
      inRelation: true,
      documented: Boolean(doc),
      tests: [],
    });
  }
  for (const doc of docs.values()) {
    columns.push({ name: doc.name, type: doc.data_type ?? null, description: doc.description ?? '', inRelation: !built, documented: true, tests: [] });
  }
  return columns;
}

function rowCountOf(built: CatalogTable | undefined): number | null {
  if (!built) return null;
  for (const stat of Object.values(built.stats)) {
    if (/^(row_count|num_rows|rows)$/.test(stat.id) && typeof stat.value === 'number') return stat.value;
  }
  return null;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function derivedParents(nodes: Record<string, ManifestNode>, exposures: Record<string, Exposure> | undefined): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const node of Object.values(nodes)) map[node.unique_id] = [...(node.depends_on?.nodes ?? [])];
  for (const exposure of Object.values(exposures ?? {})) map[exposure.unique_id] = [...(exposure.depends_on?.nodes ?? [])];
  return map;
}

function invert(parents: Record<string, string[]>): Record<string, string[]> {
  const children: Record<string, string[]> = {};
  for (const [child, list] of Object.entries(parents)) {
    for (const parent of list) (children[parent] ??= []).push(child);
  }
  return children;
}

export interface OutcomeCounts {
  /** Data tests by outcome; `run` is those that ran (pass, warn, fail or error). */
  tests: Record<TestStatus, number> & { run: number };
  /** Models, seeds and snapshots by how their build went. */
  nodes: { built: number; errors: number; skipped: number };
}

/** The build's outcome, tests and nodes counted apart (a test that errored is a test, a skipped model a node). */
export function outcomeCounts(index: ProjectIndex): OutcomeCounts {
  const tests: OutcomeCounts['tests'] = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0, 'not run': 0, run: 0 };
  for (const t of index.tests) tests[t.status]++;
  tests.run = tests.pass + tests.warn + tests.fail + tests.error;
  const nodes = { built: 0, errors: 0, skipped: 0 };
  for (const r of index.resources.values()) {
    const status = r.result?.status;
    if (status === 'success') nodes.built++;
    else if (status === 'error') nodes.errors++;
    else if (status === 'skipped') nodes.skipped++;
  }
  return { tests, nodes };
}
