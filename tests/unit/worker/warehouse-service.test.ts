import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryFiles } from '../../../src/engine/index';
import type { ProgressEvent, WorkerApi } from '../../../src/shared/worker-api';
import { createWarehouseService } from '../../../src/worker/warehouse-service';

/**
 * The worker's logic driven directly in Node, as the page drives it through
 * comlink: download (from a stub fetch), build a small project, query,
 * export and restore.
 */

const WASM = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));

const PROJECT = memoryFiles({
  'dbt_project.yml': "name: svc\nversion: '1.0.0'\nconfig-version: 2\nprofile: svc\nmodel-paths: ['models']\n",
  'models/sources.yml': `version: 2
sources:
  - name: crm
    tables:
      - name: people
`,
  'models/staging/stg_crm__people.sql': "select id as person_id, team from {{ source('crm', 'people') }}\n",
  'models/marts/dim_people.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('stg_crm__people') }}\n",
  'models/marts/_marts.yml': `version: 2
models:
  - name: dim_people
    columns:
      - name: person_id
        tests: [unique]
      - name: team
        tests:
          - accepted_values:
              values: ['red', 'blue']
`,
});

async function rawFile(): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(`create table crm__people (id integer, team text);
    insert into crm__people values (1, 'red'), (2, 'blue'), (3, 'green'), (4, 'red'), (5, 'purple');`);
  const bytes = db.export();
  db.close();
  return bytes;
}

function stubFetch(files: Record<string, Uint8Array>): typeof fetch {
  return async (input) => {
    const bytes = files[String(input)];
    if (!bytes) return new Response('missing', { status: 404, statusText: 'Not Found' });
    return new Response(bytes, { headers: { 'Content-Length': String(bytes.byteLength) } });
  };
}

function service(fetchImpl: typeof fetch): WorkerApi {
  return createWarehouseService({
    initSqlJs: (options) => initSqlJs(options as SqlJsConfig),
    projectFiles: () => PROJECT,
    fetch: fetchImpl,
  });
}

