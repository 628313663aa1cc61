import { LitElement, css, html, nothing } from 'lit';
import { READ_ONLY_REFUSAL } from '../shared/worker-api';
import type { QueryResponse, SqlErrorPosition } from '../shared/worker-api';
import { CHART_MARKS, decodeConsoleState } from './console-state';
import type { ChartChoice, ChartMark } from './console-state';
import { resultToCsv, saveFile } from './download';
import { errorExcerpt } from './error-excerpt';
import { formatBytes, formatCount, formatMs } from './format';
import { GALLERY_TOPICS } from './gallery';
import { galleryQueries } from './gallery-queries';
import { replaceHash } from './hash-location';
import { backfillHref, consoleHref } from './links';
import { columnKinds, defaultChart, quickChartSpec } from './quick-chart';
import type { QuickChart } from './quick-chart';
import type { RouteMatch } from './router';
import { sharedStyles } from './styles';
import { QueryCancelledError } from './warehouse-client';
import { WarehouseController } from './warehouse-context';
import './wh-chart';
import './wh-result-grid';
import './wh-sql-editor';

/**
 * Rows one query may return to the console. The grid shows any number
 * smoothly; the cap keeps a runaway `select *` from filling the tab's
 * memory (200,000 rows of ten columns are about 100 MB in the page).
 */
export const CONSOLE_MAX_ROWS = 200_000;

const DEFAULT_SQL = `-- The warehouse built in this tab: every raw table, model and snapshot.
select type, name
from sqlite_master
where type in ('table', 'view')
order by type, name`;

interface ConsoleError {
  message: string;
  position: SqlErrorPosition | null;
  /** The text the error refers to (the editor may have changed since). */
  sql: string;
}

/**
 * The SQL console on the warehouse built in this tab. Its state (the query
 * and the chart) lives in the URL, compressed, so a link restores and runs
 * it; links are untrusted, so queries run read-only unless the visitor
 * allows writes here, and nothing from a link is ever run as code or markup.
 */
