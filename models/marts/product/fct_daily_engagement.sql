{{
    config(
        materialized='incremental',
        unique_key='date_day',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="
            {% if is_incremental() %}
            with bounds as (
                select
                    coalesce(min(event_date), '9999-12-31') as first_date,
                    coalesce(max(event_date), '0000-01-01') as last_date
                from {{ ref('fct_events') }}
            )
            delete from {{ this }}
            where date_day < (select first_date from bounds)
                or date_day > (select last_date from bounds)
            {% endif %}
        "
    )
}}

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

    Incremental: data loaded since the last run can only change the days
    of the events it brings (late events), of the events of devices that
    identified since (they move to their user) and of people found to be
    internal since (they leave). From the earliest such day on, every day
    is computed again from the user-days of the 27 days before it onwards
    (a cover starting earlier ends before it), and replaces the held one;
    a post-hook drops days outside the events' range. The load time held
    is bounded by the last day held, as for fct_sessions (client clocks
    not ahead by more than the lookback).
#}

-- depends_on: {{ ref('stg_segment__tracks') }}
-- depends_on: {{ ref('stg_segment__identifies') }}
-- depends_on: {{ ref('int_anonymous_ids_stitched') }}

with sessions as (

    select * from {{ ref('fct_sessions') }}

),

{% if is_incremental() %}

lookback as (

    select {{ product_lookback_start(this, 'date_day') }} as start_at

),

{# People whose first identify on the company's domain arrived since. #}
newly_internal as (

    select user_id
    from {{ ref('stg_segment__identifies') }}
    where is_internal_email = 1
    group by user_id
    having min(received_at) >= (select start_at from lookback)

),

{# The earliest day the data loaded since can change (null: none). #}
restated as (

    select {{ to_date('min(event_at)') }} as first_date
    from {{ ref('stg_segment__tracks') }}
    where received_at >= (select start_at from lookback)
        or user_id in (select user_id from newly_internal)
        or anonymous_id in (
            select anonymous_id
            from {{ ref('int_anonymous_ids_stitched') }}
            where received_at >= (select start_at from lookback)
                or user_id in (select user_id from newly_internal)
        )

),

{% endif %}

{#
    Each person's active days, straight from fct_events in its user_events
    index order, with the next active day: the window runs on the grouped
    rows in the order the index gives them, so nothing is sorted (grouped
    rows read from a CTE would be copied, then sorted for the window).
#}
user_days_sequenced as (

    select
        event_date as activity_date,
        count(*) as events,
        lead(event_date) over (
            partition by user_id
            order by event_date
        ) as next_activity_date
    from {{ ref('fct_events') }}
    {% if is_incremental() %}
    where event_date >= {{ add_days('(select first_date from restated)', -27) }}
    {% endif %}
    group by user_id, event_date

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

{# Every active day is a day of daily_activity: its range is the events'. #}
bounds as (

    select
        min(date_day) as first_date,
        max(date_day) as last_date
    from daily_activity

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
    {% if is_incremental() %}
    where session_date >= (select first_date from restated)
    {% endif %}
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
    {% if is_incremental() %}
    where date_day >= (select first_date from restated)
    {% endif %}

)

select * from final
