{#
    Daily engagement, every day from the first product event to the last:
    DAU, WAU (the 7 days ending that day), MAU (the 28 days ending that
    day), stickiness (DAU / MAU), sessions started and events.

    WAU and MAU count distinct people over a trailing window. Joining each
    day to its window's user-days would touch every pair; instead a
    person's active day keeps them counted from that day up to the day
    before their next active day, for at most 7 (28) days, so each person
    counts once per day. WAU on a day is then yesterday's WAU plus the
    people active today minus the covers that ended today: one running sum
    along the calendar.
#}

with sessions as (

    select * from {{ ref('fct_sessions') }}

),

{#
    Straight from fct_events, in its user_events index order, so grouping
    sorts nothing (through a CTE read twice, it would copy the table).
#}
user_days as (

    select
        user_id,
        event_date as activity_date,
        count(*) as events
    from {{ ref('fct_events') }}
    group by user_id, event_date

),

bounds as (

    select
        min(activity_date) as first_date,
        max(activity_date) as last_date
    from user_days

),

user_days_sequenced as (

    select
        activity_date,
        events,
        lead(activity_date) over (
            partition by user_id
            order by activity_date
        ) as next_activity_date
    from user_days

),

covers as (

    select
        activity_date,
        events,
        case
            when next_activity_date < {{ add_days('activity_date', 7) }}
                then next_activity_date
            else {{ add_days('activity_date', 7) }}
        end as weekly_cover_end_date,
        case
            when next_activity_date < {{ add_days('activity_date', 28) }}
                then next_activity_date
            else {{ add_days('activity_date', 28) }}
        end as monthly_cover_end_date
    from user_days_sequenced

),

daily_activity as (

    select
        activity_date as date_day,
        count(*) as dau,
        sum(events) as events
    from covers
    group by activity_date

),

weekly_cover_ends as (

    select
        weekly_cover_end_date as date_day,
        count(*) as covers_ended
    from covers
    group by weekly_cover_end_date

),

monthly_cover_ends as (

    select
        monthly_cover_end_date as date_day,
        count(*) as covers_ended
    from covers
    group by monthly_cover_end_date

),

daily_sessions as (

    select
        session_date as date_day,
        count(*) as sessions
    from sessions
    group by session_date

),

spine as (

    {{ date_spine(
        '(select first_date from bounds)',
        '(select last_date from bounds)'
    ) }}

),

joined as (

    select
        spine.date_day,
        coalesce(daily_activity.dau, 0) as dau,
        coalesce(daily_activity.events, 0) as events,
        coalesce(daily_activity.dau, 0)
            - coalesce(weekly_cover_ends.covers_ended, 0) as wau_change,
        coalesce(daily_activity.dau, 0)
            - coalesce(monthly_cover_ends.covers_ended, 0) as mau_change,
        coalesce(daily_sessions.sessions, 0) as sessions
    from spine
    left join daily_activity
        on daily_activity.date_day = spine.date_day
    left join weekly_cover_ends
        on weekly_cover_ends.date_day = spine.date_day
    left join monthly_cover_ends
        on monthly_cover_ends.date_day = spine.date_day
    left join daily_sessions
        on daily_sessions.date_day = spine.date_day

),

running as (

    select
        date_day,
        dau,
        sum(wau_change) over calendar as wau,
        sum(mau_change) over calendar as mau,
        sessions,
        events
    from joined
    window calendar as (
        order by date_day
        rows between unbounded preceding and current row
    )

),

final as (

    select
        date_day,
        dau,
        wau,
        mau,
        case
            when mau > 0 then round(dau * 1.0 / mau, 4)
        end as stickiness,
        sessions,
        events
    from running

)

select * from final
