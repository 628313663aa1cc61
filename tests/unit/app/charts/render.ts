import { View, logger as vegaLogger, parse } from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from '../../../../src/app/charts/base';

/**
 * Draws a spec the way the page does, minus the DOM: vega-lite compiles it
 * (collecting every warning), vega runs it headless, and the scenegraph is
 * searched for marks. Without a container, `width: 'container'` falls back
 * to vega-lite's default width.
 */
export interface Drawn {
  warnings: string[];
  view: View;
  /** Items drawn by marks of a type (`rect`, `line`, `area`, `symbol`, `rule`, `text`), axes and legends excluded. */
  marks(type: string): MarkItem[];
  svg: string;
}

export interface MarkItem {
  /** The vega mark's name: `<layer name>_marks` for a named vega-lite layer. */
  markName?: string;
  datum: Record<string, unknown>;
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  width?: number;
  height?: number;
  fill?: string;
  stroke?: string;
}

export async function draw(spec: ChartSpec, signals: Record<string, unknown> = {}): Promise<Drawn> {
  const warnings: string[] = [];
  const logger = vegaLogger();
  logger.warn = (...args: readonly unknown[]) => {
    const message = args.map(String).join(' ');
    // Container-sized charts listen to window resizes; Node has no window, the page does.
    if (message !== 'Can not resolve event source: window') warnings.push(message);
    return logger;
  };
  const { spec: vg } = compile(spec, { logger });
  const view = new View(parse(vg), { renderer: 'none', logger });
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  await view.runAsync();
  const svg = await view.toSVG();
  return {
    warnings,
    view,
    svg,
    // vega's typings describe a scene item, not the scenegraph with its `root`.
    marks: (type) => collect((view.scenegraph() as unknown as { root: SceneNode }).root, type),
  };
}

interface SceneNode {
  name?: string;
  marktype?: string;
  role?: string;
  items?: SceneNode[];
  datum?: Record<string, unknown>;
  x?: number;
  y?: number;
}

/**
 * Walks marks and their items. Positions are made absolute: vega places
 * items relative to their group (vega-lite wraps bars with rounded ends in
 * one), so each group item's offset is added on the way down.
 */
function collect(node: SceneNode, type: string, dx = 0, dy = 0, out: MarkItem[] = []): MarkItem[] {
  if (node.marktype === undefined) {
    for (const child of node.items ?? []) collect(child, type, dx, dy, out);
    return out;
  }
  if (node.role !== undefined && /axis|legend|title/.test(node.role)) return out;
  if (node.marktype === type && node.role === 'mark') {
    for (const item of node.items ?? []) {
      const copy = { ...(item as unknown as MarkItem), markName: node.name };
      copy.x = (item.x ?? 0) + dx;
      copy.y = (item.y ?? 0) + dy;
      out.push(copy);
    }
    return out;
  }
  if (node.marktype === 'group') {
    for (const item of node.items ?? []) collect(item, type, dx + (item.x ?? 0), dy + (item.y ?? 0), out);
  }
  return out;
}
