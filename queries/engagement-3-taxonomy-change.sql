-- title: Did the 2025-07-01 event rename break the series? Events by taxonomy
-- topic: Engagement and feature adoption
-- description: Weekly product events around the taxonomy change, by the
--   name version the app sent (v1 Title Case, v2 snake_case) and in total
--   under the canonical names of the event_taxonomy seed. Old app versions
--   kept sending v1 names for weeks; the canonical total runs on without a
--   step, which is what every product mart counts.
-- chart: line x=week y=events color=taxonomy_version
with events as (

    select * from fct_events

),

dates as (

    select * from dim_dates

),

weekly as (

    select
        dates.week_start_date as week,
        events.taxonomy_version,
        count(*) as events
    from events
    inner join dates
        on dates.date_day = events.event_date
    where events.event_date between '2025-05-01' and '2025-09-30'
    group by 1, 2

),

canonical as (

    select week, 'canonical (all)' as taxonomy_version, sum(events) as events
    from weekly
    group by week

),

final as (

    select * from weekly
    union all
    select * from canonical

)

select * from final
order by week, taxonomy_version
