{#
    Discounts carry no livemode flag: a test-mode discount belongs to a
    test-mode subscription and drops out where subscriptions are joined.
#}

with source as (

    {{ latest_by(source('stripe', 'discount'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as discount_id,
        coupon_id,
        customer_id,
        subscription_id,
        {{ epoch_timestamp('start') }} as started_at,
        {{ epoch_timestamp('"end"') }} as ended_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source

)

select * from renamed
