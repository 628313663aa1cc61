import { DASHBOARD_TITLES } from './links';
import { adoptionRetentionSpec } from '../charts/distribution';
import { usageBeforeMovementSpec } from '../charts/time-series';
import type { DashboardDef } from './types';
import adoptionVsNrrSql from './product-revenue/adoption-vs-nrr.sql?raw';
import usageBeforeMovementSql from './product-revenue/usage-before-movement.sql?raw';

export const productRevenue: DashboardDef = {
  slug: 'product-revenue',
  title: DASHBOARD_TITLES['product-revenue'],
  summary: 'Product behaviour against revenue: how accounts used the product in the months before they expanded, contracted or churned, and how feature adoption relates to net revenue retention.',
  charts: [
    {
      id: 'usage-before-movement',
      title: 'Usage before expansion, contraction and churn',
      models: ['fct_account_months'],
      definition:
        "For every account-month with an expansion, a contraction or a churn, the account's usage in that month and each of the six months before, averaged per movement type; accounts whose MRR did not change are the dashed baseline. Pick the usage measure.",
      sql: usageBeforeMovementSql,
      spec: usageBeforeMovementSpec,
      wide: true,
    },
    {
      id: 'adoption-vs-nrr',
      title: 'Feature adoption against net revenue retention',
      models: ['fct_feature_adoption', 'fct_mrr', 'fct_mrr_movements'],
      definition:
        "Accounts paying twelve months before the last measured month, split per feature into those that had adopted it by then and the others. Each group's NRR = (its starting MRR + its members' movements since, FX left out) / its starting MRR. Features no account had adopted are left out. Read it with care: the accounts that had not adopted a feature by the start are mostly new ones, and new accounts expand most, so a higher NRR without a feature says more about account age than about the feature.",
      sql: adoptionVsNrrSql,
      spec: adoptionRetentionSpec,
      wide: true,
    },
  ],
};
