import { LitElement, css, html, nothing } from 'lit';
import { formatCount, plural } from './format';
import { inlineCode } from './inline-text';
import { modelHref, tourHref } from './links';
import { navigate } from './hash-location';
import type { RouteMatch } from './router';
import { sharedStyles } from './styles';
import { TOUR_STEPS, tourStepIndex } from './tour-steps';
import type { TourStep } from './tour-steps';
import { WarehouseController } from './warehouse-context';

/**
 * The guided walkthrough, `#/tour/<step>`: one layer of the project per
 * step, with what happens there, the decision behind it, links into the
 * live pages, and a live figure from the build in this tab. The progress
 * list doubles as navigation; the arrow keys move between steps.
 */
export class WhTourPage extends LitElement {
  static override properties = {
    route: { attribute: false },
  };

  declare route: RouteMatch;

  private readonly _warehouse = new WarehouseController(this);

  static override styles = [
    sharedStyles,
    css`
      .page {
        max-width: 60rem;
      }
      nav ol {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        list-style: none;
        margin: 0 0 0.75rem;
        padding: 0;
        counter-reset: step;
      }
      nav li a {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        padding: 0.25rem 0.6rem;
        border-radius: 999px;
        border: 1px solid var(--border);
        background: var(--surface);
        color: var(--muted);
        text-decoration: none;
        font-size: 0.85rem;
      }
      nav li a .n {
        font-weight: 700;
      }
      nav li a.done {
        color: var(--text);
        border-color: var(--accent-soft);
        background: var(--accent-soft);
      }
      nav li a[aria-current='step'] {
        color: var(--on-accent);
        background: var(--accent);
        border-color: var(--accent);
        font-weight: 600;
      }
      .bar {
        height: 6px;
        border-radius: 3px;
        background: var(--surface-2);
        overflow: hidden;
        margin-bottom: 1.25rem;
      }
      .bar div {
        height: 100%;
        background: var(--accent);
        transition: width 0.2s;
      }
      .step-count {
        color: var(--muted);
        font-size: 0.85rem;
        margin: 0 0 0.25rem;
      }
      .decision {
        border-left: 4px solid var(--accent);
        margin: 1rem 0;
      }
      .decision h2 {
        margin: 0 0 0.35rem;
        font-size: 1rem;
      }
      .fact {
        font-size: 0.9rem;
      }
      ul.links {
        padding-left: 1.1rem;
      }
      ul.links li {
        margin: 0.3rem 0;
      }
      .pager {
        display: flex;
        justify-content: space-between;
        gap: 0.75rem;
        margin-top: 1.5rem;
        flex-wrap: wrap;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this._onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this._onKeyDown);
  }

  override render() {
    const index = tourStepIndex(this.route?.params.step);
    if (index < 0) {
      return html`<div class="page">
        <h1>No such step</h1>
        <p role="alert">The walkthrough has no step called “${this.route.params.step}”. <a href=${tourHref(TOUR_STEPS[0]!.id)}>Start at the beginning</a>.</p>
      </div>`;
    }
    const step = TOUR_STEPS[index]!;
    const previous = TOUR_STEPS[index - 1];
    const next = TOUR_STEPS[index + 1];
    const progress = ((index + 1) / TOUR_STEPS.length) * 100;
    return html`<div class="page" data-step=${step.id}>
      <nav aria-label="Walkthrough steps">
        <ol>
          ${TOUR_STEPS.map(
            (s, i) =>
              html`<li>
                <a href=${tourHref(s.id)} class=${i < index ? 'done' : ''} aria-current=${i === index ? 'step' : 'false'}
                  ><span class="n">${i + 1}</span> ${s.name}</a
                >
              </li>`,
          )}
        </ol>
      </nav>
      <div
        class="bar"
        role="progressbar"
        aria-label="Walkthrough progress"
        aria-valuemin="1"
        aria-valuemax=${TOUR_STEPS.length}
        aria-valuenow=${index + 1}
        aria-valuetext=${`Step ${index + 1} of ${TOUR_STEPS.length}`}
      >
        <div style="width:${progress}%"></div>
      </div>
      <p class="step-count">Step ${index + 1} of ${TOUR_STEPS.length}</p>
      <h1 tabindex="-1">${step.title}</h1>
      ${step.body.map((p) => html`<p>${inlineCode(p, this._modelLink)}</p>`)} ${this._renderFact(step)}
      <section class="card decision" aria-labelledby="decision">
        <h2 id="decision">The decision</h2>
        <p>${inlineCode(step.decision, this._modelLink)}</p>
      </section>
      <h2>See it live</h2>
      <ul class="links">
        ${step.links.map((l) => html`<li><a href=${l.href}>${l.label}</a></li>`)}
      </ul>
      <div class="pager">
        ${previous ? html`<a class="button" href=${tourHref(previous.id)} rel="prev">← ${previous.name}</a>` : html`<span></span>`}
        ${next
          ? html`<a class="button primary" href=${tourHref(next.id)} rel="next">Next: ${next.name} →</a>`
          : html`<a class="button primary" href="#/">Back to the overview</a>`}
      </div>
    </div>`;
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    // A new step is announced by moving focus to its heading, as a page change would be.
    const before = changed.get('route') as RouteMatch | undefined;
    if (before && before.params.step !== this.route.params.step) {
      // Each step opens at the top, header in view, as a new page would.
      window.scrollTo({ top: 0 });
      this.renderRoot.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    }
  }

  /** A figure from the build in this tab, so each step points at something real. */
  private _renderFact(step: TourStep) {
    const client = this._warehouse.client;
    const index = this._warehouse.index;
    if (!client?.ready || !index) {
      return html`<p class="muted fact">The warehouse is still building in this tab; the live pages open once it is done.</p>`;
    }
    const resources = [...index.resources.values()];
    const inLayer = (layer: string) => resources.filter((r) => r.layer === layer && r.type === 'model');
    const byMaterialization = (models: typeof resources) => {
      const counts = new Map<string, number>();
      for (const m of models) counts.set(m.materialized ?? 'view', (counts.get(m.materialized ?? 'view') ?? 0) + 1);
      return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
    };
    let text: string | null = null;
    switch (step.id) {
      case 'raw': {
        const sources = resources.filter((r) => r.type === 'source');
        const rows = sources.reduce((sum, r) => sum + (r.rowCount ?? 0), 0);
        text = `In this tab: ${plural(sources.length, 'raw table')} holding ${formatCount(rows)} rows.`;
        break;
      }
      case 'staging':
      case 'intermediate':
      case 'marts': {
        const models = inLayer(step.id);
        text = `In this tab: ${plural(models.length, `${step.id === 'marts' ? 'mart' : `${step.id} model`}`)} (${byMaterialization(models)}).`;
        break;
      }
      case 'tests': {
        const counts = client.summary?.counts;
        if (counts) text = `In this tab: ${formatCount(counts.pass)} tests passed, ${formatCount(counts.warn)} warned and ${formatCount(counts.fail)} failed.`;
        break;
      }
      case 'backfill':
        text =
          client.operation === 'backfill'
            ? 'In this tab: the late batch is being applied.'
            : client.batch === 2
              ? 'In this tab: the late batch is applied.'
              : 'In this tab: batch 1 only; the late batch is one click away.';
        break;
      default:
        break;
    }
    return text ? html`<p class="fact"><strong>${text}</strong></p>` : nothing;
  }

  /** Model names in the text link to their pages once the build knows them. */
  private readonly _modelLink = (code: string): string | null => (this._warehouse.index?.find(code) ? modelHref(code) : null);

  private readonly _onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    // Arrows keep their meaning in fields and in anything else that scrolls or edits.
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && (/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) || target.isContentEditable)) return;
    const index = tourStepIndex(this.route?.params.step);
    const to = event.key === 'ArrowRight' ? TOUR_STEPS[index + 1] : event.key === 'ArrowLeft' ? TOUR_STEPS[index - 1] : undefined;
    if (to) {
      event.preventDefault();
      navigate(tourHref(to.id));
    }
  };
}

customElements.define('wh-tour-page', WhTourPage);

declare global {
  interface HTMLElementTagNameMap {
    'wh-tour-page': WhTourPage;
  }
}
