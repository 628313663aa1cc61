{{ config(materialized='table') }}

{#
    Line items carry no livemode flag: lines of test-mode invoices drop out
    where they are joined to (live) invoices. A table: the subtotal test
    joins it and several tests read it, and a view would repeat the
    deduplication each time.
#}

with source as (

    {{ latest_by(
        source('stripe', 'invoice_line_item'), ['id'], '_fivetran_synced'
    ) }}

),

renamed as (

    select
        id as invoice_line_item_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        coalesce(price_id, plan_id) as price_id,
        case when price_id is not null then 'price' else 'plan' end
            as price_object,
        quantity,
        {{ money(minor_to_major('amount', 'currency')) }} as amount_local,
        upper(currency) as currency,
        proration as is_proration,
        {{ epoch_timestamp('period_start') }} as period_started_at,
        {{ epoch_timestamp('period_end') }} as period_ended_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source

)

select * from renamed
