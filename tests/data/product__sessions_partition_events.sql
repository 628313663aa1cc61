{#
    Guards sessionisation (and its incremental upkeep): the sessions split
    the events exactly, every event in one session. Each person's sessions
    must follow one another with more than var('session_timeout_minutes')
    between one's end and the next one's start, so they never overlap;
    each session must hold exactly event_count events of its person
    between its start and end; and the counts must add up to fct_events.
    Disjoint sessions whose events add up to all events leave no event
    outside a session and none in two.
    Returns one row per broken session or total.
#}

with events as (

    select * from {{ ref('fct_events') }}

),

sessions as (

    select * from {{ ref('fct_sessions') }}

),

sequenced as (

    select
        session_id,
        user_id,
        started_at,
        ended_at,
        lag(ended_at) over (
            partition by user_id
            order by started_at
        ) as previous_ended_at
    from sessions

),

overlapping as (

    select session_id
    from sequenced
    where started_at > ended_at
        or started_at <= {{ timestamp_add(
            'previous_ended_at', var('session_timeout_minutes'), 'minutes'
        ) }}

),

{# event_date bounds the range so the user_events index narrows the scan. #}
miscounted as (

    select sessions.session_id
    from sessions
    where sessions.event_count <> (
        select count(*)
        from events
        where events.user_id = sessions.user_id
            and events.event_date between sessions.session_date
                and {{ to_date('sessions.ended_at') }}
            and events.event_at between sessions.started_at
                and sessions.ended_at
    )

),

failures as (

    select
        'session overlaps or is within the timeout of the previous one'
            as problem,
        session_id as id
    from overlapping

    union all

    select 'event_count differs from the events in the session', session_id
    from miscounted

    union all

    select 'session event counts do not add up to fct_events', null
    where (select coalesce(sum(event_count), 0) from sessions)
        <> (select count(*) from events)

)

select * from failures
