import { href } from '../router';

/**
 * Where a dashboard lives: `#/dashboards/<slug>`; the list without a slug.
 * Its own module, so a page linking to a dashboard does not load them all.
 */
export function dashboardHref(slug?: string): string {
  return slug ? href(['dashboards', slug]) : href(['dashboards']);
}

/** Each dashboard's title by slug, here so the router can name a dashboard before its code loads. */
export const DASHBOARD_TITLES = {
  finance: 'Finance',
  sales: 'Sales',
  product: 'Product',
  'product-revenue': 'Product x revenue',
} as const;
