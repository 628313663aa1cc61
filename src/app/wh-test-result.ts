import { LitElement, css, html, nothing } from 'lit';
import { formatCount, formatSeconds } from './format';
import { consoleHref, modelHref } from './links';
import type { ProjectIndex, TestView } from './project-index';
import { sharedStyles } from './styles';
import type { QueryResponse } from '../shared/worker-api';
import { WarehouseController } from './warehouse-context';
import './wh-rows-table';
import './wh-sql-block';
import './wh-status-badge';

const SAMPLE_ROWS = 50;

/**
 * One data test: its status and, opened, its message, failing rows and the
 * SQL that reproduces them. Failing tests open by themselves.
 */
export class WhTestResult extends LitElement {
  static override properties = {
    test: { attribute: false },
    index: { attribute: false },
    showModels: { type: Boolean, attribute: 'show-models' },
    _loaded: { state: true },
    _loadError: { state: true },
  };

  declare test: TestView;
  declare index: ProjectIndex | null;
  /** Name the models the test checks (on the tests page; a model page already says). */
  declare showModels: boolean;
  declare private _loaded: QueryResponse | null;
  declare private _loadError: string | null;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      details {
        border: 1px solid var(--border);
        border-radius: 6px;
        background: var(--surface);
      }
      details[data-status='fail'],
      details[data-status='error'] {
        border-color: var(--fail);
      }
      details[data-status='warn'] {
        border-color: var(--warn);
      }
      summary {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        padding: 0.45rem 0.7rem;
        cursor: pointer;
      }
      .label {
        font-family: var(--mono);
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }
      .on {
        font-size: 0.85rem;
        color: var(--muted);
      }
      .body {
        padding: 0 0.7rem 0.7rem;
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.6rem;
      }
      .body > p.muted {
        font-size: 0.85rem;
        margin: 0;
        overflow-wrap: anywhere;
      }
      .message {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      h4 {
        margin: 0.25rem 0 0.25rem;
        font-size: 0.9rem;
      }
    `,
  ];

  constructor() {
    super();
    this.index = null;
    this.showModels = false;
    this._loaded = null;
    this._loadError = null;
  }

  override render() {
    const t = this.test;
    const failing = t.status === 'fail' || t.status === 'error' || t.status === 'warn';
    const sample = t.sample ?? this._loaded;
    return html`<details data-status=${t.status} ?open=${failing} data-test-id=${t.id}>
      <summary>
        <wh-status-badge status=${t.status}></wh-status-badge>
        <span class="label">${t.label}</span>
        ${this.showModels && this.index
          ? html`<span class="on"
              >on
              ${t.attachedTo.map((id, i) => {
                const r = this.index!.resources.get(id);
                return r ? html`${i ? ', ' : ''}<a href=${modelHref(r.key)}>${r.name}</a>` : nothing;
              })}</span
            >`
          : nothing}
        ${t.failures ? html`<span class="on">${formatCount(t.failures)} failing ${t.failures === 1 ? 'row' : 'rows'}</span>` : nothing}
      </summary>
      <div class="body">
        <p class="muted">
          ${t.kind === 'singular' ? 'Singular test' : `Generic test ${t.kind}`}, severity ${t.severity}, ${t.path}${t.executionTime !== null ? `, ran in ${formatSeconds(t.executionTime)}` : ''}.
        </p>
        ${t.message && t.status !== 'pass' ? html`<p class="message">${t.message}</p>` : nothing}
        ${failing && sample
          ? html`<div>
              <h4>Failing rows${t.failures && t.failures > sample.rows.length ? ` (first ${sample.rows.length} of ${formatCount(t.failures)})` : ''}</h4>
              <wh-rows-table .columns=${sample.columns} .rows=${sample.rows} caption="Failing rows"></wh-rows-table>
            </div>`
          : nothing}
        ${failing && t.status !== 'error' && !sample && t.compiledCode
          ? html`<div class="actions">
              <button type="button" @click=${this._onLoadRows}>Load failing rows</button>
              ${this._loadError ? html`<span role="alert">${this._loadError}</span>` : nothing}
            </div>`
          : nothing}
        ${t.compiledCode
          ? html`<div>
              <h4>SQL to reproduce ${failing ? 'the failing rows' : 'the check'}</h4>
              <wh-sql-block .code=${t.compiledCode} label="Compiled SQL of ${t.name}"></wh-sql-block>
              <div class="actions" style="margin-top:.4rem"><a class="button" href=${consoleHref(t.compiledCode)}>Open in the console</a></div>
            </div>`
          : t.rawCode
            ? html`<wh-sql-block .code=${t.rawCode} label="SQL of ${t.name}"></wh-sql-block>`
            : nothing}
      </div>
    </details>`;
  }

  private async _onLoadRows(): Promise<void> {
    const client = this._warehouse.client;
    if (!client || !this.test.compiledCode) return;
    this._loadError = null;
    try {
      this._loaded = await client.query(this.test.compiledCode, { maxRows: SAMPLE_ROWS });
    } catch (error) {
      this._loadError = (error as Error).message;
    }
  }
}

customElements.define('wh-test-result', WhTestResult);

declare global {
  interface HTMLElementTagNameMap {
    'wh-test-result': WhTestResult;
  }
}
