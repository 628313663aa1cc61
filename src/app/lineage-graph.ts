import type { graphlib } from '@dagrejs/dagre';
import { LAYERS } from './project-index';
import type { Layer, ProjectIndex } from './project-index';

/**
 * Which part of the DAG the lineage view shows, and where each node goes.
 * Pure functions over the project index, so they are tested in Node; the
 * layout library is passed in because the page loads it lazily.
 */

export type Depth = number | 'all';

export interface LineageView {
  /** Resource id the view is centred on; null shows everything. */
  focus: string | null;
  depth: Depth;
  /** Resources whose direct neighbours are also shown (expanded inline). */
  expanded: string[];
  /** Lanes shown; null shows every lane. */
  layers: Layer[] | null;
  tag: string | null;
}

/**
 * The nodes a view shows: the focus and its neighbours up to the depth
 * (everything at depth 'all'), with a tag every node carrying it (however
 * far from the focus), plus the neighbours of expanded nodes; then the
 * tag and lane filters, which never hide the focus.
 */
export function visibleNodes(index: ProjectIndex, view: LineageView): Set<string> {
  const all = [...index.resources.keys()];
  const focus = view.focus && index.resources.has(view.focus) ? view.focus : null;
  let visible: Set<string>;
  if (!focus || view.depth === 'all') {
    visible = new Set(all);
  } else if (view.tag) {
    visible = new Set([focus, ...all.filter((id) => index.resources.get(id)!.tags.includes(view.tag!))]);
  } else {
    visible = new Set([focus]);
    walk(index, focus, 'parents', view.depth, visible);
    walk(index, focus, 'children', view.depth, visible);
  }
  for (const id of view.expanded) {
    const resource = index.resources.get(id);
    if (!resource) continue;
    visible.add(id);
    for (const next of [...resource.parents, ...resource.children]) visible.add(next);
  }
  return new Set([...visible].filter((id) => id === focus || passesFilters(index, view, id)));
}

/** Whether the view's tag and lane filters let a node be shown. */
function passesFilters(index: ProjectIndex, view: Pick<LineageView, 'tag' | 'layers'>, id: string): boolean {
  const resource = index.resources.get(id)!;
  if (view.tag && !resource.tags.includes(view.tag)) return false;
  if (view.layers && !view.layers.includes(resource.layer)) return false;
  return true;
}

