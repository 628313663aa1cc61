import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { changedSourceSelection, memoryFiles } from '../../../src/engine/index';
import type { BackfillReport, ProgressEvent, WorkerApi } from '../../../src/shared/worker-api';
import { createWarehouseService } from '../../../src/worker/warehouse-service';

/**
 * The late batch applied by the worker, on a small project: the people of a
 * CRM (one changes team, one arrives late), a snapshot of them, a table of
 * headline numbers, and a team table the batch does not touch.
 */

const WASM = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));

const PROJECT = memoryFiles({
  'dbt_project.yml': "name: bf\nversion: '1.0.0'\nconfig-version: 2\nprofile: bf\nmodel-paths: ['models']\nsnapshot-paths: ['snapshots']\n",
  'models/sources.yml': `version: 2
sources:
  - name: crm
    schema: main
    tables:
      - name: people
        identifier: crm__people
      - name: teams
        identifier: crm__teams
`,
  'models/stg_crm__people.sql': `select id as person_id, team from (
  select *, row_number() over (partition by id order by loaded_at desc) as newest
  from {{ source('crm', 'people') }}
) where newest = 1
`,
  'models/dim_teams.sql': "{{ config(materialized='table') }}\nselect team, colour from {{ source('crm', 'teams') }}\n",
  'models/int_metric_values_unioned.sql': `{{ config(materialized='table') }}
select 'people' as metric, 'month' as period_grain, '2026-10-01' as period, count(*) as value from {{ ref('stg_crm__people') }}
union all
select 'red_people', 'month', '2026-10-01', count(*) from {{ ref('stg_crm__people') }} where team = 'red'
union all
select 'teams', 'month', '2026-10-01', count(*) from {{ source('crm', 'teams') }}
`,
  'models/_models.yml': `version: 2
models:
  - name: stg_crm__people
    columns:
      - name: person_id
        data_tests: [unique, not_null]
  - name: dim_teams
    columns:
      - name: team
        data_tests: [unique]
`,
  'snapshots/snap_people.sql': `{% snapshot snap_people %}
{{ config(unique_key='person_id', strategy='check', check_cols=['team']) }}
select * from {{ ref('stg_crm__people') }}
{% endsnapshot %}
`,
});

async function sqliteFile(sql: string): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(sql);
  const bytes = db.export();
  db.close();
  return bytes;
}

const TABLES = 'create table crm__people (id integer, team text, loaded_at text); create table crm__teams (team text, colour text);';

