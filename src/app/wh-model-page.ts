import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { breakable, inlineCode } from './inline-text';
import { codeReference } from './doc-links';
import { renderMarkdown } from './docs-pages';
import { formatCount, formatSeconds } from './format';
import { consoleHref, lineageHref, modelHref, searchHref } from './links';
import { LAYER_LABELS, shortId } from './project-index';
import type { ProjectIndex, Resource, TestView } from './project-index';
import type { RouteMatch } from './router';
import { searchIndex } from './search-index';
import { layerColor, sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import { closestName } from '../engine/util/text';
import { site } from 'virtual:warehouse-site';
import './wh-rows-table';
import './wh-sql-block';
import './wh-status-badge';
import './wh-test-result';

const PREVIEW_ROWS = 20;

/**
 * One model, seed, snapshot or source: what it is, its columns and their
 * tests, its SQL (as written and compiled), a preview of its rows, its
 * neighbours, and every test on it with its failing rows.
 */
export class WhModelPage extends LitElement {
  static override properties = {
    route: { attribute: false },
  };

  /** `params.name` is the model's name or a source's `source.table`. */
  declare route: RouteMatch;

  private readonly _warehouse = new WarehouseController(this);

  private readonly _preview = new Task(this, {
    task: async ([resource]: readonly [Resource | undefined]) => {
      const client = this._warehouse.client;
      if (!client || !resource?.relation) return null;
      const rows = await client.query(`select * from ${resource.relation} limit ${PREVIEW_ROWS}`, { maxRows: PREVIEW_ROWS });
      const count =
        resource.rowCount ?? Number((await client.query(`select count(*) from ${resource.relation}`, { maxRows: 1 })).rows[0]?.[0] ?? 0);
      return { rows, count };
    },
    args: () => [this._resource] as const,
  });

  private readonly _description = new Task(this, {
    task: async ([resource]: readonly [Resource | undefined]) => {
      if (!resource?.description) return null;
      const index = this._warehouse.index;
      return renderMarkdown(resource.description, {
        page: 'index',
        resolveResource: (name) => index?.find(name)?.key ?? null,
        repositoryUrl: site.repositoryUrl,
      });
    },
    args: () => [this._resource] as const,
  });

  static override styles = [
    sharedStyles,
    css`
      .kicker {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        margin-bottom: 0.25rem;
        font-size: 0.85rem;
      }
      .facts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0.5rem 1rem;
        margin: 1rem 0;
      }
      .facts dt {
        font-size: 0.8rem;
        color: var(--muted);
      }
      .facts dd {
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      /* A path wraps after a slash, inside a name only when one name is wider than the card. */
      .facts dd code.path {
        overflow-wrap: break-word;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0.75rem 0;
      }
      .description {
        max-width: 52rem;
      }
      .description :is(p, ul) {
        margin: 0 0 0.5rem;
      }
      .tests {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.5rem;
      }
      .col-tests {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      td.name {
        font-family: var(--mono);
        font-size: 0.82rem;
        white-space: nowrap;
      }
      td.type {
        font-family: var(--mono);
        font-size: 0.8rem;
        color: var(--muted);
      }
      .missing {
        color: var(--warn);
        font-size: 0.8rem;
      }
      .neighbours {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: 1rem;
      }
      .neighbours ul {
        padding-left: 1.1rem;
        margin: 0.25rem 0;
      }
      .neighbours li {
        overflow-wrap: anywhere;
      }
      /* A closed block's long lines still count towards the page's width in Chromium. */
      details.sql {
        min-width: 0;
        overflow: hidden;
      }
      details.sql > summary {
        cursor: pointer;
        font-weight: 600;
        margin: 0.5rem 0;
      }
    `,
  ];

  private get _resource(): Resource | undefined {
    const name = this.route?.params.name;
    return name ? this._warehouse.index?.find(name) : undefined;
  }

  override render() {
    const index = this._warehouse.index;
    if (!index) return nothing;
    const resource = this._resource;
    if (!resource) return this._renderMissing(index);
    return html`<article class="page" data-resource=${resource.id}>
      <div class="kicker">
        <span class="layer-dot" style="background:${layerColor(resource.layer)}"></span>
        <span>${LAYER_LABELS[resource.layer]}</span>
        <span class="tag">${resource.type}</span>
        ${resource.materialized && resource.type === 'model' ? html`<span class="tag">${resource.materialized}</span>` : nothing}
        ${resource.contractEnforced ? html`<span class="tag" title="Column names and types are enforced">contract</span>` : nothing}
        ${resource.tags.map((t) => html`<span class="tag">#${t}</span>`)}
      </div>
      <h1>${breakable(resource.name)}</h1>
      <div class="description">${this._description.render({ complete: (f) => f ?? html`<p class="muted">No description.</p>`, pending: () => html`<p>${resource.description}</p>` })}</div>

      <dl class="facts">
        ${resource.grain ? html`<div><dt>Grain</dt><dd>${resource.grain}</dd></div>` : nothing}
        <div><dt>Rows</dt><dd data-fact="rows">${this._preview.value ? formatCount(this._preview.value.count) : (resource.rowCount ?? '…')}</dd></div>
        ${resource.result
          ? html`<div><dt>Build</dt><dd><wh-status-badge status=${resource.result.status}></wh-status-badge> in ${formatSeconds(resource.result.execution_time)}</dd></div>`
          : nothing}
        <div>
          <dt>Tests</dt>
          <dd>${resource.tests.length ? html`<wh-status-badge status=${resource.health} label=${testSummary(resource.tests)}></wh-status-badge>` : 'none'}</dd>
        </div>
        ${resource.relation ? html`<div><dt>Relation</dt><dd><code>${resource.relation}</code></dd></div>` : nothing}
        <div><dt>Defined in</dt><dd><code class="path">${breakable(resource.path)}</code></dd></div>
      </dl>

      <div class="actions">
        ${resource.relation ? html`<a class="button primary" href=${consoleHref(`select *\nfrom ${resource.relation}\nlimit 100`)}>Query in the console</a>` : nothing}
        <a class="button" href=${lineageHref(shortId(resource.id), 1)}>Show in lineage</a>
      </div>

      ${this._renderColumns(resource)} ${this._renderTests(resource, index)} ${this._renderPreview(resource)}

      <section aria-labelledby="neighbours">
        <h2 id="neighbours">Upstream and downstream</h2>
        <div class="neighbours">
          ${neighbourList('Upstream', resource.parents, index)} ${neighbourList('Downstream', resource.children, index)}
        </div>
      </section>

      ${this._renderSql(resource)}
    </article>`;
  }

  private _renderColumns(resource: Resource) {
    if (resource.columns.length === 0) return nothing;
    const index = this._warehouse.index;
    const resolve = (name: string) => index?.find(name)?.key ?? null;
    return html`<section aria-labelledby="columns">
      <h2 id="columns">Columns</h2>
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col">Tests</th>
            </tr>
          </thead>
          <tbody>
            ${resource.columns.map(
              (c) => html`<tr data-column=${c.name}>
                <td class="name">${c.name}</td>
                <td class="type">${c.type ?? ''}</td>
                <td>
                  ${c.description ? inlineCode(c.description, (code) => codeReference(code, resolve)) : html`<span class="muted">—</span>`}
                  ${c.inRelation ? nothing : html`<div class="missing">Documented, but not in the built relation.</div>`}
                </td>
                <td><div class="col-tests">${c.tests.map((t) => html`<wh-status-badge status=${t.status} label=${t.kind}></wh-status-badge>`)}</div></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private _renderTests(resource: Resource, index: ProjectIndex) {
    if (resource.tests.length === 0) return nothing;
    const ordered = [...resource.tests].sort((a, b) => severityRank(b) - severityRank(a) || a.label.localeCompare(b.label));
    return html`<section aria-labelledby="tests">
      <h2 id="tests">Tests</h2>
      <div class="tests">${ordered.map((t) => html`<wh-test-result .test=${t} .index=${index}></wh-test-result>`)}</div>
    </section>`;
  }

  private _renderPreview(resource: Resource) {
    if (!resource.relation) return nothing;
    return html`<section aria-labelledby="preview">
      <h2 id="preview">Preview</h2>
      ${this._preview.render({
        pending: () => html`<p class="muted" aria-busy="true">Reading the first ${PREVIEW_ROWS} rows…</p>`,
        complete: (value) =>
          value
            ? html`<wh-rows-table .columns=${value.rows.columns} .rows=${value.rows.rows} caption="First rows of ${resource.name}"></wh-rows-table>`
            : nothing,
        error: (error) => html`<p role="alert">The preview failed: ${(error as Error).message}</p>`,
      })}
    </section>`;
  }

  private _renderSql(resource: Resource) {
    if (!resource.rawCode && !resource.compiledCode) return nothing;
    return html`<section aria-labelledby="sql">
      <h2 id="sql">SQL</h2>
      ${resource.compiledCode
        ? html`<details class="sql" open data-sql="compiled">
            <summary>Compiled SQL (what SQLite ran)</summary>
            <wh-sql-block .code=${resource.compiledCode} label="Compiled SQL of ${resource.name}"></wh-sql-block>
          </details>`
        : nothing}
      ${resource.rawCode
        ? html`<details class="sql" ?open=${!resource.compiledCode} data-sql="raw">
            <summary>Source SQL (Jinja, as in ${resource.path})</summary>
            <wh-sql-block .code=${resource.rawCode} label="Source SQL of ${resource.name}"></wh-sql-block>
          </details>`
        : nothing}
    </section>`;
  }

  private _renderMissing(index: ProjectIndex) {
    const name = this.route.params.name ?? '';
    // The nearest name first (a typo), then what a search for its words finds.
    const resources = [...index.resources.values()];
    const nearestName = closestName(name, resources.map((r) => r.name));
    const nearest = resources.filter((r) => r.name === nearestName).slice(0, 1);
    const found = searchIndex(index)
      .search(name.replace(/[_.]/g, ' '), 5)
      .map((s) => s.resource);
    const suggestions = [...new Set([...nearest, ...found])].slice(0, 5);
    return html`<div class="page">
      <h1>No model named “${name}”</h1>
      <p>There is no model, seed, snapshot or source with that name in this build.</p>
      ${suggestions.length
        ? html`<p>Did you mean ${suggestions.map((r, i) => html`${i ? ', ' : ''}<a href=${modelHref(r.key)}>${r.name}</a>`)}?</p>`
        : nothing}
      <p><a href=${searchHref(name)}>Search for “${name}”</a></p>
    </div>`;
  }
}

function neighbourList(title: string, ids: string[], index: ProjectIndex) {
  const list = ids.map((id) => index.resources.get(id)).filter((r): r is Resource => Boolean(r));
  return html`<div>
    <h3>${title} (${list.length})</h3>
    ${list.length
      ? html`<ul>
          ${list
            .sort((a, b) => a.name.localeCompare(b.name))
            .map(
              (r) =>
                html`<li><span class="layer-dot" style="background:${layerColor(r.layer)}"></span><a href=${modelHref(r.key)}>${breakable(r.name)}</a> <span class="muted">${r.type}</span></li>`,
            )}
        </ul>`
      : html`<p class="muted">None.</p>`}
  </div>`;
}

function severityRank(test: TestView): number {
  return { error: 5, fail: 4, warn: 3, skipped: 2, 'not run': 1, pass: 0 }[test.status];
}

function testSummary(tests: TestView[]): string {
  const failing = tests.filter((t) => t.status === 'fail' || t.status === 'error').length;
  const warn = tests.filter((t) => t.status === 'warn').length;
  if (failing) return `${failing} of ${tests.length} failing`;
  if (warn) return `${warn} of ${tests.length} warn`;
  return `${tests.length} passing`;
}

customElements.define('wh-model-page', WhModelPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-model-page': WhModelPage;
  }
}
