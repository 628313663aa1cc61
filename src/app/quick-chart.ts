import { frame } from './charts/base';
import type { ChartSpec } from './charts/base';
import type { ChartChoice, ChartMark } from './console-state';
import type { SqlValue } from '../shared/worker-api';

/**
 * The console's quick chart: a vega-lite spec from a result and the
 * visitor's choice of mark, x, y and colour. Column names are only ever
 * titles: the data is copied into fixed field names (`x`, `y`, `series`),
 * so a column called `a.b` or `<img ...>` cannot be read as a field path
 * or markup.
 */

export type ColumnKind = 'quantitative' | 'temporal' | 'nominal';

/** Rows drawn at most; a chart of more says so. vega draws 100,000 SVG marks far too slowly. */
export const CHART_ROW_LIMIT = 5_000;

/** Bars drawn with rounded ends at most. */
export const ROUNDED_BARS_MAX = 200;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/;

/** What each column holds, judged from up to `sample` rows: numbers, ISO dates and times, or anything else. */
export function columnKinds(columns: readonly string[], rows: readonly (readonly SqlValue[])[], sample = 500): ColumnKind[] {
  return columns.map((_, i) => {
    let seen = 0;
    let numbers = 0;
    let times = 0;
    for (const row of rows.slice(0, sample)) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      seen++;
      if (typeof v === 'number' || typeof v === 'bigint') numbers++;
      else if (typeof v === 'string' && ISO_TIME.test(v)) times++;
    }
    if (seen === 0) return 'nominal';
    if (numbers === seen) return 'quantitative';
    if (times === seen) return 'temporal';
    return 'nominal';
  });
}

/**
 * A sensible first chart: x the first date column (else the first column),
 * y the first other numeric one; a line over dates, points over numbers (a
 * bar per number would be drawn on a continuous axis), bars over categories.
 */
export function defaultChart(columns: readonly string[], kinds: readonly ColumnKind[]): ChartChoice | null {
  if (columns.length < 2) return null;
  const xIndex = Math.max(0, kinds.indexOf('temporal'));
  const yIndex = kinds.findIndex((k, i) => k === 'quantitative' && i !== xIndex);
  if (yIndex < 0) return null;
  const mark: ChartMark = kinds[xIndex] === 'temporal' ? 'line' : kinds[xIndex] === 'quantitative' ? 'point' : 'bar';
  return { mark, x: columns[xIndex]!, y: columns[yIndex]!, color: null };
}

export type QuickChart = { spec: ChartSpec; note: string | null } | { error: string };

/** `truncated`: the query returned more rows than `rows` holds (the console keeps the first ones). */
export function quickChartSpec(columns: readonly string[], rows: readonly (readonly SqlValue[])[], choice: ChartChoice, truncated = false): QuickChart {
  const index = (name: string | null) => (name === null ? -1 : columns.indexOf(name));
  const [xi, yi, ci] = [index(choice.x), index(choice.y), index(choice.color)];
  const missing = [choice.x, choice.y, choice.color].filter((c, i) => c !== null && [xi, yi, ci][i]! < 0);
  if (missing.length > 0) return { error: `The result has no column ${missing.map((m) => `"${m}"`).join(' or ')}: pick the chart's columns again.` };
  const kinds = columnKinds(columns, rows);
  if (kinds[yi] !== 'quantitative') return { error: `Column "${choice.y}" does not hold numbers: pick a numeric column for y.` };

  const drawn = rows.slice(0, CHART_ROW_LIMIT);
  const values = drawn.map((row) => ({
    x: cell(row[xi]),
    y: row[yi] === null ? null : Number(row[yi]),
    ...(ci >= 0 ? { series: row[ci] === null ? 'NULL' : String(row[ci]) } : {}),
  }));
  const xKind = kinds[xi]!;
  const tooltip = [
    // A date shows as the query returned it: a formatted time would be the visitor's local time.
    { field: 'x', type: xKind === 'temporal' ? ('nominal' as const) : xKind, title: choice.x },
    { field: 'y', type: 'quantitative' as const, title: choice.y, format: ',' },
    ...(ci >= 0 ? [{ field: 'series', type: 'nominal' as const, title: choice.color! }] : []),
  ];
  const framed = frame(`${choice.mark} chart of ${choice.y} by ${choice.x}${choice.color ? ` and ${choice.color}` : ''}`, 300);
  const spec = {
    ...framed,
    // Rounded bar ends cost vega about 0.6 ms a bar (seconds for thousands): square them past a few hundred.
    ...(choice.mark === 'bar' && drawn.length > ROUNDED_BARS_MAX ? { config: { ...framed.config, bar: {} } } : {}),
    data: { values },
    mark: { type: choice.mark, tooltip: true, ...(choice.mark === 'line' && drawn.length <= 120 ? { point: true } : {}) },
    encoding: {
      x: {
        field: 'x',
        type: xKind,
        title: choice.x,
        // A utc scale formats its labels in UTC; formatType 'utc' would make vega-lite drop the format.
        ...(xKind === 'temporal' ? { scale: { type: 'utc' as const }, axis: { format: monthsOnly(values) ? '%b %Y' : '%Y-%m-%d' } } : {}),
        // Categories in the query's order (its ORDER BY), not alphabetical.
        ...(xKind === 'nominal' ? { sort: null } : {}),
      },
      y: { field: 'y', type: 'quantitative' as const, title: choice.y },
      ...(ci >= 0 ? { color: { field: 'series', type: 'nominal' as const, title: choice.color!, sort: null } } : {}),
      tooltip,
    },
  } as ChartSpec;
  const note =
    rows.length > CHART_ROW_LIMIT
      ? `The chart draws the first ${CHART_ROW_LIMIT.toLocaleString('en-US')} of ${truncated ? 'more than ' : ''}${rows.length.toLocaleString('en-US')} rows; aggregate in SQL to chart them all.`
      : null;
  return { spec, note };
}

/** Every x is a month's first day (`YYYY-MM-01`): label months, not days. */
function monthsOnly(values: { x: string | number | null }[]): boolean {
  return values.every((v) => typeof v.x !== 'string' || /^\d{4}-\d{2}-01$/.test(v.x));
}

function cell(value: SqlValue | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return `<blob, ${value.byteLength} bytes>`;
  return value;
}
