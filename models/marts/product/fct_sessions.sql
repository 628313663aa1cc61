{{
    config(
        materialized='incremental',
        unique_key='session_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="
            {% if is_incremental() %}
            {{ delete_sessions_to_rebuild(this) }}
            {% endif %}
        ",
        post_hook="{{ create_index(this, [
            'user_id', 'started_at', 'ended_at', 'event_count', 'session_id'
        ], 'user_sessions') }}"
    )
}}

{#
    Sessions: a person's events split wherever more than
    var('session_timeout_minutes') pass without an event. A session counts
    on the UTC day it starts, and is keyed by its first event's id.

    One window pass over each person's events in time order (the order of
    fct_events' user_events index, so nothing is sorted) finds the first
    event of every session. A session then ends with the event before the
    next session's first, and holds the events numbered in between; a
    person's last session ends with their last event. The joins are left
    joins so that SQLite keeps the sessions as the outer loop, in person
    order, and looks the people up (an inner join lets it index all
    sessions instead).

    Incremental: a late event can extend a session, start one, or merge
    two, so it can change sessions other than its own. The pre-hook
    (delete_sessions_to_rebuild) deletes every held session the new data
    can change; this model then rebuilds each person's sessions from the
    events after the last session still held (all of them for a person
    without one). Events up to that session's end are exactly its and its
    predecessors' events, so the result equals a full refresh.
#}

-- depends_on: {{ ref('int_users_mapped') }}

with events as (

    select * from {{ ref('fct_events') }}

),

users as (

    select * from {{ ref('int_users_mapped') }}

),

{# Per person, from the user_events index: no sort. #}
person_totals as (

    select
        user_id,
        count(*) as event_count,
        max(event_at) as last_event_at
    from {{ ref('fct_events') }}
    group by user_id

),

{% if is_incremental() %}

held_sessions as (

    select
        user_id,
        max(ended_at) as last_ended_at,
        sum(event_count) as held_event_count
    from {{ this }}
    group by user_id

),

{# People with events after their last held session, or with none held. #}
rebuilds as (

    select
        person_totals.user_id,
        coalesce(held_sessions.last_ended_at, '0000-01-01 00:00:00')
            as rebuild_after,
        person_totals.event_count
            - coalesce(held_sessions.held_event_count, 0) as event_count,
        person_totals.last_event_at
    from person_totals
    left join held_sessions
        on held_sessions.user_id = person_totals.user_id
    where held_sessions.user_id is null
        or person_totals.last_event_at > held_sessions.last_ended_at

),

{# event_date repeats the bound so the user_events index narrows the scan. #}
user_events as (

    select
        events.user_id,
        events.event_id,
        events.event_date,
        events.event_at
    from rebuilds
    inner join events
        on events.user_id = rebuilds.user_id
        and events.event_date >= {{ to_date('rebuilds.rebuild_after') }}
        and events.event_at > rebuilds.rebuild_after

),

{% else %}

rebuilds as (

    select
        user_id,
        event_count,
        last_event_at
    from person_totals

),

{# Straight from the user_events index, already in time order. #}
user_events as (

    select
        user_id,
        event_id,
        event_date,
        event_at
    from events

),

{% endif %}

{#
    event_date leads the order only because the index does; it follows
    event_at, so the order is the same.
#}
sequenced as (

    select
        user_id,
        event_id,
        event_at,
        lag(event_at) over person_timeline as previous_event_at,
        row_number() over person_timeline as event_number
    from user_events
    window person_timeline as (
        partition by user_id
        order by event_date, event_at, event_id
    )

),

session_starts as (

    select *
    from sequenced
    where previous_event_at is null
        or {{ seconds_between('previous_event_at', 'event_at') }}
            > {{ var('session_timeout_minutes') * 60 }}

),

{# The event before the next session's first ends a session. #}
next_starts as (

    select
        *,
        lead(previous_event_at) over person_sessions as next_previous_event_at,
        lead(event_number) over person_sessions as next_event_number
    from session_starts
    window person_sessions as (
        partition by user_id
        order by event_number
    )

),

sessions as (

    select
        next_starts.event_id as session_id,
        next_starts.user_id,
        next_starts.event_at as started_at,
        coalesce(
            next_starts.next_previous_event_at,
            rebuilds.last_event_at
        ) as ended_at,
        coalesce(
            next_starts.next_event_number,
            rebuilds.event_count + 1
        ) - next_starts.event_number as event_count
    from next_starts
    left join rebuilds
        on rebuilds.user_id = next_starts.user_id

),

final as (

    select
        sessions.session_id,
        sessions.user_id,
        users.workspace_id,
        users.account_id,
        sessions.started_at,
        sessions.ended_at,
        {{ to_date('sessions.started_at') }} as session_date,
        {{ seconds_between('sessions.started_at', 'sessions.ended_at') }}
            as duration_seconds,
        sessions.event_count
    from sessions
    left join users
        on users.user_id = sessions.user_id

)

select * from final