function walk(index: ProjectIndex, from: string, direction: 'parents' | 'children', depth: number, into: Set<string>): void {
  let frontier = [from];
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of index.resources.get(id)?.[direction] ?? []) {
        if (!into.has(neighbour)) {
          into.add(neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
}

/**
 * A visible node's neighbours that are not shown yet but would be if it
 * were expanded, in each direction (neighbours the tag or lane filters hide
 * are not counted: expanding would not show them).
 */
export function hiddenNeighbours(
  index: ProjectIndex,
  visible: Set<string>,
  id: string,
  filters: Pick<LineageView, 'tag' | 'layers'> = { tag: null, layers: null },
): { parents: number; children: number } {
  const resource = index.resources.get(id);
  if (!resource) return { parents: 0, children: 0 };
  const hidden = (n: string) => !visible.has(n) && passesFilters(index, filters, n);
  return { parents: resource.parents.filter(hidden).length, children: resource.children.filter(hidden).length };
}

export interface LayoutNode {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  layer: Layer;
  /** The lane it is drawn in: its own layer, or a later one when it reads from a later layer. */
  lane: Layer;
}

export interface LayoutEdge {
  from: string;
  to: string;
  /** SVG path data. */
  d: string;
}

export interface LayoutLane {
  layer: Layer;
  x: number;
  width: number;
}

export interface LineageLayout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  lanes: LayoutLane[];
  width: number;
  height: number;
}

export interface DagreLike {
  graphlib: { Graph: new (options?: { multigraph?: boolean; compound?: boolean }) => graphlib.Graph };
  layout: (graph: graphlib.Graph) => void;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 34;
const COLUMN_GAP = 56;
/** Vertical space between two nodes of a column (dagre's nodesep). */
const NODE_GAP = 10;
const LANE_GAP = 40;
const LANE_PADDING = 16;
const LANE_HEADER = 36;
const MARGIN = 16;

/** What the layout needs to know: plain data, so it can be sent to the layout worker. */
export interface LayoutInput {
  nodes: { id: string; layer: Layer }[];
  edges: [from: string, to: string][];
}

export function layoutInput(index: ProjectIndex, visible: Set<string>): LayoutInput {
  const ids = [...visible].sort();
  return {
    nodes: ids.map((id) => ({ id, layer: index.resources.get(id)!.layer })),
    edges: ids.flatMap((id) => index.resources.get(id)!.children.filter((child) => visible.has(child)).map((child) => [id, child] as [string, string])),
  };
}

/**
 * Lays the nodes out left to right in layer lanes. dagre orders the nodes
 * to keep edges from crossing (its y positions and ranks are kept); each
 * (lane, rank) pair then becomes a column, so a lane never mixes with its
 * neighbours even where ranks would interleave them. A few hundred nodes
 * take a few hundred milliseconds, so the page runs this in a worker.
 */
export function layoutLineage(dagre: DagreLike, input: LayoutInput): LineageLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: COLUMN_GAP, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of input.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const [from, to] of input.edges) graph.setEdge(from, to);
  if (input.nodes.length > 0) dagre.layout(graph);

  const placed = input.nodes.map(({ id, layer }) => {
    const node = graph.node(id) as { x: number; y: number; rank?: number };
    return { id, layer, lane: LAYERS.indexOf(layer), rank: node.rank ?? Math.round(node.x), cy: node.y };
  });
  // Edges must run left to right: a model that reads a later layer (say an
  // intermediate model over marts) is drawn in that later lane.
  const byId = new Map(placed.map((p) => [p.id, p]));
  const parents = new Map<string, string[]>();
  for (const [from, to] of input.edges) parents.set(to, [...(parents.get(to) ?? []), from]);
  const inRankOrder = [...placed].sort((a, b) => a.rank - b.rank);
  for (const p of inRankOrder) {
    for (const parent of parents.get(p.id) ?? []) p.lane = Math.max(p.lane, byId.get(parent)!.lane);
  }
  // Within a lane a node goes one column right of its latest parent in that
  // lane, so a lane is as wide as its longest chain: dagre's ranks would give
  // the sources one column for each rank their readers sit at.
  const column = new Map<string, number>();
  for (const p of inRankOrder) {
    let c = 0;
    for (const parent of parents.get(p.id) ?? []) {
      const q = byId.get(parent)!;
      if (q.lane === p.lane) c = Math.max(c, column.get(q.id)! + 1);
    }
    column.set(p.id, c);
  }
  const keyOf = (p: (typeof placed)[number]) => `${p.lane}:${column.get(p.id)!}`;
  // Nodes merged into one column keep dagre's vertical order, pushed down where they would overlap.
  const centre = new Map<string, number>();
  const byColumn = new Map<string, typeof placed>();
  for (const p of placed) byColumn.set(keyOf(p), [...(byColumn.get(keyOf(p)) ?? []), p]);
  for (const members of byColumn.values()) {
    let floor = -Infinity;
    for (const p of members.sort((a, b) => a.cy - b.cy)) {
      const cy = Math.max(p.cy, floor);
      centre.set(p.id, cy);
      floor = cy + NODE_HEIGHT + NODE_GAP;
    }
  }

  const columns = [...new Set(placed.map(keyOf))]
    .map((key) => key.split(':').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const columnX = new Map<string, number>();
  const lanes: LayoutLane[] = [];
  let x = MARGIN;
  let lane: LayoutLane | null = null;
  for (const [laneIndex, rank] of columns) {
    const layer = LAYERS[laneIndex]!;
    if (!lane || lane.layer !== layer) {
      if (lane) x = lane.x + lane.width + LANE_GAP;
      lane = { layer, x, width: 0 };
      lanes.push(lane);
      x += LANE_PADDING;
    } else {
      x += NODE_WIDTH + COLUMN_GAP;
    }
    columnX.set(`${laneIndex}:${rank}`, x);
    lane.width = x + NODE_WIDTH + LANE_PADDING - lane.x;
  }

  const top = Math.min(...placed.map((p) => centre.get(p.id)! - NODE_HEIGHT / 2), 0);
  const nodes: LayoutNode[] = placed.map((p) => ({
    id: p.id,
    x: columnX.get(keyOf(p))!,
    y: centre.get(p.id)! - NODE_HEIGHT / 2 - top + LANE_HEADER + MARGIN,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    layer: p.layer,
    lane: LAYERS[p.lane]!,
  }));
  // Drawn (and reached with Tab) column by column, left to right, top to bottom.
  nodes.sort((a, b) => a.x - b.x || a.y - b.y);
  const laidOut = new Map(nodes.map((n) => [n.id, n]));
  const layoutEdges = input.edges.map(([from, to]) => ({ from, to, d: edgePath(laidOut.get(from)!, laidOut.get(to)!) }));
  const width = lanes.length ? lanes[lanes.length - 1]!.x + lanes[lanes.length - 1]!.width + MARGIN : 2 * MARGIN;
  const height = Math.max(...nodes.map((n) => n.y + n.height), LANE_HEADER) + MARGIN * 2;
  return { nodes, edges: layoutEdges, lanes, width, height };
}

/** A curve from the right edge of one node to the left edge of the next. */
function edgePath(from: LayoutNode, to: LayoutNode): string {
  const x1 = from.x + from.width;
  const y1 = from.y + from.height / 2;
  const x2 = to.x;
  const y2 = to.y + to.height / 2;
  const bend = Math.max(Math.abs(x2 - x1) / 2, 40);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

/** A pan and zoom: screen = graph * k + (x, y). */
export interface GraphView {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2.5;
/** Below this zoom a whole-graph fit is unreadable, so the view shows the focus at FOCUS_ZOOM instead. */
export const READABLE_ZOOM = 0.55;
export const FOCUS_ZOOM = 0.8;

type Box = Pick<LayoutNode, 'x' | 'y' | 'width' | 'height'>;

/**
 * The view that opens a layout in a viewport: the whole graph when it fits
 * at a readable zoom; otherwise the focus and its direct neighbours, zoomed
 * out as far as still readable to show them all (when even that cannot, the
 * focus at the smallest readable zoom, with as many of them as fit), centred where it can be, with the view
 * pushed back inside the graph so no side shows empty space while the graph
 * goes on past the other side (a focus at the end of the graph sits near
 * that edge, and the rest of the viewport shows its neighbours).
 */
export function fitView(
  layout: Pick<LineageLayout, 'width' | 'height'>,
  focus: Box | undefined,
  viewport: { width: number; height: number },
  neighbours: readonly Box[] = [],
): GraphView {
  const { width, height } = viewport;
  const k = clamp(Math.min(width / layout.width, height / layout.height, 1.2), MIN_ZOOM, MAX_ZOOM);
  if (k >= READABLE_ZOOM || !focus) {
    return { k, x: (width - layout.width * k) / 2, y: Math.max(0, (height - layout.height * k) / 2) };
  }
  const group = [focus, ...neighbours];
  const left = Math.min(...group.map((n) => n.x)) - GROUP_MARGIN;
  const right = Math.max(...group.map((n) => n.x + n.width)) + GROUP_MARGIN;
  const top = Math.min(...group.map((n) => n.y)) - GROUP_MARGIN;
  const bottom = Math.max(...group.map((n) => n.y + n.height)) + GROUP_MARGIN;
  const needed = Math.min(width / (right - left), height / (bottom - top));
  const together = needed >= READABLE_ZOOM;
  const z = together ? Math.min(FOCUS_ZOOM, needed) : READABLE_ZOOM;
  const centre = together ? { x: (left + right) / 2, y: (top + bottom) / 2 } : { x: focus.x + focus.width / 2, y: focus.y + focus.height / 2 };
  const axis = (size: number, extent: number, middle: number): number => {
    if (extent * z <= size) return (size - extent * z) / 2;
    return clamp(size / 2 - middle * z, size - extent * z, 0);
  };
  return { k: z, x: axis(width, layout.width, centre.x), y: axis(height, layout.height, centre.y) };
}

/** Room kept around the focus and its neighbours when they are fitted (the expand handles reach 19 px out). */
const GROUP_MARGIN = 24;

/**
 * The view moved just enough to show a box whole, `margin` px inside the
 * viewport, at the same zoom (the same view when it is already shown): a
 * node reached with Tab is brought into view.
 */
export function panIntoView(
  view: GraphView,
  box: Box,
  viewport: { width: number; height: number },
  margin = GROUP_MARGIN,
  /** Bands at the top and bottom covered by controls (the zoom buttons), in px. */
  covered: { top?: number; bottom?: number } = {},
): GraphView {
  const axis = (offset: number, start: number, size: number, low: number, high: number): number => {
    const from = offset + start * view.k;
    const to = offset + (start + size) * view.k;
    if (from < low + margin) return offset + (low + margin - from);
    if (to > high - margin) return offset - Math.min(to - (high - margin), from - (low + margin));
    return offset;
  };
  const x = axis(view.x, box.x, box.width, 0, viewport.width);
  const y = axis(view.y, box.y, box.height, covered.top ?? 0, viewport.height - (covered.bottom ?? 0));
  return x === view.x && y === view.y ? view : { k: view.k, x, y };
}

type Point = { x: number; y: number };

/**
 * The view during a two-finger pinch: zoomed by how far the fingers moved
 * apart (within MIN_ZOOM..MAX_ZOOM), and panned so the point of the graph
 * that was between them at the start stays between them.
 */
export function pinchView(start: GraphView, from: readonly [Point, Point], to: readonly [Point, Point]): GraphView {
  const distance = (p: readonly [Point, Point]) => Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  const middle = (p: readonly [Point, Point]) => ({ x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 });
  const k = clamp(start.k * (distance(to) / Math.max(1, distance(from))), MIN_ZOOM, MAX_ZOOM);
  const before = middle(from);
  const after = middle(to);
  // The graph point under the fingers' first middle.
  const gx = (before.x - start.x) / start.k;
  const gy = (before.y - start.y) / start.k;
  return { k, x: after.x - gx * k, y: after.y - gy * k };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
