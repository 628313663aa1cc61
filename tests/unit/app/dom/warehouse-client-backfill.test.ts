import { describe, expect, it } from 'vitest';
import type { BackfillReport, BackfillRequest, ProgressListener, WorkerApi } from '../../../../src/shared/worker-api';
import type { BackfillProgress, WarehouseClient } from '../../../../src/app/warehouse-client';
import { builtWorker, clientOver, stop } from './fake-worker';

/**
 * The late batch's progress and failure live in the client, not in the page
 * that started it: a visitor who leaves the backfill page and comes back
 * sees how far it has got, or why it failed.
 */

function fakeWorkerApi(outcome: 'ok' | 'fail'): Partial<WorkerApi> {
  return {
    ...builtWorker(),
    async backfill(_request: BackfillRequest, onProgress: ProgressListener): Promise<BackfillReport> {
      onProgress({ kind: 'phase', phase: 'build', state: 'start' } as never);
      for (const name of ['stg_a', 'fct_b']) {
        onProgress({ kind: 'node', state: 'start', index: 1, total: 2, uniqueId: `model.p.${name}`, name, resourceType: 'model' } as never);
        onProgress({ kind: 'node', state: 'end', index: 1, total: 2, uniqueId: `model.p.${name}`, name, resourceType: 'model' } as never);
      }
      // The build takes a while; its progress reaches the page meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (outcome === 'fail') throw new Error('no such table: raw_x.');
      return { alreadyApplied: true } as BackfillReport;
    },
  };
}

function clientWith(outcome: 'ok' | 'fail'): WarehouseClient {
  return clientOver(fakeWorkerApi(outcome), { deltaUrl: 'http://site/delta.sqlite' });
}

describe('WarehouseClient backfill state', () => {
  it('holds the progress while the batch is applied, and none after', async () => {
    const client = clientWith('ok');
    await client.start();
    const seen: BackfillProgress[] = [];
    client.addEventListener('change', () => {
      if (client.backfillProgress) seen.push(client.backfillProgress);
    });
    await client.backfill();
    expect(seen.at(-1)).toEqual({ phase: 'build', done: 2, total: 2, current: 'fct_b' });
    expect(seen.some((p) => p.done === 1 && p.current === 'fct_b')).toBe(true);
    expect(client.backfillProgress).toBeNull();
    expect(client.backfillError).toBeNull();
    expect(client.batch).toBe(2);
    stop(client);
  });

  it('keeps why it failed, for the page to show whenever it is opened', async () => {
    const client = clientWith('fail');
    await client.start();
    await expect(client.backfill()).rejects.toThrow(/no such table: raw_x/);
    expect(client.backfillError).toBe('Applying the late batch failed: no such table: raw_x. Reset to go back to batch 1.');
    expect(client.backfillProgress).toBeNull();
    expect(client.batch).toBe(1);
    stop(client);
  });
});
