import { describe, expect, it } from 'vitest';
import { codeReference, rewriteDocLink, slugify } from '../../../src/app/doc-links';
import type { LinkContext } from '../../../src/app/doc-links';

const context: LinkContext = {
  page: 'metrics',
  pages: ['metrics', 'architecture', 'data-dictionary'],
  resolveResource: (name) => (['fct_mrr', 'dim_accounts'].includes(name) ? name : null),
  repositoryUrl: 'https://github.com/acme/warehouse',
};

describe('links inside docs pages', () => {
  it('points links between docs pages at the docs route, keeping the heading', () => {
    expect(rewriteDocLink('architecture.md', context)).toEqual({ href: '#/docs/architecture', external: false });
    expect(rewriteDocLink('./architecture.md#decisions', context)).toEqual({ href: '#/docs/architecture?h=decisions', external: false });
    expect(rewriteDocLink('#mrr', context)).toEqual({ href: '#/docs/metrics?h=mrr', external: false });
  });

  it('points the written-out data dictionary at the live one', () => {
    expect(rewriteDocLink('data-dictionary.md#fct_mrr', context)).toEqual({ href: '#/docs/dictionary', external: false });
  });

  it('points links to model files at the model page', () => {
    expect(rewriteDocLink('../models/marts/finance/fct_mrr.sql', context)).toEqual({ href: '#/model/fct_mrr', external: false });
    expect(rewriteDocLink('../models/marts/_marts__models.yml', context)?.href).toBe(
      'https://github.com/acme/warehouse/blob/HEAD/models/marts/_marts__models.yml',
    );
  });

  it('sends other repository files to the repository, and drops them when it is unknown', () => {
    expect(rewriteDocLink('../README.md', context)).toEqual({ href: 'https://github.com/acme/warehouse/blob/HEAD/README.md', external: true });
    expect(rewriteDocLink('../README.md', { ...context, repositoryUrl: null })).toBeNull();
  });

  it('keeps web links, and refuses script URLs', () => {
    expect(rewriteDocLink('https://docs.getdbt.com/', context)).toEqual({ href: 'https://docs.getdbt.com/', external: true });
    expect(rewriteDocLink('javascript:alert(1)', context)).toBeNull();
    expect(rewriteDocLink('#/model/fct_mrr', context)).toEqual({ href: '#/model/fct_mrr', external: false });
  });

  it('links model names written as inline code', () => {
    expect(codeReference('fct_mrr', context.resolveResource)).toBe('#/model/fct_mrr');
    expect(codeReference("ref('dim_accounts')", context.resolveResource)).toBe('#/model/dim_accounts');
    expect(codeReference('mrr_usd', context.resolveResource)).toBeNull();
    expect(codeReference('select 1', context.resolveResource)).toBeNull();
  });

  it('makes GitHub-style heading anchors', () => {
    expect(slugify('MRR & ARR: definitions')).toBe('mrr--arr-definitions');
    expect(slugify('Days in stage')).toBe('days-in-stage');
  });
});
