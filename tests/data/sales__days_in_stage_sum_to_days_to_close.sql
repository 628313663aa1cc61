{#
    Guards the stage durations: for a closed deal whose history is complete
    (it opens on the creation date and ends with a closing entry), the days
    spent in its open stages add up to its days to close. A wrong ordering
    of the history, a visit ended on the wrong date or a dropped visit makes
    the sum differ. Returns the deals where it does.
#}

with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

stage_history as (
    select * from {{ ref('fct_opportunity_stage_history') }}
),

per_opportunity as (
    select
        opportunity_id,
        sum(coalesce(days_in_stage, 0)) as days_in_stages,
        min(stage_entered_date) as first_entered_date,
        max(case when is_latest_stage = 1 then is_closed_stage end)
            as ends_closed
    from stage_history
    group by opportunity_id
)

select
    opportunities.opportunity_id,
    opportunities.days_to_close,
    per_opportunity.days_in_stages
from opportunities
inner join per_opportunity
    on opportunities.opportunity_id = per_opportunity.opportunity_id
where opportunities.is_closed = 1
    and per_opportunity.first_entered_date = opportunities.created_date
    and per_opportunity.ends_closed = 1
    and per_opportunity.days_in_stages <> opportunities.days_to_close
