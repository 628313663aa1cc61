import { ContextProvider } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import wasmAsset from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { site } from 'virtual:warehouse-site';
import { registerServiceWorker } from './offline';
import { matchRoute } from './router';
import { HashController } from './hash-location';
import { SITE_NAME, routes } from './routes';
import { views } from './views';
import type { RouteDef } from './routes';
import { sharedStyles } from './styles';
import { WarehouseClient } from './warehouse-client';
import { warehouseContext } from './warehouse-context';
import './wh-build-progress';
import './wh-header';

const DELTA_FILE = site.rawFiles.find((f) => f.name === 'raw_sources_delta.sqlite');

/**
 * The shell: header, notices, and the view the hash names. It owns the one
 * warehouse client, starts the build at once, and provides the client to
 * every view through context.
 */
export class WhApp extends LitElement {
  static override properties = {
    _loadError: { state: true },
    _applyUpdate: { state: true },
    _offline: { state: true },
  };

  declare private _loadError: string | null;
  /** Switches to the newer version of the site that is waiting; null when there is none. */
  declare private _applyUpdate: (() => void) | null;
  /** `ready`: this visit's files are stored for offline use; `active`: this page came from them. */
  declare private _offline: 'none' | 'ready' | 'active';

  static override styles = [
    sharedStyles,
    css`
      :host {
        min-height: 100vh;
        display: flex;
        flex-direction: column;
      }
      main {
        flex: 1;
        outline: none;
      }
      .skip {
        position: absolute;
        left: 0.5rem;
        top: -3rem;
        z-index: 10;
        background: var(--surface);
        padding: 0.5rem 0.75rem;
        border-radius: 6px;
      }
      .skip:focus {
        top: 0.5rem;
      }
      .notice {
        display: flex;
        gap: 0.75rem;
        align-items: flex-start;
        justify-content: space-between;
        max-width: var(--page-width);
        margin: 0.75rem auto 0;
        padding: 0.6rem 0.9rem;
        border-radius: var(--radius);
        border: 1px solid var(--border);
        background: var(--surface);
        width: calc(100% - 2rem);
      }
      .notice.warning {
        border-color: var(--warn);
      }
      .notice.error {
        border-color: var(--fail);
      }
      .notice p {
        margin: 0;
      }
      .failed {
        border-color: var(--fail);
      }
      footer {
        border-top: 1px solid var(--border);
        color: var(--muted);
        font-size: 0.85rem;
        padding: 1rem;
        text-align: center;
      }
    `,
  ];

  private readonly _client = new WarehouseClient({
    wasmUrl: new URL(wasmAsset, document.baseURI).href,
    rawUrl: site.rawFiles[0] ? new URL(site.rawFiles[0].path, document.baseURI).href : null,
    rawBytes: site.rawFiles[0]?.bytes,
    deltaUrl: DELTA_FILE ? new URL(DELTA_FILE.path, document.baseURI).href : null,
    deltaBytes: DELTA_FILE?.bytes,
  });
  private readonly _hash = new HashController(this);
  private readonly _onClientChange = () => this.requestUpdate();
  private _shownReady = false;

