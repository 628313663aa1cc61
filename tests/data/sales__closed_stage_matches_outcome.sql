{#
    Guards outcomes: a closed opportunity's latest history entry is Closed
    Won or Closed Lost and agrees with is_won and with its current stage;
    an open one is in an open stage. Catches a flag read from the wrong
    column, a history row ordered wrongly, or a stale duplicate winning the
    deduplication.
#}

with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

stage_history as (
    select * from {{ ref('fct_opportunity_stage_history') }}
),

latest_stage as (
    select
        opportunity_id,
        stage_name
    from stage_history
    where is_latest_stage = 1
)

select
    opportunities.opportunity_id,
    opportunities.stage_name,
    opportunities.is_closed,
    opportunities.is_won,
    latest_stage.stage_name as latest_history_stage
from opportunities
left join latest_stage
    on opportunities.opportunity_id = latest_stage.opportunity_id
where latest_stage.stage_name is null
    or latest_stage.stage_name <> opportunities.stage_name
    or (opportunities.is_closed = 1 and opportunities.stage_name
        not in ('Closed Won', 'Closed Lost'))
    or (opportunities.is_closed = 0 and opportunities.stage_name
        in ('Closed Won', 'Closed Lost'))
    or (opportunities.is_won = 1) <> (opportunities.stage_name = 'Closed Won')
    or (opportunities.outcome = 'won') <> (opportunities.is_won = 1)
    or (opportunities.outcome = 'open') <> (opportunities.is_closed = 0)
