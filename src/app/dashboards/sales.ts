import { DASHBOARD_TITLES } from './links';
import { repPerformanceSpec } from '../charts/bars';
import { daysInStageSpec, daysToCloseSpec } from '../charts/distribution';
import { pipelineByStageSpec, winRateSpec } from '../charts/time-series';
import type { DashboardDef } from './types';
import daysInStageSql from './sales/days-in-stage.sql?raw';
import daysToCloseSql from './sales/days-to-close.sql?raw';
import pipelineByStageSql from './sales/pipeline-by-stage.sql?raw';
import repPerformanceSql from './sales/rep-performance.sql?raw';
import winRatesSql from './sales/win-rates.sql?raw';

export const sales: DashboardDef = {
  slug: 'sales',
  title: DASHBOARD_TITLES.sales,
  summary: 'Pipeline health and deal velocity: open pipeline by stage, win rates by segment, how long deals take and where they wait, and each rep.',
  charts: [
    {
      id: 'pipeline-by-stage',
      title: 'Open pipeline by stage',
      models: ['fct_pipeline_snapshots'],
      definition:
        "At the end of each Sunday, the deals whose latest stage entry by then is an open stage, with the amount recorded with that entry in USD at the month's rate; deals without an amount count 0 (their number is in the tooltip).",
      sql: pipelineByStageSql,
      spec: pipelineByStageSpec,
      wide: true,
    },
    {
      id: 'win-rates',
      title: 'Win rate by quarter and segment',
      models: ['fct_win_rates'],
      definition:
        "Won / (won + lost) over the deals closed in the quarter, by count (the tooltip adds the rate by USD amount). 'All segments' sums the counts over segments rather than averaging rates.",
      sql: winRatesSql,
      spec: winRateSpec,
    },
    {
      id: 'rep-performance',
      title: 'Rep performance',
      models: ['fct_opportunities', 'dim_sales_reps'],
      definition:
        "Per deal owner, all time: closed-won annual contract value in USD, win rate by count, deals won; the tooltip adds the median days to close of won deals and today's open pipeline.",
      sql: repPerformanceSql,
      spec: repPerformanceSpec,
    },
    {
      id: 'days-to-close',
      title: 'Days to close',
      models: ['fct_opportunities'],
      definition:
        'Close date minus created date in whole days, for every closed deal, by size segment and outcome. Boxes span the middle half of the deals, the white tick is the median, whiskers reach the furthest deals within 1.5 box lengths.',
      sql: daysToCloseSql,
      spec: daysToCloseSpec,
    },
    {
      id: 'days-in-stage',
      title: 'Days in each stage',
      models: ['fct_opportunity_stage_history'],
      definition:
        'Whole days from entering a stage to the next history entry (or the close), per stage visit; a deal stepping back visits a stage again. The stage an open deal is in now is not counted yet.',
      sql: daysInStageSql,
      spec: daysInStageSpec,
      maxRows: 20_000,
    },
  ],
};
