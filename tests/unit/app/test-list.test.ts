import { describe, expect, it } from 'vitest';
import { projectIndex } from '../../../src/app/project-index';
import { filterTests, groupTests } from '../../../src/app/test-list';
import { MINI, buildArtifacts } from './fixtures/artifacts';

const index = projectIndex(buildArtifacts(MINI));

describe('filterTests', () => {
  it('keeps failing and errored tests for "problems", and matches text in names, columns and models', () => {
    expect(filterTests(index, 'problems', '').map((t) => t.status)).toEqual(['fail']);
    expect(filterTests(index, 'all', 'match_method').map((t) => t.kind)).toEqual(['accepted_values']);
    const onMrr = filterTests(index, 'all', 'fct_mrr');
    expect(onMrr.length).toBe(index.resources.get('model.mini.fct_mrr')!.tests.length);
    // Each word on its own, in any order.
    expect(filterTests(index, 'all', '  account_id   not_null ').map((t) => t.name)).toEqual(['not_null_fct_mrr_account_id']);
    expect(filterTests(index, 'all', 'not_null nowhere')).toEqual([]);
  });

  it('lists the worst outcomes first', () => {
    expect(filterTests(index, 'all', '').map((t) => t.status).slice(0, 2)).toEqual(['fail', 'warn']);
  });
});

describe('groupTests', () => {
  const all = filterTests(index, 'all', '');

  it('puts every test of a model in its group, as many as its model page lists', () => {
    const groups = groupTests(all, 'model', index);
    for (const group of groups) {
      const resource = index.resources.get(group.key)!;
      expect(group.title).toBe(resource.name);
      expect(group.tests.map((t) => t.id).sort()).toEqual(resource.tests.map((t) => t.id).sort());
    }
    const grouped = new Set(groups.flatMap((g) => g.tests.map((t) => t.id)));
    expect(grouped.size).toBe(index.tests.length);
  });

  it('orders groups by their worst outcome, then by name', () => {
    const groups = groupTests(all, 'model', index);
    expect(groups[0]!.tests.some((t) => t.status === 'fail')).toBe(true);
    const passing = groups.filter((g) => g.tests.every((t) => t.status === 'pass')).map((g) => g.title);
    expect(passing).toEqual([...passing].sort((a, b) => a.localeCompare(b)));
  });

  it('groups by kind and by status', () => {
    expect(groupTests(all, 'kind', index).map((g) => g.key).sort()).toEqual(['accepted_values', 'not_null', 'relationships', 'singular', 'unique']);
    const byStatus = groupTests(all, 'status', index);
    expect(byStatus.map((g) => g.key)).toEqual(['fail', 'warn', 'pass']);
    expect(byStatus.reduce((n, g) => n + g.tests.length, 0)).toBe(index.tests.length);
  });
});
