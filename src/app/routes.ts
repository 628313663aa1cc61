import { DASHBOARD_TITLES } from './dashboards/links';
import { DICTIONARY_PAGE, STATIC_DICTIONARY_PAGE } from './links';
import type { RouteMatch, RoutePattern } from './router';

/**
 * Every view of the site and the element that renders it. New views
 * (dashboards, backfill, tour) are an entry here and the element's loader in
 * `views.ts`, which keeps each page its own chunk.
 */
export interface RouteDef extends RoutePattern {
  tag: string;
  /** The view reads the build's artifacts: it shows the build's progress until they exist. */
  needsBuild: boolean;
  /** The document title for a match. */
  title: (match: RouteMatch) => string;
}

export const routes: readonly RouteDef[] = [
  {
    name: 'overview',
    pattern: '/',
    tag: 'wh-overview-page',
    needsBuild: false,
    title: () => 'Overview',
  },
  {
    name: 'lineage',
    pattern: '/lineage',
    tag: 'wh-lineage-page',
    needsBuild: true,
    title: () => 'Lineage',
  },
  {
    name: 'model',
    pattern: '/model/:name',
    tag: 'wh-model-page',
    needsBuild: true,
    // A link may name the node by its unique id (model.<project>.fct_mrr): the title is its name.
    title: (m) => (m.params.name ?? 'Model').replace(/^(model|seed|snapshot|analysis)\.[^.]+\./, ''),
  },
  {
    name: 'tests',
    pattern: '/tests',
    tag: 'wh-tests-page',
    needsBuild: true,
    title: () => 'Tests',
  },
  {
    name: 'docs',
    pattern: '/docs',
    tag: 'wh-docs-page',
    needsBuild: false,
    title: () => 'Docs',
  },
  {
    name: 'doc',
    pattern: '/docs/:page',
    tag: 'wh-docs-page',
    needsBuild: false,
    title: (m) => docTitleFromSlug(m.params.page),
  },
  {
    name: 'search',
    pattern: '/search',
    tag: 'wh-search-page',
    needsBuild: true,
    title: (m) => `Search ${m.query.get('q') ?? ''}`.trim(),
  },
  {
    name: 'console',
    pattern: '/console',
    tag: 'wh-console-page',
    needsBuild: true,
    title: () => 'SQL console',
  },
  {
    name: 'backfill',
    pattern: '/backfill',
    tag: 'wh-backfill-page',
    needsBuild: true,
    title: () => 'The late batch',
  },
  {
    name: 'tour',
    pattern: '/tour',
    tag: 'wh-tour-page',
    needsBuild: false,
    title: () => 'Walkthrough',
  },
  {
    name: 'tour-step',
    pattern: '/tour/:step',
    tag: 'wh-tour-page',
    needsBuild: false,
    title: (m) => `Walkthrough: ${m.params.step ?? ''}`,
  },
  {
    name: 'dashboards',
    pattern: '/dashboards',
    tag: 'wh-dashboard-page',
    needsBuild: false,
    title: () => 'Dashboards',
  },
  {
    name: 'dashboard',
    pattern: '/dashboards/:name',
    tag: 'wh-dashboard-page',
    needsBuild: true,
    title: (m) => {
      const title = (DASHBOARD_TITLES as Record<string, string>)[m.params.name ?? ''];
      return title ? `${title} dashboard` : 'Dashboards';
    },
  },
];

/** Header navigation, in order. */
export const navigation: readonly { label: string; href: string; routes: string[] }[] = [
  { label: 'Overview', href: '#/', routes: ['overview'] },
  { label: 'Lineage', href: '#/lineage', routes: ['lineage', 'model'] },
  { label: 'Tests', href: '#/tests', routes: ['tests'] },
  { label: 'Dashboards', href: '#/dashboards', routes: ['dashboards', 'dashboard'] },
  { label: 'Docs', href: '#/docs', routes: ['docs', 'doc'] },
  { label: 'Console', href: '#/console', routes: ['console'] },
  { label: 'Backfill', href: '#/backfill', routes: ['backfill'] },
  { label: 'Tour', href: '#/tour', routes: ['tour', 'tour-step'] },
];

/** The site's name, after each page's own in the document title. */
export const SITE_NAME = 'B2B analytics engineering';

/** The docs pages' headings, once the docs page has read them (each page's Markdown is a chunk of its own). */
export const docHeadings = new Map<string, string>();

/**
 * A docs page's document title: its heading once known, else from its file
 * name (`data-model` -> "Data model").
 */
export function docTitleFromSlug(page: string | undefined): string {
  if (!page) return 'Docs';
  const heading = docHeadings.get(page);
  if (heading) return heading;
  if (page === DICTIONARY_PAGE || page === STATIC_DICTIONARY_PAGE) return 'Data dictionary';
  // Once the headings are read, a page that has none does not exist.
  if (docHeadings.size > 0) return 'No such page';
  const words = page.replace(/[-_]+/g, ' ').trim();
  return words ? `${words[0]!.toUpperCase()}${words.slice(1)}` : 'Docs';
}

