import dagre from '@dagrejs/dagre';
import { describe, expect, it } from 'vitest';
import { hiddenNeighbours, layoutInput, layoutLineage, visibleNodes } from '../../../src/app/lineage-graph';
import type { DagreLike, LineageView } from '../../../src/app/lineage-graph';
import { LAYERS, projectIndex } from '../../../src/app/project-index';
import { MINI, buildArtifacts, generatedSpec } from './fixtures/artifacts';

const layoutLib = dagre as unknown as DagreLike;
const index = projectIndex(buildArtifacts(MINI));
const view = (changes: Partial<LineageView>): LineageView => ({ focus: 'model.mini.dim_accounts', depth: 1, expanded: [], layers: null, tag: null, ...changes });

describe('visibleNodes', () => {
  it('shows the focus with its direct parents and children at depth 1', () => {
    expect([...visibleNodes(index, view({}))].sort()).toEqual(['model.mini.dim_accounts', 'model.mini.fct_mrr', 'model.mini.int_accounts_unified']);
  });

  it('walks further up and down with depth, never sideways', () => {
    const two = visibleNodes(index, view({ depth: 2 }));
    expect(two.has('model.mini.stg_salesforce__accounts')).toBe(true);
    // fx_rates feeds fct_mrr, a child of the focus: a sibling branch, not an ancestor.
    expect(two.has('seed.mini.fx_rates')).toBe(false);
    expect(visibleNodes(index, view({ depth: 'all' })).size).toBe(index.resources.size);
  });

  it('adds the neighbours of expanded nodes', () => {
    const expanded = visibleNodes(index, view({ expanded: ['model.mini.fct_mrr'] }));
    expect(expanded.has('seed.mini.fx_rates')).toBe(true);
  });

  it('filters by tag and lane but keeps the focus', () => {
    const tagged = visibleNodes(index, view({ depth: 'all', tag: 'finance', focus: 'model.mini.stg_stripe__customers' }));
    expect([...tagged].sort()).toEqual(['model.mini.dim_accounts', 'model.mini.fct_mrr', 'model.mini.stg_stripe__customers']);
    const marts = visibleNodes(index, view({ depth: 'all', layers: ['marts'], focus: null }));
    expect([...marts].every((id) => index.resources.get(id)!.layer === 'marts')).toBe(true);
  });

  it('counts hidden neighbours for the expand handles', () => {
    const visible = visibleNodes(index, view({}));
    expect(hiddenNeighbours(index, visible, 'model.mini.fct_mrr')).toEqual({ parents: 1, children: 0 });
    expect(hiddenNeighbours(index, visible, 'model.mini.int_accounts_unified')).toEqual({ parents: 2, children: 0 });
  });
});

describe('layoutLineage', () => {
  it('draws a model that reads a later layer in that later lane, so edges still run left to right', () => {
    const input = {
      nodes: [
        { id: 'm', layer: 'marts' as const },
        { id: 'i', layer: 'intermediate' as const },
        { id: 'r', layer: 'intermediate' as const },
      ],
      edges: [
        ['i', 'm'],
        ['m', 'r'],
      ] as [string, string][],
    };
    const layout = layoutLineage(layoutLib, input);
    const node = (id: string) => layout.nodes.find((n) => n.id === id)!;
    expect(node('r')).toMatchObject({ layer: 'intermediate', lane: 'marts' });
    expect(node('i').lane).toBe('intermediate');
    expect(node('r').x).toBeGreaterThan(node('m').x);
    expect(node('m').x).toBeGreaterThan(node('i').x);
  });

  it('puts lanes left to right in layer order and every node inside its lane', () => {
    const layout = layoutLineage(layoutLib, layoutInput(index, visibleNodes(index, view({ depth: 'all' }))));
    const order = layout.lanes.map((l) => LAYERS.indexOf(l.layer));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const node of layout.nodes) {
      expect(node.lane).toBe(node.layer);
      const lane = layout.lanes.find((l) => l.layer === node.lane)!;
      expect(node.x).toBeGreaterThanOrEqual(lane.x);
      expect(node.x + node.width).toBeLessThanOrEqual(lane.x + lane.width);
    }
    for (let i = 1; i < layout.lanes.length; i++) {
      expect(layout.lanes[i]!.x).toBeGreaterThan(layout.lanes[i - 1]!.x + layout.lanes[i - 1]!.width);
    }
  });

  it('never overlaps two nodes and draws every edge between visible nodes', () => {
    const index300 = projectIndex(buildArtifacts(generatedSpec(300)));
    const visible = visibleNodes(index300, { focus: null, depth: 'all', expanded: [], layers: null, tag: null });
    const layout = layoutLineage(layoutLib, layoutInput(index300, visible));
    expect(layout.nodes).toHaveLength(300);
    const overlaps = (a: (typeof layout.nodes)[0], b: (typeof layout.nodes)[0]) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (let i = 0; i < layout.nodes.length; i++) {
      for (let j = i + 1; j < layout.nodes.length; j++) expect(overlaps(layout.nodes[i]!, layout.nodes[j]!)).toBe(false);
    }
    const expectedEdges = [...visible].reduce((n, id) => n + index300.resources.get(id)!.children.length, 0);
    expect(layout.edges).toHaveLength(expectedEdges);
    // Edges run left to right between lanes.
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const edge of layout.edges) expect(byId.get(edge.to)!.x).toBeGreaterThan(byId.get(edge.from)!.x);
  });
});
