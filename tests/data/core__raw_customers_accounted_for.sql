{#
    Guards the identity map against dropping or duplicating customers:
    every Stripe customer id in the raw table is in dim_customers exactly
    once, or is excluded for a stated reason (its latest row is test mode
    or deleted). Returns the ids that break this.
#}

with raw_latest as (

    {{ latest_by(source('stripe', 'customer'), ['id'], '_fivetran_synced') }}

),

dim_customers as (

    select customer_id, count(*) as copies
    from {{ ref('dim_customers') }}
    group by customer_id

),

classified as (

    select
        raw_latest.id as customer_id,
        raw_latest.livemode,
        raw_latest.deleted,
        coalesce(dim_customers.copies, 0) as copies
    from raw_latest
    left join dim_customers
        on dim_customers.customer_id = raw_latest.id

)

select *
from classified
where (livemode = 1 and coalesce(deleted, 0) = 0 and copies <> 1)
    or ((livemode = 0 or deleted = 1) and copies <> 0)
