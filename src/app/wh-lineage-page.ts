import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { breakable, inlineCode } from './inline-text';
import { formatCount, plural } from './format';
import { hiddenNeighbours, layoutInput, visibleNodes } from './lineage-graph';
import type { Depth, LineageLayout, LineageView } from './lineage-graph';
import { consoleHref, modelHref } from './links';
import { LAYER_LABELS, LAYERS, shortId } from './project-index';
import type { Layer, ProjectIndex, Resource } from './project-index';
import { navigate, replaceHash } from './hash-location';
import type { RouteMatch } from './router';
import { layerColor, sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import './wh-lineage-graph';
import './wh-status-badge';

const DEPTHS: Depth[] = [1, 2, 3, 'all'];
/** Layouts kept for quick back-and-forth between views. */
const LAYOUT_CACHE = 12;

/**
 * The lineage view: the DAG in source -> staging -> intermediate -> marts
 * lanes, opened on one node and its neighbours. Focus, depth, tag, lanes
 * and expansions live in the URL (`#/lineage?focus=model.fct_mrr&depth=1&expand=model.dim_accounts`),
 * so a shared link shows the same graph; a click focuses a node, the `+`
 * handles expand hidden neighbours in place.
 */
export class WhLineagePage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _filter: { state: true },
  };

  declare route: RouteMatch;
  declare private _filter: string;

  private readonly _warehouse = new WarehouseController(this);
  private readonly _layouts = new Map<string, LineageLayout>();
  private _visible = new Set<string>();
  private _visibleKey = '';

  private readonly _layout = new Task(this, {
    task: async ([key]: readonly [string]) => {
      const index = this._warehouse.index;
      if (!index) return null;
      const cached = this._layouts.get(key);
      if (cached) return { key, layout: cached };
      const started = performance.now();
      const { layoutInWorker } = await import('./lineage-layout');
      const layout = await layoutInWorker(layoutInput(index, this._visible));
      performance.measure('wh:lineage-layout', { start: started, end: performance.now() });
      if (this._layouts.size >= LAYOUT_CACHE) this._layouts.delete(this._layouts.keys().next().value!);
      this._layouts.set(key, layout);
      return { key, layout };
    },
    args: () => [this._visibleKey] as const,
  });

  static override styles = [
    sharedStyles,
    css`
      .page {
        max-width: none;
        padding-bottom: 1rem;
      }
      .warning {
        border-color: var(--warn);
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
        margin: 0.5rem 0 0.75rem;
      }
      .toolbar label {
        display: grid;
        gap: 0.15rem;
        font-size: 0.8rem;
        color: var(--muted);
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.15rem 0.6rem;
        font-size: 0.85rem;
      }
      legend {
        font-size: 0.8rem;
        color: var(--muted);
        padding: 0;
        margin-bottom: 0.15rem;
      }
      .toolbar fieldset label {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        color: var(--text);
        font-size: 0.85rem;
      }
      .body {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 19rem;
        gap: 1rem;
      }
      wh-lineage-graph {
        /* The page above the graph (header, title, toolbar) is about 15rem on a wide screen, 18rem where the lanes wrap: the zoom buttons stay above the fold. */
        height: max(22rem, calc(100vh - 19rem));
      }
      aside {
        align-self: start;
      }
      aside h2 {
        margin-top: 0;
        overflow-wrap: anywhere;
      }
      aside .desc {
        font-size: 0.9rem;
        display: -webkit-box;
        -webkit-line-clamp: 6;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      aside .links {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        font-size: 0.8rem;
        color: var(--muted);
        margin-top: 0.5rem;
      }
      .coarse-pointer {
        display: none;
      }
      @media (pointer: coarse) {
        .fine-pointer {
          display: none;
        }
        .coarse-pointer {
          display: inline;
        }
      }
      @media (max-width: 900px) {
        .body {
          grid-template-columns: minmax(0, 1fr);
        }
        wh-lineage-graph {
          height: 65vh;
        }
      }
    `,
  ];

  constructor() {
    super();
    this._filter = '';
  }

  override willUpdate(): void {
    const index = this._warehouse.index;
    if (!index) return;
    this._visible = visibleNodes(index, this._viewFor(index));
    this._visibleKey = [...this._visible].sort().join('|');
  }

  override render() {
    const index = this._warehouse.index;
    if (!index) return nothing;
    const view = this._viewFor(index);
    const focus = view.focus ? index.resources.get(view.focus) : undefined;
    const visible = this._visible;
    // While a new layout is computed the previous one stays on screen.
    const layout = this._layout.value?.layout ?? null;
    const laidOut = this._layout.value?.key === this._visibleKey;
    const hidden = new Map([...visible].map((id) => [id, hiddenNeighbours(index, visible, id, view)]));
    const needle = this._filter.trim().toLowerCase();
    const highlight = needle ? new Set([...visible].filter((id) => index.resources.get(id)!.name.toLowerCase().includes(needle))) : null;

    const asked = this.route?.query.get('focus');
    const unknown = asked && !index.find(asked) ? asked : null;
    return html`<div class="page">
      <h1>Lineage</h1>
      ${unknown
        ? html`<p class="card warning" role="alert" data-unknown-focus>
            No node is called <code>${unknown}</code>${focus ? html`: showing <strong>${focus.name}</strong> instead` : nothing}. Find one by name below.
          </p>`
        : nothing}
      <form class="toolbar" @submit=${(e: Event) => this._onFind(e, index)}>
        <label
          >Find a node
          <input
            type="search"
            list="lineage-names"
            placeholder="name, then Enter"
            .value=${this._filter}
            @input=${(e: Event) => (this._filter = (e.target as HTMLInputElement).value)}
            @change=${(e: Event) => this._onPick(e, index)}
          />
          <datalist id="lineage-names">${[...index.resources.values()].map((r) => html`<option value=${r.name}></option>`)}</datalist>
        </label>
        <label
          >Depth
          <select @change=${(e: Event) => this._setQuery({ depth: (e.target as HTMLSelectElement).value })} aria-label="Depth around the focus">
            ${DEPTHS.map((d) => html`<option value=${d} ?selected=${d === view.depth}>${d === 'all' ? 'Everything' : `${d} ${d === 1 ? 'step' : 'steps'}`}</option>`)}
          </select>
        </label>
        <label
          >Tag
          <select @change=${(e: Event) => this._setQuery({ tag: (e.target as HTMLSelectElement).value })}>
            <option value="" ?selected=${!view.tag}>Any tag</option>
            ${index.tags.map((t) => html`<option value=${t} ?selected=${t === view.tag}>${t}</option>`)}
          </select>
        </label>
        <fieldset>
          <legend>Lanes</legend>
          ${usedLayers(index).map(
            (layer, _, used) => {
              const shown = (l: Layer) => !view.layers || view.layers.includes(l);
              // The one lane left shown cannot be hidden: an empty graph says nothing.
              const last = shown(layer) && used.filter(shown).length === 1;
              return html`<label title=${last ? 'At least one lane stays shown' : nothing}
              ><input type="checkbox" .checked=${live(shown(layer))} ?disabled=${last} @change=${(e: Event) => this._toggleLayer(layer, (e.target as HTMLInputElement).checked, view, index)} /><span
                class="layer-dot"
                style="background:${layerColor(layer)}"
              ></span
              >${LAYER_LABELS[layer]}</label
            >`;
            },
          )}
        </fieldset>
      </form>
      <div class="body">
        <div aria-busy=${laidOut ? 'false' : 'true'}>
          ${layout
            ? html`<wh-lineage-graph
                .layout=${layout}
                .index=${index}
                .focusId=${view.focus}
                .highlight=${highlight}
                .hiddenCounts=${hidden}
                @node-activate=${(e: CustomEvent<{ id: string }>) => this._focus(e.detail.id)}
                @node-expand=${(e: CustomEvent<{ id: string }>) => this._expand(e.detail.id, view)}
              ></wh-lineage-graph>`
            : nothing}
          <p class="legend" role="status">
            <span>${laidOut ? html`${plural(visible.size, 'node')} of ${formatCount(index.resources.size)} shown` : html`Laying out ${plural(visible.size, 'node')}…`}</span>
            <span>Border and dot: test status</span><span>Left bar: layer (a model that reads a later layer is drawn in that layer's lane)</span><span class="fine-pointer">Drag to pan; wheel, pinch or buttons to zoom</span
            ><span class="coarse-pointer">Drag sideways or with two fingers to pan; pinch or buttons to zoom</span>
          </p>
        </div>
        ${focus ? this._renderFocus(focus) : nothing}
      </div>
    </div>`;
  }

  private _renderFocus(resource: Resource) {
    return html`<aside class="card" aria-label="Focused node">
      <div class="muted"><span class="layer-dot" style="background:${layerColor(resource.layer)}"></span>${LAYER_LABELS[resource.layer]} · ${resource.type}</div>
      <h2>${breakable(resource.name)}</h2>
      ${resource.tests.length ? html`<p><wh-status-badge status=${resource.health}></wh-status-badge> ${plural(resource.tests.length, 'test')}</p>` : nothing}
      <p class="desc">${resource.description ? inlineCode(resource.description) : html`<span class="muted">No description.</span>`}</p>
      <p class="muted">${plural(resource.parents.length, 'parent')}, ${plural(resource.children.length, 'child', 'children')}</p>
      <div class="links">
        <a class="button primary" href=${modelHref(resource.key)}>Open ${resource.type} page</a>
        ${resource.relation ? html`<a class="button" href=${consoleHref(`select *\nfrom ${resource.relation}\nlimit 100`)}>Query</a>` : nothing}
      </div>
    </aside>`;
  }

  /** The view the URL describes, with a sensible focus when it names none. */
  private _viewFor(index: ProjectIndex): LineageView {
    const query = this.route?.query ?? new URLSearchParams();
    const focusRef = query.get('focus');
    const focus = (focusRef && index.find(focusRef)?.id) || (defaultFocus(index)?.id ?? null);
    const depthParam = query.get('depth');
    const depth: Depth = depthParam === 'all' ? 'all' : Math.max(1, Math.min(10, Number(depthParam) || 1));
    const layersParam = query.get('layers');
    const layers = layersParam ? (layersParam.split(',').filter((l) => (LAYERS as readonly string[]).includes(l)) as Layer[]) : null;
    // Expansions name nodes by their short ids; one the project no longer has is left out.
    const expanded = (query.get('expand') ?? '')
      .split(',')
      .map((ref) => (ref ? index.find(ref)?.id : undefined))
      .filter((id): id is string => id !== undefined);
    return { focus, depth, expanded, layers, tag: query.get('tag') || null };
  }

  /**
   * Refocuses with a new history entry (Back returns to the previous focus),
   * keeping depth and filters. Expansions belong to one focus: a new focus
   * starts from its own neighbourhood.
   */
  private _focus(id: string): void {
    const query = new URLSearchParams(this.route.query);
    query.set('focus', shortId(id));
    query.delete('expand');
    navigate(`#/lineage?${query.toString()}`);
  }

  private _expand(id: string, view: LineageView): void {
    if (view.expanded.includes(id)) return;
    this._setQuery({ expand: [...view.expanded, id].map(shortId).join(',') });
  }

  private _setQuery(changes: Record<string, string>): void {
    const query = new URLSearchParams(this.route.query);
    for (const [key, value] of Object.entries(changes)) {
      if (value) query.set(key, value);
      else query.delete(key);
    }
    replaceHash(`#/lineage?${query.toString()}`);
  }

  private _toggleLayer(layer: Layer, on: boolean, view: LineageView, index: ProjectIndex): void {
    const current = view.layers ?? usedLayers(index);
    const next = on ? [...new Set([...current, layer])] : current.filter((l) => l !== layer);
    const all = usedLayers(index).every((l) => next.includes(l));
    this._setQuery({ layers: all ? '' : next.join(',') });
  }

  private _onPick(event: Event, index: ProjectIndex): void {
    const name = (event.target as HTMLInputElement).value.trim();
    const match = [...index.resources.values()].find((r) => r.name === name);
    if (match) {
      this._filter = '';
      this._focus(match.id);
    }
  }

  private _onFind(event: Event, index: ProjectIndex): void {
    event.preventDefault();
    const needle = this._filter.trim().toLowerCase();
    if (!needle) return;
    const matches = [...index.resources.values()].filter((r) => r.name.toLowerCase().includes(needle));
    const best = matches.find((r) => r.name.toLowerCase() === needle) ?? matches.sort((a, b) => a.name.length - b.name.length)[0];
    if (best) {
      this._filter = '';
      this._focus(best.id);
    }
  }
}

function usedLayers(index: ProjectIndex): Layer[] {
  const used = new Set([...index.resources.values()].map((r) => r.layer));
  return LAYERS.filter((l) => used.has(l));
}

/** `fct_mrr` when the project has it, else the most connected mart, else the most connected node. */
function defaultFocus(index: ProjectIndex): Resource | undefined {
  const all = [...index.resources.values()];
  const degree = (r: Resource) => r.parents.length + r.children.length;
  const byDegree = (list: Resource[]) => [...list].sort((a, b) => degree(b) - degree(a) || a.name.localeCompare(b.name))[0];
  return all.find((r) => r.name === 'fct_mrr') ?? byDegree(all.filter((r) => r.layer === 'marts')) ?? byDegree(all);
}

customElements.define('wh-lineage-page', WhLineagePage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-lineage-page': WhLineagePage;
  }
}
