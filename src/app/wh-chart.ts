import { LitElement, css, html } from 'lit';
import type { Result } from 'vega-embed';
import type { View } from 'vega';
import type { ChartSpec } from './charts/base';
import { sharedStyles } from './styles';

/**
 * vega-embed brings vega and vega-lite (about 300 kB gzip): it is imported
 * the first time a chart is drawn, so it never weighs on the first page.
 */
let embedModule: Promise<typeof import('vega-embed')> | null = null;

/** Starts loading the charting library, e.g. while a dashboard's queries run. */
export function preloadCharts(): void {
  void loadEmbed().catch(() => undefined);
}

/**
 * Loads the charting library and draws one small chart off the page, so the
 * library's code is compiled before the first dashboard needs it (its first
 * drawing costs about twice a later one). For idle time only.
 */
export async function warmUpCharts(): Promise<void> {
  const { default: embed } = await loadEmbed();
  const target = document.createElement('div');
  const values = [
    { x: '2026-01-01', y: 1, s: 'a' },
    { x: '2026-02-01', y: 3, s: 'b' },
  ];
  const result = await embed(
    target,
    {
      width: 200,
      height: 100,
      data: { values },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'x', type: 'temporal' }, y: { field: 'y', type: 'quantitative' }, color: { field: 's' } } },
        { mark: { type: 'line', point: true }, encoding: { x: { field: 'x', type: 'temporal' }, y: { field: 'y', type: 'quantitative' } } },
      ],
    },
    { mode: 'vega-lite', renderer: 'svg', actions: false, ast: true, defaultStyle: false },
  );
  result.finalize();
}

function loadEmbed(): Promise<typeof import('vega-embed')> {
  embedModule ??= import('vega-embed').catch((error: unknown) => {
    embedModule = null;
    throw new Error(`The charting library could not be loaded (${(error as Error).message}); the site may have been updated: reload.`);
  });
  return embedModule;
}

/**
 * One vega-lite chart, drawn as SVG with vega-embed. Expressions run through
 * vega's interpreter (`ast: true`), so charts work under a CSP without
 * `unsafe-eval`. The chart follows its container's width, on window resize
 * and whenever its card changes width.
 *
 * `data-state` is `loading`, `ready` or `error`; tests and the page wait on
 * it. `data-draw-ms` is how long the last drawing took, library load included.
 *
 * @fires chart-rendered - the chart is drawn; `detail.ms` is the time from the spec to the drawing
 * @fires chart-error - drawing failed; `detail.message` says why
 */
export class WhChart extends LitElement {
  static override properties = {
    spec: { attribute: false },
    label: { type: String },
  };

  /** The vega-lite spec to draw. */
  declare spec: ChartSpec | null;
  /** What the chart shows, for screen readers. */
  declare label: string;

  private _result: Result | null = null;
  private _drawing = 0;
  private _width = 0;
  private readonly _resize = new ResizeObserver(() => this._onResize());

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      /* No padding here: vega reads this element's clientWidth as the chart's width. */
      .chart {
        width: 100%;
        min-height: 4rem;
      }
      .chart svg {
        display: block;
        max-width: 100%;
      }
      /* Inputs that vega binds to parameters (period, measure, event). */
      .vega-bindings {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.5rem;
        font-size: 0.85rem;
        color: #1c2230;
      }
      .vega-bind label {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      .vega-bind-name {
        font-weight: 600;
      }
      .vega-bind select {
        font: inherit;
        color: #1c2230;
        background: #ffffff;
        border: 1px solid #b9c0cc;
        border-radius: 6px;
        padding: 0.25rem 0.4rem;
        min-height: 2rem;
        max-width: 16rem;
      }
      .vega-bind select:focus-visible {
        outline: 2px solid #1f55c0;
        outline-offset: 2px;
      }
    `,
  ];

  constructor() {
    super();
    this.spec = null;
    this.label = '';
  }

  /** The vega view once drawn (null before): its data and signals, for tests and exports. */
  get view(): View | null {
    return this._result?.view ?? null;
  }

  /** The chart as an image URL: PNG (`data:`) at `scale` times its size, or SVG (`blob:`). */
  async toImageURL(type: 'png' | 'svg', scale = 2): Promise<string> {
    const view = this.view;
    if (!view) throw new Error('The chart is not drawn yet.');
    return view.toImageURL(type, type === 'png' ? scale : 1);
  }

  override render() {
    return html`<div class="chart" role="figure" aria-label=${this.label}></div>`;
  }

  override firstUpdated(): void {
    this._resize.observe(this._target());
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('spec')) void this._draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize.disconnect();
    this._drawing++;
    this._result?.finalize();
    this._result = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a move: draw again (finalize dropped the view).
    if (this.hasUpdated) {
      this._resize.observe(this._target());
      void this._draw();
    }
  }

  private _target(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.chart')!;
  }

  private async _draw(): Promise<void> {
    const spec = this.spec;
    const token = ++this._drawing;
    this.dataset.state = 'loading';
    if (!spec) return;
    const started = performance.now();
    try {
      const { default: embed } = await loadEmbed();
      if (token !== this._drawing) return;
      this._result?.finalize();
      this._result = null;
      const target = this._target();
      const result = await embed(target, spec, {
        mode: 'vega-lite',
        renderer: 'svg',
        actions: false,
        ast: true,
        defaultStyle: false,
        tooltip: { theme: 'light' },
        // A legend on top wraps after four entries, or two in a phone's width, rather than running off the side.
        config: { legend: { columns: target.clientWidth < 480 ? 2 : 4 } },
      });
      if (token !== this._drawing) {
        result.finalize();
        return;
      }
      this._result = result;
      this._width = target.clientWidth;
      const ms = performance.now() - started;
      this.dataset.drawMs = String(Math.round(ms));
      this.dataset.state = 'ready';
      this.dispatchEvent(new CustomEvent('chart-rendered', { detail: { ms }, bubbles: true, composed: true }));
    } catch (error) {
      if (token !== this._drawing) return;
      this.dataset.state = 'error';
      this.dispatchEvent(new CustomEvent('chart-error', { detail: { message: (error as Error).message }, bubbles: true, composed: true }));
    }
  }

  /** vega-lite listens to window resizes only; a card that changes width on its own needs telling. */
  private _onResize(): void {
    const view = this.view;
    if (!view) return;
    const width = this._target().clientWidth;
    if (width === this._width || width === 0) return;
    this._width = width;
    view.width(width);
    void view.runAsync();
  }
}

customElements.define('wh-chart', WhChart);

declare global {
  interface HTMLElementTagNameMap {
    'wh-chart': WhChart;
  }
}
