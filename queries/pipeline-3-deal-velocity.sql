-- title: How fast do deals move? Days in each stage and days to close
-- topic: Pipeline health and deal velocity
-- description: For every open stage, how many visits ended (the deal moved
--   on or closed) and the average and longest days spent in it, from
--   fct_opportunity_stage_history; then the average days from creation to
--   close of won and lost deals, from fct_opportunities. A deal that steps
--   back visits a stage twice, and each visit counts.
-- chart: bar x=step y=avg_days
with stage_history as (

    select * from fct_opportunity_stage_history

),

opportunities as (

    select * from fct_opportunities

),

stages as (

    select
        stage_order as step_order,
        stage_name as step,
        count(*) as visits,
        round(avg(days_in_stage), 1) as avg_days,
        max(days_in_stage) as max_days
    from stage_history
    where days_in_stage is not null
    group by stage_order, stage_name

),

to_close as (

    select
        100 + case outcome when 'won' then 1 else 2 end as step_order,
        'Created to ' || outcome as step,
        count(*) as visits,
        round(avg(days_to_close), 1) as avg_days,
        max(days_to_close) as max_days
    from opportunities
    where is_closed = 1
    group by outcome

),

final as (

    select * from stages
    union all
    select * from to_close

)

select step, visits, avg_days, max_days from final
order by step_order
