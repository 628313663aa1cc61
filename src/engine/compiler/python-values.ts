/**
 * How Jinja (Python) shows and formats values, where JavaScript would do it
 * differently: dbt renders `{{ none }}` as `None`, `{{ true }}` as `True`,
 * a list as `['a', 1]`, and `'%s-%s' % (a, b)` as string formatting. Both
 * template paths (nunjucks and the fast path) render through `pythonStr`.
 */

/** A Jinja dict: a plain object (not a list, relation or other class instance). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Lists that stand for Python tuples (`(a, b)`, groupby's and dictsort's pairs): they show as `(a, b)`. */
const TUPLES = new WeakSet<object>();

/** Marks a list as a tuple, for how it shows; it is still a list everywhere else. */
export function asTuple<T extends unknown[]>(items: T): T {
  TUPLES.add(items);
  return items;
}

/** Python's repr() of a value inside a list or dict. */
function pythonRepr(v: unknown): string {
  if (typeof v === 'string' || v instanceof String) {
    const s = String(v);
    const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
    const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  return pythonStr(v, 'None');
}

/**
 * Python's str() of a rendered value. `undefined` (a name that is not
 * defined) renders as nothing, as in dbt; objects with their own
 * `toString` (relations, `this`) render through it.
 */
export function pythonStr(v: unknown, undefinedAs = ''): string {
  if (v === undefined) return undefinedAs;
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (Array.isArray(v)) {
    if (TUPLES.has(v)) return `(${v.map(pythonRepr).join(', ')}${v.length === 1 ? ',' : ''})`;
    return `[${v.map(pythonRepr).join(', ')}]`;
  }
  if (typeof v === 'object' && !(v instanceof String) && isPlainObject(v)) {
    const entries = Object.entries(v).filter(([k]) => k !== '__keywords');
    return `{${entries.map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}

/**
 * Python's `%` operator: printf-style formatting when the left side is a
 * string (`%s`, `%r`, `%d`/`%i`, `%f`, `%%`, with a width, `-` to align
 * left, `0` to pad numbers, and a precision), the remainder otherwise. The
 * right side is one value or a tuple (a list).
 */
export function pythonMod(left: unknown, right: unknown): unknown {
  if (typeof left !== 'string' && !(left instanceof String)) return (left as number) % (right as number);
  const args = Array.isArray(right) ? [...right] : [right];
  let used = 0;
  const next = (spec: string): unknown => {
    if (used >= args.length) throw new Error(`not enough arguments for format string (the '%${spec}' at argument ${used + 1})`);
    return args[used++];
  };
  const out = String(left).replace(/%([-0]*)(\d*)(\.\d+)?([sridf%])/g, (_m, flags: string, width: string, precision: string | undefined, spec: string) => {
    if (spec === '%') return '%';
    const value = next(spec);
    let text: string;
    if (spec === 's') text = pythonStr(value, 'None');
    else if (spec === 'r') text = pythonRepr(value);
    else {
      const n = Number(value);
      if (Number.isNaN(n)) throw new Error(`%${spec} format: a number is required, not ${pythonRepr(value)}`);
      text = spec === 'f' ? n.toFixed(precision ? Number(precision.slice(1)) : 6) : String(Math.trunc(n));
    }
    if (spec === 's' && precision) text = text.slice(0, Number(precision.slice(1)));
    const size = Number(width || 0);
    if (text.length >= size) return text;
    if (flags.includes('-')) return text.padEnd(size);
    if (flags.includes('0') && spec !== 's' && spec !== 'r') return text.startsWith('-') ? `-${text.slice(1).padStart(size - 1, '0')}` : text.padStart(size, '0');
    return text.padStart(size);
  });
  if (used < args.length) throw new Error('not all arguments converted during string formatting');
  return out;
}

/**
 * Jinja's error for an attribute or item of something undefined
 * (`{{ typo.attr }}`), raised by both template paths: `name` says what was
 * undefined (`typo`, `d.b`), `key` what was asked of it.
 */
export function undefinedMemberError(name: string, key: unknown): Error {
  return new Error(`'${name}' is undefined, so it has no attribute or item ${typeof key === 'string' ? `'${key}'` : String(key)}`);
}

/**
 * Python's truth of a value, which Jinja's `if`, `not`, `and`, `or` use:
 * None, False, 0, '' and an empty list, dict, set or map are false (in
 * JavaScript an empty list or object is true).
 */
export function pythonTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string' || v instanceof String) return String(v).length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (typeof v === 'object' && isPlainObject(v)) return Object.keys(v).some((k) => k !== '__keywords');
  return true;
}

/** Python's `a * b`: a string or list repeated when one side is one and the other an integer. */
export function pythonMul(a: unknown, b: unknown): unknown {
  const repeat = (seq: unknown, n: unknown): unknown => {
    const times = Math.max(0, Math.trunc(Number(n)));
    if (typeof seq === 'string' || seq instanceof String) return String(seq).repeat(times);
    return Array.from({ length: times }, () => seq as unknown[]).flat();
  };
  const isSeq = (v: unknown) => typeof v === 'string' || v instanceof String || Array.isArray(v);
  if (isSeq(a) && typeof b === 'number') return repeat(a, b);
  if (isSeq(b) && typeof a === 'number') return repeat(b, a);
  return (a as number) * (b as number);
}
