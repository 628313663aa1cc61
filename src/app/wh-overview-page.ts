import { LitElement, css, html, nothing } from 'lit';
import { breakable } from './inline-text';
import { formatCount, formatMs, formatSeconds, plural } from './format';
import { DICTIONARY_PAGE, backfillHref, consoleHref, docHref, lineageHref, modelHref, testsHref, tourHref } from './links';
import { outcomeCounts, shortId } from './project-index';
import type { ProjectIndex, Resource } from './project-index';
import { layerColor, sharedStyles } from './styles';
import type { Timings } from './warehouse-client';
import { WarehouseController } from './warehouse-context';
import './wh-build-progress';
import './wh-status-badge';

const TIMING_ROWS: { key: keyof Timings; label: string }[] = [
  { key: 'page', label: 'Load the page' },
  { key: 'worker', label: 'Start the worker' },
  { key: 'download', label: 'Download (wasm + raw file)' },
  { key: 'wasm', label: 'Start SQLite' },
  { key: 'open', label: 'Open the raw file' },
  { key: 'parseWork', label: 'Parse the project (during the download)' },
  { key: 'parse', label: 'Wait for the parse' },
  { key: 'models', label: 'Build models, seeds, snapshots' },
  { key: 'tests', label: 'Run tests' },
  { key: 'catalog', label: 'Catalog' },
  { key: 'artifacts', label: 'Hand the results to the page' },
  { key: 'firstRender', label: 'First render' },
];

/**
 * The landing view: what the project is, how the build in this tab went, and
 * where to go next. While the build runs it shows the build's progress.
 */
