import { ContextProvider } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import wasmAsset from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { site } from 'virtual:warehouse-site';
import { matchRoute } from './router';
import { HashController } from './hash-location';
import { routes } from './routes';
import { views } from './views';
import type { RouteDef } from './routes';
import { sharedStyles } from './styles';
import { WarehouseClient } from './warehouse-client';
import { warehouseContext } from './warehouse-context';
import './wh-build-progress';
import './wh-header';

const SITE_NAME = 'B2B analytics engineering';

/**
 * The shell: header, notices, and the view the hash names. It owns the one
 * warehouse client, starts the build at once, and provides the client to
 * every view through context.
 */
export class WhApp extends LitElement {
  static override properties = {
    _loadError: { state: true },
  };

  declare private _loadError: string | null;

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
  });
  private readonly _hash = new HashController(this);
  private readonly _onClientChange = () => this.requestUpdate();
  private _shownReady = false;

  constructor() {
    super();
    this._loadError = null;
    new ContextProvider(this, { context: warehouseContext, initialValue: this._client });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._client.addEventListener('change', this._onClientChange);
    void this._client.start();
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
      void (page?.updateComplete ?? Promise.resolve()).then(() => requestAnimationFrame(() => this._client.markFirstRender()));
    }
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
