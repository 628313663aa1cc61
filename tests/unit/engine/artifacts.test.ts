import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  catalog,
  dataDictionary,
  run,
  type Catalog,
  type Manifest,
  type RunOutcome,
  type RunResults,
} from '../../../src/engine/index';
import { fixtureFiles, openDb, parseFixture, rawDb } from './helpers';
import { ARTIFACT_SCHEMAS, errorsOf, PROJECT_SCHEMAS, schemasPresent, validator } from './schemas';

async function builtSaas(): Promise<{ outcome: RunOutcome; manifest: Manifest; runResults: RunResults; catalog: Catalog }> {
  const project = parseFixture('saas');
  const db = await rawDb('sqljs');
  const outcome = await run(project, db, { command: 'build' });
  return {
    outcome,
    manifest: outcome.manifest as Manifest,
    runResults: outcome.runResults as RunResults,
    catalog: catalog(project, db) as Catalog,
  };
}

const saas = await builtSaas();

async function brokenRun(): Promise<RunOutcome> {
  return run(parseFixture('broken'), await openDb('sqljs'), { command: 'build' });
}

describe.skipIf(!schemasPresent(ARTIFACT_SCHEMAS))("artifacts validate against dbt's schemas", () => {
  it('manifest.json (v12), including disabled nodes', async () => {
    const validate = validator(ARTIFACT_SCHEMAS, 'manifest-v12.json');
    expect(validate(saas.manifest), errorsOf(validate)).toBe(true);
    const withDisabled = await run(
      parseFixture('saas', { 'models/marts/product/fct_events.sql': '{{ config(enabled=false) }}select 1 as event_id' }),
      await rawDb('sqljs'),
      { command: 'compile' },
    );
    const disabled = Object.keys((withDisabled.manifest as Manifest).disabled);
    expect(disabled).toContain('model.saas.fct_events');
    expect(disabled.some((id) => id.startsWith('test.saas.not_null_fct_events_event_id.'))).toBe(true);
    expect(validate(withDisabled.manifest), errorsOf(validate)).toBe(true);
  });

  it('run_results.json (v6), for a clean build and for one with errors, failures and skips', async () => {
    const validate = validator(ARTIFACT_SCHEMAS, 'run-results-v6.json');
    expect(validate(saas.runResults), errorsOf(validate)).toBe(true);
    const broken = await brokenRun();
    expect(validate(broken.runResults), errorsOf(validate)).toBe(true);
  });

  it('catalog.json (v1)', () => {
    const validate = validator(ARTIFACT_SCHEMAS, 'catalog-v1.json');
    expect(validate(saas.catalog), errorsOf(validate)).toBe(true);
  });
});

describe.skipIf(!schemasPresent(PROJECT_SCHEMAS))("the fixtures' project files validate against dbt-jsonschema", () => {
  const fixtures = ['saas', 'broken', 'cycle', 'unknown-ref', 'jinja-syntax'];
  it.each(fixtures)('%s', (name) => {
    const files = fixtureFiles(name);
    const project = validator(PROJECT_SCHEMAS, 'dbt_project-latest.json');
    expect(project(parseYaml(files['dbt_project.yml']!)), errorsOf(project)).toBe(true);
    const properties = validator(PROJECT_SCHEMAS, 'dbt_yml_files-latest.json');
    const yamlFiles = Object.keys(files).filter((f) => f !== 'dbt_project.yml' && /\.ya?ml$/.test(f));
    for (const f of yamlFiles) expect(properties(parseYaml(files[f]!)), `${f}\n${errorsOf(properties)}`).toBe(true);
  });

  it('and the validator does reject a broken property file', () => {
    const properties = validator(PROJECT_SCHEMAS, 'dbt_yml_files-latest.json');
    expect(properties({ version: 2, models: [{ description: 'no name' }] })).toBe(false);
    expect(properties({ version: 3 })).toBe(false);
  });
});

describe('run_results carry what the site shows for each test', () => {
  it('status, failure count, message, compiled SQL and a sample of failing rows', async () => {
    const broken = (await brokenRun()).runResults as RunResults;
    const notNull = broken.results.find((r) => r.unique_id.startsWith('test.broken.not_null_tested_id'))!;
    expect(notNull).toMatchObject({
      status: 'fail',
      failures: 1,
      message: 'Got 1 result, configured to fail if != 0',
      compiled: true,
      relation_name: null,
      adapter_response: { _message: 'FAIL 1', rows_affected: 1, sample: { columns: ['id'], rows: [[null]] } },
    });
    expect(notNull.compiled_code).toBe('select *\nfrom "main"."tested"\nwhere id is null');
    expect(notNull.timing.map((t) => t.name)).toEqual(['compile', 'execute']);
    expect(notNull.execution_time).toBeGreaterThan(0);
    expect(broken.args).toMatchObject({ which: 'build' });
  });
});

