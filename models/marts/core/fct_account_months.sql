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
{# Materialized: computed once per visit, not once per visit and month. #}
open_visits as {{ materialized_cte() }} (

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

{#
    Most visits start and end within one month and are open at no month's
    end; dropping them first leaves few visits to join to the (few) months.
#}
open_visit_months as (

    select
        open_visits.account_id,
        month_rates.month,
        open_visits.opportunity_id,
        {{ money('open_visits.amount_local * month_rates.rate_to_usd') }}
            as amount_usd
    from open_visits
    inner join month_rates
        on month_rates.currency = open_visits.currency
        and month_rates.month >= open_visits.first_month
        and month_rates.month < open_visits.end_month
    where open_visits.first_month < open_visits.end_month

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
    Running and look-ahead values per account, as joins to small tables
    rather than windows over every account-month (three window passes cost
    more than the rest of the model on sql.js): features adopted so far,
    from the months with adoptions and the month the count next changes;
    last month's active users; and the next churn at or after the month,
    from the churn months and the churn before each.
#}
adoption_periods as (

    select
        account_id,
        month as from_month,
        coalesce(
            lead(month) over account_adoptions,
            '9999-12-01'
        ) as until_month,
        sum(features_adopted) over (
            account_adoptions
            rows between unbounded preceding and current row
        ) as features_adopted
    from monthly_adoptions
    window account_adoptions as (
        partition by account_id
        order by month
    )

),

churn_periods as (

    select
        account_id,
        coalesce(
            lag(month) over (partition by account_id order by month),
            '0000-01-01'
        ) as after_month,
        month as churn_month
    from movements
    where movement = 'churn'

),

windowed as (

    select
        joined.*,
        coalesce(adoption_periods.features_adopted, 0) as features_adopted,
        case
            when joined.month > account_spans.first_month
                then coalesce(previous_usage.active_users, 0)
        end as previous_active_users,
        churn_periods.churn_month as next_churn_month
    from joined
    inner join account_spans
        on account_spans.account_id = joined.account_id
    left join monthly_usage as previous_usage
        on previous_usage.account_id = joined.account_id
        and previous_usage.month = {{ add_months('joined.month', -1) }}
    left join adoption_periods
        on adoption_periods.account_id = joined.account_id
        and joined.month >= adoption_periods.from_month
        and joined.month < adoption_periods.until_month
    left join churn_periods
        on churn_periods.account_id = joined.account_id
        and joined.month > churn_periods.after_month
        and joined.month <= churn_periods.churn_month

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
