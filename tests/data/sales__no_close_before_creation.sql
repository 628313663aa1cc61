{#
    Guards days to close: no closed opportunity closes before it was
    created (a negative days_to_close would mean a parsing or timezone bug
    in created_at or close_date), and no stage visit ends before it began.
#}

with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

stage_history as (
    select * from {{ ref('fct_opportunity_stage_history') }}
)

select
    opportunity_id,
    'closes before it was created' as problem
from opportunities
where is_closed = 1
    and (close_date < created_date or days_to_close < 0)

union all

select
    opportunity_id,
    'a stage visit ends before it began' as problem
from stage_history
where stage_exited_date < stage_entered_date
    or days_in_stage < 0
