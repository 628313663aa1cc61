import { describe, expect, it } from 'vitest';
import { CHART_ROW_LIMIT, ROUNDED_BARS_MAX, columnKinds, defaultChart, quickChartSpec } from '../../../src/app/quick-chart';
import type { ChartSpec } from '../../../src/app/charts/base';
import { draw } from './charts/render';
import { alignedNumber, columnFractions, columnWidths, visibleRows } from '../../../src/app/result-window';
import { errorExcerpt } from '../../../src/app/error-excerpt';

const COLUMNS = ['month', 'plan', 'mrr_usd', 'note'];
const ROWS = [
  ['2025-01-01', 'Growth', 1200.5, null],
  ['2025-02-01', 'Starter', 300n, 'x'],
  ['2025-03-01', 'Growth', 1400, 'y'],
];

describe('the quick chart of a result', () => {
  it('tells numbers, ISO dates and text apart', () => {
    expect(columnKinds(COLUMNS, ROWS)).toEqual(['temporal', 'nominal', 'quantitative', 'nominal']);
    expect(columnKinds(['t'], [['2025-01-01 10:00:00'], ['2025-01-02T00:00:00Z'], [null]])).toEqual(['temporal']);
    expect(columnKinds(['a'], [[null]])).toEqual(['nominal']);
  });

  it('starts from a line over time when there is a date, else bars', () => {
    expect(defaultChart(COLUMNS, columnKinds(COLUMNS, ROWS))).toEqual({ mark: 'line', x: 'month', y: 'mrr_usd', color: null });
    expect(defaultChart(['plan', 'n'], ['nominal', 'quantitative'])).toEqual({ mark: 'bar', x: 'plan', y: 'n', color: null });
    expect(defaultChart(['i', 'doubled'], ['quantitative', 'quantitative'])).toEqual({ mark: 'point', x: 'i', y: 'doubled', color: null });
    expect(defaultChart(['plan', 'note'], ['nominal', 'nominal'])).toBeNull();
  });

  it('copies the data into fixed fields, so column names are titles only', () => {
    const chart = quickChartSpec(['a.b', '<img src=x>', 'n'], [['x', 'g', 1]], { mark: 'bar', x: 'a.b', y: 'n', color: '<img src=x>' });
    if ('error' in chart) throw new Error(chart.error);
    const spec = chart.spec as { data: { values: unknown[] }; encoding: Record<string, { field: string; title: string }> };
    expect(spec.data.values).toEqual([{ x: 'x', y: 1, series: 'g' }]);
    expect(spec.encoding.x).toMatchObject({ field: 'x', title: 'a.b', sort: null });
    expect(spec.encoding.color).toMatchObject({ field: 'series', title: '<img src=x>' });
  });

  it('says which choice does not fit the result', () => {
    expect(quickChartSpec(COLUMNS, ROWS, { mark: 'bar', x: 'month', y: 'plan', color: null })).toEqual({
      error: 'Column "plan" does not hold numbers: pick a numeric column for y.',
    });
    expect(quickChartSpec(COLUMNS, ROWS, { mark: 'bar', x: 'gone', y: 'mrr_usd', color: 'also gone' })).toEqual({
      error: 'The result has no column "gone" or "also gone": pick the chart\'s columns again.',
    });
  });

  it('labels a monthly axis with months and years in UTC, without a vega-lite warning', async () => {
    const chart = quickChartSpec(COLUMNS, ROWS, { mark: 'line', x: 'month', y: 'mrr_usd', color: null });
    if ('error' in chart) throw new Error(chart.error);
    const drawn = await draw(chart.spec);
    expect(drawn.warnings).toEqual([]);
    expect(drawn.svg).toContain('>Feb 2025<');
    expect(drawn.marks('symbol')).toHaveLength(3);
  });

  it('squares the ends of bars past a few hundred, which vega would draw for seconds', () => {
    const config = (n: number) => {
      const rows = Array.from({ length: n }, (_, i) => [i, i % 7]);
      const chart = quickChartSpec(['i', 'm'], rows, { mark: 'bar', x: 'i', y: 'm', color: null });
      if ('error' in chart) throw new Error(chart.error);
      return (chart.spec as ChartSpec & { config: { bar?: object } }).config;
    };
    expect(config(ROUNDED_BARS_MAX).bar).toEqual({ cornerRadiusEnd: 1 });
    expect(config(ROUNDED_BARS_MAX + 1).bar).toEqual({});
    expect(config(ROUNDED_BARS_MAX + 1).axis).toEqual(config(10).axis);
  });

  it('draws at most the first rows of a long result, and says so', () => {
    const rows = Array.from({ length: CHART_ROW_LIMIT + 10 }, (_, i) => [i, i * 2]);
    const chart = quickChartSpec(['i', 'twice'], rows, { mark: 'point', x: 'i', y: 'twice', color: null });
    if ('error' in chart) throw new Error(chart.error);
    expect((chart.spec as { data: { values: unknown[] } }).data.values).toHaveLength(CHART_ROW_LIMIT);
    expect(chart.note).toMatch(/first 5,000 of 5,010 rows/);
    // A result the console cut short had more rows than it holds.
    const cut = quickChartSpec(['i', 'twice'], rows, { mark: 'point', x: 'i', y: 'twice', color: null }, true);
    expect('note' in cut && cut.note).toMatch(/first 5,000 of more than 5,010 rows/);
  });
});

