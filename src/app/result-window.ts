import type { SqlValue } from '../shared/worker-api';
import { formatCell } from './format';

/**
 * The rows of a long result that the grid draws: those in view plus a
 * margin, so scrolling never shows a gap before the next frame.
 */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 10): { start: number; end: number } {
  if (total === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - overscan, total - 1));
  const end = Math.min(total, first + count + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * The rows a long result's column widths are judged from: the first and
 * last `sample` and `sample` more spread evenly between (numbers that grow
 * down the result are widest at its end).
 */
export function sampleRows<T>(rows: readonly T[], sample = 200): T[] {
  if (rows.length <= sample * 3) return [...rows];
  const step = (rows.length - 2 * sample) / sample;
  const middle = Array.from({ length: sample }, (_, i) => rows[sample + Math.floor(i * step)]!);
  return [...rows.slice(0, sample), ...middle, ...rows.slice(-sample)];
}

/**
 * Column widths in `ch`, from the header and a sample of cells (the first,
 * the last and some between): wide enough for most values, capped so one
 * long text does not push the rest away (the full value is in the cell's
 * title).
 */
export function columnWidths(columns: readonly string[], rows: readonly (readonly SqlValue[])[], sample = 200, min = 6, max = 40): number[] {
  const sampled = sampleRows(rows, sample);
  return columns.map((name, i) => {
    let widest = name.length;
    for (const row of sampled) widest = Math.max(widest, formatCell(row[i]).length);
    // The cell's padding takes about 3ch of the width.
    return Math.min(max, Math.max(min, widest + 3));
  });
}

/** Digits after the point of a number as it shows (0 for an integer, at most 6 counted). */
function fractionLength(value: SqlValue | undefined): number {
  if (typeof value !== 'number' || Number.isInteger(value)) return 0;
  const text = String(value);
  const point = text.indexOf('.');
  return point < 0 || /e/i.test(text) ? 0 : Math.min(6, text.length - point - 1);
}

/**
 * For each column of numbers, the most digits after the point among its
 * sampled values (0 when they are all integers, or the column is not
 * numeric), so its cells can line their points up.
 */
export function columnFractions(numeric: readonly boolean[], rows: readonly (readonly SqlValue[])[], sample = 200): number[] {
  const sampled = sampleRows(rows, sample);
  return numeric.map((isNumber, i) => (isNumber ? Math.max(0, ...sampled.map((r) => fractionLength(r[i]))) : 0));
}

/**
 * A number's text padded on the right with figure spaces (as wide as a
 * digit) so that, right-aligned in a column whose values have up to
 * `fraction` digits after the point, the points line up: 455 over 95.9
 * over 1374.91.
 */
export function alignedNumber(text: string, value: SqlValue | undefined, fraction: number): string {
  if (fraction === 0 || typeof value !== 'number') return text;
  const own = fractionLength(value);
  return text + '\u2007'.repeat(own === 0 ? fraction + 1 : Math.max(0, fraction - own));
}
