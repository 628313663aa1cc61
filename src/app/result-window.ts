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
 * Column widths in `ch`, from the header and a sample of cells: wide enough
 * for most values, capped so one long text does not push the rest away
 * (the full value is in the cell's title).
 */
export function columnWidths(columns: readonly string[], rows: readonly (readonly SqlValue[])[], sample = 200, min = 6, max = 40): number[] {
  return columns.map((name, i) => {
    let widest = name.length;
    for (const row of rows.slice(0, sample)) widest = Math.max(widest, formatCell(row[i]).length);
    // The cell's padding takes about 3ch of the width.
    return Math.min(max, Math.max(min, widest + 3));
  });
}
