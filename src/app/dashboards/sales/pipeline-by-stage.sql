-- Open pipeline at the end of each week by open stage, in USD and deals.
with snapshots as (

    select * from fct_pipeline_snapshots

),

final as (

    select
        week_end_date,
        stage_name,
        stage_order,
        open_opportunities,
        open_amount_usd,
        opportunities_without_amount
    from snapshots

)

select * from final
order by week_end_date, stage_order
