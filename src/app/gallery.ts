import { CHART_MARKS } from './console-state';
import type { ChartChoice, ChartMark } from './console-state';

/**
 * The console's gallery: preloaded queries kept in the repository as
 * `queries/*.sql`, each opening with a comment block:
 *
 *     -- title: Is revenue growing? MRR by month
 *     -- topic: Revenue growth and retention
 *     -- description: What it shows, from which marts,
 *     --   continued on indented comment lines.
 *     -- chart: line x=month y=mrr_usd color=plan_tier   (optional)
 *
 * The block ends at the first line that is not a comment.
 */

/** The stakeholders' questions, in the order the gallery lists them. */
export const GALLERY_TOPICS = [
  'Revenue growth and retention',
  'Pipeline health and deal velocity',
  'Engagement and feature adoption',
  'Product behaviour and revenue',
  'Late data and backfills',
] as const;

export interface GalleryQuery {
  /** The file name without `.sql`: `revenue-mrr-growth`. */
  id: string;
  file: string;
  title: string;
  topic: (typeof GALLERY_TOPICS)[number];
  description: string;
  /** The whole file, header included, as the console shows it. */
  sql: string;
  chart: ChartChoice | null;
}

const FIELDS = ['title', 'topic', 'description', 'chart'] as const;
type Field = (typeof FIELDS)[number];

/** Reads one gallery file; a malformed header throws, naming the file, the line and what to write instead. */
export function parseGalleryQuery(file: string, text: string): GalleryQuery {
  const fields: Partial<Record<Field, string>> = {};
  const lines = text.split('\n');
  let last: Field | null = null;
  let lineNo = 0;
  const fail = (line: number, why: string): never => {
    throw new Error(`${file} line ${line}: ${why}`);
  };
  for (const line of lines) {
    lineNo++;
    const comment = /^\s*--(.*)$/.exec(line);
    if (!comment) break;
    const body = comment[1]!;
    const field = /^\s*([a-z_]+):\s?(.*)$/.exec(body);
    if (field && !/^\s{2,}/.test(body)) {
      const name = field[1]!;
      if (!(FIELDS as readonly string[]).includes(name)) fail(lineNo, `unknown field "${name}"; the header takes ${FIELDS.join(', ')}.`);
      if (fields[name as Field] !== undefined) fail(lineNo, `"${name}" is given twice.`);
      fields[name as Field] = field[2]!.trim();
      last = name as Field;
    } else if (last && body.trim() !== '') {
      fields[last] = `${fields[last]} ${body.trim()}`;
    } else {
      last = null;
    }
  }
  for (const required of ['title', 'topic', 'description'] as const) {
    if (!fields[required]) fail(1, `the header has no "${required}:" line; start the file with "-- ${required}: ...".`);
  }
  const topic = fields.topic as GalleryQuery['topic'];
  if (!GALLERY_TOPICS.includes(topic)) fail(headerLine(lines, 'topic'), `topic "${topic}" is not one of: ${GALLERY_TOPICS.join('; ')}.`);
  const chart = fields.chart ? parseChart(fields.chart, (why) => fail(headerLine(lines, 'chart'), why)) : null;
  const body = lines.slice(lineNo - 1).join('\n').trim();
  if (body === '') fail(lineNo, 'the file has a header but no query after it.');
  const id = file.split('/').pop()!.replace(/\.sql$/, '');
  return { id, file, title: fields.title!, topic, description: fields.description!, sql: text.trim(), chart };
}

/** `line x=month y=mrr_usd color=tier` as a chart choice. */
export function parseChart(spec: string, fail: (why: string) => never): ChartChoice {
  const [mark, ...pairs] = spec.trim().split(/\s+/);
  if (!CHART_MARKS.includes(mark as ChartMark)) fail(`chart mark "${mark}" is not one of ${CHART_MARKS.join(', ')}.`);
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const m = /^(x|y|color)=(.+)$/.exec(pair);
    if (!m) fail(`"${pair}" in the chart line should be x=<column>, y=<column> or color=<column>.`);
    values[m![1]!] = m![2]!;
  }
  if (!values.x || !values.y) fail('the chart line needs both x=<column> and y=<column>.');
  return { mark: mark as ChartMark, x: values.x!, y: values.y!, color: values.color ?? null };
}

function headerLine(lines: string[], field: string): number {
  return lines.findIndex((l) => new RegExp(`^\\s*--\\s*${field}:`).test(l)) + 1;
}

/** Queries in topic order, then by file name. */
export function sortGallery(queries: GalleryQuery[]): GalleryQuery[] {
  return [...queries].sort((a, b) => GALLERY_TOPICS.indexOf(a.topic) - GALLERY_TOPICS.indexOf(b.topic) || a.id.localeCompare(b.id));
}
