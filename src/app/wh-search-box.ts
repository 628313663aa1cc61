import { LitElement, css, html, nothing } from 'lit';
import { plainText } from './inline-text';
import { modelHref, searchHref } from './links';
import { navigate } from './hash-location';
import { searchIndex } from './search-index';
import type { SearchHit } from './search-index';
import { layerColor, sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';

const SUGGESTIONS = 8;

/**
 * Search from anywhere: <kbd>/</kbd> or <kbd>Ctrl</kbd>+<kbd>K</kbd> focuses
 * it; suggestions appear as you type (arrow keys choose, Enter opens), and
 * Enter without a choice opens the full results.
 */
export class WhSearchBox extends LitElement {
  static override properties = {
    _query: { state: true },
    _active: { state: true },
    _open: { state: true },
  };

  declare private _query: string;
  declare private _active: number;
  declare private _open: boolean;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
      }
      input {
        width: 100%;
      }
      ul {
        position: absolute;
        z-index: 20;
        top: calc(100% + 4px);
        right: 0;
        width: max(100%, 24rem);
        max-width: calc(100vw - 1.5rem);
        margin: 0;
        padding: 0.25rem;
        list-style: none;
        background: var(--surface);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.12);
      }
      li {
        padding: 0.4rem 0.6rem;
        border-radius: 6px;
        cursor: pointer;
      }
      li[aria-selected='true'] {
        background: var(--accent-soft);
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .why {
        font-size: 0.8rem;
        color: var(--muted);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .all {
        color: var(--accent);
        font-size: 0.85rem;
      }
    `,
  ];

  private readonly _onKeyDown = (event: KeyboardEvent) => {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if ((event.key === '/' && !typing) || (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      this.focus();
    }
  };

  constructor() {
    super();
    this._query = '';
    this._active = -1;
    this._open = false;
  }

  override focus(): void {
    const input = this.renderRoot.querySelector('input');
    input?.focus();
    input?.select();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this._onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this._onKeyDown);
  }

  private get _hits(): SearchHit[] {
    const index = this._warehouse.index;
    return index && this._query.trim() ? searchIndex(index).search(this._query, SUGGESTIONS) : [];
  }

  override render() {
    const hits = this._open ? this._hits : [];
    const showList = this._open && this._query.trim() !== '';
    return html`<form role="search" @submit=${this._onSubmit}>
      <label class="visually-hidden" for="q">Search models, columns and SQL</label>
      <input
        id="q"
        type="search"
        autocomplete="off"
        spellcheck="false"
        placeholder="Search the project"
        title="Search models, columns and SQL (press / or Ctrl+K from anywhere)"
        role="combobox"
        aria-expanded=${showList ? 'true' : 'false'}
        aria-controls="suggestions"
        aria-autocomplete="list"
        aria-activedescendant=${this._active >= 0 ? `s${this._active}` : ''}
        .value=${this._query}
        @input=${this._onInput}
        @keydown=${this._onInputKey}
        @focus=${() => (this._open = true)}
        @blur=${this._onBlur}
      />
      ${showList
        ? html`<ul id="suggestions" role="listbox" aria-label="Suggestions">
            ${hits.map(
              (hit, i) =>
                html`<li id="s${i}" role="option" aria-selected=${i === this._active ? 'true' : 'false'} @mousedown=${(e: Event) => this._choose(e, hit)}>
                  <div class="name"><span class="layer-dot" style="background:${layerColor(hit.resource.layer)}"></span>${hit.resource.name}</div>
                  <div class="why">${describe(hit)}</div>
                </li>`,
            )}
            ${this._warehouse.index
              ? hits.length === 0
                ? html`<li class="why" aria-disabled="true">No model, column or SQL matches.</li>`
                : nothing
              : html`<li class="why" aria-disabled="true">Suggestions appear once the build is done; Enter searches.</li>`}
            <li class="all" role="option" id="s-all" aria-selected="false" @mousedown=${(e: Event) => this._searchAll(e)}>All results for “${this._query.trim()}”</li>
          </ul>`
        : nothing}
    </form>`;
  }

  private _onInput(event: InputEvent): void {
    this._query = (event.target as HTMLInputElement).value;
    this._active = -1;
    this._open = true;
  }

  private _onInputKey(event: KeyboardEvent): void {
    const count = this._hits.length;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      this._active = (this._active + 1) % count;
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      this._active = this._active <= 0 ? count - 1 : this._active - 1;
    } else if (event.key === 'Escape' && this._open) {
      // The first Escape closes the suggestions and keeps the words (a search field would clear them);
      // the next one clears, as a search field does.
      event.preventDefault();
      this._open = false;
      this._active = -1;
    }
  }

  private _onSubmit(event: Event): void {
    event.preventDefault();
    const hit = this._hits[this._active];
    if (hit) this._choose(event, hit);
    else this._searchAll(event);
  }

  private _onBlur(): void {
    this._open = false;
    this._active = -1;
  }

  private _choose(event: Event, hit: SearchHit): void {
    event.preventDefault();
    this._open = false;
    this._active = -1;
    navigate(modelHref(hit.resource.key));
  }

  private _searchAll(event: Event): void {
    event.preventDefault();
    const q = this._query.trim();
    if (!q) return;
    this._open = false;
    navigate(searchHref(q));
  }
}

/** Why a hit matched, in a few words. */
export function describe(hit: SearchHit): string {
  const first = hit.matches[0];
  if (!first) return hit.resource.type;
  switch (first.field) {
    case 'name':
      return `${hit.resource.type} · ${hit.resource.layer}`;
    case 'column':
      return `column ${first.column}${first.excerpt ? `: ${plainText(first.excerpt)}` : ''}`;
    case 'description':
      return plainText(first.excerpt);
    case 'sql':
      return `SQL: ${first.excerpt}`;
  }
}

customElements.define('wh-search-box', WhSearchBox);

declare global {
  interface HTMLElementTagNameMap {
    'wh-search-box': WhSearchBox;
  }
}
