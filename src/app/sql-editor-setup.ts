import { closeCompletion } from '@codemirror/autocomplete';
import { basicSetup } from 'codemirror';
import { SQLite, sql } from '@codemirror/lang-sql';
import type { SQLNamespace } from '@codemirror/lang-sql';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/**
 * CodeMirror 6 set up for the console: SQLite highlighting, completion of
 * the warehouse's tables and columns, Ctrl/Cmd+Enter to run, and the error
 * a query failed with underlined where it points. A chunk of its own: the
 * console loads it after its first render.
 */

export interface SqlEditorOptions {
  parent: HTMLElement;
  /** The shadow root the editor lives in, where CodeMirror mounts its styles. */
  root: ShadowRoot;
  doc: string;
  label: string;
  onChange: (doc: string) => void;
  onRun: () => void;
}

export interface SqlEditorHandle {
  getValue(): string;
  setValue(doc: string): void;
  /** Tables (and views) with their columns, for completion. */
  setSchema(tables: Record<string, string[]>): void;
  /** Underlines `length` characters at `offset` with the message; null clears it. */
  setError(error: { offset: number; length: number; message: string } | null): void;
  focus(): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': {
    fontSize: '0.9rem',
    border: '1px solid var(--border)',
    borderRadius: '6px',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45', minHeight: '10rem', maxHeight: '26rem' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)' },
});

export function createSqlEditor(options: SqlEditorOptions): SqlEditorHandle {
  const language = new Compartment();
  const languageFor = (schema: SQLNamespace) => sql({ dialect: SQLite, schema, upperCaseKeywords: false });
  const view = new EditorView({
    root: options.root,
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: (target) => {
                // The completion list would stay open over the result.
                closeCompletion(target);
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        language.of(languageFor({})),
        lintGutter(),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    getValue: () => view.state.doc.toString(),
    setValue(doc) {
      if (doc === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    setSchema(tables) {
      view.dispatch({ effects: language.reconfigure(languageFor(tables)) });
    },
    setError(error) {
      if (!error) {
        view.dispatch(setDiagnostics(view.state, []));
        return;
      }
      const length = view.state.doc.length;
      const from = Math.min(error.offset, length);
      const to = Math.min(length, from + Math.max(1, error.length));
      view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message: error.message }]), {
        effects: EditorView.scrollIntoView(from, { y: 'center' }),
      });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
