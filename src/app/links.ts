import { consoleStateHref, decodeConsoleState } from './console-state';
import type { ChartChoice } from './console-state';
import { href } from './router';

/** Links to the site's views, so every page spells them the same way. */

export function modelHref(key: string): string {
  return href(['model', key]);
}

export function lineageHref(focus?: string, depth?: number | 'all'): string {
  return href(['lineage'], { focus, depth });
}

/** The data dictionary is built from the project's YAML (via the manifest), not from a Markdown file. */
export const DICTIONARY_PAGE = 'dictionary';

/** `docs/data-dictionary.md`: the same dictionary written out for GitHub; on the site its links lead to the live one. */
export const STATIC_DICTIONARY_PAGE = 'data-dictionary';

export function docHref(page: string, heading?: string): string {
  return href(['docs', page], { h: heading });
}

export function searchHref(q: string): string {
  return href(['search'], { q });
}

export function testsHref(filters: { status?: string; q?: string } = {}): string {
  return href(['tests'], filters);
}

/** The console opened on a query (and a chart of it); compressed so long queries still fit in a link. */
export function consoleHref(sql: string, chart: ChartChoice | null = null): string {
  return consoleStateHref({ sql, chart });
}

/** The SQL a console link carries, or null when the parameter is missing or cannot be read. */
export function consoleSql(query: URLSearchParams): string | null {
  return decodeConsoleState(query).sql;
}

export function backfillHref(): string {
  return href(['backfill']);
}

export function tourHref(step?: string): string {
  return step ? href(['tour', step]) : href(['tour']);
}
