import { DASHBOARD_TITLES } from './links';
import { lateInvoicesSpec, logoChurnSpec } from '../charts/bars';
import { cohortHeatmapSpec } from '../charts/cohort';
import { collectionsSpec, mrrByCurrencySpec, mrrByTierSpec, revenueRetentionSpec } from '../charts/time-series';
import { mrrBridgeSpec } from '../charts/waterfall';
import type { DashboardDef } from './types';
import cohortRetentionSql from './finance/cohort-retention.sql?raw';
import collectionsSql from './finance/collections.sql?raw';
import lateInvoicesSql from './finance/late-invoices.sql?raw';
import logoChurnSql from './finance/logo-churn.sql?raw';
import mrrBridgeSql from './finance/mrr-bridge.sql?raw';
import mrrByCurrencySql from './finance/mrr-by-currency.sql?raw';
import mrrByPlanSql from './finance/mrr-by-plan.sql?raw';
import revenueRetentionSql from './finance/revenue-retention.sql?raw';

export const finance: DashboardDef = {
  slug: 'finance',
  title: DASHBOARD_TITLES.finance,
  summary:
    'Recurring revenue and where it came from: MRR and ARR by plan tier and currency, the monthly MRR bridge, churn and retention, cohorts, and how invoices get paid.',
  charts: [
    {
      id: 'mrr-by-plan',
      title: 'MRR and ARR by plan tier',
      models: ['fct_mrr', 'int_subscription_periods_joined', 'dim_plans'],
      definition:
        "MRR of each paying account at the month's last second (subscriptions active or past due, items x quantity per month less recurring discounts), in USD at the month's rate, stacked by the tier of the account's plan then. ARR = 12 x MRR (right axis).",
      sql: mrrByPlanSql,
      spec: mrrByTierSpec,
      wide: true,
    },
    {
      id: 'mrr-by-currency',
      title: 'MRR and ARR by billing currency',
      models: ['fct_mrr'],
      definition:
        "The same MRR stacked by the account's billing currency, converted to USD at each month's rate from the fx_rates seed; the CSV adds each currency's MRR in the currency itself. ARR = 12 x MRR.",
      sql: mrrByCurrencySql,
      spec: mrrByCurrencySpec,
    },
    {
      id: 'mrr-bridge',
      title: 'MRR bridge',
      models: ['fct_retention'],
      definition:
        "Starting MRR, plus the USD change of each movement type (classified on local currency, priced at the month's rate), plus the FX adjustment, equals ending MRR to the cent. Pick the last 12 months, a year or one month.",
      sql: mrrBridgeSql,
      spec: mrrBridgeSpec,
    },
    {
      id: 'revenue-retention',
      title: 'Gross and net revenue retention',
      models: ['fct_retention'],
      definition:
        "GRR = (starting MRR + contraction + churn) / starting MRR; NRR adds expansion. Monthly, over last month's MRR; new and reactivated accounts and FX are left out.",
      sql: revenueRetentionSql,
      spec: revenueRetentionSpec,
    },
    {
      id: 'logo-churn',
      title: 'Logo churn',
      models: ['fct_retention'],
      definition: 'Accounts that went from MRR > 0 to 0 in the month, over the accounts paying at the end of the previous month.',
      sql: logoChurnSql,
      spec: logoChurnSpec,
    },
    {
      id: 'cohort-retention',
      title: 'Cohort retention',
      models: ['fct_mrr'],
      definition:
        'Accounts grouped by the quarter of their first paying month; each cell is the share still paying that many months after their own first month. Paler cells are partial: some of the cohort has not reached that month yet. The tooltip adds revenue retention in USD.',
      sql: cohortRetentionSql,
      spec: cohortHeatmapSpec,
      wide: true,
    },
    {
      id: 'late-invoices',
      title: 'Net-30 invoices paid late',
      models: ['fct_invoices', 'dim_dates'],
      definition:
        'Invoices sent for payment within 30 days (card invoices have no due date), per quarter of issue: paid by the due date, paid after it, still open past it, still open before it, or void. Days late count from the due date.',
      sql: lateInvoicesSql,
      spec: lateInvoicesSpec,
    },
    {
      id: 'collections',
      title: 'Invoiced and collected',
      models: ['fct_payments', 'fct_invoices'],
      definition:
        "Invoiced: totals of the invoices issued in the month (void ones left out), USD at the month of issue's rate. Collected: succeeded charges less refunds in the month, USD at the payment month's rate.",
      sql: collectionsSql,
      spec: collectionsSpec,
    },
  ],
};
