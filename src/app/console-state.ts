import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { href } from './router';

/**
 * The console's state in its link: `#/console?sql=<lz>&chart=<lz>`. Both
 * parameters are lz-string-compressed (the SQL as text, the chart choice as
 * JSON), so a query of several thousand characters still makes a link that
 * chat apps and browsers keep whole. A link is untrusted input: everything
 * read here is validated, and what cannot be read is reported, not guessed.
 */

export const CHART_MARKS = ['bar', 'line', 'point', 'area'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

/** The quick chart of a result: a mark, the columns on x and y, and optionally one that colours the series. */
export interface ChartChoice {
  mark: ChartMark;
  x: string;
  y: string;
  color: string | null;
}

export interface ConsoleState {
  sql: string;
  chart: ChartChoice | null;
}

export interface DecodedConsoleState {
  /** The link's query; null when it has none or it could not be read. */
  sql: string | null;
  chart: ChartChoice | null;
  /** Why part of the link was ignored, in words for the page; null when it read cleanly. */
  problem: string | null;
}

/** Longest query a link may carry once decompressed (a megabyte of SQL is no query anyone shares). */
export const MAX_LINK_SQL = 1_000_000;
const MAX_COLUMN_NAME = 500;

/** The console link for a query and, optionally, its chart. */
export function consoleStateHref(state: ConsoleState): string {
  return href(['console'], {
    sql: compressToEncodedURIComponent(state.sql),
    chart: state.chart ? compressToEncodedURIComponent(JSON.stringify(state.chart)) : undefined,
  });
}

export function decodeConsoleState(query: URLSearchParams): DecodedConsoleState {
  const problems: string[] = [];
  let sql: string | null = null;
  let chart: ChartChoice | null = null;

  const packedSql = query.get('sql');
  if (packedSql !== null) {
    const text = decompress(packedSql);
    if (text === null) {
      problems.push("the link's query could not be read (the link looks cut short or altered)");
    } else if (text.length > MAX_LINK_SQL) {
      problems.push(`the link's query is ${text.length.toLocaleString('en-US')} characters long, more than the ${MAX_LINK_SQL.toLocaleString('en-US')} the console accepts from a link`);
    } else {
      sql = text;
    }
  }

  const packedChart = query.get('chart');
  if (packedChart !== null) {
    const text = decompress(packedChart);
    const parsed = text === null ? { error: 'it could not be read' } : parseChartChoice(text);
    if ('error' in parsed) problems.push(`the link's chart was left out: ${parsed.error}`);
    else chart = parsed.choice;
  }

  return {
    sql,
    chart,
    problem: problems.length ? `Part of this link was ignored: ${problems.join('; ')}. Ask for the link again, or write the query below.` : null,
  };
}

/** Decompressed text, or null when the input is not lz-string's output for readable text. */
function decompress(packed: string): string | null {
  let text: string | null;
  try {
    text = decompressFromEncodedURIComponent(packed);
  } catch {
    return null;
  }
  if (typeof text !== 'string' || text.length === 0) return null;
  // Damaged input tends to decompress into control characters and broken surrogate pairs.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return null;
  return text;
}

function parseChartChoice(text: string): { choice: ChartChoice } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'it is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'it is not an object' };
  const { mark, x, y, color } = value as Record<string, unknown>;
  if (!CHART_MARKS.includes(mark as ChartMark)) return { error: `its mark must be one of ${CHART_MARKS.join(', ')}` };
  const columnName = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_COLUMN_NAME;
  if (!columnName(x) || !columnName(y)) return { error: 'its x and y must be column names' };
  if (color !== undefined && color !== null && !columnName(color)) return { error: 'its colour must be a column name or null' };
  return { choice: { mark: mark as ChartMark, x: x as string, y: y as string, color: (color as string | null | undefined) ?? null } };
}
