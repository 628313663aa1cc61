import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import type { ChartSpec } from './charts/base';
import { toRows } from './charts/rows';
import type { Row } from './charts/rows';
import { CHART_MAX_ROWS, type ChartDef } from './dashboards/types';
import { formatCount, formatMs } from './format';
import { consoleHref, modelHref } from './links';
import { sharedStyles } from './styles';
import type { WarehouseClient } from './warehouse-client';
import { WarehouseController } from './warehouse-context';
import './wh-chart';
import type { WhChart } from './wh-chart';

interface ChartData {
  columns: string[];
  rows: Row[];
  /** Null when the query returned no rows: there is nothing to draw. */
  spec: ChartSpec | null;
  queryMs: number;
}

/**
 * A dashboard chart in its card: title, the models it reads (linked to
 * their pages), the metric's definition, the chart, and its actions: open
 * the query in the console, download the rows as CSV and the drawing as
 * PNG or SVG. The query runs in the warehouse worker against the built
 * marts; a failing query or spec shows its message in the card.
 *
 * `data-state` is `loading`, `ready` (drawn), `empty` or `error`.
 *
 * @fires chart-ready - once per chart: drawn, empty or failed (`detail.state`)
 */
export class WhChartCard extends LitElement {
  static override properties = {
    chart: { attribute: false },
    dashboard: { type: String },
    _drawError: { state: true },
    _drawn: { state: true },
    _downloadError: { state: true },
  };

  declare chart: ChartDef | null;
  /** The dashboard's slug, the first part of download file names. */
  declare dashboard: string;
  declare private _drawError: string | null;
  declare private _drawn: boolean;
  declare private _downloadError: string | null;

  private readonly _warehouse = new WarehouseController(this);
  /** The chart whose `chart-ready` has been sent, so it goes out once per chart. */
  private _reported: ChartDef | null = null;

  private readonly _data = new Task(this, {
    task: async ([chart, client]: readonly [ChartDef | null, WarehouseClient | undefined]): Promise<ChartData | null> => {
      if (!chart || !client) return null;
      const maxRows = chart.maxRows ?? CHART_MAX_ROWS;
      // Usually run already, while the build's overview was read (dashboards/warm-up.ts).
      const response = await client.cachedQuery(chart.sql, { maxRows });
      if (response.truncated) {
        throw new Error(
          `The query returned more than ${formatCount(maxRows)} rows, more than this chart reads. Aggregate further in its SQL, or raise its maxRows in the dashboard definition.`,
        );
      }
      const rows = toRows(response.columns, response.rows);
      const spec = rows.length > 0 ? chart.spec(rows) : null;
      return { columns: response.columns, rows, spec, queryMs: response.elapsedMs };
    },
    args: () => [this.chart, this._warehouse.client?.ready ? this._warehouse.client : undefined] as const,
  });

  static override styles = [
    sharedStyles,
    css`
      :host {
        min-width: 0;
      }
      article {
        height: 100%;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      h2 {
        margin: 0;
        font-size: 1.05rem;
      }
      .source {
        font-size: 0.8rem;
        color: var(--muted);
        margin: 0;
        overflow-wrap: anywhere;
      }
      .source code {
        font-size: 0.78rem;
      }
      .definition {
        font-size: 0.85rem;
        margin: 0;
        max-width: 60rem;
      }
      /* Charts are drawn dark-on-light in either colour scheme, as they are exported. */
      .plot {
        flex: 1;
        background: #ffffff;
        color: #1c2230;
        border: 1px solid var(--border);
        border-radius: 6px;
        padding: 0.5rem;
        min-height: 12rem;
        min-width: 0;
      }
      .state {
        display: grid;
        place-items: center;
        min-height: 11rem;
        color: #556070;
        font-size: 0.9rem;
        text-align: center;
      }
      .error {
        color: var(--text);
        background: var(--surface);
        border: 1px solid var(--fail);
        border-left-width: 4px;
        border-radius: 6px;
        padding: 0.6rem 0.8rem;
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }
      .error p {
        margin: 0 0 0.25rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      .actions .button,
      .actions button {
        font-size: 0.8rem;
        padding: 0.25rem 0.6rem;
        min-height: 2rem;
      }
      .meta {
        margin-left: auto;
        font-size: 0.78rem;
        color: var(--muted);
      }
    `,
  ];

