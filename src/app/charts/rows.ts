/**
 * Query results as chart rows. The worker answers with column names and
 * positional rows; vega-lite wants one object per row.
 */
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** Positional rows to objects. Blobs and bigints are not chart data: bigints become numbers, blobs null. */
export function toRows(columns: readonly string[], rows: readonly (readonly unknown[])[]): Row[] {
  return rows.map((values) => {
    const row: Row = {};
    columns.forEach((column, i) => {
      const value = values[i];
      row[column] = typeof value === 'bigint' ? Number(value) : typeof value === 'string' || typeof value === 'number' ? value : null;
    });
    return row;
  });
}

/** A cell as a number; null stays null, text that is not a number is an error naming the column. */
export function numberOf(row: Row, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  if (value.trim() === '' || Number.isNaN(parsed)) {
    throw new Error(`Column ${column} holds ${JSON.stringify(value)}, not a number: check the chart's query.`);
  }
  return parsed;
}

/** Like `numberOf`, with 0 for null. */
export function amountOf(row: Row, column: string): number {
  return numberOf(row, column) ?? 0;
}

export function textOf(row: Row, column: string): string {
  const value = row[column];
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Checks that a query answered with the columns a chart reads, so a changed
 * mart fails with the missing column's name rather than as an empty chart.
 */
export function requireColumns(rows: readonly Row[], columns: readonly string[], chart: string): void {
  const first = rows[0];
  if (!first) return;
  const missing = columns.filter((c) => !(c in first));
  if (missing.length > 0) {
    throw new Error(`The query of "${chart}" returned no column ${missing.join(', ')}; it needs ${columns.join(', ')}. Fix its SELECT list.`);
  }
}

/** Wide rows to long ones: one row per (row, measure), the measure's label in `series` and its value in `value`. */
export function fold(rows: readonly Row[], keep: readonly string[], measures: readonly { column: string; label: string }[]): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    for (const { column, label } of measures) {
      const item: Row = {};
      for (const k of keep) item[k] = row[k] ?? null;
      item.series = label;
      item.value = numberOf(row, column);
      out.push(item);
    }
  }
  return out;
}