describe('applying the late batch in the worker', () => {
  let api: WorkerApi;
  let report: BackfillReport;
  const events: ProgressEvent[] = [];
  let fetches = 0;

  beforeAll(async () => {
    const raw = await sqliteFile(`${TABLES}
      insert into crm__people values (1, 'red', '2026-10-01'), (2, 'blue', '2026-10-01'), (3, 'red', '2026-10-02'), (4, 'red', '2026-10-03'), (5, 'blue', '2026-10-03');
      insert into crm__teams values ('red', '#c00'), ('blue', '#00c');`);
    const delta = await sqliteFile(`${TABLES}
      insert into crm__people values (3, 'blue', '2026-11-02'), (6, 'red', '2026-11-03');`);
    const files: Record<string, Uint8Array> = {
      'http://site/wasm': WASM,
      'http://site/data/raw_sources.sqlite.gz': gzipSync(raw),
      'http://site/data/raw_sources_delta.sqlite.gz': gzipSync(delta),
    };
    api = createWarehouseService({
      initSqlJs: (options) => initSqlJs(options as SqlJsConfig),
      projectFiles: () => PROJECT,
      fetch: async (input) => {
        fetches++;
        const bytes = files[String(input)];
        return bytes ? new Response(bytes) : new Response('missing', { status: 404 });
      },
    });
    await api.load({ wasmUrl: 'http://site/wasm', rawUrl: 'http://site/data/raw_sources.sqlite.gz' }, () => {});
    const built = await api.build({}, () => {});
    expect(built.ok).toBe(true);
    report = await api.backfill({ deltaUrl: 'http://site/data/raw_sources_delta.sqlite.gz' }, (e) => events.push(e));
  });

  it('says what arrived, table by table', () => {
    expect(report.arrived).toEqual([
      { table: 'crm__people', rows: 2 },
      { table: 'crm__teams', rows: 0 },
    ]);
    expect(report.alreadyApplied).toBe(false);
  });

  it('builds only what lies downstream of the tables that received rows', () => {
    expect(report.selection).toBe('source:crm.people+');
    const status = Object.fromEntries(report.nodes.map((n) => [n.name, n.status]));
    expect(status).toEqual({
      stg_crm__people: 'success',
      int_metric_values_unioned: 'success',
      snap_people: 'success',
      dim_teams: 'not selected',
    });
    expect(report.nodes.find((n) => n.name === 'snap_people')).toMatchObject({ resourceType: 'snapshot', materialized: 'snapshot' });
    // The two tests of stg_crm__people ran; dim_teams' did not.
    expect(report.build.counts).toMatchObject({ built: 3, pass: 2, fail: 0, errors: 0 });
    const phases = events.filter((e) => e.kind === 'phase' && e.state === 'end').map((e) => (e.kind === 'phase' ? e.phase : ''));
    expect(phases).toEqual(['download', 'append', 'build', 'measure']);
    expect(report.timings.total).toBeGreaterThanOrEqual(report.timings.build);
  });

  it('shows the snapshot gaining a version for the person who changed team and one for the newcomer', () => {
    expect(report.snapshots).toEqual([{ name: 'snap_people', before: { versions: 5, current: 5 }, after: { versions: 7, current: 6 } }]);
  });

  it('lists the restated numbers before and after, from the metric table when there is no restatement mart', () => {
    expect(report.restatementSource).toBe('int_metric_values_unioned');
    expect(report.restatements).toEqual([
      { metric: 'people', periodGrain: 'month', period: '2026-10-01', before: 5, after: 6, change: 1, changeRatio: 0.2 },
    ]);
    // red_people stays 3 (3 left red, 6 joined it); teams did not move.
    expect(report.metrics.map((m) => [m.metric, m.before, m.after])).toEqual([
      ['people', 5, 6],
      ['red_people', 3, 3],
      ['teams', 2, 2],
    ]);
  });

  it('keeps an outcome for every node: the new results laid over the first build', async () => {
    const artifacts = (await api.artifacts())!;
    const ids = artifacts.runResults.results.map((r) => r.unique_id);
    expect(ids.filter((id) => id.startsWith('model.bf.dim_teams'))).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(report.summary.counts).toMatchObject({ built: 4, pass: 3, fail: 0 });
  });

  it('applies the same batch only once', async () => {
    const again = await api.backfill({ deltaUrl: 'http://site/data/raw_sources_delta.sqlite.gz' }, () => {});
    expect(again.alreadyApplied).toBe(true);
    expect(again.nodes).toEqual([]);
    expect((await api.query('select count(*) from crm__people')).rows).toEqual([[7]]);
  });

  it('resets to batch 1 from the copy kept before the first batch, and can apply it again', async () => {
    const summary = await api.reset();
    expect(summary.counts).toMatchObject({ built: 4, pass: 3 });
    expect((await api.query('select count(*) from crm__people')).rows).toEqual([[5]]);
    expect((await api.query('select count(*) from snap_people')).rows).toEqual([[5]]);
    expect((await api.query("select value from int_metric_values_unioned where metric = 'people'")).rows).toEqual([[5]]);
    await expect(api.reset()).rejects.toThrow(/nothing to reset/);
    const before = fetches;
    const second = await api.backfill({ deltaUrl: 'http://site/data/raw_sources_delta.sqlite.gz' }, () => {});
    expect(fetches).toBe(before + 1);
    expect(second.alreadyApplied).toBe(false);
    expect(second.restatements).toHaveLength(1);
  });

  it('names the selection from the manifest, and none when nothing arrived', async () => {
    const artifacts = (await api.artifacts())!;
    const sources = Object.values(artifacts.manifest.sources);
    expect(changedSourceSelection(sources, [{ table: 'CRM__TEAMS', rows: 1 }])).toBe('source:crm.teams+');
    expect(changedSourceSelection(sources, [{ table: 'crm__people', rows: 0 }])).toBeNull();
  });
});
