import type { SqlErrorPosition } from '../shared/worker-api';

/** The line an error points at, and under it a caret line marking the token (at least one caret, never past the line). */
export function errorExcerpt(sql: string, position: SqlErrorPosition): string {
  const line = sql.split('\n')[position.line - 1] ?? '';
  const start = Math.max(0, position.column - 1);
  const width = Math.max(1, Math.min(position.length, line.length - start));
  return `${line}\n${' '.repeat(start)}${'^'.repeat(width)}`;
}
