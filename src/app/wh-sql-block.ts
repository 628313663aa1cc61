import { LitElement, css, html } from 'lit';
import { sharedStyles } from './styles';

/**
 * SQL shown as written, with a copy button.
 *
 * @csspart code - the `<pre>` block
 */
export class WhSqlBlock extends LitElement {
  static override properties = {
    code: { type: String },
    label: { type: String },
    _copied: { state: true },
  };

  declare code: string;
  /** Names the block for screen readers and the copy button. */
  declare label: string;
  declare private _copied: boolean;

  static override styles = [
    sharedStyles,
    css`
      .block {
        position: relative;
      }
      pre {
        margin: 0;
        padding: 0.75rem 1rem;
        background: var(--surface-2);
        border: 1px solid var(--border);
        border-radius: 6px;
        overflow: auto;
        max-height: 32rem;
        font-size: 0.8rem;
        line-height: 1.45;
        tab-size: 4;
      }
      button {
        position: absolute;
        top: 0.4rem;
        right: 0.4rem;
        min-height: 1.8rem;
        padding: 0.15rem 0.5rem;
        font-size: 0.8rem;
      }
    `,
  ];

  constructor() {
    super();
    this.code = '';
    this.label = 'SQL';
    this._copied = false;
  }

  override render() {
    return html`<div class="block">
      <pre part="code" tabindex="0" aria-label=${this.label}><code>${this.code}</code></pre>
      <button type="button" @click=${this._onCopy} aria-label="Copy ${this.label}">${this._copied ? 'Copied' : 'Copy'}</button>
    </div>`;
  }

  private async _onCopy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.code);
      this._copied = true;
      setTimeout(() => (this._copied = false), 1500);
    } catch {
      // Clipboard access can be refused (insecure context, permissions): select the text instead.
      const code = this.renderRoot.querySelector('code');
      if (code) window.getSelection()?.selectAllChildren(code);
    }
  }
}

customElements.define('wh-sql-block', WhSqlBlock);

declare global {
  interface HTMLElementTagNameMap {
    'wh-sql-block': WhSqlBlock;
  }
}
