import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { LayoutInput, LineageLayout } from './lineage-graph';
import type { LayoutWorkerApi } from './lineage-layout-worker';

let remote: Remote<LayoutWorkerApi> | null = null;

/**
 * The layout worker's only client: started on the first lineage view and
 * kept for the next ones. It holds no state, so it never needs restarting.
 */
export function layoutInWorker(input: LayoutInput): Promise<LineageLayout> {
  remote ??= wrap<LayoutWorkerApi>(new Worker(new URL('./lineage-layout-worker.ts', import.meta.url), { type: 'module', name: 'lineage-layout' }));
  return remote.layout(input);
}
