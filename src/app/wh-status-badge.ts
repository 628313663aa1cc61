import { LitElement, css, html } from 'lit';
import { statusColor } from './styles';

const LABELS: Record<string, string> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  error: 'error',
  skipped: 'skipped',
  untested: 'no tests',
  'not run': 'not run',
  success: 'ok',
};

/**
 * A coloured pill for a test or node status, with an optional count.
 *
 * @csspart badge - the pill
 */
export class WhStatusBadge extends LitElement {
  static override properties = {
    status: { type: String, reflect: true },
    count: { type: Number, reflect: true },
    label: { type: String },
  };

  /** `pass`, `warn`, `fail`, `error`, `skipped`, `untested` or `not run`. */
  declare status: string;
  /** Shown before the label when set. */
  declare count: number | undefined;
  /** Replaces the status's own word. */
  declare label: string | undefined;

  static override styles = css`
    :host {
      display: inline-block;
    }
    span {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      font-size: 0.78rem;
      font-weight: 600;
      line-height: 1.4;
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      border: 1px solid currentColor;
      white-space: nowrap;
    }
    span::before {
      content: '';
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: currentColor;
    }
  `;

  constructor() {
    super();
    this.status = 'untested';
  }

  override render() {
    const word = this.label ?? LABELS[this.status] ?? this.status;
    return html`<span part="badge" style="color: ${statusColor(this.status === 'success' ? 'pass' : this.status)}"
      >${this.count !== undefined ? `${this.count} ` : ''}${word}</span
    >`;
  }
}

customElements.define('wh-status-badge', WhStatusBadge);

declare global {
  interface HTMLElementTagNameMap {
    'wh-status-badge': WhStatusBadge;
  }
}
