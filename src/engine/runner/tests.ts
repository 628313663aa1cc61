/**
 * Data tests. The compiled test query returns failing rows; the engine counts
 * them with fail_calc, applies warn_if / error_if and severity as dbt does,
 * keeps a sample of the failing rows, and with store_failures writes them to
 * `dbt_test__audit_<test>`.
 */
import type { Database } from '../adapters/types';
import type { ExecNode } from '../parser/types';
import { failureStore } from '../parser/config';
import { atomically, dropRelation, jsonSafe, q } from './sql';

export const SAMPLE_ROWS = 20;

export interface TestOutcome {
  status: 'pass' | 'warn' | 'fail';
  failures: number;
  message: string | null;
  sample: { columns: string[]; rows: (string | number | null)[][] } | null;
  storedIn: string | null;
}

export function runTest(db: Database, node: ExecNode, sql: string): TestOutcome {
  const c = node.config;
  const failCalc = String(c.fail_calc ?? 'count(*)');
  const warnIf = String(c.warn_if ?? '!= 0');
  const errorIf = String(c.error_if ?? '!= 0');
  const limit = c.limit === null || c.limit === undefined ? '' : `\nlimit ${Number(c.limit)}`;
  const severity = String(c.severity ?? 'ERROR').toUpperCase();
  let from = `(\n${sql}${limit}\n) dbt_internal_test`;
  let storedIn: string | null = null;

  const storeAs = failureStore(c);
  if (storeAs) {
    const table = `dbt_test__audit_${node.alias}`;
    atomically(db, () => {
      dropRelation(db, table);
      db.exec(`create ${storeAs} ${q(table)} as\nselect * from ${from}`);
    });
    storedIn = table;
    from = `${q(table)} dbt_internal_test`;
  }

  const row = db.query(
    `select\n    ${failCalc} as failures,\n    (${failCalc}) ${warnIf} as should_warn,\n    (${failCalc}) ${errorIf} as should_error\nfrom ${from}`,
  ).rows[0] ?? [0, 0, 0];
  const failures = Math.round(Number(row[0] ?? 0));
  const shouldWarn = Number(row[1]) === 1;
  const shouldError = Number(row[2]) === 1;

  let status: TestOutcome['status'] = 'pass';
  let message: string | null = null;
  if (severity === 'ERROR' && shouldError) {
    status = 'fail';
    message = `Got ${failures} result${failures === 1 ? '' : 's'}, configured to fail if ${errorIf}`;
  } else if ((severity === 'ERROR' && shouldWarn) || (severity === 'WARN' && shouldWarn)) {
    status = 'warn';
    message = `Got ${failures} result${failures === 1 ? '' : 's'}, configured to warn if ${warnIf}`;
  }

  let sample: TestOutcome['sample'] = null;
  if (status !== 'pass' || failures > 0) {
    const r = db.query(`select * from ${from} limit ${SAMPLE_ROWS}`);
    sample = { columns: r.columns, rows: r.rows.map((cells) => cells.map(jsonSafe)) };
  }
  return { status, failures, message, sample, storedIn };
}
