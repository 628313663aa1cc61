import { describe, expect, it } from 'vitest';
import { CycleError, listNodes, SelectionError, selectionWarnings, type AnyNode } from '../../../src/engine/index';
import { skippedBy } from '../../../src/engine/graph/plan';
import { parseSelection } from '../../../src/engine/graph/selector';
import { parseFixture } from './helpers';

const saas = parseFixture('saas');

/** Names of the non-test nodes a selection picks for `ls`. */
function pick(select: string, exclude?: string): string[] {
  return listNodes(saas, 'ls', { select, exclude })
    .map((id): AnyNode => saas.nodes[id] ?? saas.sources[id] ?? saas.exposures[id]!)
    .filter((n) => n.resource_type !== 'test')
    .map((n) => (n.resource_type === 'source' ? `source:${n.source_name}.${n.name}` : n.name))
    .sort();
}

describe('selection syntax', () => {
  it('selects by name, with parents (+name, n+name) and children (name+, name+n)', () => {
    expect(pick('dim_accounts')).toEqual(['dim_accounts']);
    expect(pick('+dim_accounts')).toEqual([
      'dim_accounts',
      'int_account_revenue',
      'source:billing.invoices',
      'source:billing.subscriptions',
      'source:crm.accounts',
      'stg_billing__invoices',
      'stg_billing__subscriptions',
      'stg_crm__accounts',
    ]);
    expect(pick('1+dim_accounts')).toEqual(['dim_accounts', 'int_account_revenue', 'stg_billing__subscriptions', 'stg_crm__accounts']);
    expect(pick('stg_billing__invoices+1')).toEqual(['fct_account_months', 'fct_invoices', 'int_account_revenue', 'stg_billing__invoices']);
    expect(pick('stg_billing__invoices+')).toEqual([
      'dim_accounts',
      'fct_account_months',
      'fct_invoices',
      'int_account_revenue',
      'revenue_by_industry',
      'revenue_dashboard',
      'stg_billing__invoices',
    ]);
  });

  it('selects @name: the node, its descendants and their ancestors', () => {
    expect(pick('@stg_crm__accounts')).toEqual(
      expect.arrayContaining(['stg_crm__accounts', 'dim_accounts', 'accounts_snapshot', 'stg_billing__invoices', 'source:billing.subscriptions']),
    );
    expect(pick('@stg_crm__accounts')).not.toContain('fct_events');
  });

  it('selects by tag, path, source, resource_type, config, file and folder (fqn)', () => {
    expect(pick('tag:finance')).toEqual(['fct_account_months', 'fct_invoices']);
    expect(pick('path:models/marts')).toEqual(['dim_accounts', 'fct_account_months', 'fct_events', 'fct_invoices']);
    expect(pick('models/marts/product')).toEqual(['fct_events']);
    expect(pick('source:billing')).toEqual(['source:billing.invoices', 'source:billing.subscriptions']);
    expect(pick('source:app+')).toEqual(['fct_events', 'source:app.events', 'stg_app__events']);
    expect(pick('resource_type:seed')).toEqual(['plans']);
    expect(pick('resource_type:snapshot')).toEqual(['accounts_snapshot', 'subscriptions_snapshot']);
    expect(pick('config.materialized:incremental')).toEqual(['fct_account_months', 'fct_events', 'fct_invoices']);
    expect(pick('stg_crm__accounts.sql')).toEqual(['stg_crm__accounts']);
    expect(pick('staging')).toEqual(['stg_app__events', 'stg_billing__invoices', 'stg_billing__subscriptions', 'stg_crm__accounts']);
    expect(pick('stg_billing*')).toEqual(['stg_billing__invoices', 'stg_billing__subscriptions']);
    expect(pick('exposure:revenue_dashboard')).toEqual(['revenue_dashboard']);
  });

  it('selects by a nested config key, as dbt does (config.meta.owner:product)', () => {
    const p = parseFixture('saas', { 'models/marts/product/fct_events.sql': "{{ config(meta={'owner': 'product'}) }}select 1 as event_id" });
    expect(listNodes(p, 'ls', { select: 'config.meta.owner:product', resourceTypes: ['model'] })).toEqual(['model.saas.fct_events']);
    expect(listNodes(p, 'ls', { select: 'config.meta.owner:finance', resourceTypes: ['model'] })).toContain('model.saas.dim_accounts');
    expect(listNodes(p, 'ls', { select: 'config.meta.owner:nobody' })).toEqual([]);
  });

  it('selects tests by type and name', () => {
    const singular = listNodes(saas, 'ls', { select: 'test_type:singular' });
    expect(singular).toEqual(['test.saas.assert_paid_not_above_billed']);
    const rel = listNodes(saas, 'ls', { select: 'test_name:relationships' });
    expect(rel).toHaveLength(1);
  });

  it('intersects a model with a test criterion through the model’s tests, as dbt does', () => {
    const ids = (select: string) => listNodes(saas, 'test', { select });
    const singular = saas.nodes['test.saas.assert_paid_not_above_billed']!;
    const model = saas.graph.parents.get(singular.unique_id)!.map((id) => saas.nodes[id]!.name)[0]!;
    const generic = ids(`${model},test_type:generic`);
    expect(generic.length).toBeGreaterThan(0);
    expect(generic).toEqual(ids(model).filter((id) => saas.nodes[id]!.test_metadata));
    expect(ids(`${model},test_type:singular`)).toEqual([singular.unique_id]);
    expect(ids(`${model},test_name:not_null`).map((id) => saas.nodes[id]!.test_metadata?.name)).toEqual(['not_null']);
    expect(ids(`${model},tag:nope`)).toEqual([]);
  });

  it('unions with spaces, intersects with commas, and removes --exclude', () => {
    expect(pick('tag:finance tag:product')).toEqual(['fct_account_months', 'fct_events', 'fct_invoices']);
    expect(pick('path:models/marts,config.materialized:incremental,tag:finance')).toEqual(['fct_account_months', 'fct_invoices']);
    expect(pick('path:models/marts', 'dim_accounts tag:product')).toEqual(['fct_account_months', 'fct_invoices']);
  });

  it('adds the tests of selected models to build and test (eager), and leaves them out of run', () => {
    const build = listNodes(saas, 'build', { select: 'fct_invoices' }).map((id) => saas.nodes[id]!.name);
    expect(build).toEqual([
      'fct_invoices',
      'unique_fct_invoices_invoice_id',
      'not_null_fct_invoices_invoice_id',
      'relationships_fct_invoices_account_id__account_id__ref_dim_accounts_',
      'is_positive_fct_invoices_amount_usd',
    ]);
    expect(listNodes(saas, 'run', { select: 'fct_invoices' })).toEqual(['model.saas.fct_invoices']);
    const tests = listNodes(saas, 'test', { select: 'dim_accounts' }).map((id) => saas.nodes[id]!.name);
    expect(tests.sort()).toEqual([
      'assert_paid_not_above_billed',
      'not_null_dim_accounts_account_id',
      'relationships_fct_invoices_account_id__account_id__ref_dim_accounts_',
      'unique_dim_accounts_account_id',
    ]);
  });

  it('leaves out every test with an excluded parent, as dbt does ("test exclusion is always greedy")', () => {
    const tests = (opts: { select?: string; exclude: string }) => listNodes(saas, 'test', opts).map((id) => saas.nodes[id]!.name);
    // Excluding dim_accounts drops its own tests and the relationships test that also reads fct_invoices.
    const all = tests({ exclude: 'dim_accounts' });
    expect(all).not.toContain('unique_dim_accounts_account_id');
    expect(all).not.toContain('relationships_fct_invoices_account_id__account_id__ref_dim_accounts_');
    expect(all).toContain('unique_fct_invoices_invoice_id');
    expect(tests({ select: 'fct_invoices', exclude: 'dim_accounts' })).not.toContain('relationships_fct_invoices_account_id__account_id__ref_dim_accounts_');
    // Tests on sources go with the sources.
    const noSources = listNodes(saas, 'test', { exclude: 'source:*' }).map((id) => saas.nodes[id]!);
    expect(noSources.length).toBeGreaterThan(0);
    expect(noSources.filter((n) => n.depends_on.nodes.some((p) => p.startsWith('source.')))).toEqual([]);
  });

  it("names dbt's selection methods it does not support as such, not as typos", () => {
    expect(() => listNodes(saas, 'build', { select: 'state:modified+' })).toThrow(/'state:' is a dbt selection method this engine does not support: it compares with the artifacts of an earlier run/);
    expect(() => listNodes(saas, 'build', { select: 'source_status:fresher+' })).toThrow(/backfill/);
  });

  it('rejects bad selection syntax with a SelectionError that shows examples', () => {
    for (const bad of ['tag:', 'color:red', '@+dim_accounts', 'a,,b', 'resource_type:table', 'config:table', '+']) {
      expect(() => listNodes(saas, 'build', { select: bad }), bad).toThrow(SelectionError);
    }
    expect(() => parseSelection('color:red')).toThrow(/'color' is not a selection method/);
    expect(() => listNodes(saas, 'build', { exclude: 'tag:' })).toThrow(/invalid --exclude 'tag:'/);
  });

  it('names each criterion that matches nothing, as dbt warns', () => {
    expect(selectionWarnings(saas, { select: 'fct_invoices tag:nope +no_such_model', exclude: 'dim_accounts path:nowhere' })).toEqual([
      "The selection criterion 'tag:nope' does not match any enabled nodes",
      "The selection criterion '+no_such_model' does not match any enabled nodes",
      "The selection criterion 'path:nowhere' does not match any enabled nodes",
    ]);
    // An intersection that is empty as a whole is one criterion.
    expect(selectionWarnings(saas, { select: 'fct_invoices,tag:nope' })).toEqual([
      "The selection criterion 'fct_invoices,tag:nope' does not match any enabled nodes",
    ]);
    expect(selectionWarnings(saas, { select: 'source:app+ tag:*' })).toEqual([]);
    expect(selectionWarnings(saas, {})).toEqual([]);
  });
});