describe('the result grid\u2019s window', () => {
  it('draws the rows in view and a margin, never past either end', () => {
    expect(visibleRows(0, 280, 28, 100_000, 10)).toEqual({ start: 0, end: 21 });
    expect(visibleRows(28 * 5_000, 280, 28, 100_000, 10)).toEqual({ start: 4_990, end: 5_021 });
    // Scrolled to the bottom, and past it (as a shrinking result can leave it).
    expect(visibleRows(28 * 100_000 - 280, 280, 28, 100_000, 10)).toEqual({ start: 99_980, end: 100_000 });
    expect(visibleRows(28 * 200_000, 280, 28, 100_000, 10)).toEqual({ start: 99_999, end: 100_000 });
    expect(visibleRows(0, 280, 28, 0)).toEqual({ start: 0, end: 0 });
  });

  it('sizes columns to the header and the values, within bounds', () => {
    expect(columnWidths(['id', 'a_rather_long_column_name'], [[1, 'x'], [22, 'y'.repeat(100)]])).toEqual([6, 40]);
    // A number that grows down a long result is as wide at its end as the column.
    const counting = Array.from({ length: 100_000 }, (_, i) => [i + 1]);
    expect(columnWidths(['i'], counting)).toEqual(['100000'.length + 3]);
  });

  it('lines up the decimal points of a column of numbers', () => {
    const rows = [[455, 'a'], [95.9, 'b'], [1374.91, 'c'], [null, 'd']];
    const [fraction] = columnFractions([true, false], rows);
    expect(fraction).toBe(2);
    expect(columnFractions([true, false], rows)[1]).toBe(0);
    const shown = rows.map((r) => alignedNumber(r[0] === null ? 'NULL' : String(r[0]), r[0], fraction!));
    // Right-aligned, every point (or where it would be) is three characters from the end.
    expect(shown).toEqual(['455\u2007\u2007\u2007', '95.9\u2007', '1374.91', 'NULL']);
    expect(alignedNumber('7', 7, 0)).toBe('7');
  });

  it('shows an error under its line with carets for the token', () => {
    expect(errorExcerpt('select a\nfro t', { offset: 9, length: 3, line: 2, column: 1, token: 'fro' })).toBe('fro t\n^^^');
    expect(errorExcerpt('select', { offset: 6, length: 0, line: 1, column: 7, token: '' })).toBe('select\n      ^');
    // A tab shows as four spaces, and the carets move with it.
    expect(errorExcerpt('select\n\tmrr_usdd', { offset: 8, length: 8, line: 2, column: 2, token: 'mrr_usdd' })).toBe('    mrr_usdd\n    ^^^^^^^^');
  });
});
