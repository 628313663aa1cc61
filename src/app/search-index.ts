import type { ProjectIndex, Resource } from './project-index';

/**
 * Search over what an analyst remembers about a model: its name, its
 * description, a column's name or description, or a fragment of its SQL.
 * Every word of the query must match somewhere in the resource; a match in
 * the name ranks above a column, a column above the description, and the
 * description above the SQL.
 */

export type MatchField = 'name' | 'column' | 'description' | 'sql';

export interface SearchMatch {
  field: MatchField;
  /** The column that matched, for column matches. */
  column?: string;
  /** A short excerpt around the match; for a column name, its description. */
  excerpt: string;
}

export interface SearchHit {
  resource: Resource;
  score: number;
  matches: SearchMatch[];
}

interface Entry {
  resource: Resource;
  name: string;
  description: string;
  columns: { name: string; lower: string; description: string }[];
  sql: string;
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchHit[];
}

const cache = new WeakMap<ProjectIndex, SearchIndex>();

export function searchIndex(index: ProjectIndex): SearchIndex {
  let search = cache.get(index);
  if (!search) {
    search = createSearchIndex(index);
    cache.set(index, search);
  }
  return search;
}

/** The words of a query, lower-cased: every one must match, here and in the site's other filters. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether a text holds every word of a query (as substrings, ignoring case). */
export function hasEveryWord(words: readonly string[], text: string): boolean {
  const lower = text.toLowerCase();
  return words.every((w) => lower.includes(w));
}

export function createSearchIndex(index: ProjectIndex): SearchIndex {
  const entries: Entry[] = [...index.resources.values()].map((resource) => ({
    resource,
    name: resource.name.toLowerCase(),
    description: resource.description.toLowerCase(),
    columns: resource.columns.map((c) => ({ name: c.name, lower: c.name.toLowerCase(), description: c.description.toLowerCase() })),
    sql: resource.rawCode.toLowerCase(),
  }));

  return {
    search(query, limit = 50) {
      const terms = queryWords(query);
      if (terms.length === 0) return [];
      const hits: SearchHit[] = [];
      for (const entry of entries) {
        let score = 0;
        const matches: SearchMatch[] = [];
        let all = true;
        for (const term of terms) {
          const best = scoreTerm(entry, term);
          if (!best) {
            all = false;
            break;
          }
          score += best.score;
          if (!matches.some((m) => m.field === best.match.field && m.column === best.match.column)) matches.push(best.match);
        }
        if (all) hits.push({ resource: entry.resource, score, matches });
      }
      hits.sort((a, b) => b.score - a.score || a.resource.name.localeCompare(b.resource.name));
      return hits.slice(0, limit);
    },
  };
}

function scoreTerm(entry: Entry, term: string): { score: number; match: SearchMatch } | null {
  const { resource } = entry;
  if (entry.name === term) return { score: 100, match: { field: 'name', excerpt: resource.name } };
  if (entry.name.startsWith(term)) return { score: 60, match: { field: 'name', excerpt: resource.name } };
  if (entry.name.includes(term)) return { score: 40, match: { field: 'name', excerpt: resource.name } };

  const exactColumn = entry.columns.find((c) => c.lower === term);
  if (exactColumn) return { score: 30, match: { field: 'column', column: exactColumn.name, excerpt: columnDescription(resource, exactColumn.name) } };
  const partialColumn = entry.columns.find((c) => c.lower.includes(term));
  if (partialColumn) return { score: 18, match: { field: 'column', column: partialColumn.name, excerpt: columnDescription(resource, partialColumn.name) } };

  if (entry.description.includes(term)) {
    return { score: 10, match: { field: 'description', excerpt: excerpt(resource.description, entry.description.indexOf(term), term.length) } };
  }
  const describedColumn = entry.columns.find((c) => c.description.includes(term));
  if (describedColumn) {
    const original = resource.columns.find((c) => c.name === describedColumn.name)!.description;
    return {
      score: 8,
      match: { field: 'column', column: describedColumn.name, excerpt: excerpt(original, describedColumn.description.indexOf(term), term.length) },
    };
  }
  if (entry.sql.includes(term)) {
    return { score: 4, match: { field: 'sql', excerpt: excerpt(resource.rawCode, entry.sql.indexOf(term), term.length) } };
  }
  return null;
}

/** The start of a column's description, the excerpt for a match on its name (empty when undocumented). */
function columnDescription(resource: Resource, column: string): string {
  const text = resource.columns.find((c) => c.name === column)?.description ?? '';
  return text.length > 80 ? excerpt(text, 0, 0) : text;
}

/** About 80 characters around a match, on one line. */
function excerpt(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 36);
  const end = Math.min(text.length, at + length + 36);
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}
