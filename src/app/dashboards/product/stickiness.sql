-- Stickiness per day: DAU / MAU, on days with 20 or more monthly active
-- people (with fewer, a handful of early users swing it between 0 and 100%).
with engagement as (

    select * from fct_daily_engagement

),

final as (

    select
        date_day,
        dau,
        mau,
        stickiness
    from engagement
    where mau >= 20

)

select * from final
order by date_day
