import { LitElement, css, html } from 'lit';
import { dashboards, findDashboard } from './dashboards/index';
import { dashboardHref } from './dashboards/links';
import type { DashboardDef } from './dashboards/types';
import { formatMs } from './format';
import type { RouteMatch } from './router';
import { sharedStyles } from './styles';
import './wh-chart-card';
import { preloadCharts } from './wh-chart';

/**
 * The dashboards: `#/dashboards` lists them, `#/dashboards/<slug>` shows
 * one, each chart in its own card querying the built warehouse. When every
 * chart of a dashboard is drawn (or has failed), the time since the page
 * asked for them is recorded as the `wh:dashboard:<slug>` performance
 * measure and shown under the title.
 */
export class WhDashboardPage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _renderMs: { state: true },
  };

  /** `params.name` is the dashboard's slug; absent on the list. */
  declare route: RouteMatch | null;
  declare private _renderMs: number | null;

  private _shownSlug: string | null = null;
  private _started = 0;
  private _pending = new Set<string>();

  static override styles = [
    sharedStyles,
    css`
      .tabs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
      }
      .tabs a {
        display: block;
        padding: 0.3rem 0.75rem;
        border-radius: 999px;
        border: 1px solid var(--border);
        background: var(--surface);
        color: var(--text);
        text-decoration: none;
        font-size: 0.9rem;
      }
      .tabs a[aria-current='page'] {
        background: var(--accent);
        border-color: var(--accent);
        color: var(--on-accent);
        font-weight: 600;
      }
      .summary {
        max-width: 52rem;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 1rem;
      }
      .grid > .wide {
        grid-column: 1 / -1;
      }
      @media (max-width: 900px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .list {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: 1rem;
      }
      .list a.card {
        display: block;
        color: var(--text);
        text-decoration: none;
      }
      .list a.card:hover {
        border-color: var(--accent);
      }
      .list h2 {
        margin-top: 0;
        color: var(--accent);
      }
      .list ul {
        margin: 0.5rem 0 0;
        padding-left: 1.1rem;
        font-size: 0.85rem;
        color: var(--muted);
      }
      .timing {
        font-size: 0.8rem;
      }
    `,
  ];

  constructor() {
    super();
    this.route = null;
    this._renderMs = null;
  }

  override render() {
    const slug = this.route?.params.name;
    if (!slug) return this._renderList();
    const dashboard = findDashboard(slug);
    if (!dashboard) {
      return html`<div class="page">
        ${this._renderTabs(null)}
        <h1>No dashboard named “${slug}”</h1>
        <p>The dashboards are ${dashboards.map((d, i) => html`${i > 0 ? ', ' : ''}<a href=${dashboardHref(d.slug)}>${d.title}</a>`)}.</p>
      </div>`;
    }
    return html`<div class="page" @chart-ready=${this._onChartReady}>
      ${this._renderTabs(dashboard.slug)}
      <h1>${dashboard.title} dashboard</h1>
      <p class="summary">${dashboard.summary}</p>
      <p class="muted timing" role="status">
        ${this._renderMs === null
          ? `Drawing ${dashboard.charts.length} charts from the warehouse built in this tab…`
          : `${dashboard.charts.length} charts queried and drawn in ${formatMs(this._renderMs)}, from the warehouse built in this tab.`}
      </p>
      <div class="grid">
        ${dashboard.charts.map(
          (chart) => html`<wh-chart-card class=${chart.wide ? 'wide' : ''} .chart=${chart} dashboard=${dashboard.slug}></wh-chart-card>`,
        )}
      </div>
    </div>`;
  }

  override willUpdate(): void {
    const slug = this.route?.params.name ?? null;
    const dashboard = slug ? findDashboard(slug) : undefined;
    if (slug !== this._shownSlug) {
      this._shownSlug = slug;
      this._renderMs = null;
      this._started = performance.now();
      this._pending = new Set(dashboard?.charts.map((c) => c.id) ?? []);
      // vega loads while the first queries run, not after them.
      if (dashboard) preloadCharts();
    }
  }

  private _renderList() {
    return html`<div class="page">
      <h1>Dashboards</h1>
      <p class="summary">
        Every chart runs its SQL against the marts built in this tab, says which models it reads and how its metric is defined, and
        opens its query in the console.
      </p>
      <div class="list">
        ${dashboards.map(
          (d) => html`<a class="card" href=${dashboardHref(d.slug)}>
            <h2>${d.title}</h2>
            <p>${d.summary}</p>
            <ul>
              ${d.charts.map((c) => html`<li>${c.title}</li>`)}
            </ul>
          </a>`,
        )}
      </div>
    </div>`;
  }

  private _renderTabs(current: string | null) {
    return html`<nav aria-label="Dashboards">
      <ul class="tabs">
        <li><a href=${dashboardHref()} aria-current=${current === null ? 'page' : 'false'}>All</a></li>
        ${dashboards.map(
          (d: DashboardDef) => html`<li><a href=${dashboardHref(d.slug)} aria-current=${current === d.slug ? 'page' : 'false'}>${d.title}</a></li>`,
        )}
      </ul>
    </nav>`;
  }

  private _onChartReady(event: CustomEvent<{ id: string }>): void {
    if (!this._pending.delete(event.detail.id) || this._pending.size > 0 || !this._shownSlug) return;
    const end = performance.now();
    this._renderMs = end - this._started;
    try {
      performance.measure(`wh:dashboard:${this._shownSlug}`, { start: this._started, end });
    } catch {
      // The measure is for the benchmark; the page shows the time itself.
    }
  }
}

customElements.define('wh-dashboard-page', WhDashboardPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-dashboard-page': WhDashboardPage;
  }
}
