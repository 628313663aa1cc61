import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { SQLJS_INIT_OPTIONS, sqljsDatabase } from '../../../src/engine/index';
import type { Database } from '../../../src/engine/index';
import { boundedQuery } from '../../../src/worker/bounded-query';
import { locateError } from '../../../src/worker/locate-error';

describe('pointing at the error in a query', () => {
  let db: Database;

  beforeAll(async () => {
    const SQL = await initSqlJs(SQLJS_INIT_OPTIONS as SqlJsConfig);
    db = sqljsDatabase(SQL);
    db.exec("create table orders (id integer, amount real, note text); insert into orders values (1, 2.5, 'from here')");
  });

  /** Runs the query as the console does and locates the message it fails with. */
  function fail(sql: string) {
    let message = '';
    try {
      boundedQuery(db, sql, 100, true);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message, 'the query should fail').not.toBe('');
    return { message, position: locateError(db, sql, message) };
  }

  it('finds the occurrence of the token where the parser stopped, not the first one', () => {
    // `from` appears three times (in a comment, in a string, as the keyword); the error is the doubled one.
    const sql = "-- pick from orders\nselect 'from', id\nfrom orders\nwhere id from 1";
    const { message, position } = fail(sql);
    expect(message).toBe('near "from": syntax error');
    expect(position).toMatchObject({ line: 4, column: 10, token: 'from', length: 4 });
    expect(sql.slice(position!.offset, position!.offset + 4)).toBe('from');
  });

  it('reports an unfinished query as such, at its end, rather than the wrapper that caps rows', () => {
    const sql = 'select id, amount\nfrom orders\nwhere';
    const { message, position } = fail(sql);
    expect(message).toBe('incomplete input');
    expect(position).toMatchObject({ line: 3, column: 5, token: 'e' });
  });

  it('points at a missing column, table or function by name, qualified or not', () => {
    expect(fail('select o.id, o.amout\nfrom orders as o').position).toMatchObject({ line: 1, column: 14, token: 'o.amout' });
    expect(fail('select *\n  from order_lines').position).toMatchObject({ line: 2, column: 8, token: 'order_lines' });
    expect(fail('select sqaure(amount) from orders').position).toMatchObject({ line: 1, column: 8, token: 'sqaure' });
  });

  it('counts offsets from the start of the text, leading comments and blank lines included', () => {
    const sql = '\n\n/* totals */\nselect amount + from orders';
    const { position } = fail(sql);
    expect(position).toMatchObject({ line: 4, token: 'from' });
    expect(sql.slice(position!.offset, position!.offset + 4)).toBe('from');
  });

  it('returns null when the message names nothing in the text', () => {
    expect(locateError(db, 'select 1', 'out of memory')).toBeNull();
    expect(locateError(db, 'select 1', 'near "zzz": syntax error')).toBeNull();
  });
});
