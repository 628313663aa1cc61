-- Sessions started per ISO week (Monday first), with the people behind
-- them, average length and events per session. The newest week is left
-- out while it is not over.
with sessions as (

    select * from fct_sessions

),

dates as (

    select * from dim_dates

),

weekly as (

    select
        dates.week_start_date,
        count(*) as sessions,
        count(distinct sessions.user_id) as people,
        round(avg(sessions.duration_seconds) / 60.0, 2) as average_minutes,
        round(avg(sessions.event_count), 2) as events_per_session
    from sessions
    inner join dates
        on dates.date_day = sessions.session_date
    group by dates.week_start_date

),

final as (

    select * from weekly
    where week_start_date <= (
        select date(max(session_date), '-6 days') from sessions
    )

)

select * from final
order by week_start_date
