import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { SQLJS_INIT_OPTIONS, sqljsDatabase } from '../../../src/engine/index';
import type { Database } from '../../../src/engine/index';
import { assertReads, boundedQuery } from '../../../src/worker/bounded-query';
import { leadingWords, lineAndColumn, splitStatements, statementVerb } from '../../../src/worker/sql-text';

describe('splitting SQL into statements', () => {
  it('ignores semicolons inside strings, quoted names and comments', () => {
    const sql = `select 'a;b', "c;d", [e;f], \`g;h\` -- i;j\n/* k;l */ from t`;
    expect(splitStatements(sql)).toHaveLength(1);
    expect(splitStatements("select 'it''s; fine'")).toHaveLength(1);
  });

  it('finds a second statement and drops empty ones', () => {
    const parts = splitStatements('select 1;\n  select 2;;  -- done\n');
    expect(parts.map((p) => p.text.trim())).toEqual(['select 1', 'select 2']);
    expect(parts[1]!.start).toBe(9);
  });

  it('keeps a trigger body, whose statements end in semicolons, in one piece', () => {
    const sql = 'create temp trigger t after insert on a begin insert into b values (1); delete from c; end; select 1';
    expect(splitStatements(sql).map((p) => leadingWords(p.text, 1)[0])).toEqual(['create', 'select']);
  });

  it('tells what a statement does, looking past the common table expressions of a WITH', () => {
    expect(statementVerb('with a(x) as (select 1), b as materialized (select 2) select * from a')).toBe('select');
    expect(statementVerb("with recursive n(i) as (select 1 union all select i + 1 from n) insert into t select i, 'x' from n")).toBe('insert');
    expect(statementVerb('/* c */ VALUES (1)')).toBe('values');
    expect(statementVerb('pragma table_info(t)')).toBe('pragma');
  });

  it('reads leading words past comments, and positions as line and column', () => {
    expect(leadingWords('-- note\n/* x */ WITH a as (select 1) select * from a', 2)).toEqual(['with', 'a']);
    expect(lineAndColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
  });
});

describe('queries the console runs', () => {
  let db: Database;

  beforeEach(async () => {
    const SQL = await initSqlJs(SQLJS_INIT_OPTIONS as SqlJsConfig);
    db = sqljsDatabase(SQL);
    db.exec('create table t (a integer, b text); insert into t values (1, null), (2, \'x\'), (3, \'y\');');
  });

  it('caps rows without stepping through all of them, and says when there were more', () => {
    const big = boundedQuery(db, 'with recursive n(i) as (select 1 union all select i + 1 from n) select i from n', 100_000, true);
    expect(big.rows).toHaveLength(100_000);
    expect(big.rows.at(-1)).toEqual([100_000]);
    expect(big.truncated).toBe(true);
    const exact = boundedQuery(db, 'select * from t order by a desc;', 3, true);
    expect(exact).toMatchObject({ columns: ['a', 'b'], rows: [[3, 'y'], [2, 'x'], [1, null]], truncated: false });
  });

  it('refuses a second statement instead of silently running only the first', () => {
    expect(() => boundedQuery(db, 'select 1;\nselect 2', 10, true)).toThrow(/one statement at a time.*holds 2.*line 2, column 1/);
    expect(() => boundedQuery(db, 'select 1;\ndelete from t', 10, false)).toThrow(/one statement at a time/);
    expect(boundedQuery(db, 'select count(*) from t', 10, true).rows).toEqual([[3]]);
  });

  it.each([
    ['delete from t', /DELETE statement/],
    ["attach ':memory:' as other", /ATTACH statement/],
    ["vacuum into 'copy.sqlite'", /VACUUM statement/],
    ['begin', /BEGIN statement/],
    ['pragma query_only = 0', /PRAGMA query_only statement/],
    ['pragma legacy_alter_table = off', /PRAGMA legacy_alter_table/],
    ['pragma journal_mode = delete', /PRAGMA journal_mode/],
    ['pragma cache_size(10)', /PRAGMA cache_size/],
    ['pragma optimize', /PRAGMA optimize/],
    ['create temp table scratch (a)', /CREATE statement/],
  ])('read-only refuses %s, naming what it is', (sql, message) => {
    expect(() => boundedQuery(db, sql, 10, true)).toThrow(message);
    expect(() => assertReads(sql)).toThrow(/console is read-only/);
  });

  it('keeps the column names a query asked for, repeated ones included', () => {
    expect(boundedQuery(db, 'select 1 as a, 2 as a, a as "x y" from t limit 1', 10, true).columns).toEqual(['a', 'a', 'x y']);
  });

  it('reports a misspelt first word as SQLite\'s syntax error, not as a refusal', () => {
    expect(() => boundedQuery(db, 'selec * from t', 10, true)).toThrow(/near "selec": syntax error/);
    expect(() => assertReads('selec * from t')).not.toThrow();
    expect(() => assertReads('(select 1)')).not.toThrow();
  });

  it('sees the write behind a WITH, runs it only when writes are allowed, and leaves the connection writable', () => {
    const sql = 'with x as (select 1 as a) delete from t where a in (select a from x)';
    expect(() => boundedQuery(db, sql, 10, true)).toThrow(/a WITH \.\.\. DELETE statement/);
    expect(boundedQuery(db, 'pragma query_only', 10, true).rows).toEqual([[1]]);
    expect(boundedQuery(db, 'pragma query_only', 10, false).rows).toEqual([[0]]);
    boundedQuery(db, sql, 10, false);
    expect(boundedQuery(db, 'with c as (select count(*) as n from t) select n from c', 10, true).rows).toEqual([[2]]);
  });

  it('says whether a statement run with writes allowed changed rows or the schema', () => {
    expect(boundedQuery(db, 'select * from t', 10, true).wrote).toBeUndefined();
    expect(boundedQuery(db, 'select * from t', 10, false).wrote).toBe(false);
    expect(boundedQuery(db, 'update t set b = b where a > 99', 10, false).wrote).toBe(false);
    expect(boundedQuery(db, "update t set b = 'z' where a = 3", 10, false).wrote).toBe(true);
    expect(boundedQuery(db, 'create table u (a)', 10, false).wrote).toBe(true);
    expect(boundedQuery(db, 'drop table u', 10, false).wrote).toBe(true);
    // How many rows it changed, this statement's alone (an UPDATE of no row after one of several says 0).
    const rowsIn = boundedQuery(db, 'select count(*) from t', 10, true).rows[0]![0];
    expect(boundedQuery(db, "update t set b = 'y'", 10, false).changes).toBe(rowsIn);
    expect(boundedQuery(db, 'create table v (a)', 10, false).changes).toBe(0);
    expect(boundedQuery(db, 'select * from t', 10, true).changes).toBeUndefined();
  });

  it('lets through pragmas and statements that only report', () => {
    expect(boundedQuery(db, 'pragma table_info(t)', 10, true).rows.map((r) => r[1])).toEqual(['a', 'b']);
    expect(boundedQuery(db, 'PRAGMA main.page_count', 10, true).rows).toHaveLength(1);
    expect(boundedQuery(db, 'explain query plan select * from t', 10, true).columns).toContain('detail');
    expect(boundedQuery(db, 'values (1, 2)', 10, true).rows).toEqual([[1, 2]]);
  });

  it('rejects a row cap outside what the page can hold', () => {
    expect(() => boundedQuery(db, 'select 1', 0, true)).toThrow(/maxRows must be a whole number from 1 to 1,000,000, not 0/);
    expect(() => boundedQuery(db, 'select 1', 2_000_000, true)).toThrow(/not 2000000/);
    expect(() => boundedQuery(db, ' -- nothing\n ; ', 10, true)).toThrow(/query is empty/);
  });
});
