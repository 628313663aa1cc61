import { describe, expect, it } from 'vitest';
import {
  appendDelta,
  changedSourceSelection,
  memoryFiles,
  parseProject,
  readDeltaTables,
  run,
  type Database,
  type DeltaTable,
  type NodeEvent,
  type RunOutcome,
  type RunResults,
} from '../../../src/engine/index';
import { ENGINES, engineAvailable, openDb, parseFixture, rawDb, rows, type EngineName } from './helpers';

function results(outcome: RunOutcome): RunResults['results'] {
  return (outcome.runResults as RunResults).results;
}

function statusOf(outcome: RunOutcome, name: string): string {
  const r = results(outcome).find((x) => x.unique_id.split('.')[2] === name);
  if (!r) throw new Error(`no result for ${name}`);
  return r.status;
}

function resultOf(outcome: RunOutcome, name: string) {
  return results(outcome).find((x) => x.unique_id.split('.')[2] === name)!;
}

function relationType(db: Database, name: string): string | null {
  const r = db.query(`select type from sqlite_master where name = ?`, [name]).rows[0];
  return r ? String(r[0]) : null;
}

/** Rows of a relation, sorted, as JSON lines, for comparisons. */
function dump(db: Database, table: string): string[] {
  return db
    .query(`select * from "${table}"`)
    .rows.map((r) => JSON.stringify(r))
    .sort();
}

function applyDelta(db: Database, deltaDb: Database | DeltaTable[], key = 'delta-1') {
  return appendDelta(db, deltaDb, { loadKey: key, source: 'delta.sql' });
}

