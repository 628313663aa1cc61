import type { Database } from '../engine/index';
import { READ_ONLY_REFUSAL } from '../shared/worker-api';
import type { QueryResponse } from '../shared/worker-api';
import { explainError } from './locate-error';
import { leadingWords, lineAndColumn, splitStatements, statementVerb, stripComments } from './sql-text';

/** Statements whose rows can be capped by wrapping them in a subquery. */
const ROW_VERBS = new Set(['select', 'values']);

/** The most rows one answer may carry: a million rows already take hundreds of MB in the page. */
export const MAX_ROWS_LIMIT = 1_000_000;

/** Statements that only read (`with` counts by the verb after its CTEs). */
const READ_STATEMENTS = new Set(['select', 'values', 'explain']);

/** Pragmas that report without changing anything, when called without `=`. */
const READ_PRAGMAS = new Set([
  'application_id',
  'collation_list',
  'compile_options',
  'data_version',
  'database_list',
  'encoding',
  'foreign_key_check',
  'foreign_key_list',
  'foreign_keys',
  'freelist_count',
  'function_list',
  'index_info',
  'index_list',
  'index_xinfo',
  'integrity_check',
  'journal_mode',
  'module_list',
  'page_count',
  'page_size',
  'pragma_list',
  'query_only',
  'quick_check',
  'schema_version',
  'table_info',
  'table_list',
  'table_xinfo',
  'user_version',
]);

/** Of those, the ones whose argument names what to report on rather than a new setting. */
const PRAGMAS_WITH_READ_ARGUMENT = new Set([
  'foreign_key_check',
  'foreign_key_list',
  'index_info',
  'index_list',
  'index_xinfo',
  'integrity_check',
  'quick_check',
  'table_info',
  'table_list',
  'table_xinfo',
]);

/** The words SQLite statements start with; anything else cannot compile, so it cannot write. */
const SQL_STATEMENTS = new Set([
  'alter', 'analyze', 'attach', 'begin', 'commit', 'create', 'delete', 'detach', 'drop', 'end', 'explain', 'insert',
  'pragma', 'reindex', 'release', 'replace', 'rollback', 'savepoint', 'select', 'update', 'vacuum', 'values', 'with',
]);

/**
 * Runs one statement and keeps at most `maxRows` rows. Row statements are
 * wrapped in `select * from (...) limit maxRows + 1`, so SQLite stops
 * stepping instead of materialising a huge answer; anything else (pragma,
 * explain, writes) runs as written.
 *
 * Read-only mode admits only statements that read, and runs them under
 * SQLite's `query_only` pragma, which rejects every write, including one
 * hidden in a CTE. `query_only` alone would let `attach`, `begin`, `detach`
 * and setting pragmas through: they change no table, but they change the
 * connection the engine builds with.
 */
export function boundedQuery(db: Database, sql: string, maxRows: number, readOnly: boolean): QueryResponse {
  if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > MAX_ROWS_LIMIT) {
    throw new Error(`maxRows must be a whole number from 1 to ${MAX_ROWS_LIMIT.toLocaleString('en-US')}, not ${maxRows}.`);
  }
  const statements = splitStatements(sql);
  if (statements.length === 0) throw new Error('The query is empty: write a SQL statement to run.');
  if (statements.length > 1) {
    const { line, column } = lineAndColumn(sql, statements[1]!.start + (statements[1]!.text.length - statements[1]!.text.trimStart().length));
    throw new Error(
      `The console runs one statement at a time, and this text holds ${statements.length}: the second starts at line ${line}, column ${column}. Run them one by one.`,
    );
  }
  const statement = statements[0]!.text.trim();
  if (readOnly) assertReads(statement);
  const wrapped = ROW_VERBS.has(statementVerb(statement));
  const bounded = wrapped ? `select * from (\n${statement}\n) limit ${maxRows + 1}` : statement;

  if (readOnly) db.exec('pragma query_only = 1');
  const before = readOnly ? null : writeMarks(db);
  const started = performance.now();
  try {
    const { columns: wrappedColumns, rows } = db.query(bounded);
    const elapsedMs = performance.now() - started;
    // The wrapping `select *` renames repeated names (`a`, `a:1`); the statement's own are what was
    // asked for, read (a second prepare) only when a name looks renamed.
    const own = wrapped && wrappedColumns.some((c) => /:\d+$/.test(c)) ? db.columns(statement) : wrappedColumns;
    const columns = own.length === wrappedColumns.length ? own : wrappedColumns;
    const truncated = rows.length > maxRows;
    if (truncated) rows.length = maxRows;
    if (before === null) return { columns, rows, truncated, elapsedMs };
    const after = writeMarks(db);
    return { columns, rows, truncated, elapsedMs, wrote: after.changes !== before.changes || after.schema !== before.schema, changes: after.changes - before.changes };
  } catch (error) {
    // A statement that does not compile is reported as written, not as
    // wrapped (an unfinished query would otherwise fail `near ")"`).
    const own = wrapped ? explainError(db, statement) : null;
    throw own ? new Error(own) : error;
  } finally {
    if (readOnly) db.exec('pragma query_only = 0');
  }
}

/**
 * Rows changed by this connection so far and the schema's version: a write
 * moves the first, DDL (`create`, `drop`, `alter`) the second.
 */
function writeMarks(db: Database): { changes: number; schema: number } {
  const [changes, schema] = db.query('select total_changes(), (select schema_version from pragma_schema_version)').rows[0]!;
  return { changes: Number(changes), schema: Number(schema) };
}

/** Throws, naming the statement's kind, unless it only reads. */
export function assertReads(statement: string): void {
  const [first = '', second = ''] = leadingWords(statement, 2);
  const verb = statementVerb(statement);
  if (READ_STATEMENTS.has(verb)) return;
  // Not a statement at all (a typo such as `selec`): SQLite's syntax error says more than a refusal would.
  if (!SQL_STATEMENTS.has(first)) return;
  if (first === 'pragma' && isReadingPragma(statement)) return;
  const kind = first === 'pragma' ? `PRAGMA ${second}` : first === 'with' ? `WITH ... ${verb.toUpperCase()}` : first.toUpperCase();
  throw new Error(
    `${READ_ONLY_REFUSAL}: a ${kind} statement can change the warehouse or the connection it is built with. ` +
      'Only SELECT, WITH, VALUES, EXPLAIN and pragmas that report run here; allow writes to run it ("Restore the built warehouse" undoes it afterwards).',
  );
}

function isReadingPragma(statement: string): boolean {
  const text = stripComments(statement).trim();
  const match = /^pragma\s+(?:[A-Za-z_][\w$]*\s*\.\s*)?([A-Za-z_][\w$]*)\s*(\(|=)?/i.exec(text);
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  if (match[2] === '=') return false;
  if (match[2] === '(') return PRAGMAS_WITH_READ_ARGUMENT.has(name);
  return READ_PRAGMAS.has(name);
}
