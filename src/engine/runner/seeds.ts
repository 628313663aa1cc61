/**
 * Seeds: a CSV file becomes a table. Column types come from `column_types`
 * when given, else from the values as dbt's type tester reads them
 * (INTEGER, exact to 64 bits, REAL, BOOLEAN for true/false in any case,
 * stored as 1/0, or TEXT); empty cells and `null` in any case are NULL.
 * The table is replaced atomically.
 */
import Papa from 'papaparse';
import type { Database, SqlValue } from '../adapters/types';
import { EngineError } from '../errors';
import type { ExecNode } from '../parser/types';
import type { MaterializeResult } from './materializations';
import { atomically, dropRelation, insertRows, q } from './sql';

/** Leading zeros included, as agate reads `0012` as the number 12 (a code that must keep them needs `column_types`). */
const INTEGER_TEXT = /^-?\d{1,19}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const REAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** An integer SQLite stores exactly (64-bit), however many digits. */
function isInteger(value: string): boolean {
  if (!INTEGER_TEXT.test(value)) return false;
  const n = BigInt(value);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** A cell dbt reads as NULL: empty, or `null` in any case. */
function isNullCell(value: string): boolean {
  return value === '' || (value.length === 4 && value.toLowerCase() === 'null');
}

const BOOLEAN_TEXT = /^(true|false)$/i;

function inferType(values: string[]): 'INTEGER' | 'REAL' | 'BOOLEAN' | 'TEXT' {
  let sawValue = false;
  let allInt = true;
  let allReal = true;
  let allBoolean = true;
  for (const v of values) {
    if (isNullCell(v)) continue;
    sawValue = true;
    if (allInt && !isInteger(v)) allInt = false;
    if (allReal && !REAL.test(v)) allReal = false;
    if (allBoolean && !BOOLEAN_TEXT.test(v.trim())) allBoolean = false;
    if (!allInt && !allReal && !allBoolean) return 'TEXT';
  }
  if (!sawValue) return 'TEXT';
  return allInt ? 'INTEGER' : allReal ? 'REAL' : allBoolean ? 'BOOLEAN' : 'TEXT';
}

/** Converts a CSV cell for a column of this declared type (SQLite affinity rules). */
function convert(value: string, type: string): SqlValue {
  if (isNullCell(value)) return null;
  const t = type.toUpperCase();
  if (/BOOL/.test(t)) {
    const l = value.trim().toLowerCase();
    if (l === 'true') return 1;
    if (l === 'false') return 0;
  }
  // Past 2^53 a JavaScript number would round it: the text goes in, and the
  // column's INTEGER affinity stores it as the exact 64-bit integer.
  if (/INT/.test(t) && isInteger(value)) return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (/CHAR|CLOB|TEXT|DATE|TIME/.test(t)) return value;
  if (REAL.test(value) && !/CHAR|CLOB|TEXT|BLOB/.test(t)) return Number(value);
  return value;
}

export interface ParsedSeed {
  columns: string[];
  types: string[];
  rows: SqlValue[][];
}

export function parseSeed(node: ExecNode): ParsedSeed {
  const delimiter = typeof node.config.delimiter === 'string' && node.config.delimiter ? node.config.delimiter : ',';
  const parsed = Papa.parse<string[]>(node.engine.csv ?? '', { delimiter, skipEmptyLines: 'greedy' });
  const first = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (first) {
    throw new EngineError(
      `cannot read the CSV: ${first.message}`,
      { uniqueId: node.unique_id, file: node.original_file_path, line: first.row === undefined ? undefined : first.row + 1 },
      'Fix the CSV (quoting, column count) and run again.',
    );
  }
  const [header, ...data] = parsed.data;
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new EngineError('the CSV has no header row', { uniqueId: node.unique_id, file: node.original_file_path, line: 1 }, 'Put column names on the first line.');
  }
  const columns = header.map((h) => h.trim());
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new EngineError(`column '${dup}' appears twice in the header`, { uniqueId: node.unique_id, file: node.original_file_path, line: 1 });
  data.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new EngineError(
        `row has ${row.length} values but the header has ${columns.length} columns`,
        { uniqueId: node.unique_id, file: node.original_file_path, line: i + 2 },
        'Every row needs one value per column (quote values that contain the delimiter).',
      );
    }
  });
  const declared = (node.config.column_types ?? {}) as Record<string, string>;
  const declaredLower = new Map(Object.entries(declared).map(([k, v]) => [k.toLowerCase(), String(v).toUpperCase()]));
  for (const key of declaredLower.keys()) {
    if (!columns.some((c) => c.toLowerCase() === key)) {
      throw new EngineError(
        `column_types names '${key}', which is not a column of the CSV (columns: ${columns.join(', ')})`,
        { uniqueId: node.unique_id, file: node.original_file_path },
      );
    }
  }
  const types = columns.map((c, i) => declaredLower.get(c.toLowerCase()) ?? inferType(data.map((r) => r[i]!)));
  const rows = data.map((r) => r.map((v, i) => convert(v, types[i]!)));
  return { columns, types, rows };
}

export function loadSeed(db: Database, node: ExecNode): MaterializeResult {
  const seed = parseSeed(node);
  const name = node.alias;
  // Inside the savepoint, drop + create is atomic; no temporary table and rename needed.
  atomically(db, () => {
    dropRelation(db, name);
    db.exec(`create table ${q(name)} (${seed.columns.map((c, i) => `${q(c)} ${seed.types[i]}`).join(', ')})`);
    insertRows(db, name, seed.columns, seed.rows);
  });
  return { message: `INSERT ${seed.rows.length}`, rowsAffected: seed.rows.length };
}
