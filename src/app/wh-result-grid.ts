import { LitElement, css, html, nothing } from 'lit';
import type { SqlValue } from '../shared/worker-api';
import { formatCell, formatCount } from './format';
import { columnKinds, type ColumnKind } from './quick-chart';
import { alignedNumber, columnFractions, columnWidths, visibleRows } from './result-window';
import { sharedStyles } from './styles';

/** One row's height in px; every row has it, which is what lets the grid compute what is in view. */
const ROW_HEIGHT = 28;

/**
 * A query result of any length: only the rows in view (and a margin) are in
 * the DOM, between two spacers that give the scrollbar its full length, so
 * 100,000 rows scroll as smoothly as 100. Rows keep one line each; a cell's
 * whole value is in its title. A column of numbers is right-aligned, its
 * header with it, and its decimal points line up. The table keeps its ARIA row count and each
 * row its index, so assistive technology knows where it is.
 */
export class WhResultGrid extends LitElement {
  static override properties = {
    columns: { attribute: false },
    rows: { attribute: false },
    caption: { type: String },
    _window: { state: true },
  };

  declare columns: string[];
  declare rows: SqlValue[][];
  /** Names the table for screen readers. */
  declare caption: string;
  declare private _window: { start: number; end: number };

  private _widths: number[] = [];
  private _kinds: ColumnKind[] = [];
  /** Per column of numbers, the digits after the point its cells line up on. */
  private _fractions: number[] = [];
  private _frame = 0;
  private readonly _resize = new ResizeObserver(() => this._measure());

  static override styles = [
    sharedStyles,
    css`
      .viewport {
        max-height: min(32rem, 70vh);
        overflow: auto;
        border: 1px solid var(--border);
        border-radius: 6px;
        background: var(--surface);
        overscroll-behavior: contain;
      }
      table {
        border-collapse: separate;
        border-spacing: 0;
        table-layout: fixed;
        /* One monospace font throughout, so column widths in ch fit header and cells alike. */
        font-family: var(--mono);
        font-size: 0.8rem;
      }
      th,
      td {
        height: ${ROW_HEIGHT}px;
        padding: 0 0.6rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        border-bottom: 1px solid var(--border);
        text-align: left;
      }
      th {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--surface-2);
        color: var(--muted);
        font-weight: 600;
      }
      .number {
        text-align: right;
      }
      td.null {
        color: var(--muted);
        font-style: italic;
      }
      .index {
        color: var(--muted);
        text-align: right;
        background: var(--surface-2);
        font-family: var(--mono);
      }
      th.index {
        z-index: 2;
      }
      .index {
        position: sticky;
        left: 0;
      }
      tr.spacer td {
        padding: 0;
        border: 0;
      }
    `,
  ];

  constructor() {
    super();
    this.columns = [];
    this.rows = [];
    this.caption = '';
    this._window = { start: 0, end: 0 };
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('columns') || changed.has('rows')) {
      this._kinds = columnKinds(this.columns, this.rows);
      this._fractions = columnFractions(
        this._kinds.map((k) => k === 'quantitative'),
        this.rows,
      );
      // A column whose points line up is wider by the padding of its integers.
      this._widths = columnWidths(this.columns, this.rows).map((w, i) => (this._fractions[i]! > 0 ? Math.min(40, w + this._fractions[i]! + 1) : w));
      const viewport = this.renderRoot.querySelector?.('.viewport') as HTMLElement | null;
      if (viewport) viewport.scrollTop = 0;
      this._window = visibleRows(0, viewport?.clientHeight || 800, ROW_HEIGHT, this.rows.length);
    }
  }

  override firstUpdated(): void {
    this._resize.observe(this._viewport());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize.disconnect();
    cancelAnimationFrame(this._frame);
  }

  override render() {
    const { start, end } = this._window;
    const indexWidth = formatCount(this.rows.length).length + 3;
    const total = indexWidth + this._widths.reduce((a, b) => a + b, 0);
    return html`<div class="viewport" tabindex="0" role="region" aria-label=${this.caption || 'Result rows'} @scroll=${this._onScroll}>
      <table style="width:max(${total}ch, 100%)" aria-rowcount=${this.rows.length + 1} aria-label=${this.caption || 'Result rows'} data-rows=${this.rows.length}>
        <colgroup>
          <col style="width:${indexWidth}ch" />
          ${this._widths.map((w, i) =>
            // The last column takes whatever width is left, so a narrow result does not stretch the others.
            i === this._widths.length - 1 ? html`<col style="min-width:${w}ch" />` : html`<col style="width:${w}ch" />`,
          )}
        </colgroup>
        <thead>
          <tr aria-rowindex="1">
            <th class="index" scope="col"><span class="visually-hidden">Row</span>#</th>
            ${this.columns.map((c, i) => html`<th scope="col" class=${this._kinds[i] === 'quantitative' ? 'number' : ''} title=${c}>${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${start > 0 ? html`<tr class="spacer" aria-hidden="true"><td colspan=${this.columns.length + 1} style="height:${start * ROW_HEIGHT}px"></td></tr>` : nothing}
          ${this.rows.slice(start, end).map((row, i) => this._renderRow(row, start + i))}
          ${end < this.rows.length
            ? html`<tr class="spacer" aria-hidden="true"><td colspan=${this.columns.length + 1} style="height:${(this.rows.length - end) * ROW_HEIGHT}px"></td></tr>`
            : nothing}
        </tbody>
      </table>
    </div>`;
  }

  private _renderRow(row: SqlValue[], index: number) {
    return html`<tr aria-rowindex=${index + 2} data-index=${index}>
      <td class="index">${formatCount(index + 1)}</td>
      ${row.map((value, i) => {
        const text = formatCell(value);
        const kind = `${this._kinds[i] === 'quantitative' ? 'number' : ''} ${value === null ? 'null' : ''}`.trim();
        return html`<td class=${kind} title=${text.length > 20 ? text : nothing}>${alignedNumber(text, value, this._fractions[i] ?? 0)}</td>`;
      })}
    </tr>`;
  }

  private _viewport(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.viewport')!;
  }

  private _onScroll(): void {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => this._measure());
  }

  private _measure(): void {
    const viewport = this._viewport();
    const next = visibleRows(viewport.scrollTop, viewport.clientHeight, ROW_HEIGHT, this.rows.length);
    if (next.start !== this._window.start || next.end !== this._window.end) this._window = next;
  }
}

customElements.define('wh-result-grid', WhResultGrid);

declare global {
  interface HTMLElementTagNameMap {
    'wh-result-grid': WhResultGrid;
  }
}
