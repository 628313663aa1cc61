import { LitElement, css, html, nothing, svg } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LAYER_LABELS } from './project-index';
import type { ProjectIndex, Resource } from './project-index';
import { MAX_ZOOM, MIN_ZOOM, clamp, fitView, panIntoView, pinchView } from './lineage-graph';
import type { GraphView, LayoutNode, LineageLayout } from './lineage-graph';
import { layerColor, sharedStyles, statusColor } from './styles';

const LABEL_CHARS = 25;

/**
 * The lineage DAG as SVG: lanes, nodes coloured by layer (left bar) and by
 * test status (border), and edges; pans with a drag, zooms with the wheel or
 * the buttons; "Export SVG" downloads it. Nodes are focusable; Enter or a
 * click activates one, and the `+` handles expand hidden neighbours.
 *
 * @fires node-activate - detail `{id}`: a node was clicked or chosen with the keyboard
 * @fires node-expand - detail `{id}`: show a node's hidden neighbours
 */
export class WhLineageGraph extends LitElement {
  static override properties = {
    layout: { attribute: false },
    index: { attribute: false },
    focusId: { attribute: false },
    highlight: { attribute: false },
    hiddenCounts: { attribute: false },
    _view: { state: true },
  };

  declare layout: LineageLayout | null;
  declare index: ProjectIndex | null;
  /** The focused node, drawn emphasised with its edges. */
  declare focusId: string | null;
  /** Nodes matching the name filter; others are dimmed. Null dims nothing. */
  declare highlight: Set<string> | null;
  /** Hidden upstream/downstream neighbour counts per visible node. */
  declare hiddenCounts: Map<string, { parents: number; children: number }>;
  declare private _view: GraphView;

