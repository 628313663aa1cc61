{#
    Guards against fan-out and silent loss between the product layers:
    staged events are exactly the events in fct_events plus those of
    internal people (dropped on purpose), and the sessions, daily
    engagement, feature adoption and users marts account for every event
    once. Returns one row per check that does not balance.
#}

with tracks as (

    select * from {{ ref('stg_segment__tracks') }}

),

users as (

    select * from {{ ref('int_users_mapped') }}

),

anonymous_ids as (

    select * from {{ ref('int_anonymous_ids_stitched') }}

),

events as (

    select * from {{ ref('fct_events') }}

),

internal_users as (

    select user_id from users
    where is_internal = 1

),

internal_events as (

    select count(*) as events
    from tracks
    where tracks.user_id in (select user_id from internal_users)
        or (
            tracks.user_id is null
            and tracks.anonymous_id in (
                select anonymous_id from anonymous_ids
                where user_id in (select user_id from internal_users)
            )
        )

),

checks as (

    select
        'fct_events = staged events - internal people''s events' as check_name,
        (select count(*) from tracks) - (select events from internal_events)
            as expected,
        (select count(*) from events) as actual

    union all

    select
        'fct_sessions event_count',
        (select count(*) from events),
        (select sum(event_count) from {{ ref('fct_sessions') }})

    union all

    select
        'fct_daily_engagement events',
        (select count(*) from events),
        (select sum(events) from {{ ref('fct_daily_engagement') }})

    union all

    select
        'fct_feature_adoption event_count',
        (
            select count(*) from events
            where account_id is not null and feature is not null
        ),
        (select sum(event_count) from {{ ref('fct_feature_adoption') }})

    union all

    select
        'dim_users event_count',
        (select count(*) from events),
        (select sum(event_count) from {{ ref('dim_users') }})

)

select *
from checks
where coalesce(expected, -1) <> coalesce(actual, -1)
