-- title: How late does product data arrive? Events by days of delay
-- topic: Late data and backfills
-- description: Product events by how many days after they happened the
--   warehouse received them (received_at - event_at), per month of the
--   event. Events received after their day are what the incremental models'
--   lookback (var lookback_days) has to catch; the late batch brings
--   September and October events in November.
-- chart: bar x=event_month y=events color=delay
with events as (

    select * from fct_events

),

delays as (

    select
        substr(event_date, 1, 7) || '-01' as event_month,
        julianday(substr(received_at, 1, 10)) - julianday(event_date)
            as days_late
    from events

),

final as (

    select
        event_month,
        case
            when days_late <= 0 then 'same day'
            when days_late <= 3 then '1-3 days'
            when days_late <= 14 then '4-14 days'
            else 'over 14 days'
        end as delay,
        count(*) as events
    from delays
    group by 1, 2

)

select * from final
order by event_month, delay
