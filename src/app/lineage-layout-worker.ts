import dagre from '@dagrejs/dagre';
import { expose } from 'comlink';
import { layoutLineage } from './lineage-graph';
import type { DagreLike, LayoutInput, LineageLayout } from './lineage-graph';

/** Lays out the lineage graph off the main thread, so the page never freezes on a big project. */
export interface LayoutWorkerApi {
  layout(input: LayoutInput): LineageLayout;
}

const api: LayoutWorkerApi = {
  layout: (input) => layoutLineage(dagre as unknown as DagreLike, input),
};

expose(api);
