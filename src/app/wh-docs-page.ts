import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { site } from 'virtual:warehouse-site';
import { plural } from './format';
import { inlineCode } from './inline-text';
import { docPages, docTitle, loadDoc, renderMarkdown } from './docs-pages';
import { DICTIONARY_PAGE, STATIC_DICTIONARY_PAGE, docHref, modelHref } from './links';
import { SITE_NAME, docHeadings, docTitleFromSlug } from './routes';
import { scrollIntoRow } from './scroll-row';
import { LAYER_LABELS, LAYERS } from './project-index';
import type { ProjectIndex, Resource } from './project-index';
import type { RouteMatch } from './router';
import { hasEveryWord, queryWords } from './search-index';
import { layerColor, sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import './wh-status-badge';

/**
 * The pages listed in the menu: `docs/data-dictionary.md` is the same
 * dictionary written out for GitHub, so only the live one is listed (its
 * page still opens from a link).
 */
const listedPages = docPages.filter((p) => p !== STATIC_DICTIONARY_PAGE);

/**
 * The project's documentation: the Markdown pages in `docs/`, with links
 * between pages and to models working, and the data dictionary built live
 * from the build's manifest and catalog.
 */
export class WhDocsPage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _dictionaryFilter: { state: true },
  };

  /** `params.page` names a page; absent on the index. */
  declare route: RouteMatch;

  private readonly _warehouse = new WarehouseController(this);
  /** The page and heading last scrolled to. */
  private _scrolledTo: string | null = null;
  /** Words the data dictionary's entries must all contain (name, description or a column's name). */
  declare private _dictionaryFilter: string;

  constructor() {
    super();
    this._dictionaryFilter = '';
  }

  private readonly _titles = new Task(this, {
    task: async () => {
      const entries = await Promise.all(docPages.map(async (page) => [page, docTitle((await loadDoc(page)) ?? '', page)] as const));
      // The document title uses the headings from now on; the page open now gets its own at once.
      for (const [page, title] of entries) docHeadings.set(page, title);
      const current = this.route?.params.page;
      if (current && docHeadings.has(current)) document.title = `${docTitleFromSlug(current)} · ${SITE_NAME}`;
      return new Map(entries);
    },
    args: () => [],
  });

  private readonly _page = new Task(this, {
    task: async ([page, ready]: readonly [string | undefined, boolean]) => {
      if (!page || page === DICTIONARY_PAGE) return null;
      const markdown = await loadDoc(page);
      if (markdown === null) return { missing: true as const, page };
      const index = this._warehouse.index;
      const fragment = await renderMarkdown(markdown, {
        page,
        resolveResource: (name) => index?.find(name)?.key ?? null,
        repositoryUrl: site.repositoryUrl,
      });
      return { missing: false as const, page, fragment, ready };
    },
    // Re-render once the build is done, so model names in the page become links.
    args: () => [this.route?.params.page, Boolean(this._warehouse.index)] as const,
  });

  static override styles = [
    sharedStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: 14rem minmax(0, 1fr);
        gap: 2rem;
      }
      nav ul {
        list-style: none;
        padding: 0;
        margin: 0;
        position: sticky;
        top: 1rem;
      }
      nav a {
        display: block;
        padding: 0.3rem 0.5rem;
        border-radius: 6px;
        text-decoration: none;
        color: var(--text);
        overflow-wrap: anywhere;
      }
      nav a[aria-current='page'] {
        background: var(--accent-soft);
        color: var(--accent);
        font-weight: 600;
      }
      .doc {
        max-width: 52rem;
        overflow-wrap: break-word;
      }
      .doc pre {
        background: var(--surface-2);
        border: 1px solid var(--border);
        border-radius: 6px;
        padding: 0.75rem 1rem;
        overflow-x: auto;
      }
      .doc :not(pre) > code {
        background: var(--surface-2);
        padding: 0.05rem 0.3rem;
        border-radius: 4px;
      }
      .doc table {
        border-collapse: collapse;
        font-size: 0.9rem;
      }
      .doc th,
      .doc td {
        border: 1px solid var(--border);
        padding: 0.35rem 0.6rem;
        text-align: left;
        vertical-align: top;
      }
      .doc img {
        max-width: 100%;
      }
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
        gap: 0.75rem;
      }
      .cards a.card {
        text-decoration: none;
        color: var(--text);
      }
      .cards strong {
        color: var(--accent);
      }
      .dictionary section {
        margin-bottom: 1.5rem;
      }
      .dictionary h3 {
        font-family: var(--mono);
        font-size: 0.95rem;
      }
      @media (max-width: 760px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
          gap: 0.5rem;
        }
        nav ul {
          position: static;
          display: flex;
          overflow-x: auto;
          gap: 0.25rem;
        }
        nav a {
          white-space: nowrap;
        }
      }
    `,
  ];

  override render() {
    const page = this.route?.params.page;
    const titles = this._titles.value;
    return html`<div class="page layout">
      <nav aria-label="Documentation pages" aria-busy=${titles ? 'false' : 'true'}>
        <ul>
          <li><a href="#/docs" aria-current=${page ? 'false' : 'page'}>All docs</a></li>
          <li><a href=${docHref(DICTIONARY_PAGE)} aria-current=${page === DICTIONARY_PAGE || page === STATIC_DICTIONARY_PAGE ? 'page' : 'false'}>Data dictionary</a></li>
          ${listedPages.map((p) => html`<li><a href=${docHref(p)} aria-current=${p === page ? 'page' : 'false'}>${titles?.get(p) ?? p}</a></li>`)}
        </ul>
      </nav>
      <div class="doc">${!page ? this._renderIndex(titles) : page === DICTIONARY_PAGE ? this._renderDictionary() : this._renderPage()}</div>
    </div>`;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new link (even to the same heading) scrolls again.
    if (changed.has('route')) this._scrolledTo = null;
  }

  /** Scrolls to the linked heading once per link: later updates (the build's progress) leave the reader where they are. */
  override updated(): void {
    // Once the menu has its titles (their widths place the entry), once per page.
    const page = this.route?.params.page ?? '';
    if (this._titles.value && this._menuShownFor !== page) {
      this._menuShownFor = page;
      this._showCurrentInMenu();
    }
    this._scrollToHeading();
  }

  private _menuShownFor: string | null = null;

  /** On a phone the menu is one row that scrolls sideways: bring the current page's entry into it. */
  private _showCurrentInMenu(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('nav ul');
    const link = list?.querySelector<HTMLElement>('a[aria-current="page"]');
    if (!list || !link || list.scrollWidth <= list.clientWidth) return;
    scrollIntoRow(list, link);
  }

  private _scrollToHeading(): void {
    const heading = this.route?.query.get('h');
    const page = this.route?.params.page ?? '';
    if (!heading) {
      // Another page opens at its top, not where the last one was read.
      if (this._scrolledTo !== page) {
        this._scrolledTo = page;
        window.scrollTo({ top: 0 });
      }
      return;
    }
    if (this._page.status !== TaskStatus.COMPLETE) return;
    const key = `${page}#${heading}`;
    if (this._scrolledTo === key) return;
    const target = this.renderRoot.querySelector(`[id="${CSS.escape(heading)}"]`);
    if (!target) return;
    this._scrolledTo = key;
    target.scrollIntoView({ block: 'start' });
  }

  private _renderIndex(titles: Map<string, string> | undefined) {
    return html`<h1>Documentation</h1>
      <p>How the warehouse is modelled, what each metric means, and the decisions behind it. Links to models open their pages.</p>
      <div class="cards">
        <a class="card" href=${docHref(DICTIONARY_PAGE)}><strong>Data dictionary</strong><br />Every model and column, from the project's YAML.</a>
        ${listedPages.map((p) => html`<a class="card" href=${docHref(p)}><strong>${titles?.get(p) ?? p}</strong><br /><span class="muted">docs/${p}.md</span></a>`)}
      </div>`;
  }

  private _renderPage() {
    return this._page.render({
      pending: () => html`<p class="muted" aria-busy="true">Loading…</p>`,
      complete: (doc) =>
        !doc
          ? nothing
          : doc.missing
            ? html`<h1>No page “${doc.page}”</h1>
                <p>There is no <code>docs/${doc.page}.md</code>. <a href="#/docs">See all pages</a>.</p>`
            : html`${doc.fragment}`,
      error: (error) => html`<p role="alert">This page could not be rendered: ${(error as Error).message}</p>`,
    });
  }

  private _renderDictionary() {
    const index = this._warehouse.index;
    if (!index) {
      return html`<h1>Data dictionary</h1>
        <p class="muted">The dictionary is read from the build's manifest and catalog; it appears when the build in this tab is done.</p>`;
    }
    const words = queryWords(this._dictionaryFilter);
    const matches = (r: Resource) => hasEveryWord(words, `${r.name} ${r.description} ${r.columns.map((c) => c.name).join(' ')}`);
    const shown = LAYERS.map((layer) => ({ layer, resources: dictionaryResources(index, layer).filter(matches) }));
    const total = shown.reduce((n, s) => n + s.resources.length, 0);
    return html`<div class="dictionary">
      <h1>Data dictionary</h1>
      <p>Every model, seed, snapshot and source of <code>${index.projectName}</code>, with its columns as documented in the YAML, typed by the built warehouse, and the tests on each.</p>
      <p>
        <label
          >Filter
          <input
            type="search"
            placeholder="name, text or column"
            .value=${this._dictionaryFilter}
            @input=${(e: Event) => (this._dictionaryFilter = (e.target as HTMLInputElement).value)}
        /></label>
        <span class="muted" role="status">${plural(total, 'entry', 'entries')}</span>
      </p>
      ${shown.map(({ layer, resources }) => {
        if (resources.length === 0) return nothing;
        return html`<h2><span class="layer-dot" style="background:${layerColor(layer)}"></span>${LAYER_LABELS[layer]}</h2>
          ${resources.map((r) => this._renderEntry(r))}`;
      })}
    </div>`;
  }

  private _renderEntry(resource: Resource) {
    return html`<section>
      <h3><a href=${modelHref(resource.key)}>${resource.name}</a></h3>
      <p>${resource.description ? inlineCode(resource.description) : html`<span class="muted">No description.</span>`}${resource.grain ? html` <strong>Grain:</strong> ${resource.grain}` : nothing}</p>
      ${resource.columns.length
        ? html`<div class="table-scroll">
            <table class="data">
              <thead>
                <tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col">Tests</th></tr>
              </thead>
              <tbody>
                ${resource.columns.map(
                  (c) =>
                    html`<tr>
                      <td><code>${c.name}</code></td>
                      <td><code>${c.type ?? ''}</code></td>
                      <td>${inlineCode(c.description)}</td>
                      <td>${c.tests.map((t, i) => html`${i ? ', ' : ''}<span title=${`${t.label}: ${t.status}`}>${t.kind}</span>`)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing}
    </section>`;
  }
}

function dictionaryResources(index: ProjectIndex, layer: string): Resource[] {
  return [...index.resources.values()].filter((r) => r.layer === layer && r.type !== 'exposure').sort((a, b) => a.name.localeCompare(b.name));
}

customElements.define('wh-docs-page', WhDocsPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-docs-page': WhDocsPage;
  }
}
