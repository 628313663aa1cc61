import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { ParseError } from '../errors';

/** A parsed YAML file that can still say on which line a value was written. */
export interface YamlFile {
  path: string;
  data: unknown;
  /** 1-based line of the value at `keys` (e.g. ['models', 3, 'columns', 0]), or undefined. */
  lineOf(keys: (string | number)[]): number | undefined;
}

export function loadYaml(path: string, text: string): YamlFile {
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
  const data = doc.toJS({ maxAliasCount: 1000 });
  return {
    path,
    data,
    lineOf(keys) {
      const node = doc.getIn(keys, true);
      if (!isNode(node) || !node.range) return undefined;
      return lineCounter.linePos(node.range[0]).line;
    },
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
