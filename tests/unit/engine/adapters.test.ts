import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sqljsDatabase } from '../../../src/engine/index';
import { ENGINES, engineAvailable, loadSqlJs, openDb, type EngineName } from './helpers';

describe.each(ENGINES)('the %s adapter', (engine: EngineName) => {
  const test = it.skipIf(!engineAvailable(engine));

  test('runs several statements with exec and returns rows with query', async () => {
    const db = await openDb(engine);
    db.exec("create table t (id integer, name text); insert into t values (1, 'a'); insert into t values (2, null);");
    const r = db.query('select id, name from t order by id');
    expect(r.columns).toEqual(['id', 'name']);
    expect(r.rows).toEqual([
      [1, 'a'],
      [2, null],
    ]);
    expect(db.engine).toBe(engine);
    db.close();
  });

  test('returns the column names of a query with no rows', async () => {
    const db = await openDb(engine);
    db.exec('create table t (a integer, b text)');
    expect(db.query('select b, a from t')).toEqual({ columns: ['b', 'a'], rows: [] });
  });

  test('binds parameters, including NULL and blobs, and runs statements that return nothing', async () => {
    const db = await openDb(engine);
    db.exec('create table t (a, b, c)');
    const write = db.query('insert into t values (?, ?, ?)', ['x', 2.5, null]);
    expect(write).toEqual({ columns: [], rows: [] });
    db.query('insert into t values (?, ?, ?)', [new Uint8Array([1, 2]), 7, 'z']);
    const r = db.query('select typeof(a), b, c from t where b > ? order by b', [1]);
    expect(r.rows).toEqual([
      ['text', 2.5, null],
      ['blob', 7, 'z'],
    ]);
  });

  test("surfaces SQLite's own error message", async () => {
    const db = await openDb(engine);
    expect(() => db.query('select * from nope')).toThrow(/no such table: nope/);
    expect(() => db.exec('create table (')).toThrow(/syntax error/);
  });

  test('provides md5(), regexp and regexp_replace() like the other adapter', async () => {
    const db = await openDb(engine);
    for (const s of ['', 'abc', 'A1|2024-01-01 10:00:00', 'é日本']) {
      const [[hex]] = db.query('select md5(?)', [s]).rows as [[string]];
      expect(hex).toBe(createHash('md5').update(s).digest('hex'));
    }
    expect(db.query("select 'abc' regexp '^a', 'abc' regexp '^b', md5(null)").rows).toEqual([[1, 0, null]]);
    expect(db.query("select regexp_replace('a-b--c', '-+', '_')").rows).toEqual([['a_b_c']]);
  });

  test('swaps a table in under a view that reads it (legacy_alter_table)', async () => {
    const db = await openDb(engine);
    db.exec('create table t as select 1 as x; create view v as select * from t; create table t__new as select 2 as x;');
    db.exec('drop table t; alter table t__new rename to t;');
    expect(db.query('select x from v').rows).toEqual([[2]]);
  });

  test('treats double quotes as identifiers (better-sqlite3 is built without double-quoted strings)', async () => {
    const db = await openDb(engine);
    db.exec("create table t (a text); insert into t values ('x');");
    expect(db.query('select "a" from t').rows).toEqual([['x']]);
    if (engine === 'native') expect(() => db.query('select "not a column" from t')).toThrow(/no such column/);
  });

  test('gives the column names of a query without running it, and reports what is missing', async () => {
    const db = await openDb(engine);
    db.exec('create table t (a integer, b text)');
    // abs() of the smallest integer overflows when the statement runs, not when it is prepared.
    const boom = 'select a, b as bee, 0 as boom from t union all select 1, 2, abs(-9223372036854775807 - 1)';
    expect(() => db.query(boom)).toThrow(/integer overflow/);
    expect(db.columns(boom)).toEqual(['a', 'bee', 'boom']);
    expect(db.columns('with x as (select 1 as one) select one, 2 from x')).toEqual(['one', '2']);
    expect(() => db.columns('select * from nope')).toThrow(/no such table: nope/);
    db.exec('create view v as select a from gone');
    expect(() => db.columns('select * from v')).toThrow(/no such table: main.gone/);
  });

  test('has the same math and date functions as the other adapter', async () => {
    const db = await openDb(engine);
    const r = db.query("select floor(2.7), ceil(2.1), power(2, 10), sqrt(16), date('2024-01-31', '+1 month'), printf('%.2f', 1.005)");
    expect(r.rows).toEqual([[2, 3, 1024, 4, '2024-03-02', '1.00']]);
    expect(() => db.query('select median(1)')).toThrow(/no such function/);
  });
});

describe('the sql.js adapter', () => {
  const mainFile = (db: { query: (sql: string) => { rows: unknown[][] } }) =>
    db.query("select file from pragma_database_list where name = 'main'").rows[0]![0];

  it('keeps the database in SQLite\'s own memory, not in a file of the Emscripten file system', async () => {
    const SQL = await loadSqlJs();
    const empty = sqljsDatabase(SQL);
    expect(mainFile(empty)).toBe('');
    empty.exec('create table t as select 1 as x');
    const restored = sqljsDatabase(SQL, empty.export());
    expect(mainFile(restored)).toBe('');
    expect(restored.query('select x from t').rows).toEqual([[1]]);
    // Two open databases stay independent.
    restored.exec('insert into t values (2)');
    expect(empty.query('select count(*) from t').rows).toEqual([[1]]);
    empty.close();
    restored.close();
    expect(() => restored.close()).not.toThrow();
  });

  it('restores bytes without changing them, and exports no more pages than it was given', async () => {
    const SQL = await loadSqlJs();
    const source = sqljsDatabase(SQL);
    source.exec("create table t (id integer primary key, s text); create index t_s on t (s); create view v as select count(*) as n from t;");
    source.exec("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) insert into t (s) select printf('row %d', i) from n");
    const bytes = source.export();
    const before = bytes.slice();
    const db = sqljsDatabase(SQL, bytes);
    expect(bytes).toEqual(before);
    expect(db.query('select n from v').rows).toEqual([[5000]]);
    expect(db.query('pragma freelist_count').rows).toEqual([[0]]);
    expect(db.export().byteLength).toBe(bytes.byteLength);
  });

  it('says what is wrong with bytes that are not a SQLite database', async () => {
    const SQL = await loadSqlJs();
    expect(() => sqljsDatabase(SQL, new Uint8Array(4096).fill(7))).toThrow('could not load the database from its bytes: file is not a database');
  });

  it('round-trips the database through export and keeps functions and pragmas working afterwards', async () => {
    const SQL = await loadSqlJs();
    const db = sqljsDatabase(SQL);
    db.exec('create table t as select 1 as x; create view v as select * from t;');
    const bytes = db.export();
    expect(bytes.byteLength).toBeGreaterThan(0);
    // md5() and legacy_alter_table must survive an export.
    expect(db.query("select md5('a')").rows[0]![0]).toBe('0cc175b9c0f1b6a831c399e269772661');
    db.exec('create table t__new as select 2 as x; drop table t; alter table t__new rename to t;');
    expect(db.query('select x from v').rows).toEqual([[2]]);
    const copy = sqljsDatabase(SQL, bytes);
    expect(copy.query('select x from v').rows).toEqual([[1]]);
  });
});
