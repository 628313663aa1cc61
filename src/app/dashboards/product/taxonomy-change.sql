-- Product events per ISO week by canonical name and by the taxonomy version
-- of the name the app sent (v1 `Title Case`, v2 `snake_case`). Counted per
-- day first, so only the daily counts are joined to the calendar. The
-- newest week is left out while it is not over.
with events as (

    select * from fct_events

),

dates as (

    select * from dim_dates

),

daily as (

    select
        event_date,
        canonical_name,
        taxonomy_version,
        count(*) as events
    from events
    group by event_date, canonical_name, taxonomy_version

),

weekly as (

    select
        dates.week_start_date,
        daily.canonical_name,
        daily.taxonomy_version,
        sum(daily.events) as events
    from daily
    inner join dates
        on dates.date_day = daily.event_date
    group by
        dates.week_start_date,
        daily.canonical_name,
        daily.taxonomy_version

),

final as (

    select * from weekly
    where week_start_date <= (
        select date(max(event_date), '-6 days') from events
    )

)

select * from final
order by week_start_date, canonical_name, taxonomy_version