  private _drag: { x: number; y: number; view: GraphView; moved: boolean } | null = null;
  /** Pointers down on the graph, in its own coordinates: two make a pinch. */
  private readonly _pointers = new Map<number, { x: number; y: number }>();
  private _pinch: { view: GraphView; from: [{ x: number; y: number }, { x: number; y: number }] } | null = null;
  private _fittedFor: LineageLayout | null = null;
  /** The node just expanded and where it was on screen, kept there in the next layout. */
  private _anchor: { id: string; screenX: number; screenY: number; keyboard: boolean } | null = null;

  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
        overflow: hidden;
        touch-action: none;
      }
      svg {
        display: block;
        width: 100%;
        height: 100%;
        cursor: grab;
        user-select: none;
      }
      svg.dragging {
        cursor: grabbing;
      }
      .node {
        cursor: pointer;
      }
      .node:focus {
        outline: none;
      }
      .node:focus-visible .box {
        stroke: var(--accent) !important;
        stroke-width: 3 !important;
      }
      .node.dim {
        opacity: 0.3;
      }
      .label {
        font: 12px var(--font);
        fill: var(--text);
      }
      .lane-label {
        font: 600 12px var(--font);
        fill: var(--muted);
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .edge {
        fill: none;
        stroke: var(--border);
        stroke-width: 1.4;
      }
      .edge.hot {
        stroke: var(--accent);
        stroke-width: 2;
      }
      .expand {
        cursor: pointer;
      }
      .expand text {
        font: 600 10px var(--font);
        fill: var(--on-accent);
      }
      .zoom {
        position: absolute;
        right: 0.5rem;
        bottom: 0.5rem;
        display: flex;
        gap: 0.25rem;
      }
      .zoom button {
        min-width: 2.25rem;
        justify-content: center;
        background: var(--surface);
      }
      /* On a narrow screen the graph runs past the fold: its buttons go to its top, seen as soon as it is. */
      @media (max-width: 900px) {
        .zoom {
          top: 0.5rem;
          bottom: auto;
        }
      }
      /* On a touch screen one finger scrolls the page up and down; a sideways drag pans the graph, two fingers pan and zoom it. */
      @media (pointer: coarse) {
        :host {
          touch-action: pan-y;
        }
      }
    `,
  ];

  constructor() {
    super();
    this.layout = null;
    this.index = null;
    this.focusId = null;
    this.highlight = null;
    this.hiddenCounts = new Map();
    this._view = { x: 0, y: 0, k: 1 };
  }

  override render() {
    const layout = this.layout;
    const index = this.index;
    if (!layout || !index) return nothing;
    const { x, y, k } = this._view;
    return html`<svg
        role="group"
        aria-label="Lineage graph, ${layout.nodes.length} nodes"
        @pointerdown=${this._onPointerDown}
        @pointermove=${this._onPointerMove}
        @pointerup=${this._onPointerUp}
        @pointercancel=${this._onPointerUp}
        @wheel=${this._onWheel}
        @focusin=${this._onFocusIn}
      >
        <g transform="translate(${x} ${y}) scale(${k})">
          ${layout.lanes.map(
            (lane) => svg`<g>
              <rect x=${lane.x} y="0" width=${lane.width} height=${layout.height} rx="8" style="fill: var(--surface-2); opacity: .6"></rect>
              <text class="lane-label" x=${lane.x + 12} y="22">${LAYER_LABELS[lane.layer]}</text>
            </g>`,
          )}
          ${layout.edges.map((e) => {
            const hot = e.from === this.focusId || e.to === this.focusId;
            return svg`<path class="edge ${hot ? 'hot' : ''}" d=${e.d} style=${hot ? 'stroke: var(--accent)' : 'stroke: var(--border)'}></path>`;
          })}
          ${repeat(
            layout.nodes,
            (n) => n.id,
            (n) => this._renderNode(n, index.resources.get(n.id)!),
          )}
        </g>
        ${
          // Scrolled below the lanes' own names, the names stay along the top of the view.
          y + 30 * k < 0
            ? svg`<g class="pinned-lanes" aria-hidden="true">
                <rect x="0" y="0" width="100%" height="26" style="fill: var(--surface); opacity: .85"></rect>
                ${layout.lanes
                  // A lane scrolled off to the left has no name; the one cut by the left edge keeps its name at the edge.
                  .filter((lane) => x + (lane.x + lane.width) * k > 80)
                  .map((lane) => svg`<text class="lane-label" x=${Math.max(6, x + (lane.x + 12) * k)} y="17">${LAYER_LABELS[lane.layer]}</text>`)}
              </g>`
            : nothing
        }
      </svg>
      <div class="zoom">
        <button type="button" @click=${() => this._zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" @click=${() => this._zoomBy(0.8)} aria-label="Zoom out">−</button>
        <button type="button" @click=${() => this.fit({ whole: true })} aria-label="Fit the whole graph">Fit</button>
        <button type="button" @click=${this._onExport}>Export SVG</button>
      </div>`;
  }

  private _renderNode(node: LayoutNode, resource: Resource) {
    const focused = node.id === this.focusId;
    const dim = this.highlight !== null && !this.highlight.has(node.id);
    const hidden = this.hiddenCounts.get(node.id);
    const label = resource.name.length > LABEL_CHARS ? `${resource.name.slice(0, LABEL_CHARS - 1)}…` : resource.name;
    const health = resource.health === 'untested' ? 'untested' : resource.health;
    const testsWord = health === 'untested' ? 'no tests' : `tests ${health}`;
    return svg`<g
      class="node ${dim ? 'dim' : ''}"
      data-id=${node.id}
      data-name=${resource.name}
      data-focused=${focused ? 'true' : 'false'}
      transform="translate(${node.x} ${node.y})"
      tabindex="0"
      role="button"
      aria-label="${resource.type} ${resource.name}, ${LAYER_LABELS[resource.layer]}, ${testsWord}${focused ? ', focused' : ''}"
      @click=${(e: Event) => this._onNodeClick(e, node.id)}
      @keydown=${(e: KeyboardEvent) => this._onNodeKey(e, node.id)}
    >
      <title>${resource.name} (${resource.type}, ${testsWord})</title>
      <rect class="box" width=${node.width} height=${node.height} rx="6"
        style="fill: var(--surface); stroke: ${focused ? 'var(--accent)' : statusColor(health)}; stroke-width: ${focused ? 3 : 1.5}"></rect>
      <rect width="6" height=${node.height} rx="3" style="fill: ${layerColor(resource.layer)}"></rect>
      <text class="label" x="14" y=${node.height / 2 + 4} style="font-weight: ${focused ? 700 : 400}">${label}</text>
      <circle cx=${node.width - 12} cy=${node.height / 2} r="4.5" style="fill: ${statusColor(health)}"></circle>
      ${hidden?.parents ? this._renderExpand(node, -10, hidden.parents, 'upstream') : nothing}
      ${hidden?.children ? this._renderExpand(node, node.width + 10, hidden.children, 'downstream') : nothing}
    </g>`;
  }

  private _renderExpand(node: LayoutNode, cx: number, count: number, direction: string) {
    return svg`<g class="expand" data-expand=${direction}
      @click=${(e: Event) => this._onExpand(e, node.id)}
      @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && this._onExpand(e, node.id)}
      tabindex="0" role="button" aria-label="Show ${count} hidden ${direction} ${count === 1 ? 'node' : 'nodes'}">
      <circle cx=${cx} cy=${node.height / 2} r="9" style="fill: var(--accent)"></circle>
      <text x=${cx} y=${node.height / 2 + 3.5} text-anchor="middle">+${count > 9 ? '' : count}</text>
    </g>`;
  }

  override updated(): void {
    const layout = this.layout;
    if (!layout || this._fittedFor === layout) return;
    this._fittedFor = layout;
    // After an expansion the expanded node stays where it was on screen, and keeps the keyboard focus.
    const anchor = this._anchor;
    this._anchor = null;
    const moved = anchor ? layout.nodes.find((n) => n.id === anchor.id) : undefined;
    if (anchor && moved) {
      const { k } = this._view;
      this._view = { k, x: anchor.screenX - moved.x * k, y: anchor.screenY - moved.y * k };
      if (anchor.keyboard) {
        void this.updateComplete.then(() => this.renderRoot.querySelector<SVGGElement>(`g.node[data-id="${CSS.escape(anchor.id)}"]`)?.focus());
      }
      return;
    }
    this.fit({ whole: false });
  }

  /**
   * Fits the whole graph (the Fit button), or on opening shows the focus
   * when a fit would be too small to read (`fitView`).
   */
  fit(options: { whole: boolean } = { whole: true }): void {
    const layout = this.layout;
    if (!layout) return;
    const { width, height } = this.getBoundingClientRect();
    if (width === 0 || height === 0) return;
    const focus = options.whole ? undefined : layout.nodes.find((n) => n.id === this.focusId);
    const near = new Set(layout.edges.filter((e) => e.from === focus?.id || e.to === focus?.id).flatMap((e) => [e.from, e.to]));
    this._view = fitView(layout, focus, { width, height }, focus ? layout.nodes.filter((n) => n.id !== focus.id && near.has(n.id)) : []);
  }

  /** The whole graph as a standalone SVG document, colours resolved so it renders anywhere. */
  exportSvg(): string {
    const layout = this.layout;
    const source = this.renderRoot.querySelector('svg');
    if (!layout || !source) throw new Error('The lineage graph has not been drawn yet.');
    const copy = source.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    copy.setAttribute('width', String(layout.width));
    copy.setAttribute('height', String(layout.height));
    copy.querySelector(':scope > g')?.setAttribute('transform', '');
    const computed = getComputedStyle(this);
    const resolve = (value: string) => value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => computed.getPropertyValue(name).trim() || '#888');
    for (const element of copy.querySelectorAll('[style]')) element.setAttribute('style', resolve(element.getAttribute('style')!));
    for (const element of copy.querySelectorAll('.expand, .pinned-lanes')) element.remove();
    const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = resolve(
      `.label{font:12px sans-serif;fill:var(--text)} .lane-label{font:600 12px sans-serif;fill:var(--muted);text-transform:uppercase} .edge{fill:none;stroke-width:1.4}`,
    );
    copy.prepend(style);
    return new XMLSerializer().serializeToString(copy);
  }

  private _onExport(): void {
    const url = URL.createObjectURL(new Blob([this.exportSvg()], { type: 'image/svg+xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'lineage.svg';
    link.click();
    // Some browsers read the blob after click() returns; give them time before freeing it.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }

  private _zoomBy(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.getBoundingClientRect();
    const point = at ?? { x: width / 2, y: height / 2 };
    const { x, y, k } = this._view;
    const next = clamp(k * factor, MIN_ZOOM, MAX_ZOOM);
    const ratio = next / k;
    this._view = { k: next, x: point.x - (point.x - x) * ratio, y: point.y - (point.y - y) * ratio };
  }

  private _onWheel(event: WheelEvent): void {
    event.preventDefault();
    const box = this.getBoundingClientRect();
    this._zoomBy(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - box.left, y: event.clientY - box.top });
  }

  private _local(event: PointerEvent): { x: number; y: number } {
    const box = this.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private _onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this._pointers.set(event.pointerId, this._local(event));
    if (this._pointers.size === 2) {
      // A second finger: the drag becomes a pinch, which zooms where the fingers are.
      const [a, b] = [...this._pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      this._pinch = { view: this._view, from: [a, b] };
      if (this._drag) this._drag.moved = true;
      return;
    }
    this._drag = { x: event.clientX, y: event.clientY, view: this._view, moved: false };
  }

  private _onPointerMove(event: PointerEvent): void {
    if (this._pointers.has(event.pointerId)) this._pointers.set(event.pointerId, this._local(event));
    const pinch = this._pinch;
    if (pinch && this._pointers.size >= 2) {
      const [a, b] = [...this._pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      this._view = pinchView(pinch.view, pinch.from, [a, b]);
      return;
    }
    const drag = this._drag;
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      (event.currentTarget as Element).setPointerCapture(event.pointerId);
      (event.currentTarget as Element).classList.add('dragging');
    }
    this._view = { ...drag.view, x: drag.view.x + dx, y: drag.view.y + dy };
  }

  private _onPointerUp(event: PointerEvent): void {
    this._pointers.delete(event.pointerId);
    if (this._pinch) {
      // The pinch ends with either finger; the one left does not drag (it would jump back to where the drag began).
      this._pinch = null;
      this._drag = null;
      (event.currentTarget as Element).classList.remove('dragging');
      return;
    }
    const target = event.currentTarget as Element;
    target.classList.remove('dragging');
    if (target.hasPointerCapture(event.pointerId)) target.releasePointerCapture(event.pointerId);
    // A drag that ended on a node is not a click on it.
    if (this._drag?.moved) setTimeout(() => (this._drag = null));
    else this._drag = null;
  }

  /** A node reached with the keyboard comes into view (a click's target already is, and must not move under the pointer). */
  private _onFocusIn(event: FocusEvent): void {
    const target = event.target as Element;
    const id = target.closest('g.node')?.getAttribute('data-id');
    const node = id ? this.layout?.nodes.find((n) => n.id === id) : undefined;
    if (!node || !target.matches(':focus-visible')) return;
    const host = this.getBoundingClientRect();
    // The zoom buttons cover a band at the bottom (at the top on narrow screens): a node is brought clear of it.
    const bar = this.renderRoot.querySelector('.zoom')?.getBoundingClientRect();
    const covered = !bar ? {} : bar.top - host.top < host.height / 2 ? { top: bar.bottom - host.top } : { bottom: host.bottom - bar.top };
    this._view = panIntoView(this._view, node, { width: host.width, height: host.height }, undefined, covered);
  }

  private _onNodeClick(event: Event, id: string): void {
    if (this._drag?.moved) return;
    event.stopPropagation();
    this.dispatchEvent(new CustomEvent('node-activate', { detail: { id }, bubbles: true, composed: true }));
  }

  private _onNodeKey(event: KeyboardEvent, id: string): void {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('node-activate', { detail: { id }, bubbles: true, composed: true }));
    }
  }

  private _onExpand(event: Event, id: string): void {
    event.preventDefault();
    event.stopPropagation();
    const node = this.layout?.nodes.find((n) => n.id === id);
    if (node) {
      const { x, y, k } = this._view;
      this._anchor = { id, screenX: x + node.x * k, screenY: y + node.y * k, keyboard: event instanceof KeyboardEvent };
    }
    this.dispatchEvent(new CustomEvent('node-expand', { detail: { id }, bubbles: true, composed: true }));
  }
}

customElements.define('wh-lineage-graph', WhLineageGraph);

declare global {
  interface HTMLElementTagNameMap {
    'wh-lineage-graph': WhLineageGraph;
  }
}
