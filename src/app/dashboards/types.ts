/// <reference types="vite/client" />
import type { ChartSpec } from '../charts/base';
import type { Row } from '../charts/rows';

/**
 * A chart on a dashboard: what it shows, where its numbers come from, the
 * SQL that reads them from the built warehouse, and the function that turns
 * the rows into a vega-lite spec.
 */
export interface ChartDef {
  /** Stable and unique within its dashboard: element ids and download names. */
  id: string;
  title: string;
  /** The models the query reads, the mart first; each links to its model page. */
  models: string[];
  /** The metric as the chart computes it, in a sentence or two. */
  definition: string;
  /** Kept in a `.sql` file beside the dashboard; runs read-only in the worker. */
  sql: string;
  spec: (rows: Row[]) => ChartSpec;
  /** Rows the chart may read; more is an error rather than a silently cut chart. Default CHART_MAX_ROWS. */
  maxRows?: number;
  /** Spans the dashboard's full width on a laptop. */
  wide?: boolean;
}

export interface DashboardDef {
  /** The route segment: `#/dashboards/<slug>`. */
  slug: string;
  title: string;
  /** One paragraph: who it is for and what it answers. */
  summary: string;
  charts: ChartDef[];
}

/** Rows a chart may read unless it says otherwise. */
export const CHART_MAX_ROWS = 5_000;