describe.each(ENGINES)('building the saas fixture on %s', (engine: EngineName) => {
  const test = it.skipIf(!engineAvailable(engine));

  test('builds every node in DAG order with one start and one end event each', async () => {
    const project = parseFixture('saas');
    const db = await rawDb(engine);
    const events: NodeEvent[] = [];
    const outcome = await run(project, db, { command: 'build', onEvent: (e) => events.push(e) });
    expect(outcome.ok).toBe(true);
    const total = outcome.selected.length;
    expect(total).toBe(32);
    expect(events.filter((e) => e.kind === 'start').map((e) => e.index)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(total);
    expect(events.every((e) => e.total === total)).toBe(true);
    expect(events.filter((e) => e.kind === 'end').every((e) => ['success', 'pass', 'warn'].includes(e.status!))).toBe(true);
    expect(relationType(db, 'stg_crm__accounts')).toBe('view');
    expect(relationType(db, 'dim_accounts')).toBe('table');
    expect(relationType(db, 'fct_invoices')).toBe('table');
    expect(relationType(db, 'int_account_revenue')).toBeNull();
    expect(relationType(db, 'stg_billing__subscriptions')).toBeNull();
    expect(rows(db, 'select account_id, billed_usd, paid_usd, mrr_usd, is_large_account from dim_accounts order by account_id')).toEqual([
      { account_id: 'A1', billed_usd: 240, paid_usd: 120, mrr_usd: 120, is_large_account: 0 },
      { account_id: 'A2', billed_usd: 98, paid_usd: 49, mrr_usd: 49, is_large_account: 0 },
      { account_id: 'A3', billed_usd: 0, paid_usd: 0, mrr_usd: 0, is_large_account: 0 },
    ]);
  });

  test('enforces the contract: declared column types on the built table', async () => {
    const db = await rawDb(engine);
    await run(parseFixture('saas'), db, { command: 'build' });
    const cols = rows(db, "select name, type, \"notnull\" as nn from pragma_table_info('dim_accounts')");
    expect(cols).toEqual([
      { name: 'account_id', type: 'TEXT', nn: 1 },
      { name: 'account_name', type: 'TEXT', nn: 0 },
      { name: 'industry', type: 'TEXT', nn: 0 },
      { name: 'billed_usd', type: 'REAL', nn: 0 },
      { name: 'paid_usd', type: 'REAL', nn: 0 },
      { name: 'mrr_usd', type: 'REAL', nn: 0 },
      { name: 'is_large_account', type: 'BOOLEAN', nn: 0 },
    ]);
  });

  test('absorbs the late batch incrementally (merge, delete+insert, append) and matches a full refresh', async () => {
    const project = parseFixture('saas');
    const db = await rawDb(engine);
    expect((await run(project, db, { command: 'build' })).ok).toBe(true);
    const delta = await rawDb(engine, 'saas', 'delta.sql');
    const loaded = applyDelta(db, delta);
    expect(loaded.tables).toEqual([
      { table: 'app__events', rows: 2 },
      { table: 'billing__invoices', rows: 3 },
    ]);
    const incremental = await run(project, db, { command: 'build' });
    expect(incremental.ok).toBe(true);
    expect(resultOf(incremental, 'fct_invoices').message).toBe('INSERT 2');
    expect(resultOf(incremental, 'fct_events').message).toBe('INSERT 2');
    expect(rows(db, "select invoice_id, status from fct_invoices where invoice_id in ('I3', 'I5') order by 1")).toEqual([
      { invoice_id: 'I3', status: 'paid' },
      { invoice_id: 'I5', status: 'open' },
    ]);
    expect(rows(db, 'select count(*) as n, count(distinct invoice_id) as d from fct_invoices')).toEqual([{ n: 5, d: 5 }]);
    const incrementalState = ['fct_invoices', 'fct_events', 'fct_account_months'].map((t) => dump(db, t));

    // The same raw data rebuilt from scratch gives the same tables.
    const fresh = await rawDb(engine);
    applyDelta(fresh, delta);
    expect((await run(project, fresh, { command: 'build', fullRefresh: true })).ok).toBe(true);
    expect(['fct_invoices', 'fct_events', 'fct_account_months'].map((t) => dump(fresh, t))).toEqual(incrementalState);
  });

  test('merges on a composite unique_key, updating only merge_update_columns', async () => {
    const db = await openDb(engine);
    db.exec("create table raw__prices (sku text, region text, price real, note text); insert into raw__prices values ('a', 'eu', 1, 'first'), ('a', 'us', 2, 'first');");
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: m\n',
        'models/s.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: prices\n',
        'models/prices.sql':
          "{{ config(materialized='incremental', unique_key=['sku', 'region'], incremental_strategy='merge', merge_update_columns=['price']) }}\nselect * from {{ source('raw', 'prices') }}",
      }),
    );
    await run(project, db, { command: 'run' });
    db.exec("delete from raw__prices; insert into raw__prices values ('a', 'eu', 10, 'second'), ('b', 'eu', 3, 'second');");
    const outcome = await run(project, db, { command: 'run' });
    expect(resultOf(outcome, 'prices').message).toBe('INSERT 2');
    expect(rows(db, 'select sku, region, price, note from prices order by sku, region')).toEqual([
      { sku: 'a', region: 'eu', price: 10, note: 'first' },
      { sku: 'a', region: 'us', price: 2, note: 'first' },
      { sku: 'b', region: 'eu', price: 3, note: 'second' },
    ]);
  });

  test("records a hard delete as a new version with hard_deletes='new_record'", async () => {
    const db = await rawDb(engine);
    const project = parseFixture('saas', {
      'snapshots/subscriptions.yml':
        "version: 2\nsnapshots:\n  - name: subscriptions_snapshot\n    relation: source('billing', 'subscriptions')\n    config:\n      unique_key: id\n      strategy: timestamp\n      updated_at: updated_at\n      hard_deletes: new_record\n",
    });
    await run(project, db, { command: 'snapshot', select: 'subscriptions_snapshot' });
    db.exec("delete from billing__subscriptions where id = 'S2'");
    await run(project, db, { command: 'snapshot', select: 'subscriptions_snapshot' });
    const s2 = rows(db, "select dbt_is_deleted, dbt_valid_to is null as current from subscriptions_snapshot where id = 'S2' order by dbt_valid_from, current");
    expect(s2).toEqual([
      { dbt_is_deleted: 'False', current: 0 },
      { dbt_is_deleted: 'True', current: 1 },
    ]);
  });

  test("snapshots with check_cols: all and dbt_valid_to_current, seeds with another delimiter", async () => {
    const db = await openDb(engine);
    db.exec("create table crm__people (id integer, name text, city text); insert into crm__people values (1, 'Ann', 'Oslo'), (2, 'Bo', 'Rome');");
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: c\n',
        'models/s.yml': 'version: 2\nsources:\n  - name: crm\n    tables:\n      - name: people\n',
        'snapshots/people.yml':
          "version: 2\nsnapshots:\n  - name: people_snapshot\n    relation: source('crm', 'people')\n    config:\n      unique_key: id\n      strategy: check\n      check_cols: all\n      dbt_valid_to_current: \"'9999-12-31'\"\n",
        'seeds/codes.csv': 'code;label\nA;first\nB;second\n',
        'seeds/codes.yml': 'version: 2\nseeds:\n  - name: codes\n    config:\n      delimiter: ";"\n',
      }),
    );
    expect((await run(project, db, { command: 'build' })).ok).toBe(true);
    expect(rows(db, 'select code, label from codes order by code')).toEqual([
      { code: 'A', label: 'first' },
      { code: 'B', label: 'second' },
    ]);
    db.exec("update crm__people set city = 'Bergen' where id = 1");
    await run(project, db, { command: 'snapshot' });
    expect(rows(db, 'select id, city, dbt_valid_to from people_snapshot order by id, dbt_valid_to')).toEqual([
      { id: 1, city: 'Oslo', dbt_valid_to: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) },
      { id: 1, city: 'Bergen', dbt_valid_to: '9999-12-31' },
      { id: 2, city: 'Rome', dbt_valid_to: '9999-12-31' },
    ]);
  });

  test('adds incremental_predicates to the delete of delete+insert', async () => {
    const db = await openDb(engine);
    db.exec("create table raw__days (day text, n integer); insert into raw__days values ('2024-01-01', 1), ('2024-01-02', 2);");
    const model = (predicate: string) =>
      parseProject(
        memoryFiles({
          'dbt_project.yml': 'name: d\n',
          'models/s.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: days\n',
          'models/days.sql': `{{ config(materialized='incremental', unique_key='day', incremental_strategy='delete+insert', incremental_predicates=["${predicate}"]) }}\nselect * from {{ source('raw', 'days') }}`,
        }),
      );
    await run(model("day >= '2000-01-01'"), db, { command: 'run' });
    db.exec("update raw__days set n = n * 10");
    // The predicate keeps 2024-01-01 out of the delete, so both versions of that day remain.
    await run(model("day >= '2024-01-02'"), db, { command: 'run' });
    expect(rows(db, 'select day, n from days order by day, n')).toEqual([
      { day: '2024-01-01', n: 1 },
      { day: '2024-01-01', n: 10 },
      { day: '2024-01-02', n: 20 },
    ]);
  });

  test('puts incremental_predicates in the match of merge, as dbt does: a row they leave unmatched is inserted', async () => {
    const db = await openDb(engine);
    db.exec("create table raw__ev (id integer, day text, val integer); insert into raw__ev values (1, '2024-01-01', 10), (2, '2024-01-02', 20);");
    const project = (config: string) =>
      parseProject(
        memoryFiles({
          'dbt_project.yml': 'name: d\n',
          'models/s.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: ev\n',
          'models/mp.sql': `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', ${config}) }}\nselect * from {{ source('raw', 'ev') }}`,
        }),
      );
    const predicated = project(`incremental_predicates=["DBT_INTERNAL_DEST.day >= '2024-01-02'"]`);
    await run(predicated, db, { command: 'run' });
    db.exec('update raw__ev set val = val + 1');
    await run(predicated, db, { command: 'run' });
    expect(rows(db, 'select id, val from mp order by id, val')).toEqual([
      { id: 1, val: 10 },
      { id: 1, val: 11 },
      { id: 2, val: 21 },
    ]);
    // Both column lists, or a column the model does not select, are refused.
    const both = await run(project("merge_update_columns=['val'], merge_exclude_columns=['day']"), db, { command: 'run' });
    expect(resultOf(both, 'mp').message).toMatch(/merge_update_columns and merge_exclude_columns cannot both be set/);
    const typo = await run(project("merge_update_columns=['vall']"), db, { command: 'run' });
    expect(resultOf(typo, 'mp').message).toMatch(/merge_update_columns names 'vall', which the model does not select \(its columns: id, day, val\)/);
  });

  test('refuses an incremental strategy SQLite lacks when the project is read, before anything is built', async () => {
    const parse = () =>
      parseProject(
        memoryFiles({
          'dbt_project.yml': 'name: d\n',
          'models/mb.sql': "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='day', batch_size='day') }}\nselect 1 as id",
        }),
      );
    expect(parse).toThrow(/model\.d\.mb has incremental_strategy 'microbatch', which this engine does not run on SQLite/);
    expect(parse).toThrow(/append, delete\+insert, merge/);
  });

  test('rebuilds incremental models from scratch with --full-refresh', async () => {
    const project = parseFixture('saas');
    const db = await rawDb(engine);
    await run(project, db, { command: 'build' });
    db.exec("insert into fct_events values ('bogus', 'A1', 'x', '2024-01-01', '2000-01-01')");
    await run(project, db, { command: 'run', select: 'fct_events' });
    expect(rows(db, "select count(*) as n from fct_events where event_id = 'bogus'")).toEqual([{ n: 1 }]);
    const refreshed = await run(project, db, { command: 'run', select: 'fct_events', fullRefresh: true });
    expect(resultOf(refreshed, 'fct_events').message).toBe('OK');
    expect(rows(db, "select count(*) as n from fct_events where event_id = 'bogus'")).toEqual([{ n: 0 }]);
  });

  test('handles on_schema_change: append_new_columns, ignore, sync_all_columns and fail', async () => {
    const base = parseFixture('saas');
    const db = await rawDb(engine);
    await run(base, db, { command: 'build' });
    const withColumn = (mode: string) =>
      parseFixture('saas', {
        'models/marts/product/fct_events.sql': `{{ config(materialized='incremental', on_schema_change='${mode}') }}\nselect event_id, account_id, event_name, event_at, loaded_at, upper(event_name) as event_upper\nfrom {{ ref('stg_app__events') }}\n{% if is_incremental() %}where loaded_at > (select max(loaded_at) from {{ this }}){% endif %}`,
      });
    const columns = () => rows(db, "select name from pragma_table_info('fct_events')").map((r) => r.name);

    expect((await run(withColumn('ignore'), db, { command: 'run', select: 'fct_events' })).ok).toBe(true);
    expect(columns()).not.toContain('event_upper');

    const failed = await run(withColumn('fail'), db, { command: 'run', select: 'fct_events' });
    expect(failed.ok).toBe(false);
    expect(resultOf(failed, 'fct_events').message).toMatch(/on_schema_change='fail'.*new columns \[event_upper\]/s);

    expect((await run(withColumn('append_new_columns'), db, { command: 'run', select: 'fct_events' })).ok).toBe(true);
    expect(columns()).toContain('event_upper');

    const fewer = parseFixture('saas', {
      'models/marts/product/fct_events.sql':
        "{{ config(materialized='incremental', on_schema_change='sync_all_columns') }}\nselect event_id, account_id from {{ ref('stg_app__events') }} where 0",
    });
    expect((await run(fewer, db, { command: 'run', select: 'fct_events' })).ok).toBe(true);
    expect(columns()).toEqual(['event_id', 'account_id']);
  });

  test('keeps the previous table when a rebuild fails (atomic replacement)', async () => {
    const db = await rawDb(engine);
    await run(parseFixture('saas'), db, { command: 'build' });
    const before = dump(db, 'dim_accounts');
    const broken = parseFixture('saas', { 'models/marts/dim_accounts.sql': 'select account_id, no_such_column from {{ ref(\'stg_crm__accounts\') }}' });
    const outcome = await run(broken, db, { command: 'run', select: 'dim_accounts' });
    expect(statusOf(outcome, 'dim_accounts')).toBe('error');
    expect(dump(db, 'dim_accounts')).toEqual(before);
    expect(relationType(db, 'dim_accounts__dbt_tmp')).toBeNull();
  });

  test('replaces a table in place, or beside it when its SQL reads the table it replaces', async () => {
    const db = await rawDb(engine);
    const counter = (files: Record<string, string>) =>
      memoryFiles({ 'dbt_project.yml': "name: p\nmodels:\n  p:\n    +materialized: table\n", ...files });
    // Reads its own previous version through {{ this }}: it must be built beside the old table, then swapped in.
    const selfReading = parseProject(
      counter({
        'models/runs.sql': "{% set old = load_relation(this) %}\nselect {% if old %}(select n + 1 from {{ this }}){% else %}1{% endif %} as n",
        'models/plain.sql': "select 'x' as v",
      }),
    );
    const executed: string[] = [];
    const recording: Database = { ...db, exec: (sql) => (executed.push(sql), db.exec(sql)), query: db.query, columns: db.columns, close: db.close };
    for (const expected of [1, 2, 3]) {
      const outcome = await run(selfReading, recording, { command: 'run' });
      expect(outcome.ok, resultOf(outcome, 'runs').message ?? '').toBe(true);
      expect(rows(db, 'select n from runs')).toEqual([{ n: expected }]);
    }
    // Renaming costs SQLite a parse of the whole schema: only the runs whose SQL reads the old table (2 and 3) pay it.
    expect(executed.filter((sql) => sql.startsWith('alter table'))).toEqual(Array(2).fill('alter table "runs__dbt_tmp" rename to "runs"'));
    expect(relationType(db, 'runs__dbt_tmp')).toBeNull();
    expect(relationType(db, 'plain__dbt_tmp')).toBeNull();
    expect(rows(db, 'select v from plain')).toEqual([{ v: 'x' }]);
  });

  test('fails a model whose output drifts from its contract, with a diff of the columns', async () => {
    const db = await rawDb(engine);
    const missing = parseFixture('saas', {
      'models/marts/dim_accounts.sql': "select account_id, account_name, industry, 1.0 as billed_usd, 1.0 as paid_usd, 1.0 as mrr_usd, 1 as is_large, 'x' as extra from {{ ref('stg_crm__accounts') }}",
    });
    const outcome = await run(missing, db, { command: 'run', select: '+dim_accounts' });
    const message = resultOf(outcome, 'dim_accounts').message!;
    expect(message).toContain('enforced contract that failed');
    expect(message).toMatch(/\| is_large_account +\| +\| boolean +\| missing in definition/);
    expect(message).toMatch(/\| extra +\| \? +\| +\| missing in contract/);
    expect(relationType(db, 'dim_accounts')).toBeNull();

    const wrongType = parseFixture('saas', {
      'models/marts/dim_accounts.sql':
        "select account_id, account_name, industry, 'lots' as billed_usd, 1.0 as paid_usd, 1.0 as mrr_usd, 0 as is_large_account from {{ ref('stg_crm__accounts') }}",
    });
    const typed = await run(wrongType, db, { command: 'run', select: 'dim_accounts' });
    expect(resultOf(typed, 'dim_accounts').message).toMatch(/\| billed_usd +\| text +\| real +\| data type mismatch/);
  });

  test('loads seeds with column_types, inferred types and NULL for empty cells', async () => {
    const db = await rawDb(engine);
    const outcome = await run(parseFixture('saas'), db, { command: 'seed' });
    expect(resultOf(outcome, 'plans').message).toBe('INSERT 3');
    expect(rows(db, "select name, type from pragma_table_info('plans')")).toEqual([
      { name: 'plan_id', type: 'TEXT' },
      { name: 'plan_name', type: 'TEXT' },
      { name: 'tier', type: 'INTEGER' },
      { name: 'monthly_price_usd', type: 'REAL' },
      { name: 'launched_on', type: 'DATE' },
    ]);
    expect(rows(db, "select typeof(tier) as t, monthly_price_usd as p, launched_on as d from plans where plan_id = 'enterprise'")).toEqual([
      { t: 'integer', p: null, d: '2023-06-01' },
    ]);
  });

  test('keeps SCD2 history in snapshots: timestamp and check strategies, hard deletes invalidated', async () => {
    const project = parseFixture('saas');
    const db = await rawDb(engine);
    await run(project, db, { command: 'build' });
    expect(rows(db, 'select id, dbt_valid_from, dbt_valid_to, length(dbt_scd_id) as l from subscriptions_snapshot order by id')).toEqual([
      { id: 'S1', dbt_valid_from: '2024-01-03 10:00:00', dbt_valid_to: null, l: 32 },
      { id: 'S2', dbt_valid_from: '2024-02-10 09:00:00', dbt_valid_to: null, l: 32 },
      { id: 'S3', dbt_valid_from: '2024-03-15 08:00:00', dbt_valid_to: null, l: 32 },
    ]);
    db.exec("update billing__subscriptions set status = 'canceled', updated_at = '2024-05-01 00:00:00' where id = 'S1'");
    db.exec("delete from billing__subscriptions where id = 'S2'");
    db.exec("update crm__accounts set name = 'Acme Corp' where id = 'A1'");
    const again = await run(project, db, { command: 'snapshot' });
    expect(again.ok).toBe(true);
    const subs = rows(db, 'select id, status, dbt_valid_from, dbt_valid_to from subscriptions_snapshot order by id, dbt_valid_from');
    expect(subs.filter((r) => r.id === 'S1')).toEqual([
      { id: 'S1', status: 'active', dbt_valid_from: '2024-01-03 10:00:00', dbt_valid_to: '2024-05-01 00:00:00' },
      { id: 'S1', status: 'canceled', dbt_valid_from: '2024-05-01 00:00:00', dbt_valid_to: null },
    ]);
    const s2 = subs.filter((r) => r.id === 'S2');
    expect(s2).toHaveLength(1);
    expect(s2[0]!.dbt_valid_to).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(subs.find((r) => r.id === 'S3')!.dbt_valid_to).toBeNull();
    const accounts = rows(db, "select account_name, dbt_valid_to is null as current from accounts_snapshot where account_id = 'A1' order by dbt_valid_from, current");
    expect(accounts).toEqual([
      { account_name: 'Acme', current: 0 },
      { account_name: 'Acme Corp', current: 1 },
    ]);
    // Nothing changed: nothing new.
    const third = await run(project, db, { command: 'snapshot' });
    expect(results(third).map((r) => r.message)).toEqual(['INSERT 0', 'INSERT 0']);
  });

  test('records test results: pass, warn, fail with exact counts, a capped sample and the compiled SQL', async () => {
    const db = await rawDb(engine);
    const many = Array.from({ length: 25 }, (_, i) => `select ${i} as n, 'x${i}' as label`).join(' union all ');
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: t\n',
        'models/m.sql': `{{ config(materialized='table') }}${many} union all select null, 'none'`,
        'models/schema.yml': `version: 2
models:
  - name: m
    columns:
      - name: n
        data_tests:
          - not_null
          - accepted_values:
              name: n_is_small
              values: ['0', '1']
              quote: false
          - accepted_values:
              name: n_is_small_warn
              values: ['0', '1']
              quote: false
              config:
                severity: warn
          - accepted_values:
              name: n_thresholds
              values: ['0']
              quote: false
              config:
                warn_if: '> 5'
                error_if: '> 100'
          - accepted_values:
              name: n_where_limit
              values: ['0']
              quote: false
              config:
                where: 'n < 10'
                limit: 3
          - unique:
              config:
                store_failures: true
      - name: label
        data_tests:
          - unique
`,
        'tests/bad_labels.sql': "select * from {{ ref('m') }} where label = 'none'",
      }),
    );
    const outcome = await run(project, db, { command: 'build' });
    expect(outcome.ok).toBe(false);
    const r = (name: string) => results(outcome).find((x) => project.nodes[x.unique_id]!.name === name)!;
    expect(r('not_null_m_n')).toMatchObject({ status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0' });
    const small = r('n_is_small');
    expect(small).toMatchObject({ status: 'fail', failures: 23 });
    expect(small.adapter_response.sample!.columns).toEqual(['value_field', 'n_records']);
    expect(small.adapter_response.sample!.rows).toHaveLength(20);
    expect(small.adapter_response.rows_affected).toBe(23);
    expect(small.compiled_code).toContain('where value_field not in (0, 1)');
    expect(r('n_is_small_warn')).toMatchObject({ status: 'warn', failures: 23, message: 'Got 23 results, configured to warn if != 0' });
    expect(r('n_thresholds')).toMatchObject({ status: 'warn', failures: 24 });
    expect(r('n_where_limit')).toMatchObject({ status: 'fail', failures: 3 });
    expect(r('unique_m_n')).toMatchObject({ status: 'pass', failures: 0, relation_name: '"main"."dbt_test__audit_unique_m_n"' });
    expect(relationType(db, 'dbt_test__audit_unique_m_n')).toBe('table');
    expect(r('unique_m_label')).toMatchObject({ status: 'pass', failures: 0 });
    expect(r('unique_m_label').adapter_response.sample).toBeUndefined();
    expect(r('bad_labels')).toMatchObject({ status: 'fail', failures: 1 });
    expect(r('bad_labels').adapter_response.sample).toEqual({ columns: ['n', 'label'], rows: [[null, 'none']] });
  });

  test('stores failing rows with store_failures', async () => {
    const db = await openDb(engine);
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: t\n',
        'models/m.sql': "{{ config(materialized='table') }}select 1 as id union all select 1 union all select 2",
        'models/schema.yml': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config:\n                store_failures: true\n',
      }),
    );
    await run(project, db, { command: 'build' });
    expect(rows(db, 'select unique_field, n_records from dbt_test__audit_unique_m_id')).toEqual([{ unique_field: 1, n_records: 2 }]);
    // store_failures_as wins over store_failures: a view, or nothing for ephemeral.
    const as = (kind: string) =>
      parseProject(
        memoryFiles({
          'dbt_project.yml': `name: t\ndata_tests:\n  t:\n    +store_failures_as: ${kind}\n`,
          'models/m.sql': "{{ config(materialized='table') }}select 1 as id union all select 1 union all select 2",
          'models/schema.yml': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config:\n                store_failures: true\n',
        }),
      );
    const relation = () => db.query("select type from sqlite_master where name = 'dbt_test__audit_unique_m_id'").rows.map((r) => r[0]);
    await run(as('view'), db, { command: 'build' });
    expect(relation()).toEqual(['view']);
    db.exec('drop view dbt_test__audit_unique_m_id');
    await run(as('ephemeral'), db, { command: 'build' });
    expect(relation()).toEqual([]);
    expect(() => as('incremental')).toThrow(/store_failures_as "incremental"/);
  });

  test('runs pre-hooks and post-hooks around a model', async () => {
    const db = await openDb(engine);
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: h\nmodels:\n  h:\n    +pre-hook: "create table if not exists audit (event text)"\n',
        'models/m.sql':
          "{{ config(materialized='table', post_hook=[\"insert into audit values ('built {{ this.identifier }}')\", 'create index if not exists m_id on m (id)']) }}select 1 as id",
      }),
    );
    expect((await run(project, db, { command: 'run' })).ok).toBe(true);
    expect(rows(db, 'select event from audit')).toEqual([{ event: 'built m' }]);
    expect(rows(db, "select name from sqlite_master where type = 'index' and name = 'm_id'")).toHaveLength(1);
  });

  test('undoes the build when a post-hook fails, and says the hook failed', async () => {
    const db = await openDb(engine);
    const files = (body: string, hook: string) =>
      memoryFiles({ 'dbt_project.yml': 'name: h\n', 'models/m.sql': `{{ config(materialized='table', post_hook=${JSON.stringify(hook)}) }}${body}` });
    expect((await run(parseProject(files('select 1 as x', 'select 1')), db, { command: 'run' })).ok).toBe(true);
    const failed = await run(parseProject(files('select 2 as x', 'select * from no_such_table')), db, { command: 'run' });
    expect(failed.ok).toBe(false);
    expect(resultOf(failed, 'm').message).toMatch(/post-hook failed: no such table: no_such_table; the model was left as it was before this run/);
    expect(rows(db, 'select x from m')).toEqual([{ x: 1 }]);
  });

  test('reports a SQL error with the model id, file and SQLite message, skips downstream, and runs independent branches', async () => {
    const project = parseFixture('broken');
    const db = await openDb(engine);
    const outcome = await run(project, db, { command: 'build' });
    expect(outcome.ok).toBe(false);
    const bad = resultOf(outcome, 'bad_sql');
    expect(bad.status).toBe('error');
    expect(bad.message).toContain('model.broken.bad_sql models/bad_sql.sql');
    expect(bad.message).toContain('no such column: no_such_column');
    expect(bad.compiled_code).toContain('select no_such_column');
    expect(statusOf(outcome, 'after_bad')).toBe('skipped');
    expect(resultOf(outcome, 'after_bad').message).toBe('skipped because model.broken.bad_sql failed');
    expect(statusOf(outcome, 'tested')).toBe('success');
    const notNull = results(outcome).find((r) => r.unique_id.startsWith('test.broken.not_null_tested_id'))!;
    expect(notNull.status).toBe('fail');
    expect(statusOf(outcome, 'after_tested')).toBe('skipped');
    for (const ok of ['good_source', 'downstream_of_good', 'independent']) expect(statusOf(outcome, ok)).toBe('success');
    expect(relationType(db, 'independent')).toBe('table');
    expect(relationType(db, 'after_tested')).toBeNull();
  });

  test('does not skip downstream models for a failing warn-severity test', async () => {
    const project = parseFixture('broken', {
      'models/schema.yml': 'version: 2\nmodels:\n  - name: tested\n    columns:\n      - name: id\n        data_tests:\n          - not_null:\n              config:\n                severity: warn\n',
    });
    const outcome = await run(project, await openDb(engine), { command: 'build', select: 'tested+' });
    expect(outcome.ok).toBe(true);
    expect(statusOf(outcome, 'after_tested')).toBe('success');
  });

  test('stops before the next node when aborted', async () => {
    const controller = new AbortController();
    const outcome = await run(parseFixture('saas'), await rawDb(engine), {
      command: 'build',
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'end' && e.index === 3) controller.abort();
      },
    });
    expect(outcome.cancelled).toBe(true);
    expect(outcome.ok).toBe(false);
    const statuses = results(outcome).map((r) => r.status);
    expect(statuses.slice(0, 3).every((s) => s !== 'skipped')).toBe(true);
    expect(statuses.slice(3).every((s) => s === 'skipped')).toBe(true);
    expect(results(outcome)[3]!.message).toBe('cancelled before it started');
  });

  test('compiles without building anything', async () => {
    const db = await rawDb(engine);
    const outcome = await run(parseFixture('saas'), db, { command: 'compile' });
    expect(outcome.ok).toBe(true);
    expect(results(outcome).every((r) => r.compiled_code !== null)).toBe(true);
    expect(relationType(db, 'dim_accounts')).toBeNull();
    expect(results(outcome).some((r) => r.unique_id === 'analysis.saas.revenue_by_industry')).toBe(true);
  });
});

