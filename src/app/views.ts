/**
 * How to load each view's element, by tag: one dynamic import per page, so
 * a page's code (and its libraries) loads when it is first opened.
 */
export const views: Record<string, () => Promise<unknown>> = {
  'wh-overview-page': () => import('./wh-overview-page'),
  'wh-lineage-page': () => import('./wh-lineage-page'),
  'wh-model-page': () => import('./wh-model-page'),
  'wh-tests-page': () => import('./wh-tests-page'),
  'wh-docs-page': () => import('./wh-docs-page'),
  'wh-search-page': () => import('./wh-search-page'),
  'wh-console-page': () => import('./wh-console-page'),
  'wh-backfill-page': () => import('./wh-backfill-page'),
  'wh-tour-page': () => import('./wh-tour-page'),
  'wh-dashboard-page': () => import('./wh-dashboard-page'),
};
