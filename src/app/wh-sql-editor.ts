import { LitElement, css, html } from 'lit';
import type { SqlEditorHandle } from './sql-editor-setup';
import { sharedStyles } from './styles';

/**
 * The console's SQL editor. It renders a plain text area at once and swaps
 * in CodeMirror when its chunk has loaded (`data-ready` is set then), so the
 * console is usable before the editor's code arrives.
 *
 * @fires sql-change - the text changed; `detail.value` is the new text
 * @fires sql-run - Ctrl/Cmd+Enter was pressed
 */
export class WhSqlEditor extends LitElement {
  static override properties = {
    value: { type: String },
    tables: { attribute: false },
    error: { attribute: false },
    label: { type: String },
  };

  /** The query text. Setting it replaces the editor's text. */
  declare value: string;
  /** Tables and views with their columns, for completion. */
  declare tables: Record<string, string[]>;
  /** The error to underline: offset and length in `value`, and the message. */
  declare error: { offset: number; length: number; message: string } | null;
  declare label: string;

  private _editor: SqlEditorHandle | null = null;

  static override styles = [
    sharedStyles,
    css`
      textarea {
        display: block;
        width: 100%;
        min-height: 10rem;
        font-family: var(--mono);
        font-size: 0.9rem;
        line-height: 1.45;
        resize: vertical;
        tab-size: 4;
      }
      .editor:empty {
        display: none;
      }
    `,
  ];

  constructor() {
    super();
    this.value = '';
    this.tables = {};
    this.error = null;
    this.label = 'SQL';
  }

  override render() {
    return html`<div class="editor"></div>
      ${this._editor
        ? null
        : html`<textarea spellcheck="false" aria-label=${this.label} .value=${this.value} @input=${this._onInput} @keydown=${this._onKeyDown}></textarea>`}`;
  }

  override firstUpdated(): void {
    void this._load();
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (!this._editor) return;
    if (changed.has('value')) this._editor.setValue(this.value);
    if (changed.has('tables')) this._editor.setSchema(this.tables);
    if (changed.has('error') || changed.has('value')) this._editor.setError(this.error);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._editor?.destroy();
    this._editor = null;
  }

  override focus(): void {
    if (this._editor) this._editor.focus();
    else this.renderRoot.querySelector('textarea')?.focus();
  }

  private async _load(): Promise<void> {
    let setup: typeof import('./sql-editor-setup');
    try {
      setup = await import('./sql-editor-setup');
    } catch {
      // The text area keeps working; only highlighting and completion are missing.
      return;
    }
    if (!this.isConnected || this._editor) return;
    const hadFocus = this.renderRoot.querySelector('textarea') === (this.renderRoot as ShadowRoot).activeElement;
    this._editor = setup.createSqlEditor({
      parent: this.renderRoot.querySelector<HTMLElement>('.editor')!,
      root: this.renderRoot as ShadowRoot,
      doc: this.value,
      label: this.label,
      onChange: (doc) => this._changed(doc),
      onRun: () => this.dispatchEvent(new CustomEvent('sql-run', { bubbles: true, composed: true })),
    });
    this._editor.setSchema(this.tables);
    this._editor.setError(this.error);
    this.dataset.ready = '';
    this.requestUpdate();
    if (hadFocus) this._editor.focus();
  }

  private _changed(doc: string): void {
    this.value = doc;
    this.dispatchEvent(new CustomEvent('sql-change', { detail: { value: doc }, bubbles: true, composed: true }));
  }

  private _onInput(event: Event): void {
    this._changed((event.target as HTMLTextAreaElement).value);
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('sql-run', { bubbles: true, composed: true }));
    }
  }
}

customElements.define('wh-sql-editor', WhSqlEditor);

declare global {
  interface HTMLElementTagNameMap {
    'wh-sql-editor': WhSqlEditor;
  }
}
