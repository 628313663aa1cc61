import { finance } from './finance';
import { product } from './product';
import { productRevenue } from './product-revenue';
import { sales } from './sales';
import type { DashboardDef } from './types';

/** Every dashboard, in the order the site lists them. */
export const dashboards: readonly DashboardDef[] = [finance, sales, product, productRevenue];

export function findDashboard(slug: string): DashboardDef | undefined {
  return dashboards.find((d) => d.slug === slug);
}

