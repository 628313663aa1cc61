{{ config(materialized='table') }}

{#
    A table: the reconciliation, the marts and a dozen tests read it, and a
    view would repeat the deduplication each time.
#}

with source as (

    {{ latest_by(source('stripe', 'invoice'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as invoice_id,
        customer_id,
        subscription_id,
        number as invoice_number,
        status,
        billing_reason,
        collection_method,
        upper(currency) as currency,
        {{ money(minor_to_major('subtotal', 'currency')) }} as subtotal_local,
        {{ money(minor_to_major('total', 'currency')) }} as total_local,
        {{ money(minor_to_major('amount_due', 'currency')) }}
            as amount_due_local,
        {{ money(minor_to_major('amount_paid', 'currency')) }}
            as amount_paid_local,
        {{ money(minor_to_major('amount_remaining', 'currency')) }}
            as amount_remaining_local,
        attempt_count,
        {{ epoch_timestamp('created') }} as created_at,
        {{ epoch_timestamp('due_date') }} as due_at,
        {{ epoch_timestamp('status_transitions_paid_at') }} as paid_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
