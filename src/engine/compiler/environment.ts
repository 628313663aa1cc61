/**
 * The nunjucks environment dbt projects need: Jinja2 compatibility (True/None,
 * slices, dict.items(), list.append()), Python string methods, `{% do %}`,
 * and the dbt filters nunjucks lacks. Templates are compiled here with one
 * extra line that lets the compiler read the template's current line, so that
 * errors raised inside macros name the macro's file and line.
 */
import nunjucks from 'nunjucks';
import { asTuple, isPlainObject, pythonMod, pythonMul, pythonStr, pythonTruthy, undefinedMemberError } from './python-values';

type NunjucksRuntime = {
  memberLookup: (obj: unknown, val: unknown, ...rest: unknown[]) => unknown;
  suppressValue: (value: unknown, autoescape: boolean) => unknown;
};

let compatInstalled = false;

function pythonSplit(this: string, sep?: string | null, maxsplit?: number): string[] {
  const s = String(this);
  let parts: string[];
  if (sep === undefined || sep === null) {
    parts = s.trim().split(/\s+/).filter((p) => p !== '');
  } else {
    parts = s.split(sep);
  }
  if (maxsplit !== undefined && maxsplit >= 0 && parts.length > maxsplit + 1) {
    const head = parts.slice(0, maxsplit);
    const tail = parts.slice(maxsplit).join(sep ?? ' ');
    parts = [...head, tail];
  }
  return parts;
}

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    if (left && right) return s.trim();
    return left ? s.trimStart() : s.trimEnd();
  }
  let start = 0;
  let end = s.length;
  if (left) while (start < end && chars.includes(s[start]!)) start++;
  if (right) while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

const STRING_MEMBERS: Record<string, (this: string, ...args: never[]) => unknown> = {
  upper() {
    return String(this).toUpperCase();
  },
  lower() {
    return String(this).toLowerCase();
  },
  strip(chars?: string) {
    return stripChars(String(this), chars, true, true);
  },
  lstrip(chars?: string) {
    return stripChars(String(this), chars, true, false);
  },
  rstrip(chars?: string) {
    return stripChars(String(this), chars, false, true);
  },
  split: pythonSplit,
  replace(old: string, replacement: string) {
    return String(this).split(String(old)).join(String(replacement));
  },
  startswith(prefix: string | string[]) {
    const s = String(this);
    return Array.isArray(prefix) ? prefix.some((p) => s.startsWith(p)) : s.startsWith(prefix);
  },
  endswith(suffix: string | string[]) {
    const s = String(this);
    return Array.isArray(suffix) ? suffix.some((p) => s.endsWith(p)) : s.endsWith(suffix);
  },
  title() {
    return String(this).replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
  },
  capitalize() {
    const s = String(this);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  },
  join(items: unknown[]) {
    return (items ?? []).map(String).join(String(this));
  },
  format(...args: unknown[]) {
    let i = 0;
    const kwargs = (args.length && isKeywords(args[args.length - 1]) ? args.pop() : {}) as Record<string, unknown>;
    return String(this).replace(/\{(\w*)\}/g, (_m, key: string) => {
      if (key === '') return String(args[i++]);
      if (/^\d+$/.test(key)) return String(args[Number(key)]);
      return String(kwargs[key]);
    });
  },
  isdigit() {
    return /^\d+$/.test(String(this));
  },
  count(sub: string) {
    return String(this).split(String(sub)).length - 1;
  },
  find(sub: string) {
    return String(this).indexOf(String(sub));
  },
  zfill(width: number) {
    return String(this).padStart(width, '0');
  },
};

export function isKeywords(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && (v as { __keywords?: boolean }).__keywords === true;
}

/** Splits nunjucks call arguments into positional arguments and keyword arguments. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  if (args.length && isKeywords(args[args.length - 1])) {
    const { __keywords: _ignored, ...kwargs } = args[args.length - 1] as Record<string, unknown>;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

/** Jinja's `+`: lists concatenate (JavaScript's would join them into a string). */
function jinjaAdd(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return (a as number) + (b as number);
}

