import type { WarehouseClient } from '../warehouse-client';
import { warmUpCharts } from '../wh-chart';
import { dashboards } from './index';
import { CHART_MAX_ROWS } from './types';

/**
 * Readies the dashboards once the build's first page is drawn: the charting
 * library loads and draws a chart off the page, and every chart's query runs
 * in the worker, one at a time, while the overview is read. Opening a
 * dashboard then only draws its charts; a query the reader runs meanwhile
 * waits for at most one of these.
 */
export async function warmUpDashboards(client: WarehouseClient): Promise<void> {
  const charts = warmUpCharts().catch(() => undefined);
  await client.prefetch(dashboards.flatMap((d) => d.charts.map((c) => ({ sql: c.sql, maxRows: c.maxRows ?? CHART_MAX_ROWS }))));
  await charts;
}