describe('the same compiled SQL on both adapters', () => {
  it.skipIf(!engineAvailable('native'))('builds identical tables on sql.js and better-sqlite3', async () => {
    const project = parseFixture('saas');
    const [a, b] = [await rawDb('sqljs'), await rawDb('native')];
    await run(project, a, { command: 'build' });
    await run(project, b, { command: 'build' });
    const tables = ['dim_accounts', 'fct_invoices', 'fct_account_months', 'fct_events', 'plans', 'stg_crm__accounts'];
    for (const t of tables) expect(dump(b, t), t).toEqual(dump(a, t));
    const scd = 'select id, dbt_scd_id, dbt_valid_from from subscriptions_snapshot order by id';
    expect(b.query(scd).rows).toEqual(a.query(scd).rows);
  });
});

describe('appendDelta (backfill loads)', () => {
  it('appends the delta once per key, atomically, and records it in _loads', async () => {
    const db = await rawDb('sqljs');
    const delta = await rawDb('sqljs', 'saas', 'delta.sql');
    const first = applyDelta(db, delta, 'sha-1');
    expect(first).toMatchObject({ alreadyLoaded: false, rows: 5 });
    expect(rows(db, 'select count(*) as n from billing__invoices')).toEqual([{ n: 7 }]);
    const second = applyDelta(db, readDeltaTables(delta), 'sha-1');
    expect(second).toMatchObject({ alreadyLoaded: true, rows: 0 });
    expect(second.previousLoadAt).toMatch(/^\d{4}-/);
    expect(rows(db, 'select count(*) as n from billing__invoices')).toEqual([{ n: 7 }]);
    expect(rows(db, 'select load_key, tables, rows from _loads')).toEqual([{ load_key: 'sha-1', tables: 2, rows: 5 }]);
  });

  it('refuses a delta with an unknown table or column, naming it, and appends nothing', async () => {
    const db = await rawDb('sqljs');
    const unknownTable = [
      { name: 'app__events', columns: ['id'], rows: [['E9']] },
      { name: 'stripe__charge', columns: ['id'], rows: [['c1']] },
    ];
    expect(() => appendDelta(db, unknownTable, { loadKey: 'k', source: 'd.sqlite' })).toThrow(/table 'stripe__charge' that the warehouse does not have/);
    const unknownColumn = [{ name: 'app__events', columns: ['id', 'colour'], rows: [['E9', 'red']] }];
    expect(() => appendDelta(db, unknownColumn, { loadKey: 'k', source: 'd.sqlite' })).toThrow(/column\(s\) colour/);
    expect(rows(db, 'select count(*) as n from app__events')).toEqual([{ n: 4 }]);
    expect(rows(db, 'select count(*) as n from _loads')).toEqual([{ n: 0 }]);
  });

  it('selects what a load can change: the nodes downstream of the source tables that received rows', () => {
    // The fixture's sources read `<schema>__<identifier>`: source('billing', 'invoices') is billing__invoices.
    const sources = Object.values(parseFixture('saas').sources);
    const loaded = [
      { table: 'BILLING__INVOICES', rows: 3 },
      { table: 'app__events', rows: 2 },
      { table: 'billing__subscriptions', rows: 0 },
    ];
    expect(changedSourceSelection(sources, loaded)).toBe('source:app.events+ source:billing.invoices+');
    expect(changedSourceSelection(sources, [{ table: 'billing__subscriptions', rows: 0 }])).toBeNull();
    // A table no source reads selects nothing; `schema: main` sources read their identifier.
    expect(changedSourceSelection(sources, [{ table: 'invoices', rows: 1 }])).toBeNull();
    const main = { source_name: 'stripe', name: 'invoice', schema: 'main', identifier: 'stripe__invoice' };
    expect(changedSourceSelection([main], [{ table: 'stripe__invoice', rows: 1 }])).toBe('source:stripe.invoice+');
  });
});

