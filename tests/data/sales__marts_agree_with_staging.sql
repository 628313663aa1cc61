{#
    Guards against fan-out and silent loss between layers: the marts hold
    exactly the staged opportunities of live (non-internal) accounts and
    exactly their staged history rows, with the same amounts, and the win
    rates add up to the closed deals. Returns one row per check that fails.
#}

with

staged_opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

staged_history as (
    select * from {{ ref('stg_salesforce__opportunity_history') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

stage_history as (
    select * from {{ ref('fct_opportunity_stage_history') }}
),

win_rates as (
    select * from {{ ref('fct_win_rates') }}
),

kept_staged as (
    select staged_opportunities.*
    from staged_opportunities
    where staged_opportunities.account_id in (
        select account_id from accounts where is_merged = 0
    )
),

checks as (
    select
        'opportunities' as what,
        (select count(*) from kept_staged) as expected,
        (select count(*) from opportunities) as actual
    union all
    select
        'opportunity amount_local total',
        (select round(sum(amount_local), 2) from kept_staged),
        (select round(sum(amount_local), 2) from opportunities)
    union all
    select
        'stage history rows',
        (
            select count(*) from staged_history
            where opportunity_id in (select opportunity_id from kept_staged)
        ),
        (select count(*) from stage_history)
    union all
    select
        'stage visits counted on opportunities',
        (select count(*) from stage_history),
        (select sum(stage_visits) from opportunities)
    union all
    select
        'closed opportunities in win rates',
        (select count(*) from opportunities where is_closed = 1),
        (select sum(closed_opportunities) from win_rates)
    union all
    select
        'won opportunities in win rates',
        (select count(*) from opportunities where is_won = 1),
        (select sum(won_opportunities) from win_rates)
    union all
    select
        'won amount in win rates',
        (
            select round(sum(amount_usd), 2) from opportunities
            where is_won = 1
        ),
        (select round(sum(won_amount_usd), 2) from win_rates)
)

select *
from checks
where actual is not expected
    and not (abs(actual - expected) < 0.01)
