import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { consoleStateHref, decodeConsoleState, MAX_LINK_SQL } from '../../../src/app/console-state';
import { consoleHref, consoleSql } from '../../../src/app/links';
import { matchRoute, parseHash } from '../../../src/app/router';
import { routes } from '../../../src/app/routes';

const queryOf = (hash: string) => matchRoute(routes, parseHash(hash))!.query;

describe('the console state in a link', () => {
  it('round-trips a long query and its chart through the hash, shorter than the query itself', () => {
    const sql = `select ${Array.from({ length: 300 }, (_, i) => `sum(amount_${i % 7}) as total_${i}`).join(',\n  ')}\nfrom fct_mrr -- déjà vu, ünïcode, 🙂`;
    const chart = { mark: 'line' as const, x: 'month', y: 'total_1', color: 'plan tier' };
    const link = consoleStateHref({ sql, chart });
    expect(sql.length).toBeGreaterThan(2_000);
    expect(link.length).toBeLessThan(sql.length);
    expect(matchRoute(routes, parseHash(link))?.name).toBe('console');
    expect(decodeConsoleState(queryOf(link))).toEqual({ sql, chart, problem: null });
  });

  it('keeps the old helpers working: a model page link carries only the SQL', () => {
    const link = consoleHref('select * from fct_mrr');
    expect(link).not.toContain('chart=');
    expect(consoleSql(queryOf(link))).toBe('select * from fct_mrr');
  });

  it('reads a link with no state as no query and no problem', () => {
    expect(decodeConsoleState(new URLSearchParams())).toEqual({ sql: null, chart: null, problem: null });
  });

  it.each([
    ['random text', 'zzzzzzzzzzzzzzzzzzzz'],
    ['a link cut short', compressToEncodedURIComponent('select month, sum(mrr_usd) from fct_mrr group by month').slice(0, 30)],
    ['an empty value', ''],
    ['markup', '<img src=x onerror=alert(1)>'],
  ])('reports a query it cannot read (%s) instead of guessing', (_, packed) => {
    const decoded = decodeConsoleState(new URLSearchParams({ sql: packed }));
    expect(decoded.sql).toBeNull();
    expect(decoded.problem).toMatch(/^Part of this link was ignored: the link's query could not be read/);
  });

  it('refuses text that decompresses into control characters', () => {
    const packed = compressToEncodedURIComponent('select 1\u0000\u0007');
    expect(decodeConsoleState(new URLSearchParams({ sql: packed })).sql).toBeNull();
  });

  it('refuses a query longer than a link may carry', () => {
    const packed = compressToEncodedURIComponent('x'.repeat(MAX_LINK_SQL + 1));
    expect(decodeConsoleState(new URLSearchParams({ sql: packed })).problem).toMatch(/1,000,001 characters long/);
  });

  it.each([
    ['not JSON', 'not json', /not valid JSON/],
    ['an unknown mark', JSON.stringify({ mark: 'pie', x: 'a', y: 'b' }), /mark must be one of bar, line, point, area/],
    ['a missing column', JSON.stringify({ mark: 'bar', x: 'a' }), /x and y must be column names/],
    ['a colour that is no name', JSON.stringify({ mark: 'bar', x: 'a', y: 'b', color: 7 }), /colour must be a column name or null/],
    ['an array', '[1,2]', /not an object/],
  ])('keeps the query but drops a chart that is %s', (_, json, message) => {
    const params = new URLSearchParams({ sql: compressToEncodedURIComponent('select 1'), chart: compressToEncodedURIComponent(json) });
    const decoded = decodeConsoleState(params);
    expect(decoded.sql).toBe('select 1');
    expect(decoded.chart).toBeNull();
    expect(decoded.problem).toMatch(message);
  });

  it('passes markup through as text: escaping is the page\u2019s job, and it is never interpreted here', () => {
    const sql = `select '<script>alert(1)</script>' as "<img src=x>"`;
    const link = consoleStateHref({ sql, chart: { mark: 'bar', x: '<img src=x>', y: 'n', color: null } });
    expect(link).not.toMatch(/[<>"']/);
    expect(decodeConsoleState(queryOf(link)).sql).toBe(sql);
  });
});