  constructor() {
    super();
    this._loadError = null;
    this._applyUpdate = null;
    this._offline = 'none';
    new ContextProvider(this, { context: warehouseContext, initialValue: this._client });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._client.addEventListener('change', this._onClientChange);
    void this._client.start();
    if (navigator.serviceWorker?.controller) this._offline = 'active';
    void registerServiceWorker({
      onOfflineReady: () => (this._offline = 'ready'),
      onUpdate: (apply) => (this._applyUpdate = apply),
      onError: () => (this._offline = 'none'),
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._client.removeEventListener('change', this._onClientChange);
  }

  override render() {
    const match = matchRoute(routes, this._hash.location);
    const def = match ? routes.find((r) => r.name === match.name)! : null;
    const notice = this._client.notice;
    return html`
      <a class="skip" href="#/" @click=${this._onSkip}>Skip to content</a>
      <wh-header .route=${match} .repositoryUrl=${site.repositoryUrl}></wh-header>
      <div role="status">
        ${this._applyUpdate
          ? html`<div class="notice info" data-update>
              <p>
                A newer version of this site is available. Reloading builds the warehouse again from batch
                1${this._client.batch === 2 || this._client.changedByQueries ? ', so the late batch and any console writes in this tab are not kept' : ''}.
              </p>
              <button type="button" class="primary" @click=${() => this._applyUpdate?.()}>Reload to update</button>
            </div>`
          : nothing}
        ${notice
          ? html`<div class="notice ${notice.tone}">
              <p>${notice.text}</p>
              <button type="button" @click=${() => this._client.dismissNotice()} aria-label="Dismiss this notice">Dismiss</button>
            </div>`
          : nothing}
      </div>
      <main id="main" tabindex="-1">${def && match ? this._renderRoute(def, match) : this._renderNotFound()}</main>
      <footer>
        Every model is built and tested in this tab from raw extracts; nothing is sent anywhere.
        ${this._offline === 'active'
          ? html`<span data-offline="active">This copy of the site is stored on this device and works offline.</span>`
          : this._offline === 'ready'
            ? html`<span data-offline="ready">Stored for offline use: the next visit works without a network.</span>`
            : nothing}
        ${site.repositoryUrl ? html`<a href=${site.repositoryUrl} target="_blank" rel="noopener noreferrer">Source code</a>` : nothing}
      </footer>
    `;
  }

  private _renderRoute(def: RouteDef, match: NonNullable<ReturnType<typeof matchRoute>>) {
    if (this._loadError) {
      return html`<div class="page"><div class="card failed" role="alert"><p>${this._loadError}</p><button @click=${() => location.reload()}>Reload</button></div></div>`;
    }
    if (def.needsBuild && !this._client.ready) {
      return html`<wh-build-progress .waitingFor=${def.title(match)}></wh-build-progress>`;
    }
    if (!customElements.get(def.tag)) {
      const load = views[def.tag];
      if (!load) return html`<div class="page"><p role="alert">The view ${def.tag} has no loader in views.ts.</p></div>`;
      load().then(
        () => this.requestUpdate(),
        (error: unknown) => (this._loadError = `This page could not be loaded (${(error as Error).message}); the site may have been updated: reload.`),
      );
      return html`<div class="page" aria-busy="true"><p class="muted">Loading…</p></div>`;
    }
    const tag = unsafeStatic(def.tag);
    return staticHtml`<${tag} .route=${match}></${tag}>`;
  }

  private _renderNotFound() {
    return html`<div class="page">
      <h1>Nothing here</h1>
      <p>No page matches <code>${location.hash}</code>. <a href="#/">Go to the overview</a>.</p>
    </div>`;
  }

  override updated(): void {
    const match = matchRoute(routes, this._hash.location);
    const def = match ? routes.find((r) => r.name === match.name) : undefined;
    document.title = def && match ? `${def.title(match)} · ${SITE_NAME}` : SITE_NAME;
    if (this._client.ready && !this._shownReady && def && customElements.get(def.tag)) {
      this._shownReady = true;
      const page = this.renderRoot.querySelector('main')?.firstElementChild as LitElement | null;
      void (page?.updateComplete ?? Promise.resolve()).then(() =>
        requestAnimationFrame(() => {
          this._client.markFirstRender();
          this._warmUp();
        }),
      );
    }
  }

  /** When the page is idle after its first drawing: ready the dashboards (their code, the chart library, their queries). */
  private _warmUp(): void {
    const whenIdle = (work: () => void) =>
      typeof requestIdleCallback === 'function' ? requestIdleCallback(work, { timeout: 1000 }) : setTimeout(work, 100);
    whenIdle(() => {
      import('./dashboards/warm-up')
        .then(({ warmUpDashboards }) => warmUpDashboards(this._client))
        .catch(() => {
          // Only an optimisation: a dashboard opened later loads and queries on its own.
        });
    });
  }

  private _onSkip(event: Event): void {
    event.preventDefault();
    this.renderRoot.querySelector('main')?.focus();
  }
}

customElements.define('wh-app', WhApp);

declare global {
  interface HTMLElementTagNameMap {
    'wh-app': WhApp;
  }
}