export class WhOverviewPage extends LitElement {
  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      .lead {
        font-size: 1.05rem;
        max-width: 48rem;
      }
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0.75rem;
        margin: 1rem 0;
      }
      .stat .value {
        font-size: 1.6rem;
        font-weight: 700;
      }
      .stat .label {
        color: var(--muted);
        font-size: 0.85rem;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        margin-top: 0.3rem;
      }
      .next {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: 0.75rem;
      }
      .next a.card {
        display: block;
        text-decoration: none;
        color: var(--text);
      }
      .next a.card:hover {
        border-color: var(--accent);
      }
      .next strong {
        color: var(--accent);
      }
      .areas {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
        gap: 0.75rem;
      }
      .areas ul {
        margin: 0.25rem 0 0;
        padding-left: 1.1rem;
      }
      .areas li {
        overflow-wrap: break-word;
      }
      .columns {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
        gap: 1.5rem;
      }
      @media (max-width: 800px) {
        .columns {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      table.data td:last-child {
        text-align: right;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
    `,
  ];

  override render() {
    const client = this._warehouse.client;
    const index = this._warehouse.index;
    if (!client || !index || !client.summary) return html`<wh-build-progress></wh-build-progress>`;
    const { elapsed, ok } = client.summary;
    const { tests, nodes } = outcomeCounts(index);
    const resources = [...index.resources.values()];
    const count = (type: Resource['type']) => resources.filter((r) => r.type === type).length;
    const marts = resources.filter((r) => r.layer === 'marts');
    const focus = marts.find((r) => r.name === 'fct_mrr') ?? marts[0] ?? resources[0];
    const problems = index.tests.filter((t) => t.status === 'fail' || t.status === 'error');

    return html`<div class="page">
      <h1>A B2B SaaS warehouse, built in this tab</h1>
      <p class="lead">
        Raw extracts from Salesforce (CRM), Stripe (billing) and Segment (product events) are loaded into SQLite in your browser,
        and the dbt project <code>${index.projectName}</code> turns them into tested staging, intermediate and mart models for
        finance, sales and product. No server was involved.
      </p>

      <section aria-labelledby="outcome">
        <h2 id="outcome">This build ${ok ? html`<wh-status-badge status="pass" label="succeeded"></wh-status-badge>` : html`<wh-status-badge status="fail" label="has problems"></wh-status-badge>`}</h2>
        ${this._warehouse.client?.batch === 2
          ? html`<p data-batch="2">
              The warehouse holds batch 1 and the late batch: the counts below are of the last build of each node and test (the
              <a href=${backfillHref()}>late batch</a> rebuilt what it reached). Reset on that page returns to batch 1.
            </p>`
          : nothing}
        <div class="stats">
          <div class="card stat" data-stat="models">
            <div class="value">${formatCount(count('model'))}</div>
            <div class="label">models, plus ${plural(count('seed'), 'seed')}, ${plural(count('snapshot'), 'snapshot')} and ${plural(count('source'), 'source table')}</div>
          </div>
          <div class="card stat" data-stat="tests">
            <div class="value">${formatCount(tests.run)}</div>
            <div class="label">tests run</div>
            <div class="badges">
              <wh-status-badge status="pass" .count=${tests.pass} data-count="pass"></wh-status-badge>
              <wh-status-badge status="warn" .count=${tests.warn} data-count="warn"></wh-status-badge>
              <wh-status-badge status="fail" .count=${tests.fail} data-count="fail"></wh-status-badge>
              ${tests.error ? html`<wh-status-badge status="error" .count=${tests.error} data-count="error"></wh-status-badge>` : nothing}
              ${tests.skipped ? html`<wh-status-badge status="skipped" .count=${tests.skipped} data-count="skipped"></wh-status-badge>` : nothing}
            </div>
          </div>
          <div class="card stat" data-stat="built">
            <div class="value">${formatCount(nodes.built)}</div>
            <div class="label">nodes built${nodes.errors ? `, ${nodes.errors} failed` : ''}${nodes.skipped ? `, ${nodes.skipped} skipped` : ''}</div>
          </div>
          <div class="card stat" data-stat="time">
            <div class="value">${formatSeconds(elapsed)}</div>
            <div class="label">to build and test${client.timings.total ? `; ${formatMs(client.timings.total)} from opening the page` : ''}</div>
          </div>
        </div>
        ${problems.length
          ? html`<div class="card" role="alert">
              <strong>${plural(problems.length, 'test')} failed or errored.</strong>
              <ul>
                ${problems.slice(0, 5).map(
                  (t) => html`<li><a href=${testsHref({ q: t.name })}>${t.label}</a> on ${t.attachedTo.map((id) => index.resources.get(id)?.name).join(', ')}</li>`,
                )}
              </ul>
              <a href=${testsHref({ status: 'problems' })}>See all of them with their failing rows</a>
            </div>`
          : nothing}
      </section>

      <div class="columns">
        <section aria-labelledby="next">
          <h2 id="next">Where to go next</h2>
          <div class="next">
            <a class="card" href=${tourHref()}><strong>The walkthrough</strong><br />Eight steps from raw extracts to the console, with the decisions behind each.</a>
            <a class="card" href=${lineageHref(focus ? shortId(focus.id) : undefined, 1)}
              ><strong>Lineage</strong><br />From raw sources through staging and intermediate models to the marts.</a
            >
            <a class="card" href=${testsHref()}><strong>Tests</strong><br />Every data test with its outcome and failing rows.</a>
            <a class="card" href="#/docs"><strong>Docs</strong><br />Metric definitions, the data dictionary and the decisions behind them.</a>
            <a class="card" href=${consoleHref(focus?.relation ? `select *\nfrom ${focus.name}\nlimit 100` : 'select 1')}
              ><strong>SQL console</strong><br />Query the built warehouse right here.</a
            >
            <a class="card" href=${backfillHref()}><strong>The late batch</strong><br />Apply two weeks of late data and see which numbers change.</a>
          </div>
          <h2>Marts</h2>
          ${this._renderMarts(index, marts)}
        </section>
        <section aria-labelledby="timings">
          <h2 id="timings">Where the time went</h2>
          <table class="data">
            <tbody>
              ${TIMING_ROWS.filter((row) => client.timings[row.key] !== undefined).map(
                (row) => html`<tr><th scope="row">${row.label}</th><td>${formatMs(client.timings[row.key]!)}</td></tr>`,
              )}
            </tbody>
          </table>
        </section>
      </div>
    </div>`;
  }

  private _renderMarts(index: ProjectIndex, marts: Resource[]) {
    if (marts.length === 0) return html`<p class="muted">This project has no mart models.</p>`;
    const areas = new Map<string, Resource[]>();
    for (const mart of marts) {
      const area = martArea(mart, index);
      areas.set(area, [...(areas.get(area) ?? []), mart]);
    }
    return html`<div class="areas">
      ${[...areas.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([area, list]) => html`<div class="card">
            <strong><span class="layer-dot" style="background:${layerColor('marts')}"></span>${area}</strong>
            <ul>
              ${martsToList(list).map(
                (m) =>
                  html`<li><a href=${modelHref(m.key)}>${breakable(m.name)}</a> ${m.health === 'fail' || m.health === 'error' ? html`<wh-status-badge status=${m.health}></wh-status-badge>` : nothing}</li>`,
              )}
            </ul>
            ${list.length > MARTS_LISTED ? html`<a href=${docHref(DICTIONARY_PAGE)}>and ${list.length - MARTS_LISTED} more in the data dictionary</a>` : nothing}
          </div>`,
        )}
    </div>`;
  }
}

/** Marts listed per area; failing ones first so a problem is never hidden below the fold. */
const MARTS_LISTED = 12;

function martsToList(list: Resource[]): Resource[] {
  const failing = (r: Resource) => (r.health === 'fail' || r.health === 'error' ? 0 : 1);
  return [...list].sort((a, b) => failing(a) - failing(b) || a.name.localeCompare(b.name)).slice(0, MARTS_LISTED);
}

/** The folder under `marts/` (finance, sales, ...) a mart lives in. */
function martArea(mart: Resource, index: ProjectIndex): string {
  const parts = mart.path.split('/');
  const at = parts.indexOf('marts');
  const folder = at >= 0 && at < parts.length - 2 ? parts[at + 1] : undefined;
  return folder ?? index.projectName;
}

customElements.define('wh-overview-page', WhOverviewPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-overview-page': WhOverviewPage;
  }
}
