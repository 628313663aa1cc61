import { describe, expect, it } from 'vitest';
import { colourScale } from '../../../../src/app/charts/base';
import { rowsToCsv } from '../../../../src/app/charts/csv';
import { TIER_PALETTE } from '../../../../src/app/charts/palette';
import { fold, numberOf, requireColumns, toRows } from '../../../../src/app/charts/rows';

describe('rows', () => {
  it('turns positional rows into objects, bigints into numbers and blobs into null', () => {
    expect(toRows(['a', 'b', 'c'], [[1, 'x', null], [BigInt(7), new Uint8Array([1]), 2.5]])).toEqual([
      { a: 1, b: 'x', c: null },
      { a: 7, b: null, c: 2.5 },
    ]);
  });

  it('reads numbers and names the column holding something else', () => {
    expect(numberOf({ n: '12.5' }, 'n')).toBe(12.5);
    expect(numberOf({ n: null }, 'n')).toBeNull();
    expect(() => numberOf({ n: 'twelve' }, 'n')).toThrow('Column n holds "twelve", not a number');
  });

  it('names every missing column and the chart that needs it', () => {
    expect(() => requireColumns([{ a: 1 }], ['a', 'b', 'c'], 'Some chart')).toThrow('The query of "Some chart" returned no column b, c; it needs a, b, c.');
    expect(() => requireColumns([], ['a'], 'Empty')).not.toThrow();
  });

  it('folds measures into one row each', () => {
    expect(fold([{ d: '2026-01-01', x: 1, y: 2 }], ['d'], [{ column: 'x', label: 'X' }, { column: 'y', label: 'Y' }])).toEqual([
      { d: '2026-01-01', series: 'X', value: 1 },
      { d: '2026-01-01', series: 'Y', value: 2 },
    ]);
  });
});

describe('colourScale', () => {
  it('keeps each category’s colour while leaving out categories the rows do not have', () => {
    expect(colourScale(TIER_PALETTE, [{ t: 'Enterprise' }, { t: 'Starter' }], 't')).toEqual({
      domain: ['Starter', 'Enterprise'],
      range: [TIER_PALETTE.range[0], TIER_PALETTE.range[2]],
    });
    expect(colourScale(TIER_PALETTE, [{ t: 'Platinum' }], 't')).toEqual({ domain: ['Platinum'], range: ['#6f7888'] });
    expect(colourScale(TIER_PALETTE).domain).toEqual([...TIER_PALETTE.domain]);
  });
});

describe('rowsToCsv', () => {
  it('writes the columns in the query’s order, nulls empty, quotes where needed', () => {
    const csv = rowsToCsv(['b', 'a'], [{ a: 'x, y', b: 1 }, { a: null, b: -2.5 }]);
    expect(csv).toBe('b,a\n1,"x, y"\n-2.5,');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = rowsToCsv(['name', 'change'], [{ name: '=HYPERLINK("x")', change: -10 }]);
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""x"")",-10`);
  });
});
