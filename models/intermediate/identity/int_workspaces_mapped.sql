{{ config(materialized='table') }}

{#
    Every product workspace mapped to its account (docs/source-map.md,
    "Identity across systems", rule 3): the Salesforce account whose
    Workspace_Id__c names it (exactly one), else the account of the earliest
    Stripe customer whose metadata names it, else none (unmatched: listed,
    not dropped).
    Workspaces come from Segment's group calls and from the links; the
    company's own workspace (every member internal) is left out.
#}

with groups as (

    select * from {{ ref('stg_segment__groups') }}

),

identifies as (

    select * from {{ ref('stg_segment__identifies') }}

),

salesforce_accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}
    where is_merged = 0

),

customers_mapped as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

{# Internal users per the source map: any identify on the company's domain. #}
internal_users as (

    select distinct user_id
    from identifies
    where is_internal_email = 1

),

members as (

    select
        groups.workspace_id,
        groups.user_id,
        max(case when internal_users.user_id is not null then 1 else 0 end)
            as is_internal
    from groups
    left join internal_users
        on internal_users.user_id = groups.user_id
    group by groups.workspace_id, groups.user_id

),

{# The name of the workspace's latest group call. #}
named_workspaces as (

    select
        workspace_id,
        workspace_name
    from (
        select
            workspace_id,
            workspace_name,
            row_number() over (
                partition by workspace_id
                order by grouped_at desc, message_id desc
            ) as call_rank
        from groups
    )
    where call_rank = 1

),

grouped_workspaces as (

    select
        workspace_id,
        count(*) as user_count,
        min(is_internal) as is_internal
    from members
    group by workspace_id

),

linked_workspaces as (

    select workspace_link as workspace_id from salesforce_accounts
    where workspace_link is not null
    union
    select workspace_id from customers_mapped
    where workspace_id is not null

),

workspaces as (

    select workspace_id from grouped_workspaces
    where is_internal = 0
    union
    select workspace_id from linked_workspaces
    where workspace_id not in (
        select workspace_id from grouped_workspaces where is_internal = 1
    )

),

{# Only a field that names the workspace on exactly one account decides. #}
salesforce_links as (

    select
        workspace_link as workspace_id,
        min(account_id) as account_id,
        count(*) as accounts_naming
    from salesforce_accounts
    where workspace_link is not null
    group by workspace_link

),

{# The account of the workspace's earliest customer. #}
customer_links as (

    select
        workspace_id,
        account_id
    from (
        select
            workspace_id,
            account_id,
            row_number() over (
                partition by workspace_id
                order by created_at, customer_id
            ) as customer_rank
        from customers_mapped
        where workspace_id is not null
    )
    where customer_rank = 1

),

final as (

    select
        workspaces.workspace_id,
        case
            when salesforce_links.accounts_naming = 1
                then salesforce_links.account_id
            else customer_links.account_id
        end as account_id,
        case
            when salesforce_links.accounts_naming = 1
                then 'salesforce_workspace_field'
            when customer_links.account_id is not null
                then 'stripe_metadata'
            else 'unmatched'
        end as match_method,
        named_workspaces.workspace_name,
        coalesce(grouped_workspaces.user_count, 0) as user_count
    from workspaces
    left join salesforce_links
        on salesforce_links.workspace_id = workspaces.workspace_id
    left join customer_links
        on customer_links.workspace_id = workspaces.workspace_id
    left join named_workspaces
        on named_workspaces.workspace_id = workspaces.workspace_id
    left join grouped_workspaces
        on grouped_workspaces.workspace_id = workspaces.workspace_id

)

select * from final
