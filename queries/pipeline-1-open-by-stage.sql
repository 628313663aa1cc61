-- title: How healthy is the pipeline? Open deals by stage, week by week
-- topic: Pipeline health and deal velocity
-- description: Open opportunities and their amount in USD at the end of
--   each week (Sunday), by stage, from fct_pipeline_snapshots, which
--   rebuilds the weekly pipeline from the stage history. Deals without an
--   amount yet are counted but add nothing to the amount.
-- chart: area x=week_end_date y=open_amount_usd color=stage_name
with snapshots as (

    select * from fct_pipeline_snapshots

),

final as (

    select
        week_end_date,
        stage_order,
        stage_name,
        open_opportunities,
        open_amount_usd,
        opportunities_without_amount
    from snapshots

)

select * from final
order by week_end_date, stage_order
