with source as (

    {{ latest_by(source('stripe', 'coupon'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as coupon_id,
        name as coupon_name,
        percent_off,
        {{ money(minor_to_major('amount_off', 'currency')) }}
            as amount_off_local,
        upper(currency) as currency,
        duration,
        duration_in_months,
        valid as is_valid,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