/** Python's `==`: lists and dicts by value, numbers and booleans by number, strings by text, None only to None. */
function pythonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a === null || a === undefined) && (b === null || b === undefined);
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  const text = (v: unknown) => typeof v === 'string' || v instanceof String;
  if (text(a) || text(b)) return text(a) && text(b) && String(a) === String(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pythonEquals(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pythonEquals(a[k], b[k]));
  }
  return false;
}

/** A comparison chain with `==` or `!=` in it: `jinjaCompare(a, '<', b, '==', c)` is `a < b and b == c`. */
function jinjaCompare(first: unknown, ...rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < rest.length; i += 2) {
    const op = rest[i] as string;
    const right = rest[i + 1];
    const l = left as number;
    const r = right as number;
    const holds =
      op === '==' || op === '===' ? pythonEquals(left, right)
      : op === '!=' || op === '!==' ? !pythonEquals(left, right)
      : op === '<' ? l < r
      : op === '>' ? l > r
      : op === '<=' ? l <= r
      : l >= r;
    if (!holds) return false;
    left = right;
  }
  return true;
}

/** How an error names what a lookup read: `foo`, `foo.bar`, `foo['x']`. */
function lookupName(node: unknown): string {
  const n = node as { typename?: string; value?: unknown; target?: unknown; val?: { typename?: string; value?: unknown } };
  if (n.typename === 'Symbol') return String(n.value);
  if (n.typename === 'LookupVal' && n.val?.typename === 'Literal') {
    return typeof n.val.value === 'string' ? `${lookupName(n.target)}.${n.val.value}` : `${lookupName(n.target)}[${String(n.val.value)}]`;
  }
  if (n.typename === 'FunCall') return `the result of ${lookupName((node as { name?: unknown }).name)}()`;
  return 'the value';
}

