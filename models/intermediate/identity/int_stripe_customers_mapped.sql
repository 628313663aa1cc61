{{ config(materialized='table') }}

{#
    Each live Stripe customer mapped to its account by the identity rules of
    docs/source-map.md ("Identity across systems"), first rule that finds
    one: the customer's metadata, a Salesforce account naming the customer,
    a Salesforce account naming the customer's workspace, another customer
    of the same workspace; otherwise a Stripe-only account keyed by the
    earliest customer of its workspace. A table: most marts read it.
#}

with customers as (

    select * from {{ ref('stg_stripe__customers') }}

),

salesforce_ids as (

    select * from {{ ref('int_salesforce_accounts_resolved') }}

),

live_accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}
    where is_merged = 0

),

{# Only a field that names the customer on exactly one account decides. #}
stripe_field_links as (

    select
        stripe_customer_link,
        min(account_id) as account_id,
        count(*) as accounts_naming
    from live_accounts
    where stripe_customer_link is not null
    group by stripe_customer_link

),

workspace_field_links as (

    select
        workspace_link,
        min(account_id) as account_id,
        count(*) as accounts_naming
    from live_accounts
    where workspace_link is not null
    group by workspace_link

),

{# The metadata wins over the Salesforce field: the integration writes it. #}
direct_matches as (

    select
        customers.customer_id,
        customers.workspace_link,
        customers.created_at,
        case
            when salesforce_ids.surviving_account_id is not null
                then salesforce_ids.surviving_account_id
            when stripe_field_links.accounts_naming = 1
                then stripe_field_links.account_id
            when workspace_field_links.accounts_naming = 1
                then workspace_field_links.account_id
        end as salesforce_account_id,
        case
            when salesforce_ids.surviving_account_id is not null
                then 'metadata_salesforce_id'
            when stripe_field_links.accounts_naming = 1
                then 'salesforce_stripe_field'
            when workspace_field_links.accounts_naming = 1
                then 'salesforce_workspace_field'
        end as match_method
    from customers
    left join salesforce_ids
        on salesforce_ids.link_key = customers.salesforce_account_link
    left join stripe_field_links
        on stripe_field_links.stripe_customer_link
            = lower(customers.customer_id)
    left join workspace_field_links
        on workspace_field_links.workspace_link = customers.workspace_link

),

{# The account reached by the workspace's earliest matched customer. #}
workspace_accounts as (

    select
        workspace_link,
        salesforce_account_id
    from (
        select
            workspace_link,
            salesforce_account_id,
            row_number() over (
                partition by workspace_link
                order by created_at, customer_id
            ) as customer_rank
        from direct_matches
        where salesforce_account_id is not null
            and workspace_link is not null
    )
    where customer_rank = 1

),

shared_matches as (

    select
        direct_matches.customer_id,
        direct_matches.workspace_link,
        direct_matches.created_at,
        coalesce(
            direct_matches.salesforce_account_id,
            workspace_accounts.salesforce_account_id
        ) as salesforce_account_id,
        coalesce(
            direct_matches.match_method,
            case
                when workspace_accounts.salesforce_account_id is not null
                    then 'shared_workspace'
            end,
            'stripe_only'
        ) as match_method
    from direct_matches
    left join workspace_accounts
        on direct_matches.salesforce_account_id is null
        and workspace_accounts.workspace_link = direct_matches.workspace_link

),

{#
    Stripe-only customers group by workspace (a customer without one stands
    alone); the earliest customer of the group keys the account.
#}
keyed as (

    select
        customer_id,
        case
            when salesforce_account_id is not null then salesforce_account_id
            else first_value(customer_id) over (
                partition by
                    salesforce_account_id is null,
                    coalesce(workspace_link, customer_id)
                order by created_at, customer_id
            )
        end as account_id,
        salesforce_account_id,
        workspace_link as workspace_id,
        match_method,
        created_at
    from shared_matches

)

select * from keyed
