/**
 * The DAG over sources, seeds, models, snapshots, tests and exposures, built
 * from each node's depends_on.nodes.
 */
import { CycleError } from '../errors';
import type { AnyNode, Project } from '../parser/types';

export class Graph {
  readonly parents = new Map<string, string[]>();
  readonly children = new Map<string, string[]>();
  /** Every node id in a stable order (discovery order for executable nodes). */
  readonly ids: string[];

  constructor(readonly nodes: Map<string, AnyNode>) {
    this.ids = [...nodes.keys()];
    for (const id of this.ids) {
      this.parents.set(id, []);
      this.children.set(id, []);
    }
    for (const [id, node] of nodes) {
      if (node.resource_type === 'source') continue;
      for (const parent of node.depends_on.nodes) {
        if (!nodes.has(parent)) continue;
        this.parents.get(id)!.push(parent);
        this.children.get(parent)!.push(id);
      }
    }
  }

  static fromProject(project: Pick<Project, 'nodes' | 'sources' | 'exposures'>): Graph {
    const all = new Map<string, AnyNode>();
    for (const n of Object.values(project.sources)) all.set(n.unique_id, n);
    const exec = Object.values(project.nodes).sort((a, b) => a.engine.order - b.engine.order);
    for (const n of exec) all.set(n.unique_id, n);
    for (const n of Object.values(project.exposures)) all.set(n.unique_id, n);
    return new Graph(all);
  }

  node(id: string): AnyNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  /** Ancestors up to `depth` edges away (all when undefined), not including the node. */
  ancestors(id: string, depth?: number): Set<string> {
    return this.walk(id, this.parents, depth);
  }

  descendants(id: string, depth?: number): Set<string> {
    return this.walk(id, this.children, depth);
  }

  private walk(id: string, edges: Map<string, string[]>, depth?: number): Set<string> {
    const seen = new Set<string>();
    let frontier = [id];
    for (let d = 0; frontier.length > 0 && (depth === undefined || d < depth); d++) {
      const next: string[] = [];
      for (const cur of frontier) {
        for (const n of edges.get(cur) ?? []) {
          if (!seen.has(n)) {
            seen.add(n);
            next.push(n);
          }
        }
      }
      frontier = next;
    }
    seen.delete(id);
    return seen;
  }

  /** Throws a CycleError naming the loop (`model.p.a --> model.p.b --> model.p.a`). */
  assertAcyclic(): void {
    const cycle = this.findCycle();
    if (cycle) {
      const first = this.nodes.get(cycle[0]!);
      throw new CycleError(
        `found a cycle: ${cycle.join(' --> ')}`,
        { file: first && 'original_file_path' in first ? first.original_file_path : undefined },
        'Break the loop: one of these models must stop referencing the next.',
      );
    }
  }

  findCycle(): string[] | null {
    const WHITE = 0;
    const GREY = 1;
    const BLACK = 2;
    const color = new Map<string, number>();
    for (const id of this.ids) color.set(id, WHITE);
    for (const start of this.ids) {
      if (color.get(start) !== WHITE) continue;
      // Iterative DFS so that long chains cannot overflow the stack.
      const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
      color.set(start, GREY);
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const kids = this.children.get(top.id)!;
        if (top.next < kids.length) {
          const child = kids[top.next++]!;
          const c = color.get(child);
          if (c === GREY) {
            const path = stack.map((s) => s.id);
            return [...path.slice(path.indexOf(child)), child];
          }
          if (c === WHITE) {
            color.set(child, GREY);
            stack.push({ id: child, next: 0 });
          }
        } else {
          color.set(top.id, BLACK);
          stack.pop();
        }
      }
    }
    return null;
  }
}
