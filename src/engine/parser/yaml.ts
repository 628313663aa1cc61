import { CORE_SCHEMA, load, type YAMLException } from 'js-yaml';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { ParseError } from '../errors';

/** A parsed YAML file that can still say on which line a value was written. */
export interface YamlFile {
  path: string;
  data: unknown;
  /** 1-based line of the value at `keys` (e.g. ['models', 3, 'columns', 0]), or undefined. */
  lineOf(keys: (string | number)[]): number | undefined;
}

/**
 * Two YAML libraries, each for what it does best. js-yaml loads the data: it
 * is several times faster than `yaml`, which made up half of the first parse
 * of the model project (docs/performance.md). `yaml` keeps source positions:
 * a file is parsed with it only when a line is asked for, which is on errors
 * (generic tests and exposures ask lazily). Both read YAML 1.2 with the core
 * schema (`2024-01-01` stays a string, `<<` is a plain key), and they agree
 * on every property file of the project and the fixtures.
 */
export function loadYaml(path: string, text: string): YamlFile {
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: path });
  } catch (e) {
    // Report it as `yaml` words it (the same message and line as ever), or as js-yaml does if `yaml` finds no error.
    positions(path, text);
    const err = e as YAMLException;
    throw new ParseError(
      `invalid YAML: ${err.reason ?? String(e)}`,
      { file: path, line: err.mark ? err.mark.line + 1 : undefined, column: err.mark ? err.mark.column + 1 : undefined },
      'Fix the YAML syntax (indentation, quoting, a missing colon) and run again.',
    );
  }
  let located: { doc: Document.Parsed; lineCounter: LineCounter } | null = null;
  return {
    path,
    data: data ?? null,
    lineOf(keys) {
      located ??= positions(path, text);
      const node = located.doc.getIn(keys, true);
      if (!isNode(node) || !node.range) return undefined;
      return located.lineCounter.linePos(node.range[0]).line;
    },
  };
}

/** The file parsed with `yaml`, which keeps where each value was written; throws a located ParseError on invalid YAML. */
function positions(path: string, text: string): { doc: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    throw new ParseError(`invalid YAML: ${String(e)}`, { file: path }, 'Fix the YAML syntax and run again.');
  }
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ParseError(
      `invalid YAML: ${reason}`,
      { file: path, line: pos.line, column: pos.col },
      'Fix the YAML syntax (indentation, quoting, a missing colon) and run again.',
    );
  }
  return { doc, lineCounter };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
