import dagre from '@dagrejs/dagre';
import { describe, expect, it } from 'vitest';
import { FOCUS_ZOOM, MAX_ZOOM, READABLE_ZOOM, fitView, hiddenNeighbours, panIntoView, pinchView, layoutInput, layoutLineage, visibleNodes } from '../../../src/app/lineage-graph';
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

  it('shows every node with the tag at any depth, and counts only neighbours an expansion could show', () => {
    const filters = { tag: 'finance', layers: null };
    const tagged = visibleNodes(index, view({ ...filters, focus: 'model.mini.stg_stripe__customers' }));
    expect([...tagged].sort()).toEqual(['model.mini.dim_accounts', 'model.mini.fct_mrr', 'model.mini.stg_stripe__customers']);
    for (const id of tagged) {
      const counts = hiddenNeighbours(index, tagged, id, filters);
      // Every neighbour with the tag is already shown, so no handle would do anything.
      expect(counts, id).toEqual({ parents: 0, children: 0 });
    }
    const lanes = { tag: null, layers: ['staging' as const, 'intermediate' as const, 'marts' as const] };
    const noSources = visibleNodes(index, view({ ...lanes, focus: 'model.mini.stg_stripe__customers' }));
    expect(hiddenNeighbours(index, noSources, 'model.mini.stg_stripe__customers', lanes).parents).toBe(0);
    expect(hiddenNeighbours(index, noSources, 'model.mini.stg_stripe__customers').parents).toBeGreaterThan(0);
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

  it('makes a lane as wide as its longest chain: sources read at different depths share one column', () => {
    const input = {
      nodes: [
        { id: 's1', layer: 'source' as const },
        { id: 's2', layer: 'source' as const },
        { id: 'a', layer: 'staging' as const },
        { id: 'i1', layer: 'intermediate' as const },
        { id: 'i2', layer: 'intermediate' as const },
        { id: 'i3', layer: 'intermediate' as const },
      ],
      // s2 is read only by i3, three ranks to the right: dagre would rank it next to i3.
      edges: [
        ['s1', 'a'],
        ['a', 'i1'],
        ['i1', 'i2'],
        ['i2', 'i3'],
        ['s2', 'i3'],
      ] as [string, string][],
    };
    const layout = layoutLineage(layoutLib, input);
    const node = (id: string) => layout.nodes.find((n) => n.id === id)!;
    expect(node('s1').x).toBe(node('s2').x);
    expect(Math.abs(node('s1').y - node('s2').y)).toBeGreaterThanOrEqual(node('s1').height);
    expect(new Set(['i1', 'i2', 'i3'].map((id) => node(id).x)).size).toBe(3);
    expect(layout.lanes.find((l) => l.layer === 'source')!.width).toBeLessThan(2 * node('s1').width);
    // Nodes come in reading order, so Tab moves left to right.
    const order = layout.nodes.map((n) => [n.x, n.y] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(layout.nodes[0]!.lane).toBe('source');
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

describe('fitView', () => {
  const viewport = { width: 900, height: 600 };
  const node = (x: number, y: number) => ({ x, y, width: 200, height: 34 });
  /** The graph's box on screen under a view. */
  const onScreen = (layout: { width: number; height: number }, v: { x: number; y: number; k: number }) => ({
    left: v.x,
    right: v.x + layout.width * v.k,
    top: v.y,
    bottom: v.y + layout.height * v.k,
  });

  it('fits and centres a graph that is readable whole', () => {
    const layout = { width: 1200, height: 400 };
    const v = fitView(layout, node(0, 0), viewport);
    expect(v.k).toBeCloseTo(0.75);
    const box = onScreen(layout, v);
    expect(box.left).toBeCloseTo(0);
    expect(box.right).toBeCloseTo(900);
    expect(box.top).toBeGreaterThanOrEqual(0);
  });

  it('never zooms a small graph past 1.2', () => {
    expect(fitView({ width: 300, height: 100 }, undefined, viewport).k).toBe(1.2);
  });

  it('shows a focus at the end of a wide graph against that edge, with its upstream filling the view', () => {
    const layout = { width: 2400, height: 500 };
    expect(Math.min(900 / 2400, 600 / 500)).toBeLessThan(READABLE_ZOOM);
    const focus = node(2150, 200); // the last rank: nothing to its right
    const v = fitView(layout, focus, viewport);
    expect(v.k).toBe(FOCUS_ZOOM);
    const box = onScreen(layout, v);
    expect(box.right).toBeCloseTo(900); // no empty band on the right
    expect(box.left).toBeLessThan(0); // the rest goes on past the left edge
    const focusLeft = v.x + focus.x * v.k;
    expect(focusLeft).toBeGreaterThanOrEqual(0);
    expect(focusLeft + focus.width * v.k).toBeLessThanOrEqual(900);
  });

  it('centres a focus in the middle of a wide graph, and centres an axis the graph does not fill', () => {
    const layout = { width: 2400, height: 500 };
    const focus = node(1100, 100);
    const v = fitView(layout, focus, viewport);
    expect(v.x + (focus.x + focus.width / 2) * v.k).toBeCloseTo(450);
    const box = onScreen(layout, v);
    expect(box.top).toBeCloseTo((600 - 500 * FOCUS_ZOOM) / 2);
  });

  it('keeps the view inside a tall graph at its top edge', () => {
    const layout = { width: 800, height: 3000 };
    const focus = node(300, 10);
    const v = fitView(layout, focus, viewport);
    expect(onScreen(layout, v).top).toBeCloseTo(0);
  });

  /** Whether a node's whole box is on screen under a view. */
  const inView = (n: { x: number; y: number; width: number; height: number }, v: { x: number; y: number; k: number }) =>
    v.x + n.x * v.k >= 0 && v.x + (n.x + n.width) * v.k <= viewport.width && v.y + n.y * v.k >= 0 && v.y + (n.y + n.height) * v.k <= viewport.height;

  it('shows the focus with its direct neighbours, zooming out as far as still readable', () => {
    // A tall graph: the focus near the top, its parent and child spread far down and up its lanes.
    const layout = { width: 2400, height: 1600 };
    const focus = node(1100, 100);
    const neighbours = [node(800, 900), node(1400, 40)];
    // Centred on the focus alone at FOCUS_ZOOM, the parent at y = 900 would be below the fold.
    expect(inView(neighbours[0]!, fitView(layout, focus, viewport))).toBe(false);
    const v = fitView(layout, focus, viewport, neighbours);
    expect(v.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(v.k).toBeLessThanOrEqual(FOCUS_ZOOM);
    for (const n of [focus, ...neighbours]) expect(inView(n, v)).toBe(true);
  });

  it('keeps the focus in view when its neighbours cannot all be shown readably', () => {
    const layout = { width: 2400, height: 3000 };
    const focus = node(1100, 1400);
    const v = fitView(layout, focus, viewport, [node(1100, 10), node(1100, 2900)]);
    expect(v.k).toBe(READABLE_ZOOM);
    expect(inView(focus, v)).toBe(true);
  });
});

describe('panIntoView', () => {
  const viewport = { width: 900, height: 600 };
  const box = { x: 1000, y: 100, width: 200, height: 34 };

  it('moves a node that is off screen just far enough to show it, margin included, at the same zoom', () => {
    const v = panIntoView({ x: 0, y: 0, k: 0.5 }, box, viewport, 16);
    expect(v.k).toBe(0.5);
    // Its right edge (1200 * 0.5 = 600) was already in view; now its left is too.
    expect(v).toEqual({ x: 0, y: 0, k: 0.5 });
    const far = panIntoView({ x: 0, y: 0, k: 1 }, box, viewport, 16);
    expect(far.x + (box.x + box.width) * far.k).toBe(900 - 16);
    expect(far.y).toBe(0);
    const above = panIntoView({ x: -800, y: -300, k: 1 }, box, viewport, 16);
    expect(above.y + box.y).toBe(16);
  });

  it('keeps a node clear of a band the zoom buttons cover', () => {
    // At the bottom edge of a 600 px graph, under 50 px of buttons: moved up above them.
    const v = panIntoView({ x: -900, y: -100 + 16, k: 1 }, { ...box, y: 650 }, viewport, 16, { bottom: 50 });
    expect(v.y + 650 + box.height).toBe(600 - 50 - 16);
    const top = panIntoView({ x: -900, y: 0, k: 1 }, { ...box, y: 20 }, viewport, 16, { top: 50 });
    expect(top.y + 20).toBe(50 + 16);
  });

  it('leaves a node already in view where it is', () => {
    const v = { x: -700, y: 0, k: 1 };
    expect(panIntoView(v, box, viewport, 16)).toBe(v);
  });
});

describe('pinchView', () => {
  const start = { x: 100, y: 50, k: 0.5 };

  it('zooms by how far the fingers moved apart, keeping the graph point between them under them', () => {
    const v = pinchView(start, [{ x: 200, y: 200 }, { x: 300, y: 200 }], [{ x: 150, y: 220 }, { x: 350, y: 220 }]);
    expect(v.k).toBeCloseTo(1);
    // The graph point under (250, 200) at the start, (300, 300), is under the new middle (250, 220).
    expect(v.x + 300 * v.k).toBeCloseTo(250);
    expect(v.y + 300 * v.k).toBeCloseTo(220);
  });

  it('pans without zooming when the fingers keep their distance, and stops at the zoom limits', () => {
    const pan = pinchView(start, [{ x: 0, y: 0 }, { x: 100, y: 0 }], [{ x: 40, y: 10 }, { x: 140, y: 10 }]);
    expect(pan).toEqual({ k: 0.5, x: 140, y: 60 });
    expect(pinchView(start, [{ x: 0, y: 0 }, { x: 10, y: 0 }], [{ x: 0, y: 0 }, { x: 1000, y: 0 }]).k).toBe(MAX_ZOOM);
  });
});

