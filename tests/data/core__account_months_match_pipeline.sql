{#
    Guards the open pipeline of fct_account_months, which is measured at
    month ends from the stage history, against the sales mart measured at
    week ends: on a month whose last day is a Sunday both describe the same
    instant, so the number of open deals and their USD total must agree.
    Returns the months that differ.
#}

with account_months as (

    select
        month,
        sum(open_opportunities) as open_opportunities,
        sum({{ to_cents('open_pipeline_usd') }}) as open_cents
    from {{ ref('fct_account_months') }}
    group by month

),

pipeline as (

    select
        week_end_date,
        sum(open_opportunities) as open_opportunities,
        sum({{ to_cents('open_amount_usd') }}) as open_cents
    from {{ ref('fct_pipeline_snapshots') }}
    group by week_end_date

),

sunday_month_ends as (

    select month_start_date as month, date_day
    from {{ ref('dim_dates') }}
    where is_month_end = 1
        and day_of_week = 7

)

select
    sunday_month_ends.month,
    pipeline.open_opportunities as expected_open_opportunities,
    account_months.open_opportunities,
    pipeline.open_cents as expected_open_cents,
    account_months.open_cents
from sunday_month_ends
inner join pipeline
    on pipeline.week_end_date = sunday_month_ends.date_day
left join account_months
    on account_months.month = sunday_month_ends.month
where coalesce(account_months.open_opportunities, 0)
        <> pipeline.open_opportunities
    or coalesce(account_months.open_cents, 0) <> pipeline.open_cents
