/**
 * A generated dbt project of about 200 models (staging views, intermediate
 * tables and ephemeral models, table, incremental and view marts, generic and
 * singular tests, macros, vars) over a few raw tables of 100k+ rows that
 * SQLite itself generates, so both engines start from identical data.
 */
import type { Database } from '../../engine/index';

export interface FixtureSize {
  customers: number;
  orders: number;
  events: number;
  products: number;
}

export const DEFAULT_SIZE: FixtureSize = { customers: 20_000, orders: 200_000, events: 150_000, products: 1_000 };

const INT_ORDERS = 40;
const INT_EVENTS = 16;
const FCT_METRICS = 100;
const FCT_DAILY = 20;
const RPT_VIEWS = 20;
const EVENT_TYPES = ['login', 'view', 'search', 'export', 'share', 'invite', 'comment', 'upload'];

export function fixtureModelCount(): number {
  return 4 + INT_ORDERS + INT_EVENTS + FCT_METRICS + FCT_DAILY + RPT_VIEWS;
}

export function generateProject(): Record<string, string> {
  const files: Record<string, string> = {};
  files['dbt_project.yml'] = [
    'name: bench',
    "config-version: 2",
    'vars:',
    "  min_amount: 0",
    'models:',
    '  bench:',
    '    +materialized: view',
    '    intermediate:',
    '      +materialized: table',
    '    marts:',
    '      +materialized: table',
    '',
  ].join('\n');
  files['macros/metrics.sql'] = [
    '{% macro safe_ratio(num, den) -%}',
    '    case when {{ den }} = 0 then null else round(1.0 * {{ num }} / {{ den }}, 4) end',
    '{%- endmacro %}',
    '',
    '{% macro segment_case(column) -%}',
    "    case {{ column }} {% for s in ['smb', 'mid', 'ent'] %}when '{{ s }}' then {{ loop.index }} {% endfor %}else 0 end",
    '{%- endmacro %}',
    '',
  ].join('\n');
  files['models/sources.yml'] = [
    'version: 2',
    'sources:',
    '  - name: shop',
    '    tables:',
    ...['customers', 'orders', 'events', 'products'].map((t) => `      - name: ${t}`),
    '',
  ].join('\n');

  files['models/staging/stg_customers.sql'] =
    "select id as customer_id, name as customer_name, segment, signup_date\nfrom {{ source('shop', 'customers') }}";
  files['models/staging/stg_orders.sql'] =
    "select id as order_id, customer_id, product_id, amount, ordered_at, status\nfrom {{ source('shop', 'orders') }}\nwhere amount >= {{ var('min_amount') }}";
  files['models/staging/stg_events.sql'] = "select id as event_id, customer_id, event_type, occurred_at\nfrom {{ source('shop', 'events') }}";
  files['models/staging/stg_products.sql'] = "select id as product_id, category, price\nfrom {{ source('shop', 'products') }}";

  for (let i = 0; i < INT_ORDERS; i++) {
    files[`models/intermediate/int_customer_orders_${i}.sql`] = [
      'select',
      '    customer_id,',
      '    count(*) as orders,',
      '    sum(amount) as revenue,',
      "    sum(case when status = 'returned' then 1 else 0 end) as returns",
      "from {{ ref('stg_orders') }}",
      `where order_id % ${INT_ORDERS} = ${i}`,
      'group by customer_id',
    ].join('\n');
  }
  for (let i = 0; i < INT_EVENTS; i++) {
    const type = EVENT_TYPES[i % EVENT_TYPES.length];
    files[`models/intermediate/int_event_counts_${i}.sql`] = [
      "{{ config(materialized='ephemeral') }}",
      'select customer_id, count(*) as events',
      "from {{ ref('stg_events') }}",
      `where event_type = '${type}' and event_id % 2 = ${i % 2}`,
      'group by customer_id',
    ].join('\n');
  }
  const martYaml: string[] = ['version: 2', 'models:'];
  for (let i = 0; i < FCT_METRICS; i++) {
    files[`models/marts/metrics/fct_customer_metrics_${i}.sql`] = [
      'with customers as (',
      "    select * from {{ ref('stg_customers') }}",
      '),',
      'orders as (',
      `    select * from {{ ref('int_customer_orders_${i % INT_ORDERS}') }}`,
      '),',
      'events as (',
      `    select * from {{ ref('int_event_counts_${i % INT_EVENTS}') }}`,
      ')',
      'select',
      '    customers.customer_id,',
      '    {{ segment_case("customers.segment") }} as segment_rank,',
      '    coalesce(orders.orders, 0) as orders,',
      '    coalesce(orders.revenue, 0) as revenue,',
      '    {{ safe_ratio("orders.returns", "orders.orders") }} as return_rate,',
      '    coalesce(events.events, 0) as events',
      'from customers',
      'left join orders on orders.customer_id = customers.customer_id',
      'left join events on events.customer_id = customers.customer_id',
    ].join('\n');
    martYaml.push(
      `  - name: fct_customer_metrics_${i}`,
      '    columns:',
      '      - name: customer_id',
      '        data_tests: [unique, not_null]',
    );
  }
  for (let i = 0; i < FCT_DAILY; i++) {
    files[`models/marts/daily/fct_daily_orders_${i}.sql`] = [
      "{{ config(materialized='incremental', unique_key='order_date', incremental_strategy='merge') }}",
      'select ordered_at as order_date, count(*) as orders, sum(amount) as revenue',
      "from {{ ref('stg_orders') }}",
      `where product_id % ${FCT_DAILY} = ${i}`,
      '{% if is_incremental() %}',
      "  and ordered_at >= (select max(order_date) from {{ this }})",
      '{% endif %}',
      'group by ordered_at',
    ].join('\n');
    martYaml.push(
      `  - name: fct_daily_orders_${i}`,
      '    columns:',
      '      - name: order_date',
      '        data_tests: [unique, not_null]',
    );
  }
  for (let i = 0; i < RPT_VIEWS; i++) {
    files[`models/marts/reports/rpt_segment_revenue_${i}.sql`] = [
      "{{ config(materialized='view') }}",
      'select segment_rank, sum(revenue) as revenue, avg(return_rate) as return_rate',
      `from {{ ref('fct_customer_metrics_${i * 5}') }}`,
      'group by segment_rank',
    ].join('\n');
  }
  files['models/marts/schema.yml'] = `${martYaml.join('\n')}\n`;
  files['tests/assert_revenue_not_negative.sql'] = "select * from {{ ref('fct_customer_metrics_0') }} where revenue < 0";
  return files;
}