export class WhConsolePage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _sql: { state: true },
    _running: { state: true },
    _result: { state: true },
    _ranSql: { state: true },
    _roundTripMs: { state: true },
    _error: { state: true },
    _chart: { state: true },
    _linkProblem: { state: true },
    _allowWrites: { state: true },
    _tables: { state: true },
    _message: { state: true },
  };

  /** `query.sql` and `query.chart` hold the lz-string-compressed state. */
  declare route: RouteMatch;
  declare private _sql: string;
  declare private _running: boolean;
  declare private _result: QueryResponse | null;
  /** The query the result (and its chart) came from. */
  declare private _ranSql: string;
  declare private _roundTripMs: number;
  declare private _error: ConsoleError | null;
  declare private _chart: ChartChoice | null;
  declare private _linkProblem: string | null;
  declare private _allowWrites: boolean;
  declare private _tables: Record<string, string[]>;
  /** A short note after an action (link copied, download failed). */
  declare private _message: string | null;

  private readonly _warehouse = new WarehouseController(this);
  private _abort: AbortController | null = null;
  /** The URL query this page last acted on, so its own `replaceHash` does not run the query again. */
  private _handledQuery: string | null = null;
  private _tablesLoaded = false;
  private _charted: { result: QueryResponse; key: string; drawn: QuickChart } | null = null;

  static override styles = [
    sharedStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 19rem;
        gap: 1.25rem;
        align-items: start;
      }
      @media (max-width: 960px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: center;
        margin: 0.6rem 0 0.9rem;
      }
      .toolbar .spacer {
        flex: 1;
      }
      label.writes {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        font-size: 0.9rem;
      }
      .warning {
        border-color: var(--warn);
      }
      .error {
        border-color: var(--fail);
      }
      .error .message {
        font-family: var(--mono);
        font-size: 0.85rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
      pre.excerpt {
        margin: 0.5rem 0 0;
        padding: 0.5rem 0.6rem;
        background: var(--surface-2);
        border-radius: 6px;
        overflow-x: auto;
        font-size: 0.8rem;
        line-height: 1.4;
      }
      .card + .card,
      .card + section,
      section + section {
        margin-top: 1rem;
      }
      .result-head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: center;
        justify-content: space-between;
        margin: 1rem 0 0.5rem;
      }
      .result-head h2 {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .chart-controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
        margin-bottom: 0.75rem;
      }
      .chart-controls label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.8rem;
        color: var(--muted);
      }
      .chart-controls select {
        min-width: 8rem;
        max-width: 14rem;
      }
      aside h2 {
        margin-top: 0;
      }
      aside h3 {
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
        margin: 1rem 0 0.4rem;
      }
      aside ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      aside li a {
        display: block;
        padding: 0.5rem 0.6rem;
        border: 1px solid var(--border);
        border-radius: 6px;
        background: var(--surface);
        text-decoration: none;
        color: var(--text);
      }
      aside li a:hover,
      aside li a[aria-current='true'] {
        border-color: var(--accent);
      }
      aside li strong {
        display: block;
        font-size: 0.9rem;
        color: var(--accent);
      }
      aside li span {
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
        font-size: 0.8rem;
        color: var(--muted);
      }
      @media (min-width: 961px) {
        aside {
          position: sticky;
          top: 0.75rem;
          max-height: calc(100vh - 1.5rem);
          overflow-y: auto;
          padding-right: 0.25rem;
        }
      }
    `,
  ];

  constructor() {
    super();
    this._sql = DEFAULT_SQL;
    this._running = false;
    this._result = null;
    this._ranSql = '';
    this._roundTripMs = 0;
    this._error = null;
    this._chart = null;
    this._linkProblem = null;
    this._allowWrites = false;
    this._tables = {};
    this._message = null;
  }

  override willUpdate(): void {
    const query = this.route?.query.toString() ?? '';
    if (query !== this._handledQuery) {
      this._handledQuery = query;
      this._applyLink();
    }
    if (!this._tablesLoaded && this._warehouse.client?.ready) {
      this._tablesLoaded = true;
      void this._loadTables();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the page stops a query nobody will see.
    this._abort?.abort();
  }

  override render() {
    const client = this._warehouse.client;
    return html`<div class="page">
      <h1>SQL console</h1>
      <p class="muted">
        Queries run on the warehouse built in this tab (${client?.batch === 2 ? 'batch 1 and the late batch' : 'batch 1'}), read-only unless you allow
        writes. <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd> runs; once a query has run, the address bar's link reopens it and its chart, and Copy
        link shares what the editor holds, run or not.
      </p>
      ${this._linkProblem ? html`<div class="card warning" role="alert" data-link-problem>${this._linkProblem}</div>` : nothing}
      <div class="layout">
        <div>
          <wh-sql-editor
            label="SQL query"
            .value=${this._sql}
            .tables=${this._tables}
            .error=${this._editorError()}
            @sql-change=${this._onSqlChange}
            @sql-run=${() => this._run()}
          ></wh-sql-editor>
          ${this._renderToolbar()} ${this._renderWriteState()} ${this._renderError()} ${this._renderResult()}
        </div>
        ${this._renderGallery()}
      </div>
    </div>`;
  }

  private _renderToolbar() {
    const client = this._warehouse.client;
    return html`<div class="toolbar">
      <!-- aria-disabled, not disabled, while a query runs: a disabled button would drop the keyboard focus to the page's top. -->
      <button class="primary" type="button" @click=${() => this._run()} aria-disabled=${this._running ? 'true' : 'false'}>Run</button>
      ${this._running
        ? html`<button type="button" @click=${this._onCancel}>Cancel</button><span role="status" class="muted">Running…</span>`
        : nothing}
      ${!this._running && this._result
        ? html`<span role="status" class="muted" data-result
            >${this._result.columns.length === 0 && this._result.changes !== undefined
              ? `${formatCount(this._result.changes)} ${this._result.changes === 1 ? 'row' : 'rows'} changed`
              : `${formatCount(this._result.rows.length)}${this._result.truncated ? '+' : ''} ${this._result.rows.length === 1 ? 'row' : 'rows'}`} in
            ${formatMs(this._result.elapsedMs)}${this._result.truncated ? ` (the first ${formatCount(CONSOLE_MAX_ROWS)} are kept)` : ''}
            <span title="From pressing Run to the rows being in the page">· ${formatMs(this._roundTripMs)} in all</span></span
          >`
        : nothing}
      <span class="spacer"></span>
      <label class="writes" title="Only for this tab; links never carry it">
        <input type="checkbox" .checked=${this._allowWrites} @change=${this._onAllowWrites} />
        Allow writes
      </label>
      <button type="button" @click=${this._onCopyLink}>Copy link</button>
      <button type="button" @click=${this._onDownloadWarehouse} ?disabled=${!client?.ready} title="The whole built warehouse as a SQLite file">
        Download .sqlite
      </button>
      ${this._message ? html`<span role="status" class="muted" data-message>${this._message}</span>` : nothing}
    </div>`;
  }

  private _renderWriteState() {
    const client = this._warehouse.client;
    if (client?.changedByQueries) {
      return html`<div class="card warning" data-changed>
        <p>Console writes have changed the warehouse in this tab. Restoring puts back the built warehouse (${client.batch === 2 ? 'with the late batch' : 'batch 1'}).</p>
        <button type="button" @click=${this._onRestore} ?disabled=${client.operation !== null}>Restore the built warehouse</button>
      </div>`;
    }
    if (this._allowWrites) {
      return html`<p class="card warning" data-writes>
        Writes are allowed: INSERT, UPDATE, DELETE, CREATE and pragmas now run and change the warehouse in this tab only. A restore (offered after a write)
        puts the built warehouse back.
      </p>`;
    }
    return nothing;
  }

  private _renderError() {
    const error = this._error;
    if (!error) return nothing;
    const position = error.position;
    return html`<div class="card error" role="alert">
      <p class="message">${error.message}</p>
      ${position ? html`<p class="muted" data-position>At line ${position.line}, column ${position.column}:</p><pre class="excerpt">${errorExcerpt(error.sql, position)}</pre>` : nothing}
    </div>`;
  }

  private _renderResult() {
    const result = this._result;
    if (!result || this._error) return nothing;
    const chart = this._chart;
    const drawn = chart ? this._quickChart(result, chart) : null;
    return html`<section aria-label="Result">
        <div class="result-head">
          <h2>Result</h2>
          <div class="actions">
            ${chart ? nothing : this._renderChartIt(result)}
            <button type="button" @click=${this._onDownloadCsv} ?disabled=${result.columns.length === 0}>Download CSV</button>
          </div>
        </div>
        ${result.columns.length === 0
          ? html`<p class="muted">The statement ran and returned no columns.</p>`
          : html`<wh-result-grid .columns=${result.columns} .rows=${result.rows} caption="Query result"></wh-result-grid>
              ${result.rows.length === 0 ? html`<p class="muted" data-empty>No rows: the query ran and matched nothing.</p>` : nothing}`}
      </section>
      ${chart && drawn
        ? html`<section aria-label="Chart of the result">
            <div class="result-head">
              <h2>Chart</h2>
              <div class="actions"><button type="button" @click=${() => this._setChart(null)}>Hide the chart</button></div>
            </div>
            ${this._renderChartControls(result, chart)}
            ${'error' in drawn
              ? html`<p class="card error" role="alert">${drawn.error}</p>`
              : html`${drawn.note ? html`<p class="muted">${drawn.note}</p>` : nothing}
                  <div class="card"><wh-chart .spec=${drawn.spec} label=${`${chart.mark} chart of ${chart.y} by ${chart.x}`}></wh-chart></div>`}
          </section>`
        : nothing}`;
  }

  /**
   * The chart of a result, the same spec object for as long as neither the
   * result nor the choice changes: wh-chart draws again for a new spec, and
   * the page renders again on every keystroke in the editor.
   */
  private _quickChart(result: QueryResponse, chart: ChartChoice): QuickChart {
    const key = JSON.stringify([chart.mark, chart.x, chart.y, chart.color]);
    if (this._charted?.result !== result || this._charted.key !== key) {
      this._charted = { result, key, drawn: quickChartSpec(result.columns, result.rows, chart, result.truncated) };
    }
    return this._charted.drawn;
  }

  private _renderChartControls(result: QueryResponse, chart: ChartChoice) {
    const select = (label: string, value: string, options: readonly string[], onChange: (v: string) => void, extra?: string) =>
      html`<label
        >${label}
        <select @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
          ${extra !== undefined ? html`<option value="" ?selected=${value === ''}>${extra}</option>` : nothing}
          ${options.map((o) => html`<option .value=${o} ?selected=${o === value}>${o}</option>`)}
        </select></label
      >`;
    return html`<div class="chart-controls">
      ${select('Mark', chart.mark, CHART_MARKS, (v) => this._setChart({ ...chart, mark: v as ChartMark }))}
      ${select('x', chart.x, result.columns, (v) => this._setChart({ ...chart, x: v }))}
      ${select('y', chart.y, result.columns, (v) => this._setChart({ ...chart, y: v }))}
      ${select('Colour', chart.color ?? '', result.columns, (v) => this._setChart({ ...chart, color: v || null }), 'none')}
    </div>`;
  }

  private _renderGallery() {
    return html`<aside aria-labelledby="gallery-title">
      <h2 id="gallery-title">Questions answered</h2>
      <p class="muted">Queries on the marts for the questions the business asks; each is a link you can share.</p>
      ${GALLERY_TOPICS.map((topic) => {
        const queries = galleryQueries.filter((q) => q.topic === topic);
        if (queries.length === 0) return nothing;
        return html`<h3>${topic}</h3>
          <ul>
            ${queries.map(
              (q) =>
                html`<li>
                  <a
                    href=${consoleHref(q.sql, q.chart)}
                    data-gallery=${q.id}
                    aria-current=${this._ranSql === q.sql ? 'true' : 'false'}
                    @click=${this._onGalleryClick}
                    ><strong>${q.title}</strong><span>${q.description}</span></a
                  >
                </li>`,
            )}
          </ul>`;
      })}
      <p class="muted">The late batch changes several of these: apply it on <a href=${backfillHref()}>the backfill page</a> and run them again.</p>
    </aside>`;
  }

  /** Reads the query and chart from the URL; runs the query when there is one. */
  private _applyLink(): void {
    if (!this.route) return;
    const decoded = decodeConsoleState(this.route.query);
    this._linkProblem = decoded.problem;
    if (decoded.sql === null) return;
    this._sql = decoded.sql;
    this._chart = decoded.chart;
    this._error = null;
    // A query stopped in this tab (cancelled, or over the time limit) waits for Run rather than blocking the worker again.
    if (wasStopped(decoded.sql)) {
      this._result = null;
      this._message = 'This query was stopped earlier in this tab (cancelled, or over the time limit), so it did not run again: press Run to run it.';
      return;
    }
    // The page renders once the build is done (needsBuild), so the warehouse is ready here.
    void this._run({ fromLink: true });
  }

  private async _loadTables(): Promise<void> {
    try {
      const relations = await this._warehouse.client!.relations();
      this._tables = Object.fromEntries(relations.map((r) => [r.name, r.columns.map((c) => c.name)]));
    } catch {
      // Completion of names is a convenience; the console works without it.
      this._tablesLoaded = false;
    }
  }

  private _editorError() {
    const error = this._error;
    if (!error?.position || error.sql !== this._sql) return null;
    return { offset: error.position.offset, length: error.position.length, message: error.message };
  }

  private _onSqlChange(event: CustomEvent<{ value: string }>): void {
    this._sql = event.detail.value;
  }

  private async _run(options: { fromLink?: boolean } = {}): Promise<void> {
    const client = this._warehouse.client;
    if (!client) return;
    if (this._running) {
      if (!options.fromLink) return;
      // A new link while a query runs: stop the old one first.
      this._abort?.abort();
    }
    const sql = this._sql;
    if (!options.fromLink) {
      this._linkProblem = null;
      this._message = null;
      this._syncUrl(sql, this._chart);
    }
    const abort = new AbortController();
    this._abort = abort;
    this._running = true;
    this._error = null;
    const started = performance.now();
    try {
      // A query from a link or the browser's history runs read-only whatever the checkbox says: it was not typed here.
      const readOnly = options.fromLink || !this._allowWrites;
      const result = await client.query(sql, { maxRows: CONSOLE_MAX_ROWS, readOnly, signal: abort.signal });
      if (abort !== this._abort) return;
      this._result = result;
      this._ranSql = sql;
      if (!options.fromLink) markStopped(sql, false);
      this._roundTripMs = performance.now() - started;
      // A chart kept from the previous query goes when the new result lacks its columns; one from a link stays, with its message.
      const chart = this._chart;
      if (!options.fromLink && chart && [chart.x, chart.y, chart.color].some((c) => c !== null && !result.columns.includes(c))) this._setChart(null);
    } catch (error) {
      if (abort !== this._abort) return;
      this._result = null;
      let message = error instanceof QueryCancelledError ? `${error.message}.` : (error as Error).message;
      if (options.fromLink && this._allowWrites && message.startsWith(READ_ONLY_REFUSAL)) {
        message = `This query came from a link or from the browser's history, which always run read-only, and it writes. Press Run to run it with writes allowed.\n\n${message}`;
      }
      if (error instanceof QueryCancelledError) markStopped(sql, true);
      this._error = { message, position: null, sql };
      if (!(error instanceof QueryCancelledError)) void this._locate(sql, message);
    } finally {
      if (abort === this._abort) {
        this._running = false;
        this._abort = null;
      }
    }
  }

  private async _locate(sql: string, message: string): Promise<void> {
    try {
      const position = await this._warehouse.client!.locateError(sql, message);
      if (position && this._error?.sql === sql && this._error.message === message) this._error = { ...this._error, position };
    } catch {
      // Without a position the message alone is still shown.
    }
  }

  /** The URL holds the query and chart of what is shown, without adding a history entry per run. */
  private _syncUrl(sql: string, chart: ChartChoice | null): void {
    const next = consoleHref(sql, chart);
    this._handledQuery = next.slice(next.indexOf('?') + 1);
    replaceHash(next);
  }

  private _setChart(chart: ChartChoice | null): void {
    this._chart = chart;
    if (this._result) this._syncUrl(this._ranSql, chart);
  }

  /** "Chart it", unless there is nothing a chart could draw (no rows, or no column of numbers). */
  private _renderChartIt(result: QueryResponse) {
    const numbers = result.rows.length > 0 && columnKinds(result.columns, result.rows).includes('quantitative');
    const why = result.rows.length === 0 ? 'The result has no rows' : numbers ? undefined : 'No column of the result holds numbers';
    return html`<button type="button" @click=${this._onChartIt} ?disabled=${!numbers} title=${why ?? nothing}>Chart it</button>`;
  }

  private _onChartIt(): void {
    const result = this._result;
    if (!result) return;
    const choice = defaultChart(result.columns, columnKinds(result.columns, result.rows));
    this._setChart(choice ?? { mark: 'bar', x: result.columns[0]!, y: result.columns[1] ?? result.columns[0]!, color: null });
  }

  private _onCancel(): void {
    this._abort?.abort();
  }

  private _onAllowWrites(event: Event): void {
    this._allowWrites = (event.target as HTMLInputElement).checked;
  }

  private async _onRestore(): Promise<void> {
    try {
      await this._warehouse.client?.restoreBuilt();
      this._message = 'The built warehouse is back.';
    } catch (error) {
      this._message = (error as Error).message;
    }
  }

  /** The link of the query shown now: a link to the current page does not change the URL, so it loads the query itself. */
  private _onGalleryClick(event: MouseEvent): void {
    const link = event.currentTarget as HTMLAnchorElement;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // The query and its result show above the gallery (far above it on a phone): bring them into view.
    this.renderRoot.querySelector('wh-sql-editor')?.scrollIntoView({ block: 'nearest' });
    if (link.getAttribute('href') !== location.hash) return;
    event.preventDefault();
    this._applyLink();
  }

  /** The link to what the editor holds now (run or not), with the chart shown. */
  private async _onCopyLink(): Promise<void> {
    try {
      // The chart belongs to the query that ran: an edited query goes without it (its columns may differ).
      const chart = this._sql === this._ranSql ? this._chart : null;
      await navigator.clipboard.writeText(`${location.href.split('#')[0]}${consoleHref(this._sql, chart)}`);
      const note = chart === this._chart ? 'Link copied.' : 'Link copied, without the chart: it was drawn for the query that ran.';
      this._message = note;
      // A passing note; one written since stays.
      setTimeout(() => {
        if (this._message === note) this._message = null;
      }, 5000);
    } catch {
      this._message = 'Copying was refused: copy the address bar instead.';
    }
  }

  private async _onDownloadCsv(): Promise<void> {
    const result = this._result;
    if (!result) return;
    try {
      saveFile('query-result.csv', await resultToCsv(result.columns, result.rows), 'text/csv;charset=utf-8');
    } catch (error) {
      this._message = `The CSV could not be made: ${(error as Error).message}`;
    }
  }

  private async _onDownloadWarehouse(): Promise<void> {
    const client = this._warehouse.client;
    if (!client) return;
    try {
      const bytes = await client.exportDatabase();
      saveFile(client.batch === 2 ? 'warehouse-with-late-batch.sqlite' : 'warehouse.sqlite', bytes as Uint8Array<ArrayBuffer>, 'application/vnd.sqlite3');
      this._message = `Saved ${formatBytes(bytes.byteLength)}.`;
    } catch (error) {
      this._message = (error as Error).message;
    }
  }
}

customElements.define('wh-console-page', WhConsolePage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-console-page': WhConsolePage;
  }
}

/** Queries stopped in this tab, by hash, kept for the tab's session so a reload or Back does not start them again. */
const STOPPED_KEY = 'wh:stopped-queries';
const STOPPED_MAX = 20;

function sqlHash(sql: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < sql.length; i++) h = Math.imul(h ^ sql.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(36)}:${sql.length}`;
}

function stoppedQueries(): string[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STOPPED_KEY) ?? '[]') as unknown;
    return Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds or removes a query's hash; without storage a stopped query may run again from a link, and Cancel still works. */
function markStopped(sql: string, stopped: boolean): void {
  const hash = sqlHash(sql);
  const others = stoppedQueries().filter((h) => h !== hash);
  try {
    sessionStorage.setItem(STOPPED_KEY, JSON.stringify(stopped ? [...others, hash].slice(-STOPPED_MAX) : others));
  } catch {
    // See above.
  }
}

function wasStopped(sql: string): boolean {
  return stoppedQueries().includes(sqlHash(sql));
}
