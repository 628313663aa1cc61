/**
 * Just enough SQL lexing for the console's guards: where statements end and
 * which words they start with. Strings, quoted identifiers and comments are
 * skipped, so a `;` or a keyword inside them does not count.
 */

export interface Statement {
  /** The statement's text, without the terminating `;`. */
  text: string;
  /** Offset of its first character in the whole text. */
  start: number;
}

/** Splits text into statements; empty ones (`;;`, trailing comments) are dropped. */
export function splitStatements(sql: string): Statement[] {
  const statements: Statement[] = [];
  let start = 0;
  let words: string[] = [];
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end);
    if (stripComments(text).trim() !== '') statements.push({ text, start });
  };
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const c = sql[i]!;
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      words.push(sql.slice(i, j).toLowerCase());
      i = j;
      continue;
    }
    if (c === ';' && !(isTrigger(words) && words.at(-1) !== 'end')) {
      push(i);
      start = i + 1;
      words = [];
    }
    i++;
  }
  push(sql.length);
  return statements;
}

/** A trigger's body holds statements of its own, ended by `end`. */
function isTrigger(words: string[]): boolean {
  return words[0] === 'create' && (words[1] === 'trigger' || (/^temp(orary)?$/.test(words[1] ?? '') && words[2] === 'trigger'));
}

/** The index just past a string, quoted identifier or comment starting at `i`; `i` itself when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === '-' && next === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && next === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  const close = c === "'" ? "'" : c === '"' ? '"' : c === '`' ? '`' : c === '[' ? ']' : null;
  if (!close) return i;
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === close) {
      // A doubled quote is an escaped quote ('it''s'); brackets have no escape.
      if (close !== ']' && sql[j + 1] === close) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length;
}

/** The text with comments replaced by spaces (offsets kept). */
export function stripComments(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      const piece = sql.slice(i, skipped);
      const isComment = piece.startsWith('--') || piece.startsWith('/*');
      out += isComment ? piece.replace(/[^\n]/g, ' ') : piece;
      i = skipped;
    } else {
      out += sql[i];
      i++;
    }
  }
  return out;
}

/** The first `n` words of a statement, lower case, comments skipped. */
export function leadingWords(sql: string, n: number): string[] {
  return (stripComments(sql).match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []).slice(0, n).map((w) => w.toLowerCase());
}

const VERBS = new Set(['select', 'values', 'insert', 'replace', 'update', 'delete']);

/**
 * What a statement does: its first word, or for `with ...` the verb after
 * the common table expressions (the first of select, values, insert,
 * replace, update, delete outside parentheses).
 */
export function statementVerb(sql: string): string {
  const text = stripComments(sql);
  let depth = 0;
  let first: string | null = null;
  let i = 0;
  while (i < text.length) {
    const skipped = skipQuotedOrComment(text, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_$]/.test(text[j]!)) j++;
      const word = text.slice(i, j).toLowerCase();
      if (first === null) {
        first = word;
        if (first !== 'with') return first;
      } else if (depth === 0 && VERBS.has(word)) {
        return word;
      }
      i = j;
      continue;
    }
    i++;
  }
  return first ?? '';
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
