{#
    Open pipeline at the end of every week (Monday to Sunday, UTC), by stage,
    rebuilt from the stage history rather than read from a stored snapshot:
    an opportunity is open in a stage at a week's end when its latest stage
    entry by then is that open stage. Its amount is the one recorded with
    that entry; amounts are summed per currency and converted at the rate
    of the month the week ends in.
#}

{% set week_end_date_sql = add_days(week_start_of_number('week'), 6) %}

with

stage_visits as (
    select * from {{ ref('int_opportunity_stages_sequenced') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

{#
    A visit is open at the Sunday of week k when it was entered in week k or
    before and ended in week k + 1 or later; closed stages are never open.
#}
open_visits as (
    select
        stage_name,
        currency,
        amount_local,
        {{ week_number('stage_entered_date') }} as first_week,
        {{ week_number('stage_exited_date') }} - 1 as last_week_before_exit
    from stage_visits
    where is_closed_stage = 0
),

{#
    Weeks run from the first stage entry to the last week that ended before
    the newest load (every stage change rewrites the opportunity, so its
    loads date the extract): a week still in progress is left out.
#}
bounds as (
    select
        (select min(first_week) from open_visits) as first_week,
        (
            select {{ week_number('max(loaded_at)') }} - 1
            from opportunities
        ) as last_week
),

weeks as (
    with recursive numbers (week, last_week) as (
        select
            first_week,
            last_week
        from bounds
        union all
        select
            week + 1,
            last_week
        from numbers
        where week < last_week
    )
    select
        week,
        {{ week_start_of_number('week') }} as week_start_date,
        {{ week_end_date_sql }} as week_end_date
    from numbers
    where week <= last_week
),

last_rate_month as (
    select max(month) as month
    from fx_rates
),

{#
    Each visit walks its own weeks, a few rows per visit, instead of every
    visit being compared with every week; the columns the totals need ride
    along, so nothing is joined back.
#}
open_at_week_end as (
    with recursive covered (
        week, last_week, stage_name, currency, amount_local
    ) as (
        select
            open_visits.first_week,
            case
                when open_visits.last_week_before_exit < bounds.last_week
                    then open_visits.last_week_before_exit
                else bounds.last_week
            end,
            open_visits.stage_name,
            open_visits.currency,
            open_visits.amount_local
        from open_visits
        cross join bounds
        union all
        select
            week + 1,
            last_week,
            stage_name,
            currency,
            amount_local
        from covered
        where week < last_week
    )
    select
        week,
        stage_name,
        currency,
        amount_local
    from covered
    where week <= last_week
),

{# Summed per currency first, then converted once per week and currency. #}
per_currency as (
    select
        week,
        stage_name,
        currency,
        count(*) as open_opportunities,
        count(*) - count(amount_local) as opportunities_without_amount,
        sum(amount_local) as amount_local
    from open_at_week_end
    group by week, stage_name, currency
),

{# Weeks ending after the last rate month take its rate, as deals do. #}
per_currency_rated as (
    select
        per_currency.*,
        case
            when {{ month_start(week_end_date_sql) }} > last_rate_month.month
                then last_rate_month.month
            else {{ month_start(week_end_date_sql) }}
        end as rate_month
    from per_currency
    cross join last_rate_month
),

aggregated as (
    select
        per_currency_rated.week,
        per_currency_rated.stage_name,
        sum(per_currency_rated.open_opportunities) as open_opportunities,
        sum(per_currency_rated.opportunities_without_amount)
            as opportunities_without_amount,
        {{ money(
            'sum(per_currency_rated.amount_local * fx_rates.rate_to_usd)'
        ) }} as open_amount_usd
    from per_currency_rated
    left join fx_rates
        on per_currency_rated.rate_month = fx_rates.month
        and per_currency_rated.currency = fx_rates.currency
    group by per_currency_rated.week, per_currency_rated.stage_name
),

open_stages as (
    select distinct
        stage_name,
        stage_order
    from stage_visits
    where is_closed_stage = 0
),

final as (
    select
        weeks.week_start_date,
        weeks.week_end_date,
        open_stages.stage_name,
        open_stages.stage_order,
        coalesce(aggregated.open_opportunities, 0) as open_opportunities,
        coalesce(aggregated.open_amount_usd, 0) as open_amount_usd,
        coalesce(aggregated.opportunities_without_amount, 0)
            as opportunities_without_amount
    from weeks
    cross join open_stages
    left join aggregated
        on weeks.week = aggregated.week
        and open_stages.stage_name = aggregated.stage_name
)

select * from final
