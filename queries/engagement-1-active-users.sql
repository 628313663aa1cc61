-- title: Is the product used more? DAU, WAU, MAU and stickiness
-- topic: Engagement and feature adoption
-- description: Daily, weekly (trailing 7 days) and monthly (trailing 28
--   days) active people with a product event, internal users left out, and
--   stickiness (DAU / MAU), from fct_daily_engagement, averaged per month so
--   weekends do not hide the trend.
-- chart: line x=month y=avg_dau
with engagement as (

    select * from fct_daily_engagement

),

final as (

    select
        substr(date_day, 1, 7) || '-01' as month,
        round(avg(dau), 1) as avg_dau,
        round(avg(wau), 1) as avg_wau,
        round(avg(mau), 1) as avg_mau,
        round(avg(stickiness), 4) as avg_stickiness,
        sum(sessions) as sessions,
        sum(events) as events
    from engagement
    group by 1

)

select * from final
order by month
