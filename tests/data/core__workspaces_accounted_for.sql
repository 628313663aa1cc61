{#
    Guards the workspace map against dropping or inventing workspaces:
    every workspace of a Segment group call is in int_workspaces_mapped
    unless all its members are internal users (the company's own
    workspace), and no mapped workspace is internal. Returns the workspaces
    that break this.
#}

with groups as (

    select * from {{ ref('stg_segment__groups') }}

),

internal_users as (

    select distinct user_id
    from {{ ref('stg_segment__identifies') }}
    where is_internal_email = 1

),

grouped_workspaces as (

    select
        groups.workspace_id,
        min(case when internal_users.user_id is null then 0 else 1 end)
            as is_internal
    from groups
    left join internal_users
        on internal_users.user_id = groups.user_id
    group by groups.workspace_id

),

mapped as (

    select workspace_id from {{ ref('int_workspaces_mapped') }}

)

select
    grouped_workspaces.workspace_id,
    grouped_workspaces.is_internal,
    mapped.workspace_id is not null as is_mapped
from grouped_workspaces
left join mapped
    on mapped.workspace_id = grouped_workspaces.workspace_id
where (grouped_workspaces.is_internal = 0 and mapped.workspace_id is null)
    or (grouped_workspaces.is_internal = 1 and mapped.workspace_id is not null)
