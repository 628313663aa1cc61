/**
 * dbt's node selection syntax: space-separated unions of comma-separated
 * intersections of atoms such as `+fct_mrr`, `2+stg_x+1`, `@dim_accounts`,
 * `tag:finance`, `path:models/marts`, `source:stripe+`, `resource_type:seed`,
 * `config.materialized:incremental`, `test_type:singular`, `fqn:*`.
 */
import { SelectionError } from '../errors';
import type { AnyNode } from '../parser/types';
import type { Graph } from './index';

export interface SelectorAtom {
  raw: string;
  method: string;
  /** For `config.<key>`, the key. */
  methodArg: string | null;
  value: string;
  parents: boolean;
  parentsDepth: number | undefined;
  children: boolean;
  childrenDepth: number | undefined;
  childrenParents: boolean;
}

const METHODS = new Set([
  'fqn',
  'tag',
  'path',
  'file',
  'source',
  'resource_type',
  'package',
  'config',
  'test_type',
  'test_name',
  'exposure',
]);

/** dbt's selection methods that need what this engine does not keep, and why. */
const UNSUPPORTED_METHODS: Record<string, string> = {
  state: 'it compares with the artifacts of an earlier run (--state), which are not kept',
  result: 'it reads the run_results.json of an earlier run (--state), which are not kept',
  source_status: 'it compares source freshness between runs; after a load, `npm run warehouse -- backfill` selects what the new rows reach',
  semantic_model: 'the project has no semantic models',
  saved_query: 'the project has no saved queries',
  metric: 'the project has no metrics (the metric definitions are models: docs/metrics.md)',
  unit_test: 'unit tests are not run by this engine',
  version: 'model versions are not supported',
  access: 'access groups are not supported',
  group: 'groups are not supported',
};

const RESOURCE_TYPES = new Set(['model', 'seed', 'snapshot', 'test', 'source', 'exposure', 'analysis']);

const ATOM = /^(@)?(?:(\d*)\+)?([^+@]+?)(?:\+(\d*))?$/;

export function parseAtom(raw: string, flag: string): SelectorAtom {
  const m = ATOM.exec(raw);
  if (!m) throw badSelector(raw, flag, 'it is not of the form [@][n+]selector[+n]');
  const [, at, parentsDepth, body, childrenDepth] = m;
  const hasParents = parentsDepth !== undefined;
  const hasChildren = childrenDepth !== undefined;
  if (at && hasParents) throw badSelector(raw, flag, "'@' cannot be combined with a leading '+'");
  let method = 'fqn';
  let methodArg: string | null = null;
  let value = body!;
  const colon = value.indexOf(':');
  if (colon >= 0) {
    const head = value.slice(0, colon);
    value = value.slice(colon + 1);
    const dot = head.indexOf('.');
    method = dot >= 0 ? head.slice(0, dot) : head;
    methodArg = dot >= 0 ? head.slice(dot + 1) : null;
    const unsupported = UNSUPPORTED_METHODS[method];
    if (unsupported) throw badSelector(raw, flag, `'${method}:' is a dbt selection method this engine does not support: ${unsupported}`);
    if (!METHODS.has(method)) {
      throw badSelector(raw, flag, `'${method}' is not a selection method (use one of ${[...METHODS].join(', ')})`);
    }
    if (method === 'config' && !methodArg) throw badSelector(raw, flag, "use config.<key>:<value>, e.g. config.materialized:table");
    if (method !== 'config' && methodArg) throw badSelector(raw, flag, `'${head}' is not a selection method`);
  } else if (value.includes('/') || value.includes('\\')) {
    method = 'path';
  } else if (/\.(sql|csv|yml|yaml)$/i.test(value)) {
    method = 'file';
  }
  if (value === '') throw badSelector(raw, flag, 'the selector has no value');
  if (method === 'resource_type' && !RESOURCE_TYPES.has(value)) {
    throw badSelector(raw, flag, `'${value}' is not a resource type (use one of ${[...RESOURCE_TYPES].join(', ')})`);
  }
  if (method === 'test_type' && !['generic', 'singular', 'data', 'schema'].includes(value)) {
    throw badSelector(raw, flag, "test_type is 'generic' or 'singular'");
  }
  return {
    raw,
    method,
    methodArg,
    value,
    parents: hasParents,
    parentsDepth: parentsDepth ? Number(parentsDepth) : undefined,
    children: hasChildren,
    childrenDepth: childrenDepth ? Number(childrenDepth) : undefined,
    childrenParents: Boolean(at),
  };
}

function badSelector(raw: string, flag: string, why: string): SelectionError {
  return new SelectionError(
    `invalid ${flag} '${raw}': ${why}`,
    {},
    'Examples: fct_mrr, +fct_mrr, fct_mrr+, 2+fct_mrr+1, @fct_mrr, tag:finance, path:models/marts, source:stripe+, resource_type:seed; separate alternatives with spaces and intersections with commas.',
  );
}