export function generateRawData(db: Database, size: FixtureSize = DEFAULT_SIZE): void {
  const series = (n: number) => `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${n})`;
  db.exec(`
    create table shop__customers as ${series(size.customers)}
      select i as id, 'customer ' || i as name,
        case i % 3 when 0 then 'smb' when 1 then 'mid' else 'ent' end as segment,
        date('2024-01-01', '+' || (i % 365) || ' days') as signup_date
      from n;
    create table shop__products as ${series(size.products)}
      select i as id, 'category ' || (i % 12) as category, (i % 50) + 0.99 as price from n;
    create table shop__orders as ${series(size.orders)}
      select i as id, (i * 7919) % ${size.customers} + 1 as customer_id, (i % ${size.products}) + 1 as product_id,
        ((i * 31) % 10000) / 100.0 as amount, date('2024-01-01', '+' || (i % 700) || ' days') as ordered_at,
        case when i % 10 = 0 then 'returned' else 'completed' end as status
      from n;
    create table shop__events as ${series(size.events)}
      select i as id, (i * 104729) % ${size.customers} + 1 as customer_id,
        case i % 8 ${EVENT_TYPES.map((t, k) => `when ${k} then '${t}'`).join(' ')} end as event_type,
        datetime('2024-01-01', '+' || (i % 50000) || ' minutes') as occurred_at
      from n;
  `);
}
