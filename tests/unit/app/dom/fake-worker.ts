import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import type { WorkerApi } from '../../../../src/shared/worker-api';
import { WarehouseClient } from '../../../../src/app/warehouse-client';

/** A stand-in worker's start: it loads, builds one node and exports a few bytes. */
export function builtWorker(): Partial<WorkerApi> {
  return {
    async load() {
      return { rawBytes: 1, wasmBytes: 1, tables: 1 };
    },
    async build() {
      return { ok: true, elapsed: 0.1, counts: { built: 1, errors: 0, skipped: 0, pass: 0, warn: 0, fail: 0 } };
    },
    async artifacts() {
      return null;
    },
    async exportDatabase() {
      return new Uint8Array([1, 2, 3]);
    },
  };
}

/**
 * A client whose worker is a stand-in API, reached through comlink over a
 * MessageChannel as the real worker is. `stop` ends it.
 */
export function clientOver(api: Partial<WorkerApi>, config: { deltaUrl?: string } = {}): WarehouseClient {
  return new WarehouseClient({
    wasmUrl: 'http://site/wasm',
    rawUrl: 'http://site/raw.sqlite',
    ...config,
    createWorker: () => {
      const { port1, port2 } = new MessageChannel();
      expose(api, port2 as never);
      const worker = port1 as unknown as Worker & { terminate(): void };
      worker.terminate = () => {
        port1.close();
        port2.close();
      };
      return worker;
    },
  });
}

/** Ends a client made by `clientOver`: its worker and the channel. */
export function stop(client: WarehouseClient | null): void {
  (client as unknown as { _terminate(): void } | null)?._terminate();
}
