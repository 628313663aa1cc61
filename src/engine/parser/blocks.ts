/**
 * Block-level reading of SQL and Markdown files: `{% macro %}`, `{% test %}`,
 * `{% snapshot %}` and `{% docs %}` blocks, found by their tags. Bodies keep
 * their line numbers so that Jinja errors point at the right line.
 */
import { lineAt } from '../util/text';

export interface Block {
  name: string;
  /** The text between the opening and closing tags. */
  body: string;
  /** The body padded with blank lines so that its line numbers are the file's. */
  bodyInPlace: string;
  /** The whole block including its tags. */
  full: string;
  /** 1-based line of the opening tag. */
  line: number;
  /** Text inside the opening tag after the name (e.g. a macro's argument list). */
  signature: string;
}

function tagPattern(kind: string): RegExp {
  return new RegExp(
    String.raw`\{%-?\s*${kind}\s+([A-Za-z_][\w]*)\s*(\([^%]*?\))?\s*-?%\}([\s\S]*?)\{%-?\s*end${kind}\s*-?%\}`,
    'g',
  );
}

export function findBlocks(text: string, kind: 'macro' | 'test' | 'snapshot' | 'docs' | 'materialization'): Block[] {
  const out: Block[] = [];
  for (const m of text.matchAll(tagPattern(kind))) {
    const start = m.index!;
    const openTagEnd = m[0].length - m[3]!.length - (m[0].length - m[0].lastIndexOf('{%'));
    const bodyStart = start + openTagEnd;
    const bodyLine = lineAt(text, bodyStart);
    out.push({
      name: m[1]!,
      body: m[3]!,
      bodyInPlace: '\n'.repeat(bodyLine - 1) + m[3]!,
      full: m[0],
      line: lineAt(text, start),
      signature: m[2] ?? '',
    });
  }
  return out;
}

/**
 * dbt's `{% test name(...) %}` is a macro named `test_name`; rewriting the
 * tags in place (same lines) lets nunjucks compile it as one.
 */
export function testBlocksToMacros(text: string): string {
  return text
    .replace(/\{%(-?)(\s*)test(\s+)([A-Za-z_][\w]*)/g, '{%$1$2macro$3test_$4')
    .replace(/\{%(-?)(\s*)endtest(\s*)(-?)%\}/g, '{%$1$2endmacro$3$4%}');
}

/** Argument names of a macro signature like `(model, column_name, quote=True)`, for the manifest. */
export function macroArguments(signature: string): { name: string; type: string | null; description: string }[] {
  return signatureParameters(signature).map(({ name }) => ({ name, type: null, description: '' }));
}

/** The parameters of a macro signature like `(model, column_name, quote=True)`: names, and which have a default. */
export function signatureParameters(signature: string): { name: string; hasDefault: boolean }[] {
  const inner = signature.trim().replace(/^\(/, '').replace(/\)$/, '');
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  let quote: string | null = null;
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts
    .map((p) => ({ name: p.split('=')[0]!.trim(), hasDefault: p.includes('=') }))
    .filter((p) => p.name !== '');
}

/** Removes blocks of a kind, keeping line breaks so later lines keep their numbers. */
export function blankOut(text: string, blocks: Block[]): string {
  let out = text;
  for (const b of blocks) out = out.replace(b.full, b.full.replace(/[^\n]/g, ''));
  return out;
}