describe('what a failure skips', () => {
  const project = () =>
    parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: p\n',
        'models/a.sql': 'select 1 as id union all select 1',
        'models/c.sql': "select id from {{ ref('a') }}",
        'models/props.yml': [
          'version: 2',
          'models:',
          '  - name: a',
          '    columns: [{name: id, data_tests: [unique]}]',
          '  - name: c',
          '    columns: [{name: id, data_tests: [not_null]}]',
        ].join('\n'),
      }),
    );
  const statusOfTest = (outcome: RunOutcome, prefix: string) => results(outcome).find((r) => r.unique_id.startsWith(`test.p.${prefix}`))?.status;

  it('in build, a failing test skips what is built on its model, and that node\'s tests', async () => {
    const outcome = await run(project(), await openDb('sqljs'), { command: 'build' });
    expect(statusOfTest(outcome, 'unique_a_id')).toBe('fail');
    expect(statusOf(outcome, 'c')).toBe('skipped');
    expect(statusOfTest(outcome, 'not_null_c_id')).toBe('skipped');
  });

  it('in test, every selected test runs: tests have no order between them there, as in dbt', async () => {
    const db = await openDb('sqljs');
    await run(project(), db, { command: 'run' });
    const outcome = await run(project(), db, { command: 'test' });
    expect(statusOfTest(outcome, 'unique_a_id')).toBe('fail');
    expect(statusOfTest(outcome, 'not_null_c_id')).toBe('pass');
  });
});

