{#
    Guards the one reason a Stripe row may name a customer the warehouse
    does not have: the customer record has not arrived yet (a connector
    outage held it back while its subscription, invoices and charges were
    synced). Such rows must be recent, loaded within 7 days of the newest
    Stripe load; an older one is a broken link, not a late arrival. Those
    rows wait out of the marts until the customer arrives (fct_invoices,
    fct_payments and MRR join the customer). Returns the stale orphans.
    Customers are read from int_stripe_customers_mapped, which holds every
    live staged customer as a table (stg_stripe__customers is a view).
#}

with customers as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

subscriptions as (

    select * from {{ ref('stg_stripe__subscription_history') }}

),

invoices as (

    select * from {{ ref('stg_stripe__invoices') }}

),

charges as (

    select * from {{ ref('stg_stripe__charges') }}

),

referencing as (

    select 'subscription' as record_type, subscription_id as record_id,
        customer_id, loaded_at
    from subscriptions
    union all
    select 'invoice', invoice_id, customer_id, loaded_at from invoices
    union all
    select 'charge', charge_id, customer_id, loaded_at from charges

),

newest_load as (

    select max(loaded_at) as loaded_at from referencing

)

select
    referencing.*
from referencing
cross join newest_load
left join customers
    on customers.customer_id = referencing.customer_id
where customers.customer_id is null
    and referencing.loaded_at
    < {{ timestamp_add_days('newest_load.loaded_at', -7) }}