describe('manifest.json', () => {
  const m = saas.manifest;

  it('holds every node with its compiled SQL, and the sources, macros, docs and exposures', () => {
    expect(m.metadata).toMatchObject({ project_name: 'saas', adapter_type: 'sqlite', dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' });
    const dim = m.nodes['model.saas.dim_accounts']!;
    expect(dim.compiled).toBe(true);
    expect(dim.compiled_code).toContain('with __dbt__cte__int_account_revenue as (');
    expect(dim.relation_name).toBe('"main"."dim_accounts"');
    expect(dim.contract).toEqual({ enforced: true, alias_types: true, checksum: null });
    expect(m.nodes['model.saas.int_account_revenue']!.compiled).toBe(false);
    expect(m.sources['source.saas.billing.invoices']!.relation_name).toBe('"main"."billing__invoices"');
    expect(m.macros['macro.saas.cents_to_dollars']).toBeDefined();
    expect(m.docs['doc.saas.account_id']).toBeDefined();
    expect(m.exposures['exposure.saas.revenue_dashboard']).toBeDefined();
  });

  it('has parent and child maps over the whole graph', () => {
    expect(m.parent_map['model.saas.fct_invoices']).toEqual(['model.saas.stg_billing__invoices']);
    expect(m.child_map['source.saas.app.events']).toEqual(['model.saas.stg_app__events']);
    expect(m.parent_map['exposure.saas.revenue_dashboard']).toEqual(['model.saas.dim_accounts', 'model.saas.fct_invoices']);
  });
});

describe('catalog.json', () => {
  it('has each relation with column types (declared or observed) and row counts', () => {
    const dim = saas.catalog.nodes['model.saas.dim_accounts']!;
    expect(dim.metadata).toMatchObject({ type: 'table', schema: 'main', name: 'dim_accounts' });
    expect(dim.columns.billed_usd).toEqual({ type: 'REAL', index: 4, name: 'billed_usd', comment: null });
    expect(dim.stats.row_count!.value).toBe(3);
    const view = saas.catalog.nodes['model.saas.stg_crm__accounts']!;
    expect(view.metadata.type).toBe('view');
    expect(view.columns.account_id!.type).toBe('TEXT');
    const months = saas.catalog.nodes['model.saas.fct_account_months']!;
    expect(months.columns.invoices!.type).toBe('INTEGER');
    expect(saas.catalog.sources['source.saas.billing.invoices']!.stats.row_count!.value).toBe(4);
    expect(saas.catalog.nodes['model.saas.int_account_revenue']).toBeUndefined();
  });

  it('counts rows of tables only: counting a view would run its whole query (dbt gives views no stats either)', () => {
    const view = saas.catalog.nodes['model.saas.stg_crm__accounts']!;
    expect(view.stats.row_count).toBeUndefined();
    expect(view.stats.has_stats!.value).toBe(false);
    expect(saas.catalog.nodes['model.saas.dim_accounts']!.stats.has_stats!.value).toBe(true);
  });

  it('still describes every other relation when a view is broken, and names the broken one', async () => {
    const project = parseFixture('saas');
    const db = await rawDb('sqljs');
    await run(project, db, { command: 'build' });
    const healthy = catalog(project, db) as Catalog;
    db.exec('create table crm__accounts_gone as select * from crm__accounts; drop table crm__accounts;');
    const broken = catalog(project, db) as Catalog;
    expect(broken.errors).toEqual([expect.stringMatching(/^model\.saas\.stg_crm__accounts: .*no such table/)]);
    expect(broken.nodes['model.saas.stg_crm__accounts']).toBeUndefined();
    expect(broken.nodes['model.saas.dim_accounts']).toEqual(healthy.nodes['model.saas.dim_accounts']);
    expect(Object.keys(broken.nodes)).toHaveLength(Object.keys(healthy.nodes).length - 1);
  });
});

describe('the data dictionary', () => {
  const md = dataDictionary(saas.manifest, saas.catalog, { preamble: 'Generated.' });

  it('documents each mart: description, grain, materialization, and columns with type, description and tests', () => {
    expect(md).toContain('### dim_accounts');
    expect(md).toContain('One row per live account, with its revenue.');
    expect(md).toContain('- **Grain:** one row per account');
    expect(md).toContain('- **Materialization:** table, contract enforced');
    expect(md).toContain("| `account_id` | text | The account's CRM id, the key every mart joins on. | unique, not_null |");
    expect(md).toContain('| `account_id` | TEXT |  | relationships (→ dim_accounts.account_id) |');
    expect(md).toContain('- **Materialization:** incremental (strategy merge, unique_key invoice_id)');
    expect(md).toContain('- **Rows (last build):** 3');
    expect(md).toContain('- **Tests:** assert_paid_not_above_billed (singular)');
  });

  it('covers seeds and snapshots, and leaves staging models out', () => {
    expect(md).toContain('## Seeds');
    expect(md).toContain('### plans');
    expect(md).toContain('| `tier` | INTEGER |');
    expect(md).toContain('### subscriptions_snapshot');
    expect(md).toContain('snapshot (timestamp strategy, unique_key id)');
    expect(md).not.toContain('### stg_crm__accounts');
  });

  it('matches its snapshot (an example of the whole document)', async () => {
    const normalized = md.replace(/\r\n/g, '\n');
    await expect(normalized).toMatchFileSnapshot('./__snapshots__/data-dictionary.md');
  });
});
