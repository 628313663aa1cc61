{#
    Guards the internal-user exclusion (docs/source-map.md, "Test and
    internal data"): no event, session or user row of the product marts may
    belong to a user with an identify on the company's own domain, or to an
    anonymous id that identified as one. Returns the offending rows.
#}

with users as (

    select * from {{ ref('int_users_mapped') }}

),

anonymous_ids as (

    select * from {{ ref('int_anonymous_ids_stitched') }}

),

internal_people as (

    select user_id as person_id from users
    where is_internal = 1

    union

    select anonymous_ids.anonymous_id
    from anonymous_ids
    inner join users
        on users.user_id = anonymous_ids.user_id
    where users.is_internal = 1

),

offenders as (

    select 'fct_events' as model, event_id as id, user_id
    from {{ ref('fct_events') }}
    where user_id in (select person_id from internal_people)
        or anonymous_id in (select person_id from internal_people)

    union all

    select 'fct_sessions', session_id, user_id
    from {{ ref('fct_sessions') }}
    where user_id in (select person_id from internal_people)

    union all

    select 'dim_users', user_id, user_id
    from {{ ref('dim_users') }}
    where user_id in (select person_id from internal_people)

)

select * from offenders
