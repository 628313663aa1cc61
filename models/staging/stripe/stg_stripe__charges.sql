{{ config(materialized='table') }}

{#
    A table: the reconciliation, fct_payments and a dozen tests read it, and
    a view would repeat the deduplication each time.
#}

with source as (

    {{ latest_by(source('stripe', 'charge'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as charge_id,
        customer_id,
        invoice_id,
        {{ money(minor_to_major('amount', 'currency')) }} as amount_local,
        {{ money(minor_to_major('amount_refunded', 'currency')) }}
            as amount_refunded_local,
        upper(currency) as currency,
        status,
        paid as is_paid,
        failure_code,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