/** Parses a whole --select/--exclude value into a union of intersections. */
export function parseSelection(spec: string, flag = '--select'): SelectorAtom[][] {
  const union = spec.trim().split(/\s+/).filter(Boolean);
  return union.map((part) => {
    const atoms = part.split(',');
    if (atoms.some((a) => a === '')) throw badSelector(part, flag, 'a comma must have a selector on each side');
    return atoms.map((a) => parseAtom(a, flag));
  });
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function matchesGlob(value: string, pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?') ? globToRegExp(pattern).test(value) : value === pattern;
}

function fqnMatches(fqn: string[], name: string, selector: string): boolean {
  if (matchesGlob(name, selector)) return true;
  const parts = selector.split('.');
  const flat = fqn.flatMap((p) => p.split('.'));
  // dbt tries the fqn with and without the leading package name.
  for (const candidate of [flat, flat.slice(1)]) {
    if (candidate.length < parts.length) continue;
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === '*') return true;
      if (!matchesGlob(candidate[i]!, parts[i]!)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

function nodeFile(node: AnyNode): string {
  return node.original_file_path;
}

function matchesAtom(node: AnyNode, atom: SelectorAtom): boolean {
  const v = atom.value;
  switch (atom.method) {
    case 'fqn':
      if (node.resource_type === 'source') return v === '*' || fqnMatches(node.fqn, `${node.source_name}.${node.name}`, v);
      return fqnMatches(node.fqn, node.name, v);
    case 'tag':
      return (node.tags ?? []).some((t) => matchesGlob(t, v));
    case 'path': {
      const file = nodeFile(node);
      const path = v.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
      if (path.includes('*')) return globToRegExp(path).test(file);
      return file === path || file.startsWith(`${path}/`);
    }
    case 'file': {
      const base = nodeFile(node).split('/').pop()!;
      return matchesGlob(base, v) || matchesGlob(base.replace(/\.[^.]+$/, ''), v);
    }
    case 'source': {
      if (node.resource_type !== 'source') return false;
      const parts = v.split('.');
      if (parts.length === 1) return matchesGlob(node.source_name, parts[0]!);
      if (parts.length === 2) {
        // source:<project>.<source> or source:<source>.<table>
        return (
          (matchesGlob(node.source_name, parts[0]!) && matchesGlob(node.name, parts[1]!)) ||
          (matchesGlob(node.package_name, parts[0]!) && matchesGlob(node.source_name, parts[1]!))
        );
      }
      return matchesGlob(node.package_name, parts[0]!) && matchesGlob(node.source_name, parts[1]!) && matchesGlob(node.name, parts[2]!);
    }
    case 'resource_type':
      return node.resource_type === v;
    case 'package':
      return matchesGlob(node.package_name, v);
    case 'config': {
      // `config.meta.owner:me` walks nested keys, as dbt's config method does.
      const value = atom.methodArg!.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), node.config);
      if (Array.isArray(value)) return value.some((x) => matchesGlob(String(x), v));
      if (value === undefined || value === null) return false;
      return matchesGlob(String(value), v);
    }
    case 'test_type': {
      if (node.resource_type !== 'test') return false;
      const generic = Boolean(node.test_metadata);
      return v === 'generic' || v === 'schema' ? generic : !generic;
    }
    case 'test_name':
      return node.resource_type === 'test' && Boolean(node.test_metadata) && matchesGlob(node.test_metadata!.name, v);
    case 'exposure':
      return node.resource_type === 'exposure' && matchesGlob(node.name, v);
    default:
      return false;
  }
}

function selectAtom(graph: Graph, atom: SelectorAtom): Set<string> {
  const direct: string[] = [];
  for (const [id, node] of graph.nodes) if (matchesAtom(node, atom)) direct.push(id);
  const out = new Set(direct);
  for (const id of direct) {
    if (atom.parents) for (const a of graph.ancestors(id, atom.parentsDepth)) out.add(a);
    if (atom.children || atom.childrenParents) {
      const kids = graph.descendants(id, atom.childrenParents ? undefined : atom.childrenDepth);
      for (const k of kids) out.add(k);
      if (atom.childrenParents) for (const k of kids) for (const a of graph.ancestors(k)) out.add(a);
    }
  }
  return out;
}

/** The tests that read any of these nodes (dbt's eager indirect selection). */
function attachedTests(graph: Graph, ids: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) for (const child of graph.children.get(id) ?? []) if (graph.node(child).resource_type === 'test') out.add(child);
  return out;
}

/**
 * The node ids a selection matches (before any filtering by command). An
 * intersection also takes the tests each of its criteria brings with it, as
 * dbt's does: `fct_mrr,test_type:generic` is the generic tests on fct_mrr,
 * though fct_mrr itself is no test.
 */
export function select(graph: Graph, spec: string, flag = '--select'): Set<string> {
  const union = parseSelection(spec, flag);
  const out = new Set<string>();
  for (const intersection of union) {
    const sets = intersection.map((atom) => selectAtom(graph, atom));
    const [first, ...rest] = sets;
    for (const id of first!) if (rest.every((s) => s.has(id))) out.add(id);
    if (sets.length < 2) continue;
    const withTests = sets.map((set) => new Set([...set, ...attachedTests(graph, set)]));
    const [firstWith, ...restWith] = withTests;
    for (const id of firstWith!) if (graph.node(id).resource_type === 'test' && restWith.every((s) => s.has(id))) out.add(id);
  }
  return out;
}

/**
 * The criteria of a selection (its space-separated parts) that match no
 * node, as dbt warns about them: "The selection criterion 'x' does not
 * match any enabled nodes". A part that matches only nodes another flag
 * removes still counts as matching.
 */
export function unmatchedCriteria(graph: Graph, spec: string, flag = '--select'): string[] {
  const parts = spec.trim().split(/\s+/).filter(Boolean);
  return parts.filter((part) => select(graph, part, flag).size === 0);
}