describe('seeds', () => {
  it('keeps integers past 2^53 exact, as 64-bit integers; a number past 64 bits is REAL, as a decimal would be', async () => {
    const db = await openDb('sqljs');
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: p\n',
        'seeds/ids.csv': 'id,big\n12345678901234567,1\n-9223372036854775808,2\n',
        'seeds/huge.csv': 'id\n99999999999999999999\n',
        'seeds/padded.csv': 'z\n0012\n0003\n',
      }),
    );
    const outcome = await run(project, db, { command: 'seed' });
    expect(outcome.ok).toBe(true);
    expect(db.query('select cast(id as text), typeof(id) from ids order by big').rows).toEqual([
      ['12345678901234567', 'integer'],
      ['-9223372036854775808', 'integer'],
    ]);
    expect(db.query('select typeof(id) from huge').rows).toEqual([['real']]);
    // Zero-padded integers are integers, as dbt reads them.
    expect(db.query('select z, typeof(z) from padded').rows).toEqual([
      [12, 'integer'],
      [3, 'integer'],
    ]);
  });

  it('reads true/false in any case as a boolean column and null as NULL, as dbt types a CSV', async () => {
    const db = await openDb('sqljs');
    const project = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: p\n',
        'seeds/s.csv': 'id,flag,note,amount,mixed\n1,true,null,1.5,true\n2,FALSE,x,NULL,yes\n3,True,,2,\n4,,"",,false\n',
      }),
    );
    const outcome = await run(project, db, { command: 'seed' });
    expect(outcome.ok).toBe(true);
    expect(db.query("select name, type from pragma_table_info('s')").rows).toEqual([
      ['id', 'INTEGER'],
      ['flag', 'BOOLEAN'],
      ['note', 'TEXT'],
      ['amount', 'REAL'],
      ['mixed', 'TEXT'],
    ]);
    expect(db.query('select flag, note, amount, mixed from s order by id').rows).toEqual([
      [1, null, 1.5, 'true'],
      [0, 'x', null, 'yes'],
      [1, null, 2, null],
      [null, null, null, 'false'],
    ]);
  });
});
