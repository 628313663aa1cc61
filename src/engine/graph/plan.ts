/**
 * What a command runs, in which order, and what a failure skips.
 *
 * Selection: --select (default: everything) minus --exclude, filtered to the
 * resource types of the command; tests are added "eagerly", as in dbt: a test
 * runs when any of its parents is selected, and is left out when any of its
 * parents is excluded.
 * Order: topological; among ready nodes tests go first, so each model's tests
 * run right after it (dbt build semantics).
 * Skips: a failed model, seed or snapshot skips everything downstream; a
 * failing error-severity test skips the children of the node(s) it tests
 * (those that depend on all of the test's parents), as dbt build does.
 */
import type { AnyNode, ExecNode, Project } from '../parser/types';
import type { Graph } from './index';
import { select } from './selector';

export type Command = 'build' | 'run' | 'test' | 'seed' | 'snapshot' | 'compile' | 'ls';

export const COMMAND_TYPES: Record<Command, string[]> = {
  build: ['seed', 'model', 'snapshot', 'test'],
  run: ['model'],
  test: ['test'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  compile: ['model', 'test', 'snapshot', 'analysis'],
  ls: ['model', 'seed', 'snapshot', 'test', 'analysis', 'source', 'exposure'],
};

export interface ListOptions {
  select?: string;
  exclude?: string;
  /** Restrict to these resource types (default: those of the command). */
  resourceTypes?: string[];
}

function isExec(node: AnyNode): node is ExecNode {
  return node.resource_type !== 'source' && node.resource_type !== 'exposure';
}

/** Selected node ids for a command, in execution order. */
export function selectNodes(project: Project, command: Command, opts: ListOptions = {}): string[] {
  const graph = project.graph;
  const types = new Set(opts.resourceTypes ?? COMMAND_TYPES[command]);
  const base = opts.select?.trim() ? select(graph, opts.select, '--select') : new Set(graph.ids);
  const excluded = opts.exclude?.trim() ? select(graph, opts.exclude, '--exclude') : new Set<string>();
  // As dbt: "test exclusion is always greedy", a test with any excluded parent is excluded too.
  const testExcluded = (id: string) => graph.node(id).resource_type === 'test' && graph.parents.get(id)!.some((p) => excluded.has(p));
  const direct = new Set([...base].filter((id) => !excluded.has(id) && !testExcluded(id)));
  const chosen = new Set([...direct].filter((id) => types.has(graph.node(id).resource_type)));
  if (types.has('test') && opts.select?.trim()) {
    for (const id of graph.ids) {
      const node = graph.node(id);
      if (node.resource_type !== 'test' || excluded.has(id) || testExcluded(id) || chosen.has(id)) continue;
      if (graph.parents.get(id)!.some((p) => direct.has(p))) chosen.add(id);
    }
  }
  for (const id of [...chosen]) {
    const node = graph.node(id);
    // Ephemeral models are compiled into their consumers, never run on their own.
    if (command !== 'compile' && command !== 'ls' && isExec(node) && node.config.materialized === 'ephemeral') chosen.delete(id);
  }
  if (command === 'ls') return graph.ids.filter((id) => chosen.has(id));
  return executionOrder(graph, chosen);
}

/** For each chosen node, the chosen nodes it waits for (through unchosen ones too). */
function chosenParents(graph: Graph, chosen: Set<string>): Map<string, Set<string>> {
  const memo = new Map<string, Set<string>>();
  const reach = (id: string): Set<string> => {
    const cached = memo.get(id);
    if (cached) return cached;
    const out = new Set<string>();
    memo.set(id, out);
    for (const p of graph.parents.get(id) ?? []) {
      if (chosen.has(p)) out.add(p);
      else for (const x of reach(p)) out.add(x);
    }
    return out;
  };
  const result = new Map<string, Set<string>>();
  for (const id of chosen) result.set(id, reach(id));
  return result;
}

export function executionOrder(graph: Graph, chosen: Set<string>): string[] {
  const deps = chosenParents(graph, chosen);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, ps] of deps) {
    remaining.set(id, ps.size);
    for (const p of ps) (dependents.get(p) ?? dependents.set(p, []).get(p)!).push(id);
  }
  const rank = (id: string): number => {
    const node = graph.node(id);
    const order = isExec(node) ? node.engine.order : 0;
    // Ready tests first (each model's tests right after it), then seeds, then the rest in file order.
    const tier = node.resource_type === 'test' ? 0 : node.resource_type === 'seed' ? 1 : 2;
    return tier * 1e9 + order;
  };
  const ready = [...chosen].filter((id) => remaining.get(id) === 0);
  const out: string[] = [];
  while (ready.length) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (rank(ready[i]!) < rank(ready[best]!)) best = i;
    const id = ready.splice(best, 1)[0]!;
    out.push(id);
    for (const d of dependents.get(id) ?? []) {
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  return out;
}

/**
 * The nodes a failure of `id` skips, among `chosen`: all its descendants for
 * a model, seed or snapshot; for a test, the children of its parents that
 * depend on every one of them, and their descendants.
 */
export function skippedBy(graph: Graph, id: string, chosen: Set<string>): Set<string> {
  const node = graph.node(id);
  const out = new Set<string>();
  if (node.resource_type !== 'test') {
    for (const d of graph.descendants(id)) if (chosen.has(d)) out.add(d);
    return out;
  }
  const parents = graph.parents.get(id)!.filter((p) => graph.node(p).resource_type !== 'test');
  const parentSet = new Set(parents);
  const ancestorsOf = new Map<string, Set<string>>();
  for (const p of parents) {
    for (const child of graph.children.get(p)!) {
      if (parentSet.has(child) || graph.node(child).resource_type === 'test') continue;
      const anc = ancestorsOf.get(child) ?? graph.ancestors(child);
      ancestorsOf.set(child, anc);
      if (!parents.every((pp) => anc.has(pp))) continue;
      if (chosen.has(child)) out.add(child);
      for (const d of graph.descendants(child)) if (chosen.has(d)) out.add(d);
    }
  }
  return out;
}
