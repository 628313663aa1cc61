import { describe, expect, it } from 'vitest';
import { projectIndex } from '../../../src/app/project-index';
import { createSearchIndex } from '../../../src/app/search-index';
import { MINI, buildArtifacts } from './fixtures/artifacts';

const search = createSearchIndex(projectIndex(buildArtifacts(MINI)));
const names = (q: string) => search.search(q).map((h) => h.resource.name);

describe('search', () => {
  it('ranks an exact name first, then prefixes', () => {
    expect(names('fct_mrr')[0]).toBe('fct_mrr');
    // Name prefixes outrank models that only mention `stg_` in their SQL.
    expect(names('stg').slice(0, 2)).toEqual(['stg_salesforce__accounts', 'stg_stripe__customers']);
    expect(names('stg').slice(2)).toContain('int_accounts_unified');
  });

  it('finds a model by a column name and says which column matched', () => {
    const hits = search.search('mrr_usd');
    expect(hits.map((h) => h.resource.name)).toEqual(['fct_mrr']);
    expect(hits[0]!.matches[0]).toMatchObject({ field: 'column', column: 'mrr_usd', excerpt: 'MRR converted with the month rate.' });
  });

  it('finds text in descriptions and in SQL, with an excerpt', () => {
    const byDescription = search.search('deduplicated');
    expect(byDescription.map((h) => h.resource.name)).toEqual(['stg_stripe__customers']);
    expect(byDescription[0]!.matches[0]!.field).toBe('description');
    const bySql = search.search('lower(email)');
    expect(bySql.map((h) => h.resource.name)).toEqual(['stg_stripe__customers']);
    expect(bySql[0]!.matches[0]).toMatchObject({ field: 'sql' });
    expect(bySql[0]!.matches[0]!.excerpt).toContain('lower(email)');
  });

  it('requires every word to match somewhere', () => {
    expect(names('account month')).toEqual(['fct_mrr']);
    expect(names('account nothing-like-this')).toEqual([]);
    expect(names('   ')).toEqual([]);
  });
});