  constructor() {
    super();
    this.chart = null;
    this.dashboard = 'dashboard';
    this._drawError = null;
    this._drawn = false;
    this._downloadError = null;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('chart')) {
      this._drawError = null;
      this._drawn = false;
    }
    this.dataset.chart = this.chart?.id ?? '';
  }

  override render() {
    const chart = this.chart;
    if (!chart) return nothing;
    const titleId = `chart-${chart.id}`;
    // While another chart's query runs, the last result is not this chart's.
    const data = this._data.status === TaskStatus.COMPLETE ? this._data.value : undefined;
    return html`<article class="card" aria-labelledby=${titleId}>
      <h2 id=${titleId}>${chart.title}</h2>
      <p class="source">
        From
        ${chart.models.map(
          (name, i) => html`${i > 0 ? ', ' : ''}<a href=${modelHref(name)}><code>${name}</code></a>`,
        )}
      </p>
      <p class="definition">${chart.definition}</p>
      <div class="plot">${this._renderBody()}</div>
      ${this._downloadError ? html`<div class="error" role="alert">${this._downloadError}</div>` : nothing}
      <div class="actions">
        <a class="button" href=${consoleHref(chart.sql)} title="Open this chart's SQL in the console">Open the query</a>
        <button type="button" @click=${this._onCsv} ?disabled=${!data || data.rows.length === 0}>Download CSV</button>
        <button type="button" @click=${() => this._onImage('png')} ?disabled=${!this._drawn}>PNG</button>
        <button type="button" @click=${() => this._onImage('svg')} ?disabled=${!this._drawn}>SVG</button>
        ${data ? html`<span class="meta">${formatCount(data.rows.length)} ${data.rows.length === 1 ? 'row' : 'rows'} · ${formatMs(data.queryMs)}</span>` : nothing}
      </div>
    </article>`;
  }

  private _renderBody() {
    const client = this._warehouse.client;
    if (client?.status === 'failed') return this._renderError(`The warehouse was not built: ${client.error ?? 'unknown error'}`);
    return this._data.render({
      initial: () => html`<div class="state" aria-busy="true">Waiting for the warehouse…</div>`,
      pending: () =>
        html`<div class="state" aria-busy="true">
          ${this._warehouse.client?.operation === 'backfill'
            ? 'Waiting for the late batch to be applied, then running the query…'
            : this._warehouse.client?.operation === 'reset'
              ? 'Waiting for the reset to batch 1, then running the query…'
              : 'Running the query…'}
        </div>`,
      error: (error) => this._renderError((error as Error).message),
      complete: (data) => {
        if (!data) return html`<div class="state" aria-busy="true">Waiting for the warehouse…</div>`;
        if (!data.spec) {
          return html`<div class="state" role="status">The query returned no rows, so there is nothing to draw. Open the query to see why.</div>`;
        }
        if (this._drawError) return this._renderError(this._drawError);
        return html`<wh-chart
          .spec=${data.spec}
          label=${`${this.chart?.title ?? 'Chart'}: ${data.spec.description ?? ''}`}
          aria-busy=${this._drawn ? 'false' : 'true'}
          @chart-rendered=${this._onRendered}
          @chart-error=${this._onDrawError}
        ></wh-chart>`;
      },
    });
  }

  private _renderError(message: string) {
    return html`<div class="error" role="alert">
      <p><strong>This chart could not be drawn.</strong></p>
      <p>${message}</p>
    </div>`;
  }

  private _state(): string {
    if (this._warehouse.client?.status === 'failed' || this._data.status === TaskStatus.ERROR || this._drawError) return 'error';
    if (this._data.status === TaskStatus.COMPLETE && this._data.value) {
      if (!this._data.value.spec) return 'empty';
      return this._drawn ? 'ready' : 'loading';
    }
    return 'loading';
  }

  private _onRendered(event: Event): void {
    event.stopPropagation();
    this._drawn = true;
  }

  private _onDrawError(event: CustomEvent<{ message: string }>): void {
    event.stopPropagation();
    this._drawError = event.detail.message;
  }

  override updated(): void {
    const state = this._state();
    this.dataset.state = state;
    // A failed or empty chart ends the page's wait as surely as a drawn one.
    if (state !== 'loading' && this._reported !== this.chart) {
      this._reported = this.chart;
      this.dispatchEvent(new CustomEvent('chart-ready', { detail: { state, id: this.chart?.id }, bubbles: true, composed: true }));
    }
  }

  private async _onCsv(): Promise<void> {
    const data = this._data.status === TaskStatus.COMPLETE ? this._data.value : undefined;
    if (!data || !this.chart) return;
    try {
      const { rowsToCsv } = await import('./charts/csv');
      const url = URL.createObjectURL(new Blob([rowsToCsv(data.columns, data.rows)], { type: 'text/csv;charset=utf-8' }));
      this._save(url, 'csv');
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this._downloadError = `The CSV could not be written: ${(error as Error).message}`;
    }
  }

  private async _onImage(type: 'png' | 'svg'): Promise<void> {
    const chart = this.renderRoot.querySelector<WhChart>('wh-chart');
    if (!chart) return;
    try {
      const url = await chart.toImageURL(type);
      this._save(url, type);
      if (url.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this._downloadError = `The ${type.toUpperCase()} could not be made: ${(error as Error).message}`;
    }
  }

  private _save(url: string, extension: string): void {
    this._downloadError = null;
    const link = document.createElement('a');
    link.href = url;
    link.download = `${this.dashboard}-${this.chart?.id ?? 'chart'}.${extension}`;
    link.click();
  }
}

customElements.define('wh-chart-card', WhChartCard);

declare global {
  interface HTMLElementTagNameMap {
    'wh-chart-card': WhChartCard;
  }
}
