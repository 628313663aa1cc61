import type { SqlErrorPosition } from '../shared/worker-api';

const TAB = '    ';

/**
 * The line an error points at, and under it a caret line marking the token
 * (at least one caret, never past the line). Tabs are shown as four spaces
 * so the carets stay under the token.
 */
export function errorExcerpt(sql: string, position: SqlErrorPosition): string {
  const raw = sql.split('\n')[position.line - 1] ?? '';
  const start = Math.max(0, position.column - 1);
  const width = Math.max(1, Math.min(position.length, raw.length - start));
  const shown = (text: string) => text.replace(/\t/g, TAB);
  const before = shown(raw.slice(0, start)).length;
  const token = shown(raw.slice(start, start + width)).length;
  return `${shown(raw)}\n${' '.repeat(before)}${'^'.repeat(Math.max(1, token))}`;
}
