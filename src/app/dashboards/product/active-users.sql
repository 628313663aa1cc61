-- DAU, WAU and MAU per day: distinct people with a product event that day,
-- in the 7 and in the 28 days ending that day (internal users left out).
with engagement as (

    select * from fct_daily_engagement

),

final as (

    select
        date_day,
        dau,
        wau,
        mau
    from engagement

)

select * from final
order by date_day
