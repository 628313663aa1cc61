{{ config(materialized='table') }}

{#
    The headline numbers of every domain in one long table, one row per
    metric and period, so that a snapshot of it (snap_metric_values) keeps
    what each load of the warehouse said and fct_metric_restatements can
    show what a late batch changed. Values come from the marts, so they are
    exactly what a dashboard showed. as_of is the newest loaded-at the
    warehouse held when the value was computed: it dates each snapshot
    version from the data, not from the clock. A table: the snapshot and
    several tests read it, and it scans the events once for as_of.
#}

with mrr as (

    select * from {{ ref('fct_mrr') }}

),

payments as (

    select * from {{ ref('fct_payments') }}

),

invoices as (

    select * from {{ ref('fct_invoices') }}

),

pipeline as (

    select * from {{ ref('fct_pipeline_snapshots') }}

),

engagement as (

    select * from {{ ref('fct_daily_engagement') }}

),

loads as (

    select max(loaded_at) as loaded_at from payments
    union all
    select max(loaded_at) from {{ ref('stg_stripe__customers') }}
    union all
    select max(loaded_at) from {{ ref('stg_salesforce__accounts') }}
    union all
    select max(received_at) from {{ ref('fct_events') }}

),

as_of as (

    select max(loaded_at) as as_of from loads

),

monthly_mrr as (

    select
        'mrr_usd' as metric,
        'month' as period_grain,
        month as period,
        {{ money('sum(mrr_usd)') }} as value
    from mrr
    group by month
    union all
    select
        'paying_accounts',
        'month',
        month,
        sum(is_paying)
    from mrr
    group by month

),

{# Net cash in: succeeded charges less refunds, by the month they happened. #}
monthly_revenue as (

    select
        'revenue_collected_usd' as metric,
        'month' as period_grain,
        {{ month_start('created_at') }} as period,
        {{ money('sum(net_amount_usd)') }} as value
    from payments
    group by {{ month_start('created_at') }}

),

{#
    Invoices issued in a month that are paid as far as the warehouse knows:
    when a late payment lands, the month the invoice was issued is restated.
#}
monthly_invoices as (

    select
        'invoices_paid' as metric,
        'month' as period_grain,
        {{ month_start('created_at') }} as period,
        sum(is_paid) as value
    from invoices
    group by {{ month_start('created_at') }}
    union all
    select
        'invoices_open',
        'month',
        {{ month_start('created_at') }},
        sum(case when status = 'open' then 1 else 0 end)
    from invoices
    group by {{ month_start('created_at') }}

),

weekly_pipeline as (

    select
        'open_pipeline_usd' as metric,
        'week' as period_grain,
        week_start_date as period,
        {{ money('sum(open_amount_usd)') }} as value
    from pipeline
    group by week_start_date

),

recent_days as (

    select {{ add_days('max(date_day)', -90) }} as first_day
    from engagement

),

{#
    Daily numbers for the last 90 days of data only: late events land within
    weeks, and older days would only grow the snapshot.
#}
daily_engagement as (

    select
        'dau' as metric,
        'day' as period_grain,
        date_day as period,
        dau as value
    from engagement
    where date_day > (select first_day from recent_days)
    union all
    select
        'mau',
        'day',
        date_day,
        mau
    from engagement
    where date_day > (select first_day from recent_days)

),

monthly_engagement as (

    select
        'sessions' as metric,
        'month' as period_grain,
        {{ month_start('date_day') }} as period,
        sum(sessions) as value
    from engagement
    group by {{ month_start('date_day') }}
    union all
    select
        'events',
        'month',
        {{ month_start('date_day') }},
        sum(events)
    from engagement
    group by {{ month_start('date_day') }}

),

unioned as (

    select * from monthly_mrr
    union all
    select * from monthly_revenue
    union all
    select * from monthly_invoices
    union all
    select * from weekly_pipeline
    union all
    select * from daily_engagement
    union all
    select * from monthly_engagement

),

final as (

    select
        unioned.metric,
        unioned.period_grain,
        unioned.period,
        cast(unioned.value as real) as value,
        as_of.as_of
    from unioned
    cross join as_of

)

select * from final
