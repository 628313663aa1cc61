import { consoleHref, docHref, lineageHref, modelHref, searchHref, testsHref, backfillHref, DICTIONARY_PAGE } from './links';

/**
 * The guided walkthrough: the project from raw extracts to the console, one
 * step per layer, each saying what happens there, the decision behind it,
 * and where to see it live. The text is checked against the project: every
 * model it links to must exist (tests/unit/app/tour-steps.test.ts).
 */

export interface TourLink {
  label: string;
  href: string;
  /** The model or source a link opens, checked by the unit test. */
  resource?: string;
}

export interface TourStep {
  id: string;
  /** Short name for the progress indicator. */
  name: string;
  title: string;
  /** What the visitor sees at this layer, a paragraph each. */
  body: string[];
  /** The decision made here and why. */
  decision: string;
  links: TourLink[];
}

const DUPLICATES_SQL = `-- Raw rows the loader wrote more than once: same invoice id, later load time.
select id, count(*) as copies, min(_fivetran_synced) as first_load, max(_fivetran_synced) as last_load
from stripe__invoice
group by id
having count(*) > 1
order by copies desc, id
limit 50`;

const LAYERS_SQL = `-- How many models each layer holds, and how each is materialized.
select
    case
        when name like 'stg\\_%' escape '\\' then '1 staging'
        when name like 'int\\_%' escape '\\' then '2 intermediate'
        when name like 'fct\\_%' escape '\\' or name like 'dim\\_%' escape '\\' then '3 marts'
        when name like 'snap\\_%' escape '\\' then '4 snapshots'
        else '0 raw and seeds'
    end as layer,
    type,
    count(*) as relations
from sqlite_master
where type in ('table', 'view') and name not like 'sqlite\\_%' escape '\\'
group by 1, 2
order by 1, 2`;

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'raw',
    name: 'Raw',
    title: 'Raw: extracts as the loaders wrote them',
    body: [
      'Everything starts from one SQLite file of raw tables from three systems: Salesforce (accounts, contacts, opportunities and their stage history, users), Stripe (customers, subscriptions in history mode, invoices and their lines, charges, refunds, plans and prices) and Segment (identifies, groups, pages and product events). Your tab downloaded it and built everything else from it.',
      'The data is messy the way loader output is: records written twice with a later `_fivetran_synced`, deleted and merged Salesforce accounts, Stripe test-mode rows, three timestamp formats, amounts in minor units, emails with stray capitals and spaces, links between systems that are missing or wrong, and event names that changed on 2025-07-01.',
    ],
    decision:
      'The raw tables keep the vendors\u2019 own table and column names (`stripe__invoice`, `_fivetran_synced`), so the project reads them with `source()` exactly as it would read a Fivetran or Segment destination, and stays a valid dbt project for a real warehouse. The source map documents every column and every rule a model must apply.',
    links: [
      { label: 'The source map: every raw table and column', href: docHref('source-map') },
      { label: 'The raw Stripe invoices', href: modelHref('stripe.invoice'), resource: 'stripe.invoice' },
      { label: 'Query: invoices the loader wrote twice', href: consoleHref(DUPLICATES_SQL) },
    ],
  },
  {
    id: 'staging',
    name: 'Staging',
    title: 'Staging: one clean model per raw table',
    body: [
      'Each `stg_<source>__<entity>s` model reads exactly one raw table and is the only place `source()` appears. It renames columns to the project\u2019s conventions, casts timestamps to UTC ISO text and money to major units (yen stay whole), drops deleted and test-mode rows, and deduplicates. It never joins or aggregates.',
      'Staging models are views by default (`dbt_project.yml`), but most are tables here: several models and tests read each of them, so its deduplication runs once rather than once per reader. The small reference tables (coupons, discounts, plans, prices, products, users, contacts) stay views, and `stg_segment__tracks`, the largest, is incremental.',
    ],
    decision:
      'Deduplication happens here, on the record key with the latest load time winning (Segment: the first delivery of a message). Once the late batch is appended, every staging model therefore shows the right state of every record whatever order the copies arrived in, which is why the late batch needs no full refresh.',
    links: [
      { label: 'stg_stripe__invoices: dedup, cents to major units, epoch to UTC', href: modelHref('stg_stripe__invoices'), resource: 'stg_stripe__invoices' },
      { label: 'Its place in the lineage', href: lineageHref('model.stg_stripe__invoices', 1) },
      { label: 'Query: relations per layer', href: consoleHref(LAYERS_SQL) },
    ],
  },
  {
    id: 'intermediate',
    name: 'Intermediate',
    title: 'Intermediate: identity and business logic',
    body: [
      'Intermediate models hold the logic the marts share. `int_stripe_customers_mapped` links every Stripe customer to a company by the source map\u2019s rules, in order; `int_workspaces_mapped` does the same for product workspaces. `int_subscription_months_valued` values every subscription at each month\u2019s last second from Stripe\u2019s history-mode tables. `int_events_canonicalized` maps every event name, old and new, through the `event_taxonomy` seed.',
    ],
    decision:
      'Identity is resolved once, in one place, so every mart keys a company the same way (`dim_accounts`). When the Stripe metadata and a Salesforce field disagree, the Stripe metadata wins: the integration writes it, people type the other. A new event name or plan price is a row in a seed, not a SQL change.',
    links: [
      { label: 'int_stripe_customers_mapped: the identity rules', href: modelHref('int_stripe_customers_mapped'), resource: 'int_stripe_customers_mapped' },
      { label: 'int_events_canonicalized: one name across the taxonomy change', href: modelHref('int_events_canonicalized'), resource: 'int_events_canonicalized' },
      { label: 'Assumptions and known limitations', href: docHref('assumptions') },
    ],
  },
  {
    id: 'marts',
    name: 'Marts',
    title: 'Marts: facts and dimensions per domain',
    body: [
      'Marts are what people query: finance (`fct_mrr`, `fct_mrr_movements`, `fct_retention`, `fct_invoices`, `fct_payments`), sales (`fct_opportunities`, `fct_pipeline_snapshots`, `fct_win_rates`, the stage history), product (`fct_events`, `fct_sessions`, `fct_daily_engagement`, `fct_feature_adoption`) and the shared dimensions (`dim_accounts`, `dim_dates`, `dim_plans`, `dim_users`), with `fct_account_months` joining revenue and usage per account and month. Each states its grain.',
    ],
    decision:
      'Movements are classified on the local currency, and the USD change is priced at the month\u2019s rate with the FX adjustment defined as the remainder: the MRR bridge then rolls forward to the cent, month after month, and a currency swing never shows up as expansion or churn.',
    links: [
      { label: 'fct_mrr: MRR per account and month', href: modelHref('fct_mrr'), resource: 'fct_mrr' },
      { label: 'fct_retention: the bridge, GRR and NRR', href: modelHref('fct_retention'), resource: 'fct_retention' },
      { label: 'Metric definitions', href: docHref('metrics') },
    ],
  },
  {
    id: 'tests',
    name: 'Tests',
    title: 'Tests: beside every model, failing rows shown',
    body: [
      'Every key is tested `unique` and `not_null`, foreign keys with `relationships`, codes with `accepted_values`. On top of those, singular data tests check what the business cares about: that the MRR bridge rolls forward, that days in each stage add up to days to close, that sessions partition events, and that every raw row is either in a model or dropped for a stated reason.',
      'Each test runs right after the model it checks, in the same build in this tab; the tests page and each model page show the outcome, and a failing test shows its failing rows and the SQL that finds them.',
    ],
    decision:
      'Reconciliation tests count back to the raw tables, so a filter that silently drops rows fails the build instead of shrinking a number on a dashboard.',
    links: [
      { label: 'Every test and its outcome', href: testsHref() },
      { label: 'The MRR bridge test', href: testsHref({ q: 'mrr_bridge_rolls_forward' }) },
    ],
  },
  {
    id: 'backfill',
    name: 'Backfill',
    title: 'Backfill: the late batch, applied incrementally',
    body: [
      'Two weeks after batch 1, a second extract arrives: November\u2019s activity, product events from September and October received late, the charges a Stripe connector outage held back, invoices paid late, and re-sent duplicates. On the backfill page your tab appends it to the raw tables, as a loader would, and builds again only what lies downstream of the tables that received rows.',
      'The five incremental models take the new rows through a lookback window; the snapshots gain versions for the records that changed; and `fct_metric_restatements` lists every historical number the batch changed, before and after.',
    ],
    decision:
      'A load is recorded in `_loads` under the file\u2019s hash, so the same batch is never appended twice; and since staging deduplicates, the result equals a full rebuild on the same raw data, which the project\u2019s tests check row for row.',
    links: [
      { label: 'Apply the late batch', href: backfillHref() },
      { label: 'How backfills work', href: docHref('backfills') },
      { label: 'fct_metric_restatements', href: modelHref('fct_metric_restatements'), resource: 'fct_metric_restatements' },
    ],
  },
  {
    id: 'docs',
    name: 'Docs',
    title: 'Docs: the project explains itself',
    body: [
      'The Markdown in `docs/` renders here with links to the models it names, and the data dictionary is generated from the YAML property files and the built catalog: every model, its grain, and each column with its type, description and tests.',
      'Search (press `/` anywhere) looks through names, descriptions, column names and SQL.',
    ],
    decision: 'Descriptions live in the YAML beside the models, not in a separate wiki, so the dictionary cannot drift from what is built.',
    links: [
      { label: 'The data dictionary', href: docHref(DICTIONARY_PAGE) },
      { label: 'Architecture', href: docHref('architecture') },
      { label: 'Search for mrr_usd', href: searchHref('mrr_usd') },
    ],
  },
  {
    id: 'console',
    name: 'Console',
    title: 'Console: ask your own questions',
    body: [
      'The SQL console queries the warehouse in this tab, with table and column names completed as you type. Results of up to 200,000 rows scroll smoothly, chart in a click and download as CSV; the whole warehouse downloads as a SQLite file.',
      'Its gallery answers the questions the business asks: revenue growth and retention, pipeline health and deal velocity, engagement and feature adoption, product behaviour against revenue, and what the late data changed.',
    ],
    decision:
      'The query and its chart live in the link, compressed, so a question is shared by sending its URL; and queries run read-only unless you allow writes, so a link can never change the warehouse behind your back.',
    links: [
      { label: 'Open the console', href: consoleHref('select month, round(sum(mrr_usd), 2) as mrr_usd\nfrom fct_mrr\ngroup by month\norder by month', { mark: 'line', x: 'month', y: 'mrr_usd', color: null }) },
    ],
  },
];

export function tourStepIndex(id: string | undefined): number {
  if (!id) return 0;
  return TOUR_STEPS.findIndex((s) => s.id === id);
}
