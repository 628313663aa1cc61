/**
 * A fast path for the most common dbt templates: plain SQL with `{{ ... }}`
 * expressions that are calls (`ref('x')`, `source('a', 'b')`,
 * `config(materialized='table')`, `my_macro(ref('x'), ['id'], 'col')`) or
 * dotted names (`this`, `target.name`), whose arguments are literals, lists,
 * names and such calls again; `{% if [not] <such an expression> %} ...
 * {% else %} ... {% endif %}` (as in `{% if is_incremental() %}`), and
 * `{# comments #}`. Such templates are evaluated directly instead of being
 * compiled by nunjucks, which is the larger part of parsing a project for
 * the first time in a browser tab.
 *
 * Anything else (another tag, a filter, an operator, a string with an
 * escape, a dict) returns null, and the template goes through nunjucks as
 * usual. Output is the same as nunjucks' with autoescape off (values shown
 * as Python shows them, `pythonStr`), and so is the
 * line reported while a call runs (tests/unit/engine/simple-template.test.ts
 * compares the two).
 */

import { pythonStr, pythonTruthy, undefinedMemberError } from './python-values';

type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'list'; items: Expr[] }
  /** A name, or a call when `args` is set. */
  | { kind: 'path'; path: string[]; args?: Expr[]; kwargs?: [string, Expr][]; line: number };

type PathExpr = Extract<Expr, { kind: 'path' }>;

type Piece =
  | { kind: 'text'; text: string }
  /** `line` is 0-based, for errors. */
  | { kind: 'expr'; expr: PathExpr; line: number }
  | { kind: 'if'; cond: PathExpr; negate: boolean; line: number; then: Piece[]; else: Piece[] };

export interface SimpleTemplate {
  pieces: Piece[];
}

class Reject extends Error {}

/** Parses `src` (the inside of `{{ }}` or an `if` condition, starting on 0-based line `line`). */
function parseExpression(src: string, line: number): PathExpr {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  // nunjucks records the line of a call's opening parenthesis.
  const lineAt = (at: number) => line + lineCount(src.slice(0, at));
  const ident = (): string => {
    const m = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (!m) throw new Reject();
    i += m[0].length;
    return m[0];
  };
  const path = (): PathExpr => {
    const names = [ident()];
    // A bare literal (`{{ true }}`) is left to nunjucks.
    if (/^(True|true|False|false|None|none)$/.test(names[0]!)) throw new Reject();
    while (src[i] === '.') {
      i++;
      names.push(ident());
    }
    ws();
    if (src[i] !== '(') return { kind: 'path', path: names, line: lineAt(i) };
    const open = i;
    i++;
    const args: Expr[] = [];
    const kwargs: [string, Expr][] = [];
    ws();
    while (src[i] !== ')') {
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(src.slice(i));
      if (kw) {
        i += kw[0].length;
        kwargs.push([kw[1]!, value()]);
      } else {
        if (kwargs.length) throw new Reject();
        args.push(value());
      }
      ws();
      if (src[i] === ',') i++;
      else if (src[i] !== ')') throw new Reject();
      ws();
      if (i >= src.length) throw new Reject();
    }
    i++;
    return { kind: 'path', path: names, args, kwargs, line: lineAt(open) };
  };
  const value = (): Expr => {
    ws();
    const ch = src[i];
    if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw new Reject();
      const text = src.slice(i + 1, end);
      if (text.includes('\\')) throw new Reject();
      i = end + 1;
      return { kind: 'literal', value: text };
    }
    if (ch === '[') {
      i++;
      const items: Expr[] = [];
      ws();
      while (src[i] !== ']') {
        items.push(value());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') throw new Reject();
        ws();
        if (i >= src.length) throw new Reject();
      }
      i++;
      return { kind: 'list', items };
    }
    const num = /^-?\d+(\.\d+)?(?![\w.])/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    const m = /^(True|true|False|false|None|none)(?![\w.(])/.exec(src.slice(i));
    if (m) {
      i += m[0].length;
      return { kind: 'literal', value: m[1] === 'True' || m[1] === 'true' ? true : m[1] === 'False' || m[1] === 'false' ? false : null };
    }
    const expr = path();
    // A call of what a call returns (`adapter.dispatch('x')('y')`) or a subscript: not this fast path's business.
    if (src[i] === '(' || src[i] === '[' || src[i] === '.') throw new Reject();
    return expr;
  };

  ws();
  const expr = path();
  ws();
  if (i !== src.length) throw new Reject();
  return expr;
}

function lineCount(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
}

