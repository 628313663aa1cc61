import { LitElement, css, html, nothing } from 'lit';
import type { BackfillReport, Restatement } from '../shared/worker-api';
import { isMoney, restatementChart } from './backfill-charts';
import { formatCount, formatMs, formatSeconds, plural } from './format';
import { breakable } from './inline-text';
import { consoleHref, docHref, modelHref, tourHref } from './links';
import type { RouteMatch } from './router';
import { sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import './wh-chart';

const PHASE_LABELS: Record<string, string> = {
  download: 'Downloading the late batch',
  append: 'Appending it to the raw tables',
  build: 'Building what it changed',
  measure: 'Comparing before and after',
};

/**
 * The backfill story, `#/backfill`: the visitor applies the late-arriving
 * batch in this tab and sees what arrived, what the incremental build ran
 * and skipped, the snapshots gaining versions, and the historical numbers
 * it restated, as charts and a diff table. Reset goes back to batch 1.
 */
export class WhBackfillPage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _resetMs: { state: true },
  };

  declare route: RouteMatch;
  declare private _resetMs: number | null;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      .lead {
        max-width: 52rem;
      }
      .apply {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.25rem;
        align-items: center;
      }
      .apply ol {
        margin: 0;
        padding-left: 1.2rem;
        flex: 1 1 24rem;
      }
      progress {
        width: 100%;
        height: 0.6rem;
        accent-color: var(--accent);
      }
      .summary {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0.75rem;
        margin: 1rem 0;
      }
      .summary .card {
        padding: 0.75rem 0.9rem;
      }
      .summary strong {
        display: block;
        font-size: 1.35rem;
      }
      .summary span {
        color: var(--muted);
        font-size: 0.85rem;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
        gap: 0.75rem;
      }
      .charts h3 {
        margin: 0 0 0.4rem;
        font-family: var(--mono);
        font-size: 0.9rem;
      }
      table.data td.number,
      table.data th.number {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      table.data td.up {
        color: var(--pass);
      }
      table.data td.down {
        color: var(--fail);
      }
      .narrow {
        max-width: 40rem;
      }
      .diff {
        max-height: 26rem;
        overflow: auto;
        border: 1px solid var(--border);
        border-radius: 6px;
      }
      .diff th {
        position: sticky;
        top: 0;
      }
      .names {
        font-family: var(--mono);
        font-size: 0.8rem;
        line-height: 1.6;
        overflow-wrap: anywhere;
      }
      .error {
        border-color: var(--fail);
        white-space: pre-wrap;
      }
      details summary {
        cursor: pointer;
        margin: 0.5rem 0;
      }
    `,
  ];

  constructor() {
    super();
    this._resetMs = null;
  }

  override render() {
    const client = this._warehouse.client;
    const report = client?.backfillReport ?? null;
    const busy = client?.operation ?? null;
    return html`<div class="page" data-batch=${client?.batch ?? 1}>
      <h1>The late-arriving batch</h1>
      <p class="lead">
        Batch 1 holds everything the loaders had written by 31 October. Two weeks later a second extract arrives: November’s activity, product events from
        September and October that reached the warehouse late, the charges a Stripe connector outage held back, invoices paid late, and copies of rows
        sent again. Applying it here appends it to the raw tables as a loader would, builds what it changed, and shows which numbers already reported
        have moved. <a href=${docHref('backfills')}>How backfills work</a>.
      </p>
      ${client?.backfillError ? html`<div class="card error" role="alert" tabindex="-1">${client.backfillError}</div>` : nothing}
      ${report ? this._renderReport(report, busy) : this._renderApply(busy)}
    </div>`;
  }

  private _renderApply(busy: string | null) {
    const client = this._warehouse.client;
    if (!client?.hasDelta) {
      return html`<p class="card" role="alert">This site was built without the late batch (<code>warehouse/raw_sources_delta.sqlite</code>); run <code>npm run generate</code>, then <code>npm run build</code>.</p>`;
    }
    const progress = client.backfillProgress;
    return html`<section class="card apply" aria-label="Apply the late batch">
      <ol>
        <li>Download the batch and append each of its tables to the raw table of the same name, recorded in <code>_loads</code>.</li>
        <li>Build again only what lies downstream of the tables that received rows: incremental models take the new rows, snapshots record changes.</li>
        <li>Compare snapshot versions and headline metrics before and after.</li>
      </ol>
      <div>
        <button class="primary" type="button" @click=${this._onApply} ?disabled=${busy !== null}>Apply the late batch</button>
        ${this._resetMs !== null && !busy ? html`<p class="muted" role="status" data-reset>Back to batch 1 in ${formatMs(this._resetMs)}.</p>` : nothing}
      </div>
      ${busy === 'backfill' && progress
        ? html`<div style="flex-basis:100%" role="status" aria-live="polite" data-progress>
            <p>
              ${PHASE_LABELS[progress.phase] ?? progress.phase}${progress.phase === 'build' && progress.total
                ? html`: ${formatCount(progress.done)} of ${formatCount(progress.total)}${progress.current ? html`, <code>${progress.current}</code>` : nothing}`
                : nothing}…
            </p>
            ${progress.phase === 'build' && progress.total ? html`<progress max=${progress.total} value=${progress.done}></progress>` : nothing}
          </div>`
        : nothing}
    </section>`;
  }

  private _renderReport(report: BackfillReport, busy: string | null) {
    const client = this._warehouse.client!;
    const ran = report.nodes.filter((n) => n.status !== 'not selected');
    const notSelected = report.nodes.filter((n) => n.status === 'not selected');
    const arrived = report.arrived.reduce((n, t) => n + t.rows, 0);
    const fullBuild = client.timings.build;
    return html`<section class="card" aria-label="Applied">
        <p role="status" tabindex="-1" data-applied data-ms=${Math.round(report.timings.total)} data-full-build-ms=${fullBuild ? Math.round(fullBuild) : nothing}>
          ${report.alreadyApplied
            ? 'This batch had already been applied to the warehouse in this tab: nothing was appended or built again.'
            : html`Applied in <strong>${formatMs(report.timings.total)}</strong>: ${plural(arrived, 'row')} appended to the raw tables, then an incremental
                build of ${formatCount(ran.length)} models and snapshots and their ${plural(report.build.counts.pass + report.build.counts.warn + report.build.counts.fail, 'test')} in
                ${formatMs(report.timings.build)}.${fullBuild
                  ? html` All of it, download and comparison included, took ${Math.round((report.timings.total / fullBuild) * 100)}% of the time of the
                      full build of batch 1 (${formatMs(fullBuild)}).`
                  : nothing}`}
        </p>
        <button type="button" @click=${this._onReset} ?disabled=${busy !== null}>${busy === 'reset' ? 'Resetting…' : 'Reset to batch 1'}</button>
        <a class="button" href=${consoleHref('select *\nfrom fct_metric_restatements\norder by metric, period')}>Query the restatements</a>
        <a class="button" href=${tourHref('backfill')}>In the walkthrough</a>
      </section>
      <div class="summary">
        <div class="card"><strong>${formatCount(arrived)}</strong><span>rows arrived in ${plural(report.arrived.filter((t) => t.rows > 0).length, 'table')}</span></div>
        <div class="card"><strong>${formatCount(ran.length)}</strong><span>nodes rebuilt, ${formatCount(notSelected.length)} left as they were</span></div>
        <div class="card">
          <strong>${formatCount(report.build.counts.pass)}</strong><span>tests passed${report.build.counts.fail || report.build.counts.warn
            ? `, ${report.build.counts.warn} warned, ${report.build.counts.fail} failed`
            : ''}</span>
        </div>
        <div class="card"><strong>${formatCount(report.restatements.length)}</strong><span>historical values restated</span></div>
      </div>
      ${this._renderRestatements(report)} ${this._renderSnapshots(report)} ${this._renderArrived(report)} ${this._renderBuild(report)}`;
  }

  private _renderRestatements(report: BackfillReport) {
    const byMetric = new Map<string, Restatement[]>();
    for (const r of report.restatements) byMetric.set(r.metric, [...(byMetric.get(r.metric) ?? []), r]);
    const source = report.restatementSource;
    return html`<section aria-labelledby="restated">
      <h2 id="restated">What it restated</h2>
      <p class="muted">
        ${source === 'fct_metric_restatements'
          ? html`Headline numbers whose value for a past period changed, from <a href=${modelHref('fct_metric_restatements')}><code>fct_metric_restatements</code></a>,
              which compares the versions <a href=${modelHref('snap_metric_values')}><code>snap_metric_values</code></a> keeps of every value.`
          : source
            ? html`Headline numbers whose value for a past period changed, comparing <code>${source}</code> before and after.`
            : 'This project keeps no headline metric table, so restatements cannot be shown.'}
      </p>
      ${byMetric.size === 0
        ? html`<p>No historical value changed.</p>`
        : html`<div class="charts">
              ${[...byMetric].map(([metric, restated]) => {
                const spec = restatementChart(
                  metric,
                  report.metrics.filter((p) => p.metric === metric),
                  restated,
                );
                return html`<div class="card" data-metric=${metric}>
                  <h3>${metric} · ${plural(restated.length, `${restated[0]!.periodGrain} restated`, `${restated[0]!.periodGrain}s restated`)}</h3>
                  ${spec ? html`<wh-chart .spec=${spec} label=${`${metric} before and after the late batch`}></wh-chart>` : nothing}
                </div>`;
              })}
            </div>
            <details open>
              <summary>Every restated value (${formatCount(report.restatements.length)})</summary>
              <div class="table-scroll diff">
                <table class="data" aria-label="Restated values">
                  <thead>
                    <tr>
                      <th scope="col">Metric</th>
                      <th scope="col">Period</th>
                      <th scope="col" class="number">Before</th>
                      <th scope="col" class="number">After</th>
                      <th scope="col" class="number">Change</th>
                      <th scope="col" class="number">Change %</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${report.restatements.map(
                      (r) =>
                        html`<tr data-restatement=${`${r.metric}|${r.period}`}>
                          <td><code>${r.metric}</code></td>
                          <td class="nowrap">${r.period}</td>
                          <td class="number">${formatValue(r.metric, r.before)}</td>
                          <td class="number">${formatValue(r.metric, r.after)}</td>
                          <td class="number ${r.change > 0 ? 'up' : r.change < 0 ? 'down' : ''}">${r.change > 0 ? '+' : ''}${formatValue(r.metric, r.change)}</td>
                          <td class="number">${r.changeRatio === null ? '–' : `${r.changeRatio > 0 ? '+' : ''}${(r.changeRatio * 100).toFixed(1)}%`}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
            </details>`}
    </section>`;
  }

  private _renderSnapshots(report: BackfillReport) {
    if (report.snapshots.length === 0) return nothing;
    return html`<section aria-labelledby="snapshots">
      <h2 id="snapshots">Snapshots gained versions</h2>
      <p class="muted">A snapshot keeps every version of a record: a change closes the current version (<code>dbt_valid_to</code>) and opens a new one.</p>
      <div class="table-scroll narrow" style="max-width:52rem">
        <table class="data" aria-label="Snapshot versions">
          <thead>
            <tr>
              <th scope="col">Snapshot</th>
              <th scope="col" class="number">Versions before</th>
              <th scope="col" class="number">After</th>
              <th scope="col" class="number">New versions</th>
              <th scope="col" class="number">Current before</th>
              <th scope="col" class="number">After</th>
            </tr>
          </thead>
          <tbody>
            ${report.snapshots.map(
              (s) =>
                html`<tr data-snapshot=${s.name}>
                  <td><a href=${modelHref(s.name)}><code>${breakable(s.name)}</code></a></td>
                  <td class="number">${formatCount(s.before.versions)}</td>
                  <td class="number">${formatCount(s.after.versions)}</td>
                  <td class="number up">+${formatCount(s.after.versions - s.before.versions)}</td>
                  <td class="number">${formatCount(s.before.current)}</td>
                  <td class="number">${formatCount(s.after.current)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private _renderArrived(report: BackfillReport) {
    const tables = [...report.arrived].sort((a, b) => b.rows - a.rows || a.table.localeCompare(b.table));
    return html`<section aria-labelledby="arrived">
      <h2 id="arrived">What arrived</h2>
      <div class="table-scroll narrow">
        <table class="data" aria-label="Rows per raw table">
          <thead>
            <tr>
              <th scope="col">Raw table</th>
              <th scope="col" class="number">Rows</th>
            </tr>
          </thead>
          <tbody>
            ${tables.map(
              (t) =>
                html`<tr data-table=${t.table} class=${t.rows === 0 ? 'muted' : ''}>
                  <td><code>${t.table}</code></td>
                  <td class="number">${formatCount(t.rows)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private _renderBuild(report: BackfillReport) {
    const ran = report.nodes.filter((n) => n.status !== 'not selected');
    const notSelected = report.nodes.filter((n) => n.status === 'not selected');
    return html`<section aria-labelledby="build">
      <h2 id="build">The incremental build</h2>
      <p class="muted">
        Selection <code>${report.selection}</code>: every node downstream of a raw table that received rows, with their tests. Views and tables are
        rebuilt; incremental models insert what their lookback window finds. <code>INSERT n</code> counts the rows a node wrote, inserted or
        updated: a snapshot closing a version and a merge replacing a row count too, so it can exceed the new versions or the rows that arrived.
      </p>
      <div class="table-scroll">
        <table class="data" aria-label="Nodes the incremental build ran">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Materialized</th>
              <th scope="col">Outcome</th>
              <th scope="col" class="number">Time</th>
            </tr>
          </thead>
          <tbody>
            ${ran.map(
              (n) =>
                html`<tr data-node=${n.name} data-status=${n.status}>
                  <td><a href=${modelHref(n.name)}><code>${breakable(n.name)}</code></a></td>
                  <td class="nowrap">${n.materialized ?? ''}</td>
                  <td class=${n.status === 'error' ? '' : 'nowrap'}>${n.status === 'success' ? (n.message ?? 'OK') : n.status}${n.status === 'error' && n.message ? `: ${n.message}` : ''}</td>
                  <td class="number">${n.seconds === null ? '' : formatSeconds(n.seconds)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${notSelected.length
        ? html`<h3>Not run: nothing upstream received rows (${notSelected.length})</h3>
            <p class="names" data-not-selected>
              ${notSelected.map((n, i) => html`${i ? ', ' : ''}<a href=${modelHref(n.name)}>${n.name}</a>`)}
            </p>`
        : nothing}
    </section>`;
  }

  private async _onApply(): Promise<void> {
    const client = this._warehouse.client;
    if (!client) return;
    this._resetMs = null;
    // The client keeps the progress and any error (shown from there, also after the visitor comes back).
    await client.backfill().catch(() => undefined);
    await this.updateComplete;
    // The button that had focus is gone: the outcome takes it.
    this.renderRoot.querySelector<HTMLElement>('[data-applied], [role="alert"]')?.focus();
  }

  private async _onReset(): Promise<void> {
    const client = this._warehouse.client;
    if (!client) return;
    const started = performance.now();
    try {
      await client.reset();
      this._resetMs = performance.now() - started;
    } catch {
      // The client keeps the error, shown above.
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[role="alert"], button.primary')?.focus();
  }
}

function formatValue(metric: string, value: number): string {
  return isMoney(metric)
    ? value.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

customElements.define('wh-backfill-page', WhBackfillPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-backfill-page': WhBackfillPage;
  }
}
