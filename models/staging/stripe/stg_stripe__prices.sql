with source as (

    {{ latest_by(source('stripe', 'price'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as price_id,
        product_id,
        nickname as price_nickname,
        {{ money(minor_to_major('unit_amount', 'currency')) }}
            as unit_amount_local,
        upper(currency) as currency,
        type as price_type,
        recurring_interval as billing_interval,
        recurring_interval_count as interval_count,
        active as is_active,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
