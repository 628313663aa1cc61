{#
    One row per stage visit: a deal that steps back from Negotiation to
    Proposal visits Proposal twice, and each visit has its own days in stage.
#}

with

stage_visits as (
    select * from {{ ref('int_opportunity_stages_sequenced') }}
),

final as (
    select
        opportunity_history_id,
        opportunity_id,
        account_id,
        owner_id,
        visit_number,
        stage_name,
        stage_order,
        next_stage_name,
        is_closed_stage,
        is_latest_stage,
        currency,
        amount_local,
        probability,
        expected_close_date,
        stage_entered_at,
        stage_entered_date,
        stage_exited_date,
        days_in_stage
    from stage_visits
)

select * from final
