import { LitElement, css, html, nothing } from 'lit';
import { breakable, inlineCode } from './inline-text';
import { plural } from './format';
import { modelHref, searchHref, testsHref } from './links';
import { LAYER_LABELS } from './project-index';
import { replaceHash } from './hash-location';
import type { RouteMatch } from './router';
import { searchIndex } from './search-index';
import { filterTests } from './test-list';
import type { SearchMatch } from './search-index';
import { layerColor, sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import './wh-status-badge';

const CLIP = 160;

function clip(text: string): string {
  return text.length <= CLIP ? text : `${text.slice(0, CLIP - 1).trimEnd()}…`;
}

const FIELD_LABELS: Record<SearchMatch['field'], string> = {
  name: 'name',
  column: 'column',
  description: 'description',
  sql: 'SQL',
};

/** Full search results: every resource whose name, columns, description or SQL matches every word. */
export class WhSearchPage extends LitElement {
  static override properties = {
    route: { attribute: false },
  };

  /** `query.q` holds the search. */
  declare route: RouteMatch;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      form {
        margin: 1rem 0;
      }
      input {
        width: min(100%, 32rem);
      }
      ol {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li.card {
        padding: 0.7rem 0.9rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .head .muted {
        font-size: 0.85rem;
      }
      .head a {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .match {
        font-size: 0.85rem;
        margin: 0.2rem 0 0;
        overflow-wrap: anywhere;
      }
      .field {
        font-weight: 600;
        color: var(--muted);
      }
    `,
  ];

  override render() {
    const index = this._warehouse.index;
    if (!index) return nothing;
    const q = this.route?.query.get('q') ?? '';
    const hits = q.trim() ? searchIndex(index).search(q, 100) : [];
    // Tests are not in the model search; say how many the tests page's filter finds.
    const tests = q.trim() ? filterTests(index, 'all', q).length : 0;
    return html`<div class="page">
      <h1>Search</h1>
      <form role="search" @submit=${(e: Event) => e.preventDefault()}>
        <label class="visually-hidden" for="q">Search models, columns and SQL</label>
        <input id="q" type="search" placeholder="model, column, description or SQL" .value=${q} @input=${this._onInput} autofocus />
      </form>
      ${q.trim()
        ? html`<p role="status" class="muted">
            ${hits.length} ${hits.length === 1 ? 'result' : 'results'} for “${q.trim()}”.
            ${tests ? html`<a href=${testsHref({ q: q.trim() })} data-tests-link>${plural(tests, 'data test')} match on the tests page.</a>` : nothing}
          </p>`
        : html`<p class="muted">Names, descriptions, column names and SQL are all searched; every word must match.</p>`}
      <ol>
        ${hits.map(
          (hit) => html`<li class="card" data-key=${hit.resource.key}>
            <div class="head">
              <span class="layer-dot" style="background:${layerColor(hit.resource.layer)}"></span>
              <a href=${modelHref(hit.resource.key)}>${breakable(hit.resource.name)}</a>
              <span class="tag">${hit.resource.type}</span>
              <span class="muted">${LAYER_LABELS[hit.resource.layer]}</span>
              ${hit.resource.tests.length ? html`<wh-status-badge status=${hit.resource.health}></wh-status-badge>` : nothing}
            </div>
            ${hit.resource.description ? html`<p class="match">${inlineCode(clip(hit.resource.description))}</p>` : nothing}
            ${hit.matches.filter((m) => m.field !== 'name' && !(m.field === 'description' && hit.resource.description.length <= CLIP)).map(
              (m) => html`<p class="match">
                <span class="field">${FIELD_LABELS[m.field]}${m.column && m.field === 'column' ? ` ${m.column}` : ''}:</span>
                ${m.field === 'sql' ? html`<code>${m.excerpt}</code>` : inlineCode(m.excerpt)}
              </p>`,
            )}
          </li>`,
        )}
      </ol>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  private _onInput(event: Event): void {
    replaceHash(searchHref((event.target as HTMLInputElement).value));
  }
}

customElements.define('wh-search-page', WhSearchPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-search-page': WhSearchPage;
  }
}
