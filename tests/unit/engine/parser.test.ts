import { describe, expect, it } from 'vitest';
import { CompilationError, memoryFiles, parseProject, ParseError } from '../../../src/engine/index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { files, fixtureDir, parseFixture } from './helpers';

const saas = parseFixture('saas');
const node = (id: string) => {
  const n = saas.nodes[id];
  if (!n) throw new Error(`no node ${id}; have ${Object.keys(saas.nodes).join(', ')}`);
  return n;
};
const testsOf = (attached: string) =>
  Object.values(saas.nodes)
    .filter((n) => n.resource_type === 'test' && n.attached_node === attached)
    .map((n) => n.name)
    .sort();

describe('dbt_project.yml', () => {
  it('reads the name, the resource paths and the vars (global and project-scoped)', () => {
    expect(saas.name).toBe('saas');
    expect(saas.paths.tests).toEqual(['tests/data']);
    expect(saas.paths.seeds).toEqual(['seeds']);
    expect(saas.vars).toMatchObject({ start_date: '2024-01-01', large_invoice_usd: 500 });
  });

  it('lets vars passed to parseProject override the project vars', () => {
    const p = parseFixture('saas', {}, { start_date: '2024-03-01' });
    expect(p.vars.start_date).toBe('2024-03-01');
    expect(p.vars.large_invoice_usd).toBe(500);
  });

  it('applies folder configs (+materialized, +tags, +schema, +meta), most specific folder last', () => {
    expect(node('model.saas.stg_crm__accounts').config.materialized).toBe('view');
    expect(node('model.saas.stg_crm__accounts').tags).toEqual(['staging']);
    expect(node('model.saas.dim_accounts').config.materialized).toBe('table');
    expect(node('model.saas.int_account_revenue').config.materialized).toBe('ephemeral');
    const events = node('model.saas.fct_events');
    expect(events.tags).toEqual(['product']);
    expect(events.meta).toEqual({ owner: 'product-analytics' });
    // +schema is recorded but every relation lives in main.
    expect(events.config.schema).toBe('marts');
    expect(events.schema).toBe('main');
    expect(events.relation_name).toBe('"main"."fct_events"');
  });

  it('gives config() in the SQL precedence over the project file, and YAML config over the project file', () => {
    const invoices = node('model.saas.fct_invoices');
    expect(invoices.config).toMatchObject({
      materialized: 'incremental',
      unique_key: 'invoice_id',
      incremental_strategy: 'merge',
      on_schema_change: 'append_new_columns',
    });
    expect(invoices.config_call_dict).toMatchObject({ materialized: 'incremental' });
    expect(node('model.saas.fct_account_months').config.unique_key).toEqual(['account_id', 'month']);
    const dim = node('model.saas.dim_accounts');
    expect(dim.contract.enforced).toBe(true);
    expect(dim.meta).toEqual({ grain: 'one row per account', owner: 'finance' });
  });

  it('fails with the file and line when dbt_project.yml is missing or has no valid name', () => {
    expect(() => parseProject(memoryFiles({ 'models/a.sql': 'select 1' }))).toThrow(/dbt_project.yml not found/);
    const bad = () => parseProject(memoryFiles({ 'dbt_project.yml': 'version: 2\nname: 12-bad\n' }));
    expect(bad).toThrow(ParseError);
    expect(bad).toThrow(/dbt_project.yml, line 2/);
  });
});

