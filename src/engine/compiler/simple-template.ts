/**
 * A fast path for the most common dbt templates: plain SQL with `{{ ... }}`
 * expressions that are calls with literal arguments (`ref('x')`,
 * `source('a', 'b')`, `config(materialized='table')`, `my_macro('col')`) or
 * dotted names (`this`, `target.name`), `{% if [not] <such an expression> %}
 * ... {% else %} ... {% endif %}` (as in `{% if is_incremental() %}`), and
 * `{# comments #}`. Such templates are evaluated directly instead of being
 * compiled by nunjucks, which is the larger part of parsing a project for
 * the first time in a browser tab.
 *
 * Anything else (another tag, a filter, an operator, a string with an
 * escape) returns null, and the template goes through nunjucks as usual.
 * Output is the same as nunjucks' with autoescape off (tests/unit/engine/
 * simple-template.test.ts compares the two).
 */

type Literal = string | number | boolean | null | Literal[];

interface Call {
  path: string[];
  /** Undefined for a plain name lookup (`{{ this }}`). */
  args?: Literal[];
  kwargs?: Record<string, Literal>;
}

type Piece =
  | { kind: 'text'; text: string }
  /** `line` is 0-based, for errors. */
  | { kind: 'expr'; expr: Call; line: number }
  | { kind: 'if'; cond: Call; negate: boolean; line: number; then: Piece[]; else: Piece[] };

export interface SimpleTemplate {
  pieces: Piece[];
}

class Reject extends Error {}

function parseExpression(src: string): Call {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const ident = (): string => {
    const m = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (!m) throw new Reject();
    i += m[0].length;
    return m[0];
  };
  const literal = (): Literal => {
    ws();
    const ch = src[i];
    if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw new Reject();
      const s = src.slice(i + 1, end);
      if (s.includes('\\')) throw new Reject();
      i = end + 1;
      return s;
    }
    if (ch === '[') {
      i++;
      const out: Literal[] = [];
      ws();
      while (src[i] !== ']') {
        out.push(literal());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') throw new Reject();
        ws();
      }
      i++;
      return out;
    }
    const num = /^-?\d+(\.\d+)?(?![\w.])/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    const word = ident();
    if (word === 'True' || word === 'true') return true;
    if (word === 'False' || word === 'false') return false;
    if (word === 'None' || word === 'none') return null;
    throw new Reject();
  };

  ws();
  const path = [ident()];
  while (src[i] === '.') {
    i++;
    path.push(ident());
  }
  ws();
  if (i === src.length) return { path };
  if (src[i] !== '(') throw new Reject();
  i++;
  const args: Literal[] = [];
  const kwargs: Record<string, Literal> = {};
  ws();
  while (src[i] !== ')') {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(src.slice(i));
    if (kw) {
      i += kw[0].length;
      kwargs[kw[1]!] = literal();
    } else {
      if (Object.keys(kwargs).length) throw new Reject();
      args.push(literal());
    }
    ws();
    if (src[i] === ',') i++;
    else if (src[i] !== ')') throw new Reject();
    ws();
    if (i >= src.length) throw new Reject();
  }
  i++;
  ws();
  if (i !== src.length) throw new Reject();
  return { path, args, kwargs };
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
        emit({ kind: 'expr', expr: parseExpression(m[2]!), line });
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
          const block: Extract<Piece, { kind: 'if' }> = { kind: 'if', cond: parseExpression(cond), negate, line, then: [], else: [] };
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

function evaluate(e: Call, lookup: (name: string) => unknown): unknown {
  let value: unknown = lookup(e.path[0]!);
  let owner: unknown = undefined;
  for (const key of e.path.slice(1)) {
    owner = value;
    value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
  }
  if (e.args) {
    if (typeof value !== 'function') throw new Error(`Unable to call \`${e.path.join('.')}\`, which is undefined or falsey`);
    const args: unknown[] = [...e.args];
    if (e.kwargs && Object.keys(e.kwargs).length) args.push({ ...e.kwargs, __keywords: true });
    value = (value as (...a: unknown[]) => unknown).apply(owner, args);
  }
  return value;
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
        atLine(p.line);
        const value = evaluate(p.expr, lookup);
        if (value !== undefined && value !== null) out += value;
      } else {
        atLine(p.line);
        const truthy = Boolean(evaluate(p.cond, lookup));
        walk(truthy !== p.negate ? p.then : p.else);
      }
    }
  };
  walk(t.pieces);
  return out;
}
