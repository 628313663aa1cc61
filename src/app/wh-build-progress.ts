import { LitElement, css, html, nothing } from 'lit';
import { formatBytes, formatMs, formatCount } from './format';
import { sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import type { Phase } from '../shared/worker-api';

const STEPS: { phase: Phase; label: string }[] = [
  { phase: 'download', label: 'Download sql.js and the raw extracts' },
  { phase: 'wasm', label: 'Start SQLite (WebAssembly)' },
  { phase: 'open', label: 'Open the raw warehouse' },
  { phase: 'parse', label: 'Parse the dbt project' },
  { phase: 'build', label: 'Build every model and run every test' },
  { phase: 'catalog', label: 'Read the catalog' },
];

/**
 * What the tab is doing while the warehouse builds: bytes downloaded, each
 * start-up step, then `N of M` nodes with the one running now.
 */
export class WhBuildProgress extends LitElement {
  static override properties = {
    waitingFor: { type: String },
  };

  /** The view that opens when the build is done, named in the heading. */
  declare waitingFor: string;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      .card {
        max-width: 40rem;
        margin: 1.5rem auto;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0.75rem 0;
      }
      li {
        display: grid;
        grid-template-columns: 1.5rem 1fr auto;
        gap: 0.25rem;
        padding: 0.2rem 0;
        color: var(--muted);
      }
      li.done,
      li.current {
        color: var(--text);
      }
      li.current {
        font-weight: 600;
      }
      .mark::before {
        content: '○';
      }
      li.done .mark::before {
        content: '✓';
        color: var(--pass);
      }
      li.current .mark::before {
        content: '◐';
        color: var(--accent);
      }
      progress {
        width: 100%;
        height: 0.6rem;
        accent-color: var(--accent);
      }
      .file {
        font-size: 0.85rem;
        margin: 0.3rem 0 0.1rem;
        display: flex;
        justify-content: space-between;
        gap: 1rem;
      }
      .node {
        font-family: var(--mono);
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }
      .error {
        border-color: var(--fail);
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];

  constructor() {
    super();
    this.waitingFor = '';
  }

  override render() {
    const client = this._warehouse.client;
    if (!client) return nothing;
    if (client.status === 'failed') {
      return html`<div class="page"><div class="card error" role="alert">
        <h1>The warehouse could not be built</h1>
        <pre>${client.error}</pre>
        <button class="primary" type="button" @click=${() => client.retry()}>Try again</button>
      </div></div>`;
    }
    const currentIndex = client.phase ? STEPS.findIndex((s) => s.phase === client.phase) : -1;
    const { done, total, current, failed } = client.progress;
    return html`<div class="page"><section class="card" aria-labelledby="building-title" aria-busy="true">
      <h1 id="building-title">Building the warehouse in this tab</h1>
      <p class="muted">
        ${this.waitingFor ? html`<strong>${this.waitingFor}</strong> opens when the build is done. ` : nothing}Raw Salesforce, Stripe and Segment
        extracts are loaded into SQLite here, then every dbt model is built and tested.
      </p>
      ${client.downloads.map(
        (d) => html`<div class="file">
            <span>${d.file === 'wasm' ? 'SQLite (wasm)' : d.file}</span>
            <span class="muted">${formatBytes(d.loaded)}${d.total ? ` of ${formatBytes(d.total)}` : ''}</span>
          </div>
          <progress max=${d.total ?? 1} .value=${d.total ? d.loaded : 0} aria-label="Downloading ${d.file}"></progress>`,
      )}
      <ol>
        ${STEPS.map((step, i) => {
          const ms = client.timings[step.phase];
          const state = ms !== undefined ? 'done' : i === currentIndex ? 'current' : '';
          return html`<li class=${state}>
            <span class="mark" aria-hidden="true"></span><span>${step.label}</span><span>${ms !== undefined ? formatMs(ms) : ''}</span>
          </li>`;
        })}
      </ol>
      ${total > 0
        ? html`<div class="file" role="status">
              <span>${formatCount(done)} of ${formatCount(total)} nodes built and tested${failed ? html`, <strong style="color:var(--fail)">${failed} failed</strong>` : nothing}</span>
            </div>
            <progress max=${total} .value=${done} aria-label="Nodes done"></progress>
            ${current ? html`<p class="node muted">${current.resourceType} ${current.name}</p>` : nothing}`
        : nothing}
    </section></div>`;
  }
}

customElements.define('wh-build-progress', WhBuildProgress);

declare global {
  interface HTMLElementTagNameMap {
    'wh-build-progress': WhBuildProgress;
  }
}
