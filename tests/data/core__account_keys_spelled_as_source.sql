{#
    Guards the account key: every dim_accounts key is spelled exactly as a
    live Salesforce account Id or a Stripe customer id (never in a hand-typed
    link's spelling), Salesforce keys are Salesforce accounts, and a
    Stripe-only key is the earliest customer (smallest created, then id) of
    its own account. Returns the accounts that break this.
#}

with accounts as (

    select * from {{ ref('dim_accounts') }}

),

salesforce_accounts as (

    select account_id from {{ ref('stg_salesforce__accounts') }}
    where is_merged = 0

),

customers as (

    select * from {{ ref('dim_customers') }}

),

earliest_customers as (

    select account_id, customer_id
    from (
        select
            account_id,
            customer_id,
            row_number() over (
                partition by account_id
                order by created_at, customer_id
            ) as customer_rank
        from customers
    )
    where customer_rank = 1

)

select accounts.account_id, accounts.source
from accounts
left join salesforce_accounts
    on salesforce_accounts.account_id = accounts.account_id
left join earliest_customers
    on earliest_customers.account_id = accounts.account_id
where (
        accounts.source = 'salesforce'
        and salesforce_accounts.account_id is null
    )
    or (
        accounts.source = 'stripe'
        and (
            earliest_customers.customer_id is null
            or earliest_customers.customer_id <> accounts.account_id
        )
    )
