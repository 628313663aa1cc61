import type { Config, TopLevelSpec } from 'vega-lite';
import type { Palette } from './palette';
import type { Row } from './rows';

/**
 * What every chart shares: it fills its container's width (`width:
 * 'container'` with `fit-x` autosizing, so a phone and a laptop both get a
 * chart that fits), a fixed height, light-theme defaults the page may
 * override with its own colours, and legends on top where they do not eat
 * the width of a narrow screen.
 */
export type ChartSpec = TopLevelSpec;

export const CHART_HEIGHT = 260;

export const CHART_CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  background: '#ffffff',
  view: { stroke: null },
  axis: {
    labelColor: '#1c2230',
    titleColor: '#1c2230',
    gridColor: '#e3e7ed',
    domainColor: '#8d96a5',
    tickColor: '#8d96a5',
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    labelOverlap: 'greedy',
    labelSeparation: 6,
  },
  legend: {
    orient: 'top',
    direction: 'horizontal',
    labelColor: '#1c2230',
    titleColor: '#1c2230',
    labelFontSize: 11,
    titleFontSize: 12,
    labelLimit: 140,
    // No `columns` here: the page sets it from the chart's width (four a row, two on a phone).
  },
  title: { color: '#1c2230' },
  text: { color: '#1c2230' },
  line: { strokeWidth: 2 },
  point: { size: 36 },
  bar: { cornerRadiusEnd: 1 },
};

/** The top-level properties of a chart: sizing, description (read by screen readers) and config. */
export function frame(description: string, height = CHART_HEIGHT) {
  return {
    description,
    width: 'container' as const,
    height,
    autosize: { type: 'fit-x' as const, contains: 'padding' as const, resize: true },
    config: CHART_CONFIG,
  };
}

/**
 * A colour scale that keeps each category's colour on every chart. Given
 * the rows and the category field, categories the rows never mention are
 * dropped, so the legend lists only what is drawn; unknown categories are
 * kept, after the palette's own, in vega's default grey.
 */
export function colourScale(palette: Palette, rows?: readonly Row[], field?: string) {
  if (!rows || !field) return { domain: [...palette.domain], range: [...palette.range] };
  const present = new Set(rows.map((r) => String(r[field])));
  const known = palette.domain.flatMap((name, i) => (present.has(name) ? [[name, palette.range[i]!] as const] : []));
  const unknown = [...present].filter((name) => !palette.domain.includes(name)).sort();
  return {
    domain: [...known.map(([name]) => name), ...unknown],
    range: [...known.map(([, colour]) => colour), ...unknown.map(() => '#6f7888')],
  };
}

/** Rows tagged with their category's position in the palette, so stacks and legends follow the palette's order. */
export function withOrder(rows: readonly Row[], field: string, palette: Palette): Row[] {
  return rows.map((row) => {
    const index = palette.domain.indexOf(String(row[field]));
    return { ...row, series_order: index < 0 ? palette.domain.length : index };
  });
}

export const MONTH = { timeUnit: 'utcyearmonth' as const, type: 'temporal' as const };
export const DAY = { timeUnit: 'utcyearmonthdate' as const, type: 'temporal' as const };
/** Daily and weekly series span years: label the axis by month, the tooltip keeps the day. */
export const DAY_AXIS = { format: '%b %Y', labelOverlap: true as const };

/** Axis label format for money: `$1.2M`. */
export const MONEY_AXIS = '$~s';
/** Tooltip format for money: `$1,234`. */
export const MONEY = '$,.0f';
export const PERCENT = '.1%';
export const PERCENT_AXIS = '.0%';
export const COUNT = ',.0f';

/** Largest total of `value` per `key`: the top of a stack. */
export function maxStackTotal(rows: readonly Row[], key: string, value: string): number {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const k = String(row[key]);
    totals.set(k, (totals.get(k) ?? 0) + Number(row[value] ?? 0));
  }
  return Math.max(0, ...totals.values());
}
