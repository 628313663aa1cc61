import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatCount } from './format';
import { testsHref } from './links';
import type { ProjectIndex } from './project-index';
import { filterTests, groupTests, worstStatus } from './test-list';
import type { Group, Grouping, StatusFilter } from './test-list';
import { replaceHash } from './hash-location';
import type { RouteMatch } from './router';
import { sharedStyles } from './styles';
import { WarehouseController } from './warehouse-context';
import './wh-status-badge';
import './wh-test-result';


const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'problems', label: 'Failing or errored' },
  { value: 'fail', label: 'Fail' },
  { value: 'error', label: 'Error' },
  { value: 'warn', label: 'Warn' },
  { value: 'pass', label: 'Pass' },
  { value: 'skipped', label: 'Skipped' },
];

/** Tests a group lists before it asks to show more, so a big group stays quick to open. */
const PAGE = 200;

/**
 * Every data test of the build with its outcome, grouped by model, by kind or
 * by status and filtered by status and text; failing rows open inline. The
 * filters live in the URL.
 */
export class WhTestsPage extends LitElement {
  static override properties = {
    route: { attribute: false },
    _limits: { state: true },
    _toggled: { state: true },
  };

  declare route: RouteMatch;
  /** Tests listed per open group, by group key, past the first PAGE. */
  declare private _limits: Map<string, number>;
  /** Groups the user opened or closed, overriding the default (open when something failed or a filter is set). */
  declare private _toggled: Map<string, boolean>;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
        margin: 1rem 0;
      }
      .filters label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.85rem;
        color: var(--muted);
      }
      .filters input {
        width: 16rem;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      .group {
        border-bottom: 1px solid var(--border);
        padding: 0.35rem 0;
      }
      .group > summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        cursor: pointer;
        padding: 0.3rem 0;
      }
      /* A flex summary loses the browser's disclosure triangle: draw one, turned when the group is open. */
      .group > summary::before {
        content: '▸';
        color: var(--muted);
        width: 0.8rem;
        transition: transform 0.1s;
      }
      .group[open] > summary::before {
        transform: rotate(90deg);
      }
      .group .title {
        font-weight: 600;
        font-family: var(--mono);
        font-size: 0.9rem;
        overflow-wrap: anywhere;
      }
      .open-model {
        font-size: 0.8rem;
      }
      .group[open] > .list {
        margin: 0.3rem 0 0.6rem;
      }
      .list {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.4rem;
      }
    `,
  ];

  constructor() {
    super();
    this._limits = new Map();
    this._toggled = new Map();
  }

  private get _status(): StatusFilter {
    const value = this.route?.query.get('status') ?? 'all';
    return STATUS_FILTERS.some((f) => f.value === value) ? (value as StatusFilter) : 'all';
  }

  private get _text(): string {
    return this.route?.query.get('q') ?? '';
  }

  private get _grouping(): Grouping {
    const value = this.route?.query.get('group');
    return value === 'kind' || value === 'status' ? value : 'model';
  }

  override render() {
    const index = this._warehouse.index;
    if (!index) return nothing;
    const tests = filterTests(index, this._status, this._text);
    const counts = countBy(index.tests, (t) => t.status);
    return html`<div class="page">
      <h1>Tests</h1>
      <div class="summary" aria-label="Outcomes">
        ${formatCount(index.tests.length)} tests:
        ${(['pass', 'warn', 'fail', 'error', 'skipped', 'not run'] as const)
          .filter((s) => counts.get(s))
          .map((s) => html`<a href=${testsHref({ status: s })}><wh-status-badge status=${s} .count=${counts.get(s)}></wh-status-badge></a>`)}
      </div>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        <label
          >Status
          <select @change=${(e: Event) => this._set('status', (e.target as HTMLSelectElement).value)}>
            ${STATUS_FILTERS.map((f) => html`<option value=${f.value} ?selected=${f.value === this._status}>${f.label}</option>`)}
          </select>
        </label>
        <label
          >Filter
          <input type="search" placeholder="test, model or column" .value=${this._text} @input=${(e: Event) => this._set('q', (e.target as HTMLInputElement).value)} />
        </label>
        <label
          >Group by
          <select @change=${(e: Event) => this._set('group', (e.target as HTMLSelectElement).value)}>
            <option value="model" ?selected=${this._grouping === 'model'}>Model</option>
            <option value="kind" ?selected=${this._grouping === 'kind'}>Kind of test</option>
            <option value="status" ?selected=${this._grouping === 'status'}>Status</option>
          </select>
        </label>
      </form>
      <p class="muted" role="status">${formatCount(tests.length)} ${tests.length === 1 ? 'test matches' : 'tests match'}.</p>
      ${repeat(
        groupTests(tests, this._grouping, index),
        (g) => g.key,
        (g) => {
          const problems = g.tests.filter((t) => t.status !== 'pass').length;
          const filtered = this._status !== 'all' || this._text.trim() !== '';
          const byDefault = problems > 0 || filtered;
          const open = this._toggled.get(g.key) ?? byDefault;
          return html`<details class="group" ?open=${open} @toggle=${(e: Event) => this._onToggle(g.key, e, byDefault)} data-group=${g.key}>
            <summary>
              <span class="title">${g.title}</span>
              ${g.href ? html`<a href=${g.href} class="open-model">model page</a>` : nothing}
              <wh-status-badge status=${problems ? worstStatus(g.tests) : 'pass'} label=${problems ? `${problems} of ${g.tests.length} not passing` : `${g.tests.length} pass`}></wh-status-badge>
            </summary>
            ${open ? this._renderList(g, index) : nothing}
          </details>`;
        },
      )}
    </div>`;
  }

  private _renderList(g: Group, index: ProjectIndex) {
    const limit = this._limits.get(g.key) ?? PAGE;
    const shown = g.tests.slice(0, limit);
    const rest = g.tests.length - shown.length;
    return html`<div class="list">
      ${repeat(
        shown,
        (t) => t.id,
        (t) => html`<wh-test-result .test=${t} .index=${index} ?show-models=${this._grouping !== 'model'}></wh-test-result>`,
      )}
      ${rest > 0
        ? html`<p>
            <button type="button" @click=${() => (this._limits = new Map(this._limits).set(g.key, limit + PAGE))}>
              Show ${formatCount(Math.min(PAGE, rest))} more of ${formatCount(g.tests.length)}
            </button>
          </p>`
        : nothing}
    </div>`;
  }

  /**
   * Remembers a group the reader opened or closed against its default. A
   * toggle to the default is forgotten: rendering fires toggle too (a filter
   * opens every group), and remembering that kept all groups open after the
   * filter was cleared.
   */
  private _onToggle(key: string, event: Event, byDefault: boolean): void {
    const open = (event.target as HTMLDetailsElement).open;
    if (open === byDefault) {
      if (!this._toggled.has(key)) return;
      const toggled = new Map(this._toggled);
      toggled.delete(key);
      this._toggled = toggled;
    } else if (this._toggled.get(key) !== open) {
      this._toggled = new Map(this._toggled).set(key, open);
    }
  }

  private _set(key: string, value: string): void {
    const query = new URLSearchParams(this.route.query);
    if (value && !(key === 'status' && value === 'all') && !(key === 'group' && value === 'model')) query.set(key, value);
    else query.delete(key);
    const search = query.toString();
    this._limits = new Map();
    replaceHash(`#/tests${search ? `?${search}` : ''}`);
  }
}

function countBy<T, K>(items: T[], key: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

customElements.define('wh-tests-page', WhTestsPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-tests-page': WhTestsPage;
  }
}
