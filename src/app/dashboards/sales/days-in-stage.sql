-- Days spent in each open stage, one row per stage visit that ended (the
-- stage an open deal is in now has no duration yet).
with stage_history as (

    select * from fct_opportunity_stage_history

),

final as (

    select
        opportunity_history_id,
        opportunity_id,
        stage_name,
        stage_order,
        days_in_stage
    from stage_history
    where days_in_stage is not null
        and is_closed_stage = 0

)

select * from final
order by stage_order, days_in_stage
