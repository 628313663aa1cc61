import { afterEach, describe, expect, it } from 'vitest';
import type { QueryOptions, QueryResponse, WorkerApi } from '../../../../src/shared/worker-api';
import type { WarehouseClient } from '../../../../src/app/warehouse-client';
import { builtWorker, clientOver, stop } from './fake-worker';

/**
 * The client's read-ahead of dashboard queries, against a stand-in worker
 * reached through comlink over a MessageChannel: results are reused while
 * the warehouse is unchanged and forgotten when it changes.
 */

interface FakeWorker {
  calls: string[];
  /** Rows the next queries return: a counter, bumped by writes. */
  version: number;
}

function fakeWorkerApi(state: FakeWorker): Partial<WorkerApi> {
  return {
    ...builtWorker(),
    async query(sql: string, options?: QueryOptions): Promise<QueryResponse> {
      state.calls.push(sql);
      if (sql.startsWith('fail')) throw new Error('no such table: nowhere');
      const wrote = options?.readOnly === false;
      if (wrote) state.version += 1;
      return { columns: ['v'], rows: [[state.version]], truncated: false, elapsedMs: 1, wrote } as QueryResponse;
    },
  };
}

function clientWith(state: FakeWorker): WarehouseClient {
  return clientOver(fakeWorkerApi(state));
}

describe('WarehouseClient prefetch', () => {
  let client: WarehouseClient | null = null;
  afterEach(() => {
    stop(client);
    client = null;
  });

  it('runs the queries once, one after another, and serves them from memory afterwards', async () => {
    const state: FakeWorker = { calls: [], version: 1 };
    client = clientWith(state);
    await client.start();
    expect(client.status).toBe('ready');
    await client.prefetch([
      { sql: 'select a', maxRows: 10 },
      { sql: 'select b', maxRows: 10 },
      { sql: 'fail here', maxRows: 10 },
    ]);
    expect(state.calls).toEqual(['select a', 'select b', 'fail here']);

    expect((await client.cachedQuery('select a', { maxRows: 10 })).rows).toEqual([[1]]);
    expect((await client.cachedQuery('select b', { maxRows: 10 })).rows).toEqual([[1]]);
    expect(state.calls).toHaveLength(3);
    // Another row limit is another result; a failed query is asked again (and fails again).
    await client.cachedQuery('select a', { maxRows: 20 });
    await expect(client.cachedQuery('fail here', { maxRows: 10 })).rejects.toThrow(/no such table/);
    expect(state.calls).toEqual(['select a', 'select b', 'fail here', 'select a', 'fail here']);
  });

  it('forgets what it read ahead once a console write changes the warehouse', async () => {
    const state: FakeWorker = { calls: [], version: 1 };
    client = clientWith(state);
    await client.start();
    await client.prefetch([{ sql: 'select a', maxRows: 10 }]);
    expect((await client.cachedQuery('select a', { maxRows: 10 })).rows).toEqual([[1]]);

    await client.query('update t set v = v + 1', { readOnly: false });
    expect(client.changedByQueries).toBe(true);
    expect((await client.cachedQuery('select a', { maxRows: 10 })).rows).toEqual([[2]]);
    expect(state.calls.filter((c) => c === 'select a')).toHaveLength(2);
  });
});