/** The template as pieces, or null when it needs the full Jinja engine. */
export function parseSimpleTemplate(source: string): SimpleTemplate | null {
  const root: Piece[] = [];
  // Open {% if %} blocks: where pieces go now, and the block being filled.
  const stack: { target: Piece[]; block: Extract<Piece, { kind: 'if' }> | null; inElse: boolean }[] = [{ target: root, block: null, inElse: false }];
  let pos = 0;
  let line = 0;
  let trimNext = false;
  const re = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{#(-?)[\s\S]*?(-?)#\}|\{%(-?)([\s\S]*?)(-?)%\}/g;
  let m: RegExpExecArray | null;
  const emit = (piece: Piece) => stack[stack.length - 1]!.target.push(piece);
  try {
    while ((m = re.exec(source))) {
      let text = source.slice(pos, m.index);
      line += lineCount(text);
      if (trimNext) text = text.replace(/^\s+/, '');
      const kind = m[0][1];
      const trimBefore = (kind === '{' ? m[1] : kind === '#' ? m[4] : m[6]) === '-';
      if (trimBefore) text = text.replace(/\s+$/, '');
      if (text) emit({ kind: 'text', text });
      if (kind === '{') {
        if (m[2]!.includes('{{') || m[2]!.includes('}')) return null;
        emit({ kind: 'expr', expr: parseExpression(m[2]!, line), line });
        trimNext = m[3] === '-';
      } else if (kind === '#') {
        trimNext = m[5] === '-';
      } else {
        const tag = m[7]!.trim();
        const top = stack[stack.length - 1]!;
        if (tag.startsWith('if ')) {
          let cond = tag.slice(3).trim();
          const negate = /^not\s/.test(cond);
          if (negate) cond = cond.slice(4);
          const block: Extract<Piece, { kind: 'if' }> = { kind: 'if', cond: parseExpression(cond, line), negate, line, then: [], else: [] };
          emit(block);
          stack.push({ target: block.then, block, inElse: false });
        } else if (tag === 'else' && top.block && !top.inElse) {
          top.target = top.block.else;
          top.inElse = true;
        } else if (tag === 'endif' && top.block) {
          stack.pop();
        } else {
          return null;
        }
        trimNext = m[8] === '-';
      }
      line += lineCount(m[0]);
      pos = m.index + m[0].length;
    }
  } catch (e) {
    if (e instanceof Reject) return null;
    throw e;
  }
  if (stack.length !== 1) return null;
  let rest = source.slice(pos);
  if (rest.includes('{{') || rest.includes('{#') || rest.includes('{%') || rest.includes('#}')) return null;
  if (trimNext) rest = rest.replace(/^\s+/, '');
  if (rest) root.push({ kind: 'text', text: rest });
  return { pieces: root };
}

/**
 * Evaluates like nunjucks' compiled code: a call first sets the current line
 * to its own, then evaluates its arguments left to right (inner calls set
 * theirs), then runs.
 */
function evaluate(e: Expr, lookup: (name: string) => unknown, atLine: (line: number) => void): unknown {
  if (e.kind === 'literal') return e.value;
  if (e.kind === 'list') return e.items.map((item) => evaluate(item, lookup, atLine));
  if (e.args) atLine(e.line);
  let value: unknown = lookup(e.path[0]!);
  let owner: unknown = undefined;
  for (const [i, key] of e.path.slice(1).entries()) {
    // As the compiled template (and Jinja): an attribute of something undefined is an error.
    if (value === undefined) {
      atLine(e.line);
      throw undefinedMemberError(e.path.slice(0, i + 1).join('.'), key);
    }
    owner = value;
    value = value === null ? undefined : (value as Record<string, unknown>)[key];
  }
  if (!e.args) return value;
  const args = e.args.map((a) => evaluate(a, lookup, atLine));
  if (e.kwargs && e.kwargs.length) {
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of e.kwargs) kwargs[k] = evaluate(v, lookup, atLine);
    kwargs.__keywords = true;
    args.push(kwargs);
  }
  if (typeof value !== 'function') throw new Error(`Unable to call \`${e.path.join('.')}\`, which is undefined or falsey`);
  return (value as (...a: unknown[]) => unknown).apply(owner, args);
}

/**
 * Renders the pieces. `lookup` resolves a top-level name (a Jinja global);
 * `atLine` is told the 0-based line before each expression runs.
 * Conditions use JavaScript truthiness, as nunjucks' compiled `if` does.
 */
export function renderSimpleTemplate(t: SimpleTemplate, lookup: (name: string) => unknown, atLine: (line: number) => void): string {
  let out = '';
  const walk = (pieces: Piece[]) => {
    for (const p of pieces) {
      if (p.kind === 'text') out += p.text;
      else if (p.kind === 'expr') {
        // A call sets its own line; a name only needs the piece's.
        if (!p.expr.args) atLine(p.line);
        const value = evaluate(p.expr, lookup, atLine);
        out += pythonStr(value);
      } else {
        if (!p.cond.args) atLine(p.line);
        const truthy = pythonTruthy(evaluate(p.cond, lookup, atLine));
        walk(truthy !== p.negate ? p.then : p.else);
      }
    }
  };
  walk(t.pieces);
  return out;
}