function installCompat(): void {
  if (compatInstalled) return;
  compatInstalled = true;
  nunjucks.installJinjaCompat();
  const runtime = (
    nunjucks as unknown as {
      runtime: NunjucksRuntime & Record<string, unknown> & { jinjaAdd?: typeof jinjaAdd; jinjaMod?: typeof pythonMod; jinjaCompare?: typeof jinjaCompare; jinjaMember?: (name: string, obj: unknown, ...key: unknown[]) => unknown };
    }
  ).runtime;
  runtime.jinjaAdd = jinjaAdd;
  runtime.jinjaMod = pythonMod;
  runtime.jinjaCompare = jinjaCompare;
  runtime.pyTruthy = pythonTruthy;
  runtime.jinjaTuple = asTuple;
  runtime.jinjaMul = pythonMul;
  // Python's `a or b` and `a and b` give one of the values, judged by Python's truth; b is evaluated only when needed.
  runtime.jinjaOr = (a: unknown, b: () => unknown) => (pythonTruthy(a) ? a : b());
  runtime.jinjaAnd = (a: unknown, b: () => unknown) => (pythonTruthy(a) ? b() : a);
  // `~` joins the values as Python's str() shows them (`'a' ~ none` is 'aNone').
  runtime.jinjaConcat = (a: unknown, b: unknown) => pythonStr(a, '') + pythonStr(b, '');
  // Jinja raises on an attribute of something undefined (`{{ typo.attr }}`), where nunjucks gives nothing.
  // The key is one value, or a slice's start, stop and step.
  runtime.jinjaMember = (name: string, obj: unknown, ...key: unknown[]) => {
    if (obj === undefined) throw undefinedMemberError(name, key[0]);
    return runtime.memberLookup.call(runtime, obj, key[0], ...key.slice(1));
  };
  type CompilerProto = {
    compile(node: unknown, frame: unknown): void;
    _emit(code: string): void;
    _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void;
  };
  const Compiler = (nunjucks as unknown as { compiler: { Compiler: { prototype: Record<string, unknown> } } }).compiler.Compiler;
  // `lineno` is what an error reports: set it as nunjucks does before a call that can throw.
  const binary = (fn: string, canThrow: boolean) =>
    function compileBinary(this: CompilerProto, node: { left: unknown; right: unknown; lineno: number; colno: number }, frame: unknown) {
      this._emit(canThrow ? `(lineno = ${node.lineno}, colno = ${node.colno}, runtime.${fn}(` : `runtime.${fn}(`);
      this.compile(node.left, frame);
      this._emit(', ');
      this.compile(node.right, frame);
      this._emit(canThrow ? '))' : ')');
    };
  Compiler.prototype.compileAdd = binary('jinjaAdd', false);
  Compiler.prototype.compileLookupVal = function compileLookupVal(
    this: CompilerProto & { _compileExpression(node: unknown, frame: unknown): void },
    node: { target: unknown; val: unknown; lineno: number; colno: number },
    frame: unknown,
  ) {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.jinjaMember(${JSON.stringify(lookupName(node.target))}, (`);
    this._compileExpression(node.target, frame);
    this._emit('),');
    this._compileExpression(node.val, frame);
    this._emit('))');
  };
  // `==` and `!=` compare as Python does: lists and dicts by value, a number never equal to a string.
  // A chain (`a < b == c`) is `a < b and b == c`, as in Python.
  const compileCompare = Compiler.prototype.compileCompare as (this: CompilerProto, node: unknown, frame: unknown) => void;
  Compiler.prototype.compileCompare = function compilePythonCompare(
    this: CompilerProto,
    node: { expr: unknown; ops: { type: string; expr: unknown }[] },
    frame: unknown,
  ) {
    if (!node.ops.some((op) => op.type === '==' || op.type === '!=')) return compileCompare.call(this, node, frame);
    this._emit('runtime.jinjaCompare(');
    this.compile(node.expr, frame);
    for (const op of node.ops) {
      this._emit(`, ${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
    }
    this._emit(')');
  };
  // Conditions are judged by Python's truth: an empty list or dict is false (`{% if results.rows %}`).
  const nodeTypes = (nunjucks as unknown as { nodes: { Group: { prototype: object } } }).nodes;
  const truthOf = (cond: { lineno?: number; colno?: number }) => {
    const wrapped = Object.create(nodeTypes.Group.prototype) as Record<string, unknown>;
    Object.defineProperty(wrapped, 'typename', { value: 'PyTruthy' });
    Object.assign(wrapped, { target: cond, lineno: cond.lineno, colno: cond.colno });
    return wrapped;
  };
  Compiler.prototype.compilePyTruthy = function compilePyTruthy(this: CompilerProto, node: { target: unknown }, frame: unknown) {
    this._emit('runtime.pyTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  };
  for (const name of ['compileIf', 'compileInlineIf'] as const) {
    const original = Compiler.prototype[name] as (this: CompilerProto, node: { cond: { lineno?: number } }, ...rest: unknown[]) => void;
    Compiler.prototype[name] = function compileWithPythonTruth(this: CompilerProto, node: { cond: { lineno?: number } }, ...rest: unknown[]) {
      const cond = node.cond;
      node.cond = truthOf(cond);
      try {
        original.call(this, node, ...rest);
      } finally {
        node.cond = cond;
      }
    };
  }
  Compiler.prototype.compileNot = function compileNot(this: CompilerProto, node: { target: unknown }, frame: unknown) {
    this._emit('!runtime.pyTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  };
  const lazy = (fn: string) =>
    function compileLazy(this: CompilerProto, node: { left: unknown; right: unknown }, frame: unknown) {
      this._emit(`runtime.${fn}(`);
      this.compile(node.left, frame);
      this._emit(', function () { return ');
      this.compile(node.right, frame);
      this._emit('; })');
    };
  Compiler.prototype.compileOr = lazy('jinjaOr');
  Compiler.prototype.compileAnd = lazy('jinjaAnd');
  Compiler.prototype.compileConcat = binary('jinjaConcat', false);
  Compiler.prototype.compileMul = binary('jinjaMul', false);
  // Jinja's loop.cycle(a, b, ...), loop.previtem and loop.nextitem, beside nunjucks' own loop variables.
  const emitLoopBindings = Compiler.prototype._emitLoopBindings as (this: CompilerProto, node: unknown, arr: string, i: string, len: string) => void;
  Compiler.prototype._emitLoopBindings = function emitJinjaLoopBindings(this: CompilerProto & { _emitLine(code: string): void }, node: unknown, arr: string, i: string, len: string) {
    emitLoopBindings.call(this, node, arr, i, len);
    this._emitLine(`frame.set("loop.cycle", function () { return arguments[${i} % arguments.length]; });`);
    // Over a dict nunjucks loops with no array to index: no neighbours there.
    this._emitLine(`frame.set("loop.previtem", Array.isArray(${arr}) && ${i} > 0 ? ${arr}[${i} - 1] : undefined);`);
    this._emitLine(`frame.set("loop.nextitem", Array.isArray(${arr}) && ${i} < ${len} - 1 ? ${arr}[${i} + 1] : undefined);`);
  };
  // Python's `%` formats strings: `'%s_%s' % (a, b)`.
  Compiler.prototype.compileMod = binary('jinjaMod', true);
  // nunjucks compiles `(a, b)` to JavaScript's comma operator, which keeps only `b`; Jinja has a tuple.
  const compileGroup = Compiler.prototype.compileGroup as (this: CompilerProto, node: { children: unknown[] }, frame: unknown) => void;
  Compiler.prototype.compileGroup = function compileTuple(this: CompilerProto, node: { children: unknown[] }, frame: unknown) {
    if (node.children.length > 1) {
      this._emit('runtime.jinjaTuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    }
    else compileGroup.call(this, node, frame);
  };
  // Output is Python's str(): None, True, ['a', 1] (autoescape is off in dbt).
  const suppressValue = runtime.suppressValue;
  runtime.suppressValue = (value: unknown, autoescape: boolean) => (autoescape ? suppressValue(value, autoescape) : pythonStr(value));
  const jinjaLookup = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(this: unknown, obj: unknown, val: unknown, ...rest: unknown[]) {
    if (Array.isArray(obj) && typeof val === 'string' && Object.hasOwn(LIST_MEMBERS, val)) return LIST_MEMBERS[val]!.bind(obj);
    const isString = typeof obj === 'string' || obj instanceof String;
    if (isString && typeof val === 'string' && Object.hasOwn(STRING_MEMBERS, val)) {
      return STRING_MEMBERS[val]!.bind(String(obj) as never);
    }
    // A slice (`s[1:]`) of a string is a string; a negative index counts from the end.
    if (rest.length === 2 && isString) return (jinjaLookup.call(this, String(obj), val, ...rest) as string[]).join('');
    if (rest.length < 2 && typeof val === 'number' && val < 0 && (isString || Array.isArray(obj))) {
      return jinjaLookup.call(this, obj, (obj as ArrayLike<unknown>).length + val, ...rest);
    }
    return jinjaLookup.call(this, obj, val, ...rest);
  };
}

/** Python's order: numbers by value, then text, None first (JavaScript's sort() compares as text: 10 before 9). */
function pythonOrder(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pythonOrder(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Python list methods nunjucks' Jinja compatibility lacks (it has append, pop, remove, count, index, insert). */
const LIST_MEMBERS: Record<string, (this: unknown[], ...args: unknown[]) => unknown> = {
  extend(items: unknown) {
    for (const item of Array.from((items ?? []) as Iterable<unknown>)) this.push(item);
    return null;
  },
  sort(...args: unknown[]) {
    const { kwargs } = splitArgs(args);
    this.sort(pythonOrder);
    if (kwargs.reverse) this.reverse();
    return null;
  },
  copy() {
    return [...this];
  },
};

/** Python's json.dumps, as dbt's tojson: `, ` and `: ` between items, non-ASCII escaped. */
export function pythonJson(v: unknown, opts: { sortKeys?: boolean; htmlSafe?: boolean } = {}): string {
  const json = (x: unknown) => pythonJson(x, opts);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string' || v instanceof String) {
    const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    const text = JSON.stringify(String(v)).replace(/[\u007f-\uffff]/g, escape);
    // Jinja's filter makes the JSON safe inside HTML: <, >, & and ' as escapes.
    return opts.htmlSafe ? text.replace(/[<>&']/g, escape) : text;
  }
  if (Array.isArray(v)) return `[${v.map(json).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([k, x]) => k !== '__keywords' && x !== undefined);
    if (opts.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${json(k)}: ${json(x)}`).join(', ')}}`;
  }
  return JSON.stringify(String(v));
}

/** `{% do expr %}` evaluates an expression for its side effect (e.g. `list.append(x)`). */
class DoExtension {
  tags = ['do'];
  parse(parser: any, nodes: any): unknown {
    const tok = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, 'run', args);
  }
  run(): string {
    return '';
  }
}

function toText(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function addFilters(env: nunjucks.Environment): void {
  env.addFilter('as_text', (v: unknown) => toText(v));
  env.addFilter('as_bool', (v: unknown) => {
    if (typeof v === 'string') return ['true', '1', 'yes'].includes(v.trim().toLowerCase());
    return Boolean(v);
  });
  env.addFilter('as_number', (v: unknown) => Number(v));
  // Python's truth for default(x, true), and str() for string (None is 'None').
  const byDefault = (value: unknown, fallback: unknown = '', boolean = false) => ((boolean ? pythonTruthy(value) : value !== undefined) ? value : fallback);
  env.addFilter('default', byDefault);
  env.addFilter('d', byDefault);
  env.addFilter('string', (v: unknown) => pythonStr(v, ''));
  env.addFilter('as_native', (v: unknown) => v);
  // Jinja's tojson filter: keys sorted, safe inside HTML (dbt's tojson() function is json.dumps as is).
  env.addFilter('tojson', (v: unknown) => pythonJson(v, { sortKeys: true, htmlSafe: true }));
  // Jinja's list: a dict's keys, a string's characters (nunjucks gives {key, value} pairs for a dict).
  env.addFilter('list', (v: unknown) => {
    if (v === null || v === undefined) return [];
    if (typeof v === 'string' || v instanceof String) return [...String(v)];
    if (typeof v === 'object' && !(Symbol.iterator in (v as object))) return Object.keys(v as object).filter((k) => k !== '__keywords');
    return Array.from(v as Iterable<unknown>);
  });
  // Jinja's dictsort(case_sensitive=False, by='key', reverse=False): [key, value] pairs.
  env.addFilter('dictsort', (v: Record<string, unknown>, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const caseSensitive = Boolean(kwargs.case_sensitive ?? positional[0] ?? false);
    const by = String(kwargs.by ?? positional[1] ?? 'key');
    const reverse = Boolean(kwargs.reverse ?? positional[2] ?? false);
    const pick = (pair: [string, unknown]) => {
      const x = by === 'value' ? pair[1] : pair[0];
      return !caseSensitive && typeof x === 'string' ? x.toLowerCase() : x;
    };
    const pairs = Object.entries(v ?? {})
      .filter(([k]) => k !== '__keywords')
      .sort((a, b) => pythonOrder(pick(a), pick(b)))
      .map((pair) => asTuple(pair));
    return reverse ? pairs.reverse() : pairs;
  });
  // Jinja's groupby: (grouper, list) tuples sorted by the grouper, readable as g.grouper and g.list.
  env.addFilter('groupby', (items: unknown[], attribute: unknown) => {
    const path = String(splitArgs([attribute]).kwargs.attribute ?? attribute).split('.');
    const groups = new Map<unknown, unknown[]>();
    for (const item of Array.from((items ?? []) as Iterable<unknown>)) {
      const key = path.reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), item);
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    return [...groups]
      .sort((a, b) => pythonOrder(a[0], b[0]))
      .map(([grouper, list]) => Object.assign(asTuple([grouper, list]), { grouper, list }));
  });
  env.addFilter('unique', (v: unknown[]) => [...new Set(v ?? [])]);
  env.addFilter('items', (v: Record<string, unknown>) => Object.entries(v ?? {}));
  env.addFilter('min', (v: number[]) => (v?.length ? v.reduce((a, b) => (b < a ? b : a)) : undefined));
  env.addFilter('max', (v: number[]) => (v?.length ? v.reduce((a, b) => (b > a ? b : a)) : undefined));
  // Jinja's selectattr/rejectattr take an optional test (`selectattr('kind', 'equalto', 'x')`).
  const byAttribute = (keep: boolean) => (items: unknown[], attr: string, testName?: string, ...args: unknown[]) =>
    Array.from((items ?? []) as Iterable<unknown>).filter((item) => {
      const value = item == null ? undefined : (item as Record<string, unknown>)[attr];
      const getTest = (env as unknown as { getTest(name: string): (...a: unknown[]) => unknown }).getTest.bind(env);
      const passed = testName ? Boolean(getTest(testName)(value, ...args)) : Boolean(value);
      return passed === keep;
    });
  env.addFilter('selectattr', byAttribute(true));
  env.addFilter('rejectattr', byAttribute(false));
  env.addFilter('map', (items: unknown[], ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const list = Array.from((items ?? []) as Iterable<unknown>);
    if (typeof kwargs.attribute === 'string') {
      const path = kwargs.attribute.split('.');
      return list.map((item) => path.reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), item));
    }
    const filterName = positional[0];
    if (typeof filterName === 'string') {
      const filter = env.getFilter(filterName);
      return list.map((item) => filter(item, ...positional.slice(1)));
    }
    return list;
  });
}

export function createEnvironment(): nunjucks.Environment {
  installCompat();
  // dev: true keeps the original error (its line and cause) instead of a bare copy.
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, dev: true });
  env.addExtension('DoExtension', new DoExtension() as unknown as nunjucks.Extension);
  addFilters(env);
  // Jinja's `sequence` test: a string, list or dict.
  (env as unknown as { addTest(name: string, fn: (v: unknown) => boolean): void }).addTest('sequence', (v: unknown) => typeof v === 'string' || v instanceof String || Array.isArray(v) || isPlainObject(v));
  return env;
}

export type LineTracker = () => number;

const TRACK_ANCHOR = 'var lineno = 0;\nvar colno = 0;\n';

/**
 * Compiles a template, adding one call at the start of its root function that
 * hands the compiler a closure over the template's `lineno` variable. nunjucks
 * updates that variable before every call expression, including inside macro
 * bodies, so the compiler knows the line of the call that failed.
 * Throws nunjucks' own TemplateError (1-based line) on a syntax error.
 */
/**
 * Jinja (like Python) accepts a trailing comma in calls, lists and dicts,
 * e.g. `config(unique_key='id',)`; nunjucks does not. Inside `{{ }}` and
 * `{% %}`, outside string literals, such commas become spaces (same columns).
 */
export function dropTrailingCommas(source: string): string {
  if (!/,\s*[)\]}]/.test(source)) return source;
  const out = source.split('');
  let i = 0;
  const n = source.length;
  while (i < n) {
    const open = source.indexOf('{', i);
    if (open < 0 || open + 1 >= n) break;
    const kind = source[open + 1];
    if (kind !== '{' && kind !== '%') {
      i = open + 1;
      continue;
    }
    const close = kind === '{' ? '}}' : '%}';
    let j = open + 2;
    let quote: string | null = null;
    while (j < n) {
      const ch = source[j]!;
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (source.startsWith(close, j)) {
        break;
      } else if (ch === ',') {
        let k = j + 1;
        while (k < n && /\s/.test(source[k]!)) k++;
        if (source[k] === ')' || source[k] === ']' || (source[k] === '}' && source[k + 1] !== '}')) out[j] = ' ';
      }
      j++;
    }
    i = j + 2;
  }
  return out.join('');
}

/**
 * Compiled template code by path and source. The generated functions take
 * the environment as an argument, so they can be shared between projects:
 * parsing the same project again (a rebuild in the browser tab) skips the
 * Jinja compiler entirely.
 */
const compiledCode = new Map<string, { source: string; props: unknown }>();

export function compileTemplate(env: nunjucks.Environment, rawSource: string, path: string): nunjucks.Template {
  const Template = nunjucks.Template as unknown as new (src: unknown, env: unknown, path: string, eager: boolean) => nunjucks.Template;
  const cached = compiledCode.get(path);
  if (cached && cached.source === rawSource) return new Template({ type: 'code', obj: cached.props }, env, path, true);
  const source = unpackedSets(filteredForLoops(dropTrailingCommas(rawSource)));
  const e = env as unknown as { asyncFilters: string[]; extensionsList: unknown[]; opts: unknown };
  const compiler = (nunjucks as unknown as { compiler: { compile: (...args: unknown[]) => string } }).compiler;
  let code = compiler.compile(source, e.asyncFilters, e.extensionsList, path, e.opts);
  const file = JSON.stringify(path);
  if (code.includes(TRACK_ANCHOR)) {
    code = code.replace(TRACK_ANCHOR, `${TRACK_ANCHOR}env.__track && env.__track(${file}, function () { return lineno; });\n`);
  }
  // Top-level macros are also looked up through the file's own context when
  // they call each other; wrap them there too, not only as globals.
  code = code.replace(
    /context\.setVariable\("([^"]+)", (macro_t_\d+)\);/g,
    (_m, name: string, fn: string) => `context.setVariable("${name}", env.__wrapMacro ? env.__wrapMacro(${file}, "${name}", ${fn}) : ${fn});`,
  );
  // nunjucks itself turns its generated code into a function the same way.
  const props = new Function(code)();
  if (compiledCode.size > 5000) compiledCode.clear();
  compiledCode.set(path, { source: rawSource, props });
  return new Template({ type: 'code', obj: props }, env, path, true);
}

/**
 * Jinja's filtered loop, `{% for x in items if cond %}`, which nunjucks reads
 * as an inline `if` on the iterable and so silently ignores. It becomes a
 * loop that keeps the items (the same line, so errors keep their lines),
 * then the loop itself over those: `loop.index`, `loop.last` and `{% else %}`
 * count only the kept items, as in Jinja.
 */
/**
 * Jinja's tuple unpacking, `{% set a, b = 1, 2 %}` (nunjucks would refuse the
 * tuple, and give both names one value): the value is kept once, then each
 * name takes its item, on the same line.
 */
export function unpackedSets(source: string): string {
  if (!/\{%-?\s*set\s+\w+\s*,/.test(source)) return source;
  let counter = 0;
  return source.replace(
    /\{%(-?)\s*set\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+)\s*=(?!=)([\s\S]*?)(-?)%\}/g,
    (_tag, open: string, targets: string, value: string, close: string) => {
      const names = targets.split(',').map((n) => n.trim());
      const kept = `__unpacked_${++counter}`;
      const sets = names.map((n, i) => `{% set ${n} = ${kept}[${i}] ${i === names.length - 1 ? close : ''}%}`).join('');
      return `{%${open} set ${kept} = (${value.trim() === '' ? 'none' : value}) %}${sets}`;
    },
  );
}

export function filteredForLoops(source: string): string {
  if (!/\{%-?\s*for\b/.test(source)) return source;
  let counter = 0;
  return source.replace(/\{%(-?)(\s*for\s)([\s\S]*?)(-?)%\}/g, (tag, open: string, _for: string, body: string, close: string) => {
    const parts = splitForTag(body);
    if (!parts) return tag;
    const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
    const target = flat(parts.target);
    const names = target.split(',').map((n) => n.trim());
    if (!names.every((n) => /^[A-Za-z_]\w*$/.test(n))) return tag;
    const kept = `__kept_for_${++counter}`;
    const item = names.length > 1 ? `[${names.join(', ')}]` : names[0]!;
    const newlines = '\n'.repeat((tag.match(/\n/g) ?? []).length);
    return (
      `{%${open} set ${kept} = [] %}{% for ${target} in ${flat(parts.iterable)} %}{% if ${flat(parts.condition)} %}` +
      `{% do ${kept}.append(${item}) %}{% endif %}{% endfor %}{% for ${target} in ${kept}${newlines} ${close}%}`
    );
  });
}

/** `target in iterable if condition` split at its top-level `in` and `if` (outside strings and brackets); null without an `if`. */
function splitForTag(body: string): { target: string; iterable: string; condition: string } | null {
  const words: { word: string; at: number }[] = [];
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && /\s/.test(ch)) {
      const m = /^\s(in|if)(?=\s)/.exec(body.slice(i));
      if (m) words.push({ word: m[1]!, at: i });
    }
  }
  const inAt = words.find((w) => w.word === 'in');
  const ifAt = inAt ? words.find((w) => w.word === 'if' && w.at > inAt.at) : undefined;
  if (!inAt || !ifAt) return null;
  return { target: body.slice(0, inAt.at), iterable: body.slice(inAt.at + 3, ifAt.at), condition: body.slice(ifAt.at + 3) };
}
