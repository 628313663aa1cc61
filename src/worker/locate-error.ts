import type { Database } from '../engine/index';
import type { SqlErrorPosition } from '../shared/worker-api';
import { lineAndColumn, splitStatements, stripComments } from './sql-text';

/**
 * Where in a query SQLite's error points. SQLite's messages carry no offset,
 * only the token (`near "fro": syntax error`, `no such column: x`), and the
 * token can occur several times. For a syntax error each occurrence is tried
 * by compiling the text up to it with EXPLAIN (which never runs it): the
 * first one that fails with the same message is where the parser stopped;
 * earlier ones only leave the text incomplete. Other messages name something
 * that is wrong wherever it appears, so the first occurrence is shown.
 */
export function locateError(db: Database, sql: string, message: string): SqlErrorPosition | null {
  const statement = splitStatements(sql)[0];
  if (!statement) return null;
  const base = statement.start;
  const text = statement.text;
  const at = (offset: number, length: number, token: string): SqlErrorPosition => {
    const { line, column } = lineAndColumn(sql, base + offset);
    return { offset: base + offset, length, line, column, token };
  };

  if (/incomplete input/.test(message)) {
    const end = text.trimEnd().length;
    return at(Math.max(0, end - 1), end > 0 ? 1 : 0, text.trimEnd().slice(-1));
  }

  const near = /near "((?:[^"]|"")*)": syntax error/.exec(message);
  if (near) {
    const token = near[1]!.replace(/""/g, '"');
    const found = occurrences(text, token);
    for (const offset of found) {
      if (explainError(db, text.slice(0, offset + token.length)) === message) return at(offset, token.length, token);
    }
    return found[0] === undefined ? null : at(found[0], token.length, token);
  }

  const named = /^(?:no such (?:column|table|function|collation sequence)|ambiguous column name|unrecognized token): "?(.+?)"?$/.exec(message.trim());
  if (named) {
    const name = named[1]!;
    // `no such column: t.amount` names the column as written; a bare name may also have been written qualified.
    for (const candidate of [name, name.split('.').pop()!]) {
      const offset = occurrences(text, candidate)[0];
      if (offset !== undefined) return at(offset, candidate.length, candidate);
    }
  }
  return null;
}

/** The error compiling a statement would give, or null when it compiles. */
export function explainError(db: Database, statement: string): string | null {
  try {
    db.query(`explain ${statement}`);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Offsets of a token in code, outside comments (and outside strings unless
 * the token is a string itself), case-insensitively; word tokens only match
 * whole words.
 */
function occurrences(text: string, token: string): number[] {
  if (token === '') return [];
  const code = token.startsWith("'") ? stripComments(text) : maskStrings(stripComments(text));
  const haystack = code.toLowerCase();
  const needle = token.toLowerCase();
  const wordy = /^\w/.test(token);
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    const before = haystack[i - 1] ?? ' ';
    const after = haystack[i + needle.length] ?? ' ';
    if (wordy && (/[\w$]/.test(before) || /[\w$]/.test(after))) continue;
    found.push(i);
  }
  return found;
}

/** String literals replaced by spaces, offsets kept. */
function maskStrings(code: string): string {
  return code.replace(/'(?:[^']|'')*'?/g, (s) => ' '.repeat(s.length));
}
