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

  test('has the same math and date functions as the other adapter', async () => {
    const db = await openDb(engine);
    const r = db.query("select floor(2.7), ceil(2.1), power(2, 10), sqrt(16), date('2024-01-31', '+1 month'), printf('%.2f', 1.005)");
    expect(r.rows).toEqual([[2, 3, 1024, 4, '2024-03-02', '1.00']]);
    expect(() => db.query('select median(1)')).toThrow(/no such function/);
  });
});

describe('sql.js export', () => {
  it('round-trips the database and keeps functions and pragmas working afterwards', async () => {
    const SQL = await loadSqlJs();
    const db = sqljsDatabase(SQL);
    db.exec('create table t as select 1 as x; create view v as select * from t;');
    const bytes = db.export();
    expect(bytes.byteLength).toBeGreaterThan(0);
    // export() reopens the database; md5() and legacy_alter_table must survive that.
    expect(db.query("select md5('a')").rows[0]![0]).toBe('0cc175b9c0f1b6a831c399e269772661');
    db.exec('create table t__new as select 2 as x; drop table t; alter table t__new rename to t;');
    expect(db.query('select x from v').rows).toEqual([[2]]);
    const copy = sqljsDatabase(SQL, bytes);
    expect(copy.query('select x from v').rows).toEqual([[1]]);
  });
});
