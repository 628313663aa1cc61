import { DASHBOARD_TITLES } from './links';
import { adoptionByTierSpec, sessionsSpec } from '../charts/bars';
import { activeUsersSpec, stickinessSpec, taxonomyChangeSpec } from '../charts/time-series';
import type { DashboardDef } from './types';
import activeUsersSql from './product/active-users.sql?raw';
import featureAdoptionByTierSql from './product/feature-adoption-by-tier.sql?raw';
import sessionsSql from './product/sessions.sql?raw';
import stickinessSql from './product/stickiness.sql?raw';
import taxonomyChangeSql from './product/taxonomy-change.sql?raw';

export const product: DashboardDef = {
  slug: 'product',
  title: DASHBOARD_TITLES.product,
  summary:
    'Engagement and feature adoption of customers (internal users left out): active people, stickiness, sessions, adoption by plan tier, and the event taxonomy change that the canonical names bridge.',
  charts: [
    {
      id: 'active-users',
      title: 'Daily, weekly and monthly active users',
      models: ['fct_daily_engagement'],
      definition: 'Distinct people with a canonical product event that day (DAU), in the 7 days ending that day (WAU) and in the 28 days ending that day (MAU).',
      sql: activeUsersSql,
      spec: activeUsersSpec,
      wide: true,
    },
    {
      id: 'stickiness',
      title: 'Stickiness',
      models: ['fct_daily_engagement'],
      definition:
        "DAU / MAU per day (thin line) and its 28-day moving average (thick line): the share of the month's active people who come back on a given day. Days with fewer than 20 monthly active people are left out.",
      sql: stickinessSql,
      spec: stickinessSpec,
    },
    {
      id: 'sessions',
      title: 'Sessions per week',
      models: ['fct_sessions', 'dim_dates'],
      definition: "A session is a person's run of events without a 30-minute gap, counted in the ISO week it starts; length is first to last event.",
      sql: sessionsSql,
      spec: sessionsSpec,
    },
    {
      id: 'feature-adoption-by-tier',
      title: 'Feature adoption by plan tier',
      models: ['fct_feature_adoption', 'fct_mrr', 'int_subscription_periods_joined', 'dim_plans'],
      definition:
        "An account adopted a feature once its people used it on 3 or more distinct days. Accounts are grouped by the plan tier of their latest paying month; each bar is the share of the tier's accounts that adopted the feature. Features no account adopted (onboarding) are left out.",
      sql: featureAdoptionByTierSql,
      spec: adoptionByTierSpec,
      wide: true,
    },
    {
      id: 'taxonomy-change',
      title: 'Events across the taxonomy change',
      models: ['fct_events', 'dim_dates'],
      definition:
        'Events per week under the names the app sent, v1 (Title Case) and v2 (snake_case), and under the canonical name the event_taxonomy seed maps both to. When the v1 names fade out and the v2 names take over, the canonical series carries on without a break. Pick one canonical event to check it alone.',
      sql: taxonomyChangeSql,
      spec: taxonomyChangeSpec,
      wide: true,
    },
  ],
};
