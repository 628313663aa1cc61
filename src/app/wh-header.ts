import { LitElement, css, html, nothing } from 'lit';
import { formatBytes, plural } from './format';
import { backfillHref, testsHref } from './links';
import { scrollIntoRow } from './scroll-row';
import type { RouteMatch } from './router';
import { navigation } from './routes';
import { sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import './wh-search-box';
import './wh-status-badge';

/**
 * The site header: name, navigation, search, the build's status and the
 * repository link. On a phone the navigation scrolls sideways on its own row.
 */
export class WhHeader extends LitElement {
  static override properties = {
    route: { attribute: false },
    repositoryUrl: { attribute: false },
  };

  /** The current view, to mark its navigation link. */
  declare route: RouteMatch | null;
  declare repositoryUrl: string | null;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      header {
        background: var(--surface);
        border-bottom: 1px solid var(--border);
      }
      .bar {
        max-width: var(--page-width);
        margin: 0 auto;
        padding: 0.5rem 1rem;
        display: grid;
        grid-template-columns: auto 1fr auto auto;
        grid-template-areas: 'brand nav search status';
        align-items: center;
        gap: 0.5rem 1rem;
      }
      .brand {
        grid-area: brand;
        font-weight: 700;
        color: var(--text);
        text-decoration: none;
        white-space: nowrap;
      }
      .brand span {
        color: var(--accent);
      }
      nav {
        grid-area: nav;
        min-width: 0;
        overflow-x: auto;
        scrollbar-width: none;
      }
      nav ul {
        display: flex;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: block;
        padding: 0.35rem 0.45rem;
        border-radius: 6px;
        color: var(--text);
        text-decoration: none;
        white-space: nowrap;
      }
      nav a[aria-current='page'] {
        background: var(--accent-soft);
        color: var(--accent);
        font-weight: 600;
      }
      wh-search-box {
        grid-area: search;
        width: 12rem;
      }
      .status {
        grid-area: status;
        display: flex;
        align-items: center;
        gap: 0.75rem;
        white-space: nowrap;
        font-size: 0.85rem;
      }
      .status a.pill {
        text-decoration: none;
      }
      .repo {
        color: var(--muted);
      }
      .batch {
        font-size: 0.8rem;
        font-weight: 600;
        color: var(--accent);
        text-decoration: none;
      }
      /* Eight sections, the search and the status share one row from about 1,130 px of width; below, the sections get a row of their own. */
      @media (max-width: 1160px) {
        .bar {
          grid-template-columns: auto 1fr auto;
          grid-template-areas:
            'brand search status'
            'nav nav nav';
        }
        wh-search-box {
          width: auto;
          justify-self: end;
          min-width: 12rem;
          max-width: 20rem;
          width: 100%;
        }
      }
      @media (max-width: 640px) {
        .bar {
          grid-template-columns: 1fr auto;
          grid-template-areas:
            'brand status'
            'search search'
            'nav nav';
          padding: 0.5rem 0.75rem;
        }
        wh-search-box {
          max-width: none;
          justify-self: stretch;
        }
        /* The sections run past the edge: a fade says there are more, and room at the end lets the last clear it. */
        nav {
          mask-image: linear-gradient(to right, black calc(100% - 2rem), transparent);
        }
        nav ul {
          padding-inline-end: 2rem;
        }
      }
    `,
  ];

  constructor() {
    super();
    this.route = null;
    this.repositoryUrl = null;
  }

  /** On a phone the sections scroll sideways: keep the current one in view. */
  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('route')) return;
    const nav = this.renderRoot.querySelector('nav');
    const link = nav?.querySelector<HTMLElement>('a[aria-current="page"]');
    if (!nav || !link) return;
    scrollIntoRow(nav, link);
  }

  override render() {
    const current = this.route?.name;
    return html`<header>
      <div class="bar">
        <a class="brand" href="#/">B2B <span>analytics</span></a>
        <nav aria-label="Main">
          <ul>
            ${navigation.map(
              (item) =>
                html`<li>
                  <a href=${item.href} aria-current=${current && item.routes.includes(current) ? 'page' : 'false'}>${item.label}</a>
                </li>`,
            )}
          </ul>
        </nav>
        <wh-search-box></wh-search-box>
        <div class="status">
          ${this._renderStatus()}
          ${this._warehouse.client?.batch === 2
            ? html`<a class="batch" href=${backfillHref()} title="The warehouse holds batch 1 and the late batch; Reset on the Backfill page returns to batch 1">+ late batch</a>`
            : nothing}
          ${this.repositoryUrl
            ? html`<a class="repo" href=${this.repositoryUrl} target="_blank" rel="noopener noreferrer" title="Source code on GitHub">Source</a>`
            : nothing}
        </div>
      </div>
    </header>`;
  }

  private _renderStatus() {
    const client = this._warehouse.client;
    if (!client) return nothing;
    switch (client.status) {
      case 'idle':
      case 'loading': {
        const loaded = client.downloads.reduce((sum, d) => sum + d.loaded, 0);
        return html`<span class="muted">Loading${loaded ? ` ${formatBytes(loaded)}` : ''}…</span>`;
      }
      case 'building':
        return html`<span class="muted">Building ${client.progress.done}/${client.progress.total || '…'}</span>`;
      case 'failed':
        return html`<a class="pill" href="#/"><wh-status-badge status="error" label="build failed"></wh-status-badge></a>`;
      case 'ready': {
        const counts = client.summary?.counts;
        if (!counts) return nothing;
        const failing = counts.fail + counts.errors;
        if (failing > 0) {
          return html`<a class="pill" href=${testsHref({ status: 'problems' })} title="Show failing tests and errors"
            ><wh-status-badge status="fail" label=${`${plural(failing, 'problem')}`}></wh-status-badge
          ></a>`;
        }
        return html`<a class="pill" href=${testsHref()} title="${plural(counts.built, 'node')} built, ${plural(counts.pass, 'test')} passing"
          ><wh-status-badge status=${counts.warn ? 'warn' : 'pass'} label=${`${plural(counts.pass + counts.warn, 'test')} ${counts.warn ? `· ${counts.warn} warn` : 'pass'}`}></wh-status-badge
        ></a>`;
      }
    }
  }
}

customElements.define('wh-header', WhHeader);

declare global {
  interface HTMLElementTagNameMap {
    'wh-header': WhHeader;
  }
}
