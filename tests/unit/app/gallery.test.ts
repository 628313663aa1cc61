import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeProjectFiles } from '../../../src/cli/project-files';
import { GALLERY_TOPICS, parseGalleryQuery, sortGallery } from '../../../src/app/gallery';
import type { GalleryQuery } from '../../../src/app/gallery';
import type { WorkerApi } from '../../../src/shared/worker-api';
import { createWarehouseService } from '../../../src/worker/warehouse-service';

/**
 * Every query of the console's gallery (`queries/*.sql`) runs against the
 * real project, built in Node by the same worker code the site runs, before
 * and after the late batch: a renamed mart or column fails here first.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const QUERIES = path.join(ROOT, 'queries');
const RAW = path.join(ROOT, 'warehouse/raw_sources.sqlite');
const DELTA = path.join(ROOT, 'warehouse/raw_sources_delta.sqlite');
const WASM = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));

function gallery(): GalleryQuery[] {
  return sortGallery(
    readdirSync(QUERIES)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => parseGalleryQuery(`queries/${f}`, readFileSync(path.join(QUERIES, f), 'utf8'))),
  );
}

describe('the gallery files', () => {
  it('answer every stakeholder question with at least two queries', () => {
    const queries = gallery();
    for (const topic of GALLERY_TOPICS) expect(queries.filter((q) => q.topic === topic).length, topic).toBeGreaterThanOrEqual(2);
  });

  it('read their header: title, topic, description over several lines, chart', () => {
    const q = parseGalleryQuery(
      'queries/x.sql',
      '-- title: Growth\n-- topic: Late data and backfills\n-- description: First line,\n--   second line.\n-- chart: area x=month y=mrr color=tier\nselect 1\n',
    );
    expect(q).toMatchObject({
      id: 'x',
      title: 'Growth',
      description: 'First line, second line.',
      chart: { mark: 'area', x: 'month', y: 'mrr', color: 'tier' },
    });
    expect(q.sql.startsWith('-- title: Growth')).toBe(true);
  });

  it('say which file, which line and what to write when a header is wrong', () => {
    const head = '-- title: A\n-- topic: Late data and backfills\n-- description: B\n';
    expect(() => parseGalleryQuery('queries/a.sql', '-- topic: Late data and backfills\nselect 1')).toThrow(/queries\/a\.sql line 1: .*no "title:" line/);
    expect(() => parseGalleryQuery('queries/a.sql', `${head}-- titel: x\nselect 1`)).toThrow(/line 4: unknown field "titel"/);
    expect(() => parseGalleryQuery('queries/a.sql', '-- title: A\n-- topic: Gossip\n-- description: B\nselect 1')).toThrow(/line 2: topic "Gossip" is not one of/);
    expect(() => parseGalleryQuery('queries/a.sql', `${head}-- chart: pie x=a y=b\nselect 1`)).toThrow(/line 4: chart mark "pie"/);
    expect(() => parseGalleryQuery('queries/a.sql', `${head}-- chart: bar x=a\nselect 1`)).toThrow(/needs both x=<column> and y=<column>/);
    expect(() => parseGalleryQuery('queries/a.sql', head)).toThrow(/no query after it/);
  });
});

const ready = existsSync(RAW) && existsSync(DELTA);
if (!ready) console.warn('\n!!! warehouse/raw_sources*.sqlite missing: run `npm run generate`; the gallery queries are not run.\n');

describe.skipIf(!ready)('the gallery queries on the built project', () => {
  let api: WorkerApi;
  const queries = gallery();

  beforeAll(async () => {
    const files: Record<string, Uint8Array> = {
      'http://site/wasm': WASM,
      'http://site/raw.sqlite': readFileSync(RAW),
      'http://site/delta.sqlite': readFileSync(DELTA),
    };
    api = createWarehouseService({
      initSqlJs: (options) => initSqlJs(options as SqlJsConfig),
      projectFiles: () => nodeProjectFiles(ROOT),
      fetch: async (input) => new Response(files[String(input)]),
    });
    await api.load({ wasmUrl: 'http://site/wasm', rawUrl: 'http://site/raw.sqlite' }, () => {});
    expect((await api.build({}, () => {})).ok).toBe(true);
  }, 300_000);

  /** Runs a query read-only, as a shared link would, and checks its chart names real columns. */
  async function runQuery(q: GalleryQuery) {
    const result = await api.query(q.sql, { maxRows: 100_000 }).catch((error: Error) => {
      throw new Error(`${q.file}: ${error.message}`);
    });
    if (q.chart) {
      for (const column of [q.chart.x, q.chart.y, q.chart.color].filter((c): c is string => c !== null)) {
        expect(result.columns, `${q.file}: the chart's column ${column}`).toContain(column);
      }
    }
    return result;
  }

  it('run on batch 1, each returning rows (the restatements only after the late batch)', async () => {
    for (const q of queries) {
      const result = await runQuery(q);
      if (q.id === 'backfill-1-restatements') expect(result.rows, q.file).toHaveLength(0);
      else expect(result.rows.length, `${q.file} returns no rows`).toBeGreaterThan(0);
    }
  });

  it('run after the late batch, the restatements now listed', async () => {
    await api.backfill({ deltaUrl: 'http://site/delta.sqlite' }, () => {});
    for (const q of queries) expect((await runQuery(q)).rows.length, `${q.file} returns no rows`).toBeGreaterThan(0);
  }, 120_000);
});
