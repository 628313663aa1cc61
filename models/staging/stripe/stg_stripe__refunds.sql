{{ config(materialized='table') }}

{#
    Refunds carry no livemode flag: a refund of a test-mode charge drops out
    where refunds are joined to (live) charges. A table: two models and
    nine tests read it.
#}

with source as (

    {{ latest_by(source('stripe', 'refund'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as refund_id,
        charge_id,
        {{ money(minor_to_major('amount', 'currency')) }} as amount_local,
        upper(currency) as currency,
        reason,
        status,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source

)

select * from renamed
