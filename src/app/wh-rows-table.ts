import { LitElement, css, html, nothing } from 'lit';
import type { SqlValue } from '../shared/artifacts';
import { formatCell, formatCount } from './format';
import { sharedStyles } from './styles';

/**
 * A result table: column names and rows as SQLite returned them. Wide results
 * scroll inside the table, not the page; NULL is shown as such.
 */
export class WhRowsTable extends LitElement {
  static override properties = {
    columns: { attribute: false },
    rows: { attribute: false },
    caption: { type: String },
    truncated: { type: Boolean },
  };

  declare columns: string[];
  declare rows: SqlValue[][];
  /** Describes the table for screen readers (and is shown above it). */
  declare caption: string;
  /** The rows are the first of more. */
  declare truncated: boolean;

  static override styles = [
    sharedStyles,
    css`
      .table-scroll {
        max-height: 28rem;
        overflow: auto;
        border: 1px solid var(--border);
        border-radius: 6px;
        background: var(--surface);
      }
      table.data th {
        position: sticky;
        top: 0;
        white-space: nowrap;
      }
      td {
        font-family: var(--mono);
        font-size: 0.8rem;
        white-space: nowrap;
        max-width: 28rem;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      td.number {
        text-align: right;
      }
      td.null {
        color: var(--muted);
        font-style: italic;
      }
      caption {
        text-align: left;
        font-size: 0.85rem;
        color: var(--muted);
        padding: 0.3rem 0.6rem;
        caption-side: bottom;
        overflow-wrap: anywhere;
      }
    `,
  ];

  constructor() {
    super();
    this.columns = [];
    this.rows = [];
    this.caption = '';
    this.truncated = false;
  }

  override render() {
    const note = `${formatCount(this.rows.length)} ${this.rows.length === 1 ? 'row' : 'rows'}${this.truncated ? ' shown (more not loaded)' : ''}`;
    return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${this.caption || 'Result rows'}>
      <table class="data">
        <caption>
          ${this.caption ? html`${this.caption} · ` : nothing}${note}
        </caption>
        <thead>
          <tr>
            ${this.columns.map((c) => html`<th scope="col">${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${this.rows.map(
            (row) =>
              html`<tr>
                ${row.map((value) => {
                  const text = formatCell(value);
                  const kind = value === null ? 'null' : typeof value === 'number' || typeof value === 'bigint' ? 'number' : '';
                  return html`<td class=${kind} title=${text}>${text}</td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

customElements.define('wh-rows-table', WhRowsTable);

declare global {
  interface HTMLElementTagNameMap {
    'wh-rows-table': WhRowsTable;
  }
}
