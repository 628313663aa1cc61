{#
    The legacy (v1) catalog: Stripe's older plan object names its fields
    amount and interval where the price object says unit_amount and
    recurring_interval.
#}

with source as (

    {{ latest_by(source('stripe', 'plan'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as plan_id,
        product_id,
        nickname as plan_nickname,
        {{ money(minor_to_major('amount', 'currency')) }} as unit_amount_local,
        upper(currency) as currency,
        interval as billing_interval,
        interval_count,
        active as is_active,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
