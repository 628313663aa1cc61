import { describe, expect, it } from 'vitest';
import { layerOf, outcomeCounts, projectIndex, shortId } from '../../../src/app/project-index';
import { MINI, buildArtifacts } from './fixtures/artifacts';

describe('projectIndex', () => {
  const index = projectIndex(buildArtifacts(MINI));

  it('lists models, seeds, snapshots and sources but not tests as resources', () => {
    const types = [...index.resources.values()].map((r) => r.type).sort();
    expect(types.filter((t) => t === 'source')).toHaveLength(2);
    expect(types.filter((t) => t === 'seed')).toHaveLength(1);
    expect(types.filter((t) => t === 'snapshot')).toHaveLength(1);
    expect(types.filter((t) => t === 'model')).toHaveLength(5);
    expect(index.tests).toHaveLength(5);
  });

  it('assigns lanes from folders and resource types', () => {
    const layer = (name: string) => index.find(name)!.layer;
    expect(layer('stripe.customers')).toBe('source');
    expect(layer('fx_rates')).toBe('source');
    expect(layer('stg_stripe__customers')).toBe('staging');
    expect(layer('int_accounts_unified')).toBe('intermediate');
    expect(layer('fct_mrr')).toBe('marts');
    expect(layer('subscriptions_snapshot')).toBe('snapshot');
    expect(layerOf({ resource_type: 'model', fqn: ['p', 'reports', 'weekly'], name: 'weekly' })).toBe('other');
  });

  it('finds a resource by unique id, URL key or short id', () => {
    const id = 'model.mini.fct_mrr';
    expect(index.find(id)?.name).toBe('fct_mrr');
    expect(index.find('fct_mrr')?.id).toBe(id);
    expect(index.find('model.fct_mrr')?.id).toBe(id);
    expect(index.find('stripe.customers')?.id).toBe('source.mini.stripe.customers');
    expect(index.find('source.stripe.customers')?.id).toBe('source.mini.stripe.customers');
    expect(shortId('source.mini.stripe.customers')).toBe('source.stripe.customers');
    expect(index.find('nope')).toBeUndefined();
  });

  it('attaches generic tests to their attached node and column, singular tests to what they read', () => {
    const mrr = index.find('fct_mrr')!;
    const dim = index.find('dim_accounts')!;
    expect(mrr.tests.map((t) => t.kind).sort()).toEqual(['not_null', 'relationships', 'singular']);
    // The relationships test is attached to fct_mrr only, though it also reads dim_accounts.
    expect(dim.tests.map((t) => t.kind)).toEqual(['unique']);
    const column = mrr.columns.find((c) => c.name === 'account_id')!;
    expect(column.tests.map((t) => t.kind).sort()).toEqual(['not_null', 'relationships']);
  });

  it('carries each test outcome, failure count and failing-row sample', () => {
    const relationships = index.tests.find((t) => t.kind === 'relationships')!;
    expect(relationships.status).toBe('fail');
    expect(relationships.failures).toBe(2);
    expect(relationships.sample?.rows).toEqual([['acct_missing_1'], ['acct_missing_2']]);
    expect(relationships.label).toBe('relationships · account_id · → dim_accounts.account_id');
    expect(relationships.compiledCode).toContain('"main"."fct_mrr"');
    const warn = index.tests.find((t) => t.kind === 'accepted_values')!;
    expect(warn.status).toBe('warn');
    expect(warn.severity).toBe('warn');
  });

  it('rates a resource by the worst of its tests', () => {
    expect(index.find('fct_mrr')!.health).toBe('fail');
    expect(index.find('int_accounts_unified')!.health).toBe('warn');
    expect(index.find('dim_accounts')!.health).toBe('pass');
    expect(index.find('stg_stripe__customers')!.health).toBe('untested');
  });

  it('merges documented columns with the built ones, typed from the catalog', () => {
    const mrr = index.find('fct_mrr')!;
    expect(mrr.columns.map((c) => [c.name, c.type])).toEqual([
      ['account_id', 'TEXT'],
      ['month', 'TEXT'],
      ['mrr_usd', 'REAL'],
    ]);
    expect(mrr.rowCount).toBe(120);
    expect(mrr.grain).toBe('one row per account and month');
    expect(mrr.relation).toBe('"main"."fct_mrr"');
  });

  it('counts tests and nodes apart, as the tests page does', () => {
    const { tests, nodes } = outcomeCounts(index);
    expect(tests).toMatchObject({ pass: 3, warn: 1, fail: 1, error: 0, run: 5 });
    expect(tests.run).toBe(index.tests.filter((t) => t.status !== 'skipped' && t.status !== 'not run').length);
    const executable = [...index.resources.values()].filter((r) => r.result).length;
    expect(nodes.built + nodes.errors + nodes.skipped).toBe(executable);
    expect(nodes.built).toBeGreaterThan(0);
  });

  it('leaves a type the catalog could not tell blank rather than showing UNKNOWN', () => {
    const snapshot = index.find('subscriptions_snapshot')!;
    expect(snapshot.columns.find((c) => c.name === 'dbt_valid_to')?.type).toBeNull();
    expect(snapshot.columns.find((c) => c.name === 'dbt_valid_from')?.type).toBe('TEXT');
  });

  it('derives parents and children from the parent and child maps, tests left out', () => {
    const dim = index.find('dim_accounts')!;
    expect(dim.parents).toEqual(['model.mini.int_accounts_unified']);
    expect(dim.children).toEqual(['model.mini.fct_mrr']);
  });
});
