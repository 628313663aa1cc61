with source as (

    {{ latest_by(source('stripe', 'product'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as product_id,
        name as product_name,
        active as is_active,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
