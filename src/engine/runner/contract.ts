/**
 * Model contracts (`contract: {enforced: true}` plus a `data_type` on every
 * column). Names are checked before anything is built; stored value types
 * are checked on the built table, before it replaces the old one.
 */
import type { Database } from '../adapters/types';
import { ContractError } from '../errors';
import type { ColumnInfo, ExecNode } from '../parser/types';
import { q } from './sql';

interface Mismatch {
  column: string;
  definitionType: string;
  contractType: string;
  reason: string;
}

export function contractColumns(node: ExecNode): ColumnInfo[] {
  const cols = Object.values(node.columns);
  const untyped = cols.filter((c) => !c.data_type).map((c) => c.name);
  if (cols.length === 0 || untyped.length > 0) {
    throw new ContractError(
      cols.length === 0
        ? 'the contract is enforced but no columns are declared'
        : `the contract is enforced but these columns have no data_type: ${untyped.join(', ')}`,
      { uniqueId: node.unique_id, file: node.patch_path?.replace(/^[^:]+:\/\//, '') ?? node.original_file_path },
      'Declare every column of the model with its data_type in its YAML entry.',
    );
  }
  return cols;
}

function table(rows: Mismatch[]): string {
  const header = ['column_name', 'definition_type', 'contract_type', 'mismatch_reason'];
  const data = rows.map((r) => [r.column, r.definitionType, r.contractType, r.reason]);
  const widths = header.map((h, i) => Math.max(h.length, ...data.map((d) => d[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...data.map(line)].join('\n');
}

function fail(node: ExecNode, rows: Mismatch[]): ContractError {
  return new ContractError(
    `this model has an enforced contract that failed.\n${table(rows)}`,
    { uniqueId: node.unique_id, file: node.original_file_path },
    "Make the model's columns match the contract in its YAML entry (names and data types), or update the contract.",
  );
}

/** Names: every contract column present in the query, and nothing extra. */
export function checkContractNames(node: ExecNode, actual: string[]): void {
  const expected = contractColumns(node);
  const actualLower = new Map(actual.map((a) => [a.toLowerCase(), a]));
  const expectedLower = new Set(expected.map((c) => c.name.toLowerCase()));
  const rows: Mismatch[] = [];
  for (const c of expected) {
    if (!actualLower.has(c.name.toLowerCase())) rows.push({ column: c.name, definitionType: '', contractType: c.data_type!, reason: 'missing in definition' });
  }
  for (const a of actual) {
    if (!expectedLower.has(a.toLowerCase())) rows.push({ column: a, definitionType: '?', contractType: '', reason: 'missing in contract' });
  }
  if (rows.length) throw fail(node, rows);
}

type Family = 'integer' | 'real' | 'text' | 'any';

/** What SQLite storage classes a declared contract type may hold. */
function family(dataType: string): Family {
  const t = dataType.toLowerCase();
  if (/bool/.test(t)) return 'integer';
  if (/int/.test(t)) return 'integer';
  if (/char|clob|text|string|date|time|uuid|json/.test(t)) return 'text';
  if (/real|floa|doub|num|dec|money/.test(t)) return 'real';
  return 'any';
}

const ALLOWED: Record<Family, Set<string>> = {
  integer: new Set(['integer', 'null']),
  real: new Set(['integer', 'real', 'null']),
  text: new Set(['text', 'null']),
  any: new Set(['integer', 'real', 'text', 'blob', 'null']),
};

/** Types: stored values of a sample of the built table must fit each column's declared type. */
export function checkContractTypes(db: Database, node: ExecNode, tableName: string, schema = 'main'): void {
  const expected = contractColumns(node);
  const selects = expected.map((c) => `group_concat(distinct typeof(${q(c.name)}))`).join(', ');
  const row = db.query(`select ${selects} from (select * from ${schema}.${q(tableName)} limit 1000)`).rows[0] ?? [];
  const rows: Mismatch[] = [];
  expected.forEach((c, i) => {
    const seen = String(row[i] ?? 'null').split(',');
    const allowed = ALLOWED[family(c.data_type!)];
    const bad = seen.filter((s) => !allowed.has(s));
    if (bad.length) rows.push({ column: c.name, definitionType: seen.join(','), contractType: c.data_type!, reason: 'data type mismatch' });
  });
  if (rows.length) throw fail(node, rows);
}

/** `"a" integer not null, ..., primary key ("a")` for a contracted table. */
export function contractDdl(node: ExecNode): string {
  const cols = contractColumns(node).map((c) => {
    const parts = [q(c.name), c.data_type!.toUpperCase()];
    for (const con of c.constraints) {
      if (con.type === 'not_null') parts.push('not null');
      else if (con.type === 'unique') parts.push('unique');
      else if (con.type === 'primary_key') parts.push('primary key');
      else if (con.type === 'check' && con.expression) parts.push(`check (${con.expression})`);
    }
    return parts.join(' ');
  });
  for (const con of node.constraints) {
    const columns = (con.columns ?? []).map(q).join(', ');
    if (con.type === 'primary_key' && columns) cols.push(`primary key (${columns})`);
    else if (con.type === 'unique' && columns) cols.push(`unique (${columns})`);
    else if (con.type === 'check' && con.expression) cols.push(`check (${con.expression})`);
  }
  return cols.join(',\n    ');
}
