import type { Database } from '../engine/index';
import type { QueryResponse } from '../shared/worker-api';

/** Statements whose rows can be capped by wrapping them in a subquery. */
const ROW_STATEMENT = /^(select|with|values)\b/i;

/**
 * Runs one statement and keeps at most `maxRows` rows. Row statements are
 * wrapped in `select * from (...) limit maxRows + 1`, so SQLite stops
 * stepping instead of materialising a huge answer; anything else (pragma,
 * explain, writes) runs as written. Read-only mode uses SQLite's
 * `query_only` pragma, which rejects every write, including ones hidden in
 * a CTE.
 */
export function boundedQuery(db: Database, sql: string, maxRows: number, readOnly: boolean): QueryResponse {
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new Error(`maxRows must be a positive whole number, not ${maxRows}.`);
  }
  const statement = stripTrailingSemicolons(sql);
  if (statement === '') throw new Error('The query is empty: write a SQL statement to run.');
  const bounded = ROW_STATEMENT.test(stripLeadingComments(statement))
    ? `select * from (\n${statement}\n) limit ${maxRows + 1}`
    : statement;

  if (readOnly) db.exec('pragma query_only = 1');
  const started = performance.now();
  try {
    const { columns, rows } = db.query(bounded);
    const elapsedMs = performance.now() - started;
    return { columns, rows: rows.slice(0, maxRows), truncated: rows.length > maxRows, elapsedMs };
  } finally {
    if (readOnly) db.exec('pragma query_only = 0');
  }
}

function stripTrailingSemicolons(sql: string): string {
  return sql.trim().replace(/(;\s*)+$/, '').trim();
}

/** Drops leading `-- line` and `/* block *\/` comments and whitespace. */
export function stripLeadingComments(sql: string): string {
  let rest = sql;
  for (;;) {
    const trimmed = rest.trimStart();
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      rest = end < 0 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      rest = end < 0 ? '' : trimmed.slice(end + 2);
    } else {
      return trimmed;
    }
  }
}
