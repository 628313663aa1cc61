{#
    Product users, one row per person who is not internal: every
    identified user (with their workspace and account), and every
    anonymous id with events that has not identified (it counts as its own
    user until an identify links it). Activity comes from fct_events.
#}

with users as (

    select * from {{ ref('int_users_mapped') }}

),

{#
    Straight from fct_events, in its user_events index order, so grouping
    sorts nothing (through a second CTE, the table would be copied first).
#}
activity as (

    select
        user_id,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        count(distinct event_date) as active_days,
        count(*) as event_count
    from {{ ref('fct_events') }}
    group by user_id

),

people as (

    select
        user_id,
        'identified' as user_type,
        email,
        workspace_id,
        workspace_name,
        account_id,
        first_identified_at
    from users
    where is_internal = 0

    union all

    select
        user_id,
        'anonymous' as user_type,
        null as email,
        null as workspace_id,
        null as workspace_name,
        null as account_id,
        null as first_identified_at
    from activity
    where user_id not in (select user_id from users)

),

final as (

    select
        people.user_id,
        people.user_type,
        people.email,
        people.workspace_id,
        people.workspace_name,
        people.account_id,
        people.first_identified_at,
        activity.first_event_at,
        activity.last_event_at,
        coalesce(activity.active_days, 0) as active_days,
        coalesce(activity.event_count, 0) as event_count
    from people
    left join activity
        on activity.user_id = people.user_id

)

select * from final