describe('Jinja in configs written in YAML', () => {
  const project = (files: Record<string, string>, env: Record<string, string> = {}) =>
    parseProject(memoryFiles({ 'models/a.sql': 'select 1 as id', ...files }), { env, vars: { cli_tier: 'gold' } });

  it('renders dbt_project.yml configs with env_var, var and target, to booleans and numbers where the text is one', () => {
    const p = project(
      {
        'dbt_project.yml': [
          'name: p',
          'vars:',
          "  raw_var: \"{{ env_var('UNSET_ON_PURPOSE') }}\"",
          'models:',
          '  p:',
          "    +materialized: \"{{ env_var('MAT', 'view') }}\"",
          "    +enabled: \"{{ target.name == 'dev' }}\"",
          "    +tags: [\"{{ var('cli_tier') }}\", plain]",
          "    +meta: {threshold: \"{{ 2 * 3 }}\"}",
          "    +post-hook: \"select '{{ this }}'\"",
        ].join('\n'),
      },
      { MAT: 'table' },
    );
    const a = p.nodes['model.p.a']!;
    expect(a.config.materialized).toBe('table');
    expect(a.config.enabled).toBe(true);
    expect(a.tags).toEqual(['gold', 'plain']);
    expect(a.meta).toEqual({ threshold: 6 });
    // Hooks render when the node runs ({{ this }} is the node), and the vars block when var() reads it.
    expect(a.config['post-hook']).toEqual([expect.objectContaining({ sql: "select '{{ this }}'" })]);
    expect(p.vars.raw_var).toBe("{{ env_var('UNSET_ON_PURPOSE') }}");
  });

  it('renders config blocks in property YAML, keeping the text as written in unrendered_config', () => {
    const p = project({
      'dbt_project.yml': 'name: p\n',
      'models/a.yml': [
        'version: 2',
        'models:',
        '  - name: a',
        '    config:',
        "      materialized: \"{{ 'table' if target.name == 'dev' else 'view' }}\"",
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - not_null:',
        '              config:',
        "                severity: \"{{ env_var('SEVERITY', 'warn') }}\"",
        "                where: \"id > {{ 1 + 1 }}\"",
        'exposures:',
        '  - name: board',
        '    type: dashboard',
        '    owner: {name: Finance}',
        "    depends_on: [\"ref('a')\"]",
        '    config:',
        "      tags: [\"{{ 'fin' ~ 'ance' }}\"]",
        '      meta: {k: "{{ 1 + 1 }}"}',
      ].join('\n'),
    });
    const a = p.nodes['model.p.a']!;
    expect(a.config.materialized).toBe('table');
    expect(a.unrendered_config.materialized).toBe("{{ 'table' if target.name == 'dev' else 'view' }}");
    const test = Object.values(p.nodes).find((n) => n.resource_type === 'test')!;
    expect(test.config.severity).toBe('WARN');
    const exposure = p.exposures['exposure.p.board']!;
    expect(exposure.tags).toEqual(['finance']);
    expect(exposure.meta).toEqual({ k: 2 });
    expect(test.config.where).toBe('id > 2');
  });

  it('refuses an enabled that is text, as dbt does, and takes it converted with as_bool', () => {
    const file = (value: string) => ({ 'dbt_project.yml': `name: p\nmodels:\n  p:\n    +enabled: "${value}"\n` });
    expect(() => project(file("{{ env_var('FLAG', 'false') }}"))).toThrow(/model\.p\.a: enabled is "false", which is not true or false/);
    expect(() => project(file("{{ env_var('FLAG', 'false') }}"))).toThrow(/as_bool/);
    const off = project(file("{{ env_var('FLAG', 'false') | as_bool }}"));
    expect(off.nodes['model.p.a']).toBeUndefined();
    expect(off.disabled['model.p.a']).toBeDefined();
  });

  it("gives var() in dbt_project.yml the command line's vars only, not the file's own", () => {
    const file = { 'dbt_project.yml': "name: p\nvars:\n  mat: table\nmodels:\n  p:\n    +materialized: \"{{ var('mat') }}\"\n" };
    expect(() => parseProject(memoryFiles({ 'models/a.sql': 'select 1 as id', ...file }))).toThrow(/only the vars given with --vars/);
    const given = parseProject(memoryFiles({ 'models/a.sql': 'select 1 as id', ...file }), { vars: { mat: 'table' } });
    expect(given.nodes['model.p.a']!.config.materialized).toBe('table');
    // Models still read the file's vars.
    expect(given.vars.mat).toBe('table');
  });

  it('names the file and the key of a config whose Jinja fails', () => {
    const bad = () => project({ 'dbt_project.yml': "name: p\nmodels:\n  p:\n    +materialized: \"{{ env_var('NOT_SET_ANYWHERE') }}\"\n" });
    expect(bad).toThrow(/dbt_project\.yml/);
    expect(bad).toThrow(/models\.p\.\+materialized/);
    expect(bad).toThrow(/NOT_SET_ANYWHERE/);
  });
});

describe('what the engine does not read says so', () => {
  it('warns that selectors.yml is not read', () => {
    const p = parseProject(memoryFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': 'select 1 as id', 'selectors.yml': 'selectors:\n  - name: s\n    default: true\n    definition: a\n' }));
    expect(p.warnings.join('\n')).toMatch(/selectors\.yml: named selectors are not read by this engine/);
  });
});

describe("a data test's config", () => {
  const withConfig = (config: string) =>
    parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: p\n',
        'models/a.sql': 'select 1 as id',
        'models/a.yml': `version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config: ${config}\n`,
      }),
    );

  it('takes thresholds written as dbt writes them, and refuses others naming the key and the file', () => {
    expect(() => withConfig('{error_if: ">10", warn_if: "!= 0", limit: 5}')).not.toThrow();
    expect(() => withConfig('{error_if: "more than 10"}')).toThrow(/has error_if "more than 10", which is not a comparison with a number/);
    expect(() => withConfig('{error_if: "more than 10"}')).toThrow(/models\/a\.yml/);
    expect(() => withConfig('{limit: ten}')).toThrow(/has limit "ten", which is not a whole number/);
  });
});

