{#
    Account x month: revenue beside product usage and pipeline, the table
    that answers how product behaviour relates to revenue. One row per
    account and month from the account's first month with MRR, product
    activity, open pipeline or a won deal to its last (for an account that
    ever paid, the last month fct_mrr measures), quiet months included. MRR and movement come from fct_mrr and
    fct_mrr_movements unchanged; usage from the product marts through the
    workspace identity map; open pipeline at each month's end from the
    stage history. months_to_churn marks the months before each churn, so
    usage ahead of churn can be read off directly.
#}

with accounts as (

    select * from {{ ref('dim_accounts') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

mrr as (

    select * from {{ ref('fct_mrr') }}

),

movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

stage_history as (

    select * from {{ ref('fct_opportunity_stage_history') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

sessions as (

    select * from {{ ref('fct_sessions') }}

),

feature_adoption as (

    select * from {{ ref('fct_feature_adoption') }}

),

months as (

    select month_start_date as month
    from dates
    where month_start_date <= (select max(month) from mrr)
    group by month_start_date

),

{# Months past the FX seed take its last rate, as the sales marts do. #}
month_rates as (

    select
        months.month,
        fx_rates.currency,
        fx_rates.rate_to_usd
    from months
    inner join fx_rates
        on fx_rates.month = case
            when months.month > (select max(month) from fx_rates)
                then (select max(month) from fx_rates)
            else months.month
        end

),

{#
    A stage visit is open at a month's end when it was entered by then and
    ended after it: from the month it was entered up to the month before
    it ended (or the last month while it is still open). Each deal is
    converted at the month's rate and rounded before summing.
#}
open_visits as (

    select
        account_id,
        opportunity_id,
        currency,
        coalesce(amount_local, 0) as amount_local,
        {{ month_start('stage_entered_date') }} as first_month,
        coalesce(
            {{ month_start('stage_exited_date') }},
            {{ add_months('(select max(month) from months)', 1) }}
        ) as end_month
    from stage_history
    where is_closed_stage = 0

),

{# Walking each visit's months is linear; a range join scans every pair. #}
open_visit_months as (

    with recursive visit_months as (
        select
            account_id,
            opportunity_id,
            currency,
            amount_local,
            first_month as month,
            end_month
        from open_visits
        where first_month < end_month
        union all
        select
            account_id,
            opportunity_id,
            currency,
            amount_local,
            {{ add_months('month', 1) }},
            end_month
        from visit_months
        where {{ add_months('month', 1) }} < end_month
    )

    select
        visit_months.account_id,
        visit_months.month,
        visit_months.opportunity_id,
        {{ money('visit_months.amount_local * month_rates.rate_to_usd') }}
            as amount_usd
    from visit_months
    inner join month_rates
        on month_rates.month = visit_months.month
        and month_rates.currency = visit_months.currency

),

monthly_pipeline as (

    select
        account_id,
        month,
        count(distinct opportunity_id) as open_opportunities,
        {{ money('sum(amount_usd)') }} as open_pipeline_usd
    from open_visit_months
    group by account_id, month

),

monthly_wins as (

    select
        account_id,
        {{ month_start('close_date') }} as month,
        count(*) as opportunities_won,
        {{ money('sum(coalesce(amount_usd, 0))') }} as won_amount_usd
    from opportunities
    where is_won = 1
    group by account_id, {{ month_start('close_date') }}

),

{#
    Usage is counted by session, in the month the session starts, with all
    its events: one pass over the sessions instead of a group-by over every
    event (the largest table). People of workspaces without an account have
    no account and stay out.
#}
monthly_usage as (

    select
        account_id,
        {{ month_start('session_date') }} as month,
        count(distinct user_id) as active_users,
        count(distinct session_date) as active_days,
        count(*) as sessions,
        sum(event_count) as events
    from sessions
    where account_id is not null
    group by account_id, {{ month_start('session_date') }}

),

monthly_adoptions as (

    select
        account_id,
        {{ month_start('adopted_date') }} as month,
        count(*) as features_adopted
    from feature_adoption
    where is_adopted = 1
    group by account_id, {{ month_start('adopted_date') }}

),

{#
    Each account's span: from its first month with MRR, activity, open
    pipeline or a won deal to its last such month. fct_mrr runs every paying
    account to the warehouse's last month (zeros after a churn), so paying
    accounts reach the end; an account that never paid ends with its last
    signal instead of trailing empty months. The first and last activity
    come from the small adoption table (first and last use of any feature),
    which keeps the sessions to one pass (monthly_usage).
#}
account_spans as (

    select
        account_id,
        min(month) as first_month,
        max(month) as last_month
    from (
        select account_id, month from mrr
        union all
        select account_id, month from monthly_pipeline
        union all
        select account_id, month from monthly_wins
        union all
        select account_id, {{ month_start('first_used_at') }}
        from feature_adoption
        union all
        select account_id, {{ month_start('last_used_at') }}
        from feature_adoption
    )
    group by account_id

),

spine as (

    select
        account_spans.account_id,
        months.month
    from account_spans
    inner join months
        on months.month >= account_spans.first_month
        and months.month <= account_spans.last_month

),

joined as (

    select
        spine.account_id,
        spine.month,
        accounts.source as account_source,
        accounts.size_segment,
        coalesce(mrr.currency, accounts.currency) as currency,
        coalesce(mrr.mrr_local, 0) as mrr_local,
        coalesce(mrr.mrr_usd, 0) as mrr_usd,
        coalesce(mrr.arr_usd, 0) as arr_usd,
        case when mrr.mrr_local > 0 then 1 else 0 end as is_paying,
        movements.movement,
        coalesce(movements.mrr_change_usd, 0) as mrr_change_usd,
        coalesce(movements.fx_adjustment_usd, 0) as fx_adjustment_usd,
        coalesce(monthly_pipeline.open_opportunities, 0) as open_opportunities,
        coalesce(monthly_pipeline.open_pipeline_usd, 0) as open_pipeline_usd,
        coalesce(monthly_wins.opportunities_won, 0) as opportunities_won,
        coalesce(monthly_wins.won_amount_usd, 0) as won_amount_usd,
        coalesce(monthly_usage.active_users, 0) as active_users,
        coalesce(monthly_usage.active_days, 0) as active_days,
        coalesce(monthly_usage.sessions, 0) as sessions,
        coalesce(monthly_usage.events, 0) as events,
        coalesce(monthly_adoptions.features_adopted, 0)
            as features_adopted_in_month
    from spine
    inner join accounts
        on accounts.account_id = spine.account_id
    left join mrr
        on mrr.account_id = spine.account_id
        and mrr.month = spine.month
    left join movements
        on movements.account_id = spine.account_id
        and movements.month = spine.month
    left join monthly_pipeline
        on monthly_pipeline.account_id = spine.account_id
        and monthly_pipeline.month = spine.month
    left join monthly_wins
        on monthly_wins.account_id = spine.account_id
        and monthly_wins.month = spine.month
    left join monthly_usage
        on monthly_usage.account_id = spine.account_id
        and monthly_usage.month = spine.month
    left join monthly_adoptions
        on monthly_adoptions.account_id = spine.account_id
        and monthly_adoptions.month = spine.month

),

{#
    Running and look-ahead values per account: features adopted so far,
    last month's active users, and the next churn at or after the month.
#}
windowed as (

    select
        joined.*,
        sum(features_adopted_in_month) over (
            partition by account_id
            order by month
            rows between unbounded preceding and current row
        ) as features_adopted,
        lag(active_users) over (
            partition by account_id
            order by month
        ) as previous_active_users,
        min(case when movement = 'churn' then month end) over (
            partition by account_id
            order by month
            rows between current row and unbounded following
        ) as next_churn_month
    from joined

),

final as (

    select
        account_id,
        month,
        account_source,
        size_segment,
        currency,
        mrr_local,
        mrr_usd,
        arr_usd,
        is_paying,
        movement,
        mrr_change_usd,
        fx_adjustment_usd,
        open_opportunities,
        open_pipeline_usd,
        opportunities_won,
        won_amount_usd,
        active_users,
        previous_active_users,
        active_days,
        sessions,
        events,
        features_adopted,
        case
            when next_churn_month is not null
                then (
                    {{ date_part('year', 'next_churn_month') }} * 12
                    + {{ date_part('month', 'next_churn_month') }}
                ) - (
                    {{ date_part('year', 'month') }} * 12
                    + {{ date_part('month', 'month') }}
                )
        end as months_to_churn
    from windowed

)

select * from final
