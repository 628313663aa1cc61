import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import type { WorkerApi } from '../../../../src/shared/worker-api';
import { WarehouseClient } from '../../../../src/app/warehouse-client';

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