describe('warehouse service', () => {
  let api: WorkerApi;
  const events: ProgressEvent[] = [];
  let fetchImpl: typeof fetch;

  beforeAll(async () => {
    // As the built site ships it: gzipped.
    fetchImpl = stubFetch({ 'http://site/wasm': WASM, 'http://site/data/raw_sources.sqlite.gz': gzipSync(await rawFile()) });
    api = service(fetchImpl);
    await api.load({ wasmUrl: 'http://site/wasm', rawUrl: 'http://site/data/raw_sources.sqlite.gz' }, (e) => events.push(e));
  });

  it('downloads both files with progress and opens the raw warehouse', async () => {
    const files = new Set(events.filter((e) => e.kind === 'download').map((e) => (e.kind === 'download' ? e.file : '')));
    expect(files).toEqual(new Set(['wasm', 'raw_sources.sqlite']));
    const phases = events.filter((e) => e.kind === 'phase').map((e) => (e.kind === 'phase' ? `${e.phase}:${e.state}` : ''));
    expect(phases).toEqual(['download:start', 'download:end', 'wasm:start', 'wasm:end', 'open:start', 'open:end']);
    expect((await api.relations()).map((r) => r.name)).toEqual(['crm__people']);
  });

  it('builds the project and keeps its artifacts, with the failing rows of a failing test', async () => {
    events.length = 0;
    const summary = await api.build({}, (e) => events.push(e));
    expect(summary.ok).toBe(false);
    expect(summary.counts).toMatchObject({ built: 2, pass: 1, fail: 1, errors: 0 });
    const ends = events.filter((e) => e.kind === 'node' && e.state === 'end');
    expect(ends).toHaveLength(4);
    expect(ends.at(-1)).toMatchObject({ index: 4, total: 4 });

    const artifacts = (await api.artifacts())!;
    const failing = artifacts.runResults.results.find((r) => r.status === 'fail')!;
    expect(failing.unique_id).toMatch(/^test\.svc\.accepted_values_dim_people_team/);
    expect(failing.failures).toBe(2);
    expect(failing.adapter_response.sample?.rows.map((r) => r[0]).sort()).toEqual(['green', 'purple']);
    expect(artifacts.catalog.nodes['model.svc.dim_people']?.columns).toHaveProperty('team');
  });

  it('caps the rows of a query and says so', async () => {
    const capped = await api.query('select * from dim_people order by person_id;', { maxRows: 2 });
    expect(capped.columns).toEqual(['person_id', 'team']);
    expect(capped.rows).toEqual([
      [1, 'red'],
      [2, 'blue'],
    ]);
    expect(capped.truncated).toBe(true);
    const all = await api.query('-- every team\nselect distinct team from dim_people order by 1', { maxRows: 10 });
    expect(all.rows).toHaveLength(4);
    expect(all.truncated).toBe(false);
    const empty = await api.query('select person_id from dim_people where 0');
    expect(empty).toMatchObject({ columns: ['person_id'], rows: [], truncated: false });
  });

  it('runs read-only unless asked otherwise, and a refused write leaves writes possible later', async () => {
    await expect(api.query('delete from dim_people')).rejects.toThrow(/readonly|read-only/i);
    expect((await api.query('select count(*) from dim_people')).rows[0]![0]).toBe(5);
    await api.query('delete from dim_people where person_id = 5', { readOnly: false });
    expect((await api.query('select count(*) from dim_people')).rows[0]![0]).toBe(4);
    await expect(api.query('   ')).rejects.toThrow(/query is empty/);
  });

  it('restores an exported warehouse with its artifacts in a fresh service', async () => {
    const bytes = await api.exportDatabase();
    const artifacts = (await api.artifacts())!;
    const fresh = service(fetchImpl);
    await expect(fresh.query('select 1')).rejects.toThrow(/no warehouse is open yet/);
    await fresh.restore({ wasmUrl: 'http://site/wasm', database: bytes, artifacts });
    expect((await fresh.query('select count(*) from dim_people')).rows[0]![0]).toBe(4);
    expect(await fresh.artifacts()).toEqual(artifacts);
    expect((await fresh.relations()).map((r) => r.name).sort()).toEqual(['crm__people', 'dim_people', 'stg_crm__people']);
  });

  it('builds with the project parsed during load, and parses again for a build with vars', async () => {
    let reads = 0;
    const files = memoryFiles({
      'dbt_project.yml': "name: vars\nversion: '1.0.0'\nconfig-version: 2\nprofile: vars\nmodel-paths: ['models']\n",
      'models/sources.yml': 'version: 2\nsources:\n  - name: crm\n    tables:\n      - name: people\n',
      'models/labelled.sql': "{{ config(materialized='table') }}\nselect count(*) as people, '{{ var(\"label\", \"default\") }}' as label from {{ source('crm', 'people') }}\n",
    });
    const withVars = createWarehouseService({
      initSqlJs: (options) => initSqlJs(options as SqlJsConfig),
      projectFiles: () => {
        reads += 1;
        return files;
      },
      fetch: fetchImpl,
    });
    await withVars.load({ wasmUrl: 'http://site/wasm', rawUrl: 'http://site/data/raw_sources.sqlite.gz' }, () => {});
    const label = async () => (await withVars.query('select people, label from labelled')).rows[0];

    const first = await withVars.build({}, () => {});
    expect(first.ok).toBe(true);
    expect(first.parseMs).toBeGreaterThan(0);
    expect(await label()).toEqual([5, 'default']);
    await withVars.build({ vars: { label: 'custom' } }, () => {});
    expect(await label()).toEqual([5, 'custom']);
    await withVars.build({}, () => {});
    expect(await label()).toEqual([5, 'default']);
    expect(reads).toBe(1);
  });

  it('names the file when a download fails', async () => {
    const broken = service(fetchImpl);
    await expect(broken.load({ wasmUrl: 'http://site/wasm', rawUrl: 'http://site/data/missing.sqlite' }, () => {})).rejects.toThrow(
      /Downloading http:\/\/site\/data\/missing\.sqlite failed: HTTP 404/,
    );
  });
});
