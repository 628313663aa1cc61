import { describe, expect, it } from 'vitest';
import { consoleHref, consoleSql, lineageHref, modelHref } from '../../../src/app/links';
import { href, matchRoute, parseHash } from '../../../src/app/router';
import { docHeadings, docTitleFromSlug, routes } from '../../../src/app/routes';

const match = (hash: string) => matchRoute(routes, parseHash(hash));

describe('hash routes', () => {
  it('maps every documented route to its view', () => {
    expect(match('')?.name).toBe('overview');
    expect(match('#/')?.name).toBe('overview');
    expect(match('#/lineage?focus=model.fct_mrr&depth=1')).toMatchObject({ name: 'lineage' });
    expect(match('#/lineage?focus=model.fct_mrr&depth=1')!.query.get('focus')).toBe('model.fct_mrr');
    expect(match('#/model/fct_mrr')).toMatchObject({ name: 'model', params: { name: 'fct_mrr' } });
    expect(match('#/tests')?.name).toBe('tests');
    expect(match('#/docs')?.name).toBe('docs');
    expect(match('#/docs/metrics')).toMatchObject({ name: 'doc', params: { page: 'metrics' } });
    expect(match('#/search?q=mrr')!.query.get('q')).toBe('mrr');
  });

  it('returns null for unknown paths instead of guessing', () => {
    expect(match('#/nope')).toBeNull();
    expect(match('#/model/a/b')).toBeNull();
  });

  it('round-trips names that need encoding', () => {
    const link = modelHref('stripe.invoice line');
    expect(match(link)!.params.name).toBe('stripe.invoice line');
    expect(href(['search'], { q: 'a&b=c', empty: '' })).toBe('#/search?q=a%26b%3Dc');
    expect(lineageHref('model.fct_mrr', 'all')).toBe('#/lineage?focus=model.fct_mrr&depth=all');
  });

  it('keeps the console query compressed in the link and restores it exactly', () => {
    const sql = `select *\nfrom fct_mrr\nwhere note = '<img src=x onerror=alert(1)>' -- ${'x'.repeat(3000)}`;
    const link = consoleHref(sql);
    expect(link.length).toBeLessThan(sql.length);
    expect(consoleSql(match(link)!.query)).toBe(sql);
    expect(consoleSql(new URLSearchParams('sql=%%%not-lz'))).toBeNull();
  });
});

describe('document titles', () => {
  it('names a docs page in words, not by its file name', () => {
    const title = (hash: string) => {
      const match = matchRoute(routes, parseHash(hash))!;
      return routes.find((r) => r.name === match.name)!.title(match);
    };
    expect(title('#/docs/data-model')).toBe('Data model');
    expect(title('#/docs/dictionary')).toBe('Data dictionary');
    expect(title('#/docs/data-dictionary')).toBe('Data dictionary');
    expect(docTitleFromSlug('known_limitations')).toBe('Known limitations');
    expect(docTitleFromSlug(undefined)).toBe('Docs');
    // Once the docs page has read the headings, a page without one is named as missing.
    docHeadings.set('metrics', 'Metric definitions');
    expect(docTitleFromSlug('metrics')).toBe('Metric definitions');
    expect(docTitleFromSlug('nope')).toBe('No such page');
    docHeadings.clear();
  });
});

