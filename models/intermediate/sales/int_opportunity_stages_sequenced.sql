{{ config(materialized='table') }}

{#
    Every stage visit of the kept opportunities in order, with when it
    ended and how many whole days it lasted. A visit ends when the next one
    starts; the last open stage of a closed deal whose closing row is
    missing ends on the close date. The closed stages, and the stage an open
    deal is still in, have no duration.
#}

with

history as (
    select * from {{ ref('stg_salesforce__opportunity_history') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

sequenced as (
    select
        history.opportunity_history_id,
        history.opportunity_id,
        opportunities.account_id,
        opportunities.owner_id,
        opportunities.currency,
        opportunities.is_closed as is_opportunity_closed,
        opportunities.close_date as opportunity_close_date,
        history.stage_name,
        history.amount_local,
        history.probability,
        history.close_date as expected_close_date,
        history.stage_entered_at,
        row_number() over by_entry as visit_number,
        lead(history.stage_name) over by_entry as next_stage_name,
        lead(history.stage_entered_at) over by_entry as next_stage_entered_at
    from history
    inner join opportunities
        on history.opportunity_id = opportunities.opportunity_id
    window by_entry as (
        partition by history.opportunity_id
        order by history.stage_entered_at, history.opportunity_history_id
    )
),

flagged as (
    select
        *,
        case
            when stage_name in ('Closed Won', 'Closed Lost') then 1 else 0
        end as is_closed_stage,
        case when next_stage_entered_at is null then 1 else 0 end
            as is_latest_stage
    from sequenced
),

ended as (
    select
        *,
        case
            when is_closed_stage = 1 then null
            when next_stage_entered_at is not null
                then {{ to_date('next_stage_entered_at') }}
            when is_opportunity_closed = 1 then opportunity_close_date
        end as stage_exited_date
    from flagged
),

final as (
    select
        opportunity_history_id,
        opportunity_id,
        account_id,
        owner_id,
        visit_number,
        stage_name,
        {{ opportunity_stage_order('stage_name') }} as stage_order,
        next_stage_name,
        is_closed_stage,
        is_latest_stage,
        currency,
        amount_local,
        probability,
        expected_close_date,
        stage_entered_at,
        {{ to_date('stage_entered_at') }} as stage_entered_date,
        stage_exited_date,
        case
            when stage_exited_date is not null
                then {{ days_between('stage_entered_at', 'stage_exited_date') }}
        end as days_in_stage
    from ended
)

select * from final
