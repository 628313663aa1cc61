import { LitElement, css, html, nothing } from 'lit';
import { formatCount, formatMs } from './format';
import { consoleHref, consoleSql } from './links';
import { replaceHash } from './hash-location';
import type { RouteMatch } from './router';
import { sharedStyles } from './styles';
import type { QueryResponse } from '../shared/worker-api';
import { QueryCancelledError } from './warehouse-client';
import { WarehouseController } from './warehouse-context';
import './wh-rows-table';

const MAX_ROWS = 1_000;
const DEFAULT_SQL = "select name, type\nfrom sqlite_master\nwhere type in ('table', 'view')\norder by name";

/**
 * A SQL console on the built warehouse. The query lives in the URL, so a link
 * opens and runs it; queries are read-only; a long query can be cancelled,
 * which restarts the worker and restores the built warehouse.
 */
export class WhConsolePage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _sql: { state: true },
    _running: { state: true },
    _result: { state: true },
    _error: { state: true },
  };

  /** `query.sql` holds the lz-string-compressed query. */
  declare route: RouteMatch;
  declare private _sql: string;
  declare private _running: boolean;
  declare private _result: QueryResponse | null;
  declare private _error: string | null;

  private readonly _warehouse = new WarehouseController(this);
  private _abort: AbortController | null = null;
  private _ranFromUrl: string | null = null;

  static override styles = [
    sharedStyles,
    css`
      textarea {
        width: 100%;
        min-height: 10rem;
        font-family: var(--mono);
        font-size: 0.9rem;
        line-height: 1.45;
        resize: vertical;
        tab-size: 4;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0.5rem 0 1rem;
      }
      .error {
        border-color: var(--fail);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-family: var(--mono);
        font-size: 0.85rem;
      }
    `,
  ];

  constructor() {
    super();
    this._sql = DEFAULT_SQL;
    this._running = false;
    this._result = null;
    this._error = null;
  }

  override willUpdate(): void {
    const fromUrl = this.route ? consoleSql(this.route.query) : null;
    if (fromUrl !== null && fromUrl !== this._ranFromUrl) {
      this._ranFromUrl = fromUrl;
      this._sql = fromUrl;
      if (this._warehouse.client?.ready) void this._run(false);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the page stops a query nobody will see.
    this._abort?.abort();
  }

  override render() {
    return html`<div class="page">
      <h1>SQL console</h1>
      <p class="muted">Queries run read-only on the warehouse built in this tab. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs.</p>
      <label class="visually-hidden" for="sql">SQL</label>
      <textarea id="sql" spellcheck="false" .value=${this._sql} @input=${this._onInput} @keydown=${this._onKeyDown}></textarea>
      <div class="toolbar">
        <button class="primary" type="button" @click=${() => this._run(true)} ?disabled=${this._running}>Run</button>
        ${this._running ? html`<button type="button" @click=${this._onCancel}>Cancel</button><span role="status" class="muted">Running…</span>` : nothing}
        ${!this._running && this._result
          ? html`<span role="status" class="muted" data-result
              >${formatCount(this._result.rows.length)}${this._result.truncated ? '+' : ''} ${this._result.rows.length === 1 ? 'row' : 'rows'} in
              ${formatMs(this._result.elapsedMs)}${this._result.truncated ? ` (first ${formatCount(MAX_ROWS)} shown)` : ''}</span
            >`
          : nothing}
      </div>
      ${this._error ? html`<div class="card error" role="alert">${this._error}</div>` : nothing}
      ${this._result && !this._error
        ? html`<wh-rows-table .columns=${this._result.columns} .rows=${this._result.rows} .truncated=${this._result.truncated} caption="Query result"></wh-rows-table>`
        : nothing}
    </div>`;
  }

  private _onInput(event: Event): void {
    this._sql = (event.target as HTMLTextAreaElement).value;
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this._run(true);
    }
  }

  private _onCancel(): void {
    this._abort?.abort();
  }

  private async _run(remember: boolean): Promise<void> {
    const client = this._warehouse.client;
    if (!client || this._running) return;
    if (remember) {
      this._ranFromUrl = this._sql;
      replaceHash(consoleHref(this._sql));
    }
    this._abort = new AbortController();
    this._running = true;
    this._error = null;
    try {
      this._result = await client.query(this._sql, { maxRows: MAX_ROWS, signal: this._abort.signal });
    } catch (error) {
      this._result = null;
      this._error = error instanceof QueryCancelledError ? `${error.message}.` : (error as Error).message;
    } finally {
      this._running = false;
      this._abort = null;
    }
  }
}

customElements.define('wh-console-page', WhConsolePage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-console-page': WhConsolePage;
  }
}