describe('the DAG', () => {
  it('reports a cycle as a --> b --> a', () => {
    let error: unknown;
    try {
      parseFixture('cycle');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CycleError);
    expect((error as Error).message).toContain('found a cycle: model.cycle.a --> model.cycle.b --> model.cycle.a');
  });

  it('orders a build topologically, seeds first, each model followed by its tests', () => {
    const order = listNodes(saas, 'build').map((id) => saas.nodes[id]!);
    const pos = new Map(order.map((n, i) => [n.unique_id, i]));
    for (const n of order) {
      for (const dep of n.depends_on.nodes) if (pos.has(dep)) expect(pos.get(dep)!, `${dep} before ${n.unique_id}`).toBeLessThan(pos.get(n.unique_id)!);
    }
    const first = order.findIndex((n) => n.resource_type !== 'test');
    expect(order[first]!.resource_type).toBe('seed');
    const dim = pos.get('model.saas.dim_accounts')!;
    expect(order[dim + 1]!.resource_type).toBe('test');
    expect(order[dim + 1]!.depends_on.nodes).toContain('model.saas.dim_accounts');
    const ephemeral = order.filter((n) => n.config.materialized === 'ephemeral');
    expect(ephemeral).toEqual([]);
  });

  it('skips what a failure blocks: all descendants of a model; the children of a failing test’s model', () => {
    const chosen = new Set(listNodes(saas, 'build'));
    const graph = saas.graph;
    const afterModel = [...skippedBy(graph, 'model.saas.stg_billing__invoices', chosen)].map((id) => saas.nodes[id]!.name);
    expect(afterModel).toEqual(expect.arrayContaining(['fct_invoices', 'dim_accounts', 'fct_account_months', 'unique_fct_invoices_invoice_id']));
    expect(afterModel).not.toContain('fct_events');
    const uniqueInvoices = Object.values(saas.nodes).find((n) => n.name === 'unique_stg_billing__invoices_invoice_id')!;
    const afterTest = [...skippedBy(graph, uniqueInvoices.unique_id, chosen)].map((id) => saas.nodes[id]!.name);
    expect(afterTest).toEqual(expect.arrayContaining(['fct_invoices', 'dim_accounts', 'fct_account_months']));
    expect(afterTest).not.toContain('stg_billing__invoices');
    expect(afterTest).not.toContain('stg_crm__accounts');
    // A relationships test blocks only what depends on both of its models.
    const rel = Object.values(saas.nodes).find((n) => n.test_metadata?.name === 'relationships')!;
    expect([...skippedBy(graph, rel.unique_id, chosen)]).toEqual([]);
  });
});
