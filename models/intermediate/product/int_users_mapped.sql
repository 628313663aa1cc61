{{ config(materialized='table') }}

{#
    Every identified Segment user with its workspace and account: the
    workspace of the user's latest group call (each user belongs to one),
    and that workspace's account from the identity map. A user is internal
    when any of their identifies carries the company's own domain; the
    product marts leave internal users out, but they are kept here (and
    flagged) so the exclusion is visible and tested. A table: the events,
    sessions and users models and their tests all read it.
#}

with identifies as (

    select * from {{ ref('stg_segment__identifies') }}

),

groups as (

    select * from {{ ref('stg_segment__groups') }}

),

workspaces as (

    select * from {{ ref('int_workspaces_mapped') }}

),

users as (

    select user_id from identifies
    union
    select user_id from groups

),

identities as (

    select
        user_id,
        max(is_internal_email) as is_internal,
        min(identified_at) as first_identified_at
    from identifies
    group by user_id

),

latest_identifies as (

    {{ first_by(
        'identifies',
        ['user_id'],
        'identified_at desc, received_at desc, message_id desc'
    ) }}

),

latest_groups as (

    {{ first_by(
        'groups',
        ['user_id'],
        'grouped_at desc, received_at desc, message_id desc'
    ) }}

),

{# The newest identify or group call: what can remap the user's events. #}
loads as (

    select
        user_id,
        max(received_at) as last_received_at
    from (
        select user_id, received_at from identifies
        union all
        select user_id, received_at from groups
    )
    group by user_id

),

final as (

    select
        users.user_id,
        latest_identifies.email,
        coalesce(identities.is_internal, 0) as is_internal,
        latest_groups.workspace_id,
        coalesce(workspaces.workspace_name, latest_groups.workspace_name)
            as workspace_name,
        workspaces.account_id,
        workspaces.match_method as workspace_match_method,
        identities.first_identified_at,
        loads.last_received_at
    from users
    left join identities
        on identities.user_id = users.user_id
    left join latest_identifies
        on latest_identifies.user_id = users.user_id
    left join latest_groups
        on latest_groups.user_id = users.user_id
    left join loads
        on loads.user_id = users.user_id
    left join workspaces
        on workspaces.workspace_id = latest_groups.workspace_id

)

select * from final