describe('property YAML', () => {
  it('reads sources: the SQLite table (<schema>__<identifier>), loaded_at_field, freshness and doc() descriptions', () => {
    const invoices = saas.sources['source.saas.billing.invoices']!;
    expect(invoices.table).toBe('billing__invoices');
    expect(invoices.relation_name).toBe('"main"."billing__invoices"');
    expect(invoices.loaded_at_field).toBe('_loaded_at');
    expect(invoices.freshness).toEqual({ warn_after: { count: 12, period: 'hour' }, error_after: { count: 24, period: 'hour' } });
    const subs = saas.sources['source.saas.billing.subscriptions']!;
    expect(subs.loaded_at_field).toBe('updated_at');
    const accounts = saas.sources['source.saas.crm.accounts']!;
    expect(accounts.table).toBe('crm__accounts');
    expect(accounts.description).toContain('Accounts from the CRM');
  });

  it("uses a source's identifier as is when its schema is main", () => {
    const p = parseProject(
      memoryFiles({
        'dbt_project.yml': 'name: p',
        'models/s.yml': 'version: 2\nsources:\n  - name: stripe\n    schema: main\n    tables:\n      - name: invoice\n        identifier: stripe__invoice\n',
        'models/m.sql': "select * from {{ source('stripe', 'invoice') }}",
      }),
    );
    expect(p.sources['source.p.stripe.invoice']!.table).toBe('stripe__invoice');
  });

  it('renders {% docs %} blocks through doc() into column descriptions and records the blocks used', () => {
    const col = node('model.saas.dim_accounts').columns.account_id!;
    expect(col.description).toBe("The account's CRM id, the key every mart joins on.");
    expect(col.doc_blocks).toEqual(['doc.saas.account_id']);
    expect(col.data_type).toBe('text');
    expect(saas.docs['doc.saas.__overview__']!.block_contents).toContain('small B2B SaaS');
  });

  it('names generic tests like dbt and reads both argument styles and their config', () => {
    expect(testsOf('model.saas.stg_crm__accounts')).toEqual([
      'accepted_values_stg_crm__accounts_industry__software__retail',
      'not_null_stg_crm__accounts_account_id',
      'unique_stg_crm__accounts_account_id',
    ]);
    const accepted = Object.values(saas.nodes).find((n) => n.name === 'accepted_values_stg_crm__accounts_industry__software__retail')!;
    expect(accepted.config.severity).toBe('WARN');
    expect(accepted.test_metadata).toMatchObject({ name: 'accepted_values', kwargs: { values: ['software', 'retail'], column_name: 'industry' } });
    const topLevel = Object.values(saas.nodes).find((n) => n.name.startsWith('accepted_values_stg_billing__invoices_status'))!;
    expect(topLevel.name).toBe('accepted_values_stg_billing__invoices_status__paid__open__void');
    expect(topLevel.config.severity).toBe('ERROR');
  });

  it('makes a relationships test depend on both models and attaches it to the model it is declared on', () => {
    const rel = Object.values(saas.nodes).find((n) => n.test_metadata?.name === 'relationships')!;
    expect(rel.name).toBe('relationships_fct_invoices_account_id__account_id__ref_dim_accounts_');
    expect(rel.depends_on.nodes).toEqual(['model.saas.dim_accounts', 'model.saas.fct_invoices']);
    expect(rel.attached_node).toBe('model.saas.fct_invoices');
    expect(rel.unique_id).toMatch(/^test\.saas\.relationships_fct_invoices_account_id__account_id__ref_dim_accounts_\.[0-9a-f]{10}$/);
  });

  it('reads custom generic tests ({% test %}) with a where config, and source tests', () => {
    const positive = Object.values(saas.nodes).find((n) => n.name === 'is_positive_stg_billing__invoices_amount_usd')!;
    expect(positive.config.where).toBe("status <> 'void'");
    expect(positive.test_metadata?.name).toBe('is_positive');
    expect(testsOf('model.saas.fct_invoices')).toContain('is_positive_fct_invoices_amount_usd');
    const sourceTests = Object.values(saas.nodes).filter((n) => n.depends_on.nodes.includes('source.saas.billing.subscriptions') && n.resource_type === 'test');
    expect(sourceTests.map((n) => n.name).sort()).toEqual(['source_not_null_billing_subscriptions_id', 'source_unique_billing_subscriptions_id']);
  });

  it('reads singular tests from test-paths and analyses from analysis-paths', () => {
    const singular = node('test.saas.assert_paid_not_above_billed');
    expect(singular.depends_on.nodes).toEqual(['model.saas.dim_accounts']);
    expect(singular.test_metadata).toBeUndefined();
    expect(node('analysis.saas.revenue_by_industry').depends_on.nodes).toEqual(['model.saas.dim_accounts']);
  });

  it('reads seeds with column_types and snapshots from YAML and from {% snapshot %} blocks', () => {
    expect(node('seed.saas.plans').config.column_types).toEqual({ tier: 'integer', monthly_price_usd: 'real', launched_on: 'date' });
    expect(node('seed.saas.plans').tags).toEqual(['seed']);
    const yamlSnap = node('snapshot.saas.subscriptions_snapshot');
    expect(yamlSnap.config).toMatchObject({ unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at', hard_deletes: 'invalidate' });
    expect(yamlSnap.depends_on.nodes).toEqual(['source.saas.billing.subscriptions']);
    expect(yamlSnap.original_file_path).toBe('snapshots/subscriptions.yml');
    const blockSnap = node('snapshot.saas.accounts_snapshot');
    expect(blockSnap.config).toMatchObject({ unique_key: 'account_id', strategy: 'check', check_cols: ['account_name', 'industry'] });
    expect(blockSnap.depends_on.nodes).toEqual(['model.saas.stg_crm__accounts']);
    expect(blockSnap.engine.line).toBe(1);
  });

  it('records macros with their arguments, and which macros each node calls (macros calling macros)', () => {
    const macro = saas.macros['macro.saas.round_money']!;
    expect(macro.arguments.map((a) => a.name)).toEqual(['expression', 'digits']);
    expect(macro.original_file_path).toBe('macros/money.sql');
    expect(saas.macros['macro.saas.test_is_positive']).toBeDefined();
    expect(node('model.saas.stg_billing__invoices').depends_on.macros).toEqual(['macro.saas.cents_to_dollars', 'macro.saas.round_money']);
  });

  it('reads exposures and what they depend on', () => {
    const e = saas.exposures['exposure.saas.revenue_dashboard']!;
    expect(e.depends_on.nodes).toEqual(['model.saas.dim_accounts', 'model.saas.fct_invoices']);
    expect(e.owner).toEqual({ name: 'Finance', email: 'finance@example.com' });
    expect(e.maturity).toBe('high');
  });

  it('reports a YAML file that is not valid YAML with its file and line', () => {
    const err = (() => {
      try {
        parseFixture('bad-yaml');
      } catch (e) {
        return e as ParseError;
      }
      throw new Error('parsed');
    })();
    expect(err).toBeInstanceOf(ParseError);
    expect(err.file).toBe('models/schema.yml');
    expect(err.line).toBeGreaterThanOrEqual(7);
    expect(err.message).toMatch(/^models\/schema\.yml, line \d+: invalid YAML/);
  });

  it('warns that on-run-start and on-run-end hooks are not run', () => {
    const yml = readFileSync(join(fixtureDir('saas'), 'dbt_project.yml'), 'utf8');
    const p = parseFixture('saas', { 'dbt_project.yml': `${yml}\non-run-start: ["create table run_log (ev text)"]\non-run-end: []\n` });
    expect(p.warnings).toContain("dbt_project.yml: 'on-run-start' hooks are not run by this engine; they were ignored (use a model's pre_hook or post_hook)");
    expect(p.warnings.some((w) => w.includes('on-run-end'))).toBe(false);
  });

  it('refuses a test severity other than warn or error, naming the file and line', () => {
    const yaml =
      'version: 2\nmodels:\n  - name: stg_crm__accounts\n    columns:\n      - name: account_id\n        data_tests:\n          - not_null:\n              config: {severity: warning}\n';
    expect(() => parseFixture('saas', { 'models/staging/_staging__models.yml': yaml })).toThrow(
      /models\/staging\/_staging__models\.yml, line 7: test\.saas\.not_null_stg_crm__accounts_account_id\.\w+ has severity 'warning'\n\s+Use warn or error\./,
    );
    const warn = parseFixture('saas', { 'models/staging/_staging__models.yml': yaml.replace('warning', 'Warn') });
    expect(Object.values(warn.nodes).find((n) => n.name === 'not_null_stg_crm__accounts_account_id')?.config.severity).toBe('WARN');
  });

  it('rejects a malformed test definition, naming the file and line', () => {
    const yaml = 'version: 2\nmodels:\n  - name: stg_crm__accounts\n    columns:\n      - name: account_id\n        data_tests:\n          - unique: [1, 2]\n';
    expect(() => parseFixture('saas', { 'models/staging/_staging__models.yml': yaml })).toThrow(
      /models\/staging\/_staging__models\.yml, line 7: invalid test definition/,
    );
  });

  it('rejects two models with the same name', () => {
    expect(() => parseFixture('saas', { 'models/marts/stg_crm__accounts.sql': 'select 1' })).toThrow(/two models are named 'stg_crm__accounts'/);
  });

  it('warns that a project\'s own naming macros are not called', () => {
    const p = parseFixture('saas', { 'macros/naming.sql': '{% macro generate_alias_name(custom_alias_name=none, node=none) %}x_{{ node.name }}{% endmacro %}' });
    expect(p.warnings).toContain(
      "macros/naming.sql: 'generate_alias_name' is not called by this engine, which names every relation after the model's alias or name, in 'main' (docs/dbt-core.md)",
    );
  });

  it('rejects two resources built as the same table, and a model built over a raw table, as dbt does for the first', () => {
    const alias = () => parseFixture('saas', { 'models/marts/orders_v2.sql': "{{ config(alias='Dim_Accounts') }}select 1 as x" });
    expect(alias).toThrow(ParseError);
    expect(alias).toThrow(/model\.saas\.(orders_v2|dim_accounts) .* are both the relation "main"\."(Dim_Accounts|dim_accounts)": building one would overwrite the other/);
    // The source app.events is the raw table app__events.
    const overRaw = () => parseFixture('saas', { 'models/marts/app__events.sql': 'select 1 as x' });
    expect(overRaw).toThrow(/model\.saas\.app__events \(models\/marts\/app__events\.sql\) and the raw table of source\.saas\.app\.events are both the relation "main"\."app__events"/);
  });

  it('warns about a YAML entry that matches no model, and leaves disabled models (and their tests) out', () => {
    const p = parseFixture('saas', {
      'models/extra.yml': 'version: 2\nmodels:\n  - name: no_such_model\n',
      'models/marts/product/fct_events.sql': "{{ config(enabled=false) }}\nselect 1 as event_id",
    });
    expect(p.warnings.join('\n')).toContain("models entry 'no_such_model' matches no model");
    expect(p.nodes['model.saas.fct_events']).toBeUndefined();
    expect(p.disabled['model.saas.fct_events']).toHaveLength(1);
    expect(Object.values(p.nodes).some((n) => n.attached_node === 'model.saas.fct_events')).toBe(false);
  });

  it('fails on a ref to an unknown model with the file, line and the closest name', () => {
    const err = (() => {
      try {
        parseFixture('unknown-ref');
      } catch (e) {
        return e as CompilationError;
      }
      throw new Error('parsed');
    })();
    expect(err).toBeInstanceOf(CompilationError);
    expect(err.file).toBe('models/orders.sql');
    expect(err.line).toBe(3);
    expect(err.message).toContain("Did you mean 'stg_orders'?");
  });

  it('fails on an unknown source with a suggestion', () => {
    expect(() => parseFixture('saas', { 'models/staging/stg_app__events.sql': "select * from {{ source('app', 'event') }}" })).toThrow(
      /models\/staging\/stg_app__events\.sql, line 1: .*source\('app', 'event'\).*\n.*Did you mean 'app\.events'/,
    );
  });

  it('accepts Jinja trailing commas, as Python does', () => {
    const p = parseFixture('saas', {
      'models/marts/product/fct_events.sql': "{{ config(materialized='table', tags=['a', 'b',],) }}\nselect 1 as event_id",
    });
    expect(p.nodes['model.saas.fct_events']!.config.materialized).toBe('table');
    expect(p.nodes['model.saas.fct_events']!.tags).toEqual(['product', 'a', 'b']);
  });

  it('reads the project from any file source', () => {
    const f = files('saas');
    expect(f.list()).toContain('dbt_project.yml');
    expect(Object.keys(parseProject(f).nodes).length).toBe(Object.keys(saas.nodes).length);
  });
});
