import { unparse } from 'papaparse';
import type { Row } from './rows';

/**
 * A chart's rows as CSV, columns in the query's order. Text cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first: an account
 * name typed into Salesforce could be one) get a leading `'`; numbers are
 * written as they are.
 */
export function rowsToCsv(columns: readonly string[], rows: readonly Row[]): string {
  return unparse({ fields: [...columns], data: rows.map((row) => columns.map((c) => row[c] ?? null)) }, { newline: '\n', escapeFormulae: true });
}
