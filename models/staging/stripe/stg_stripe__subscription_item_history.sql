{{ config(materialized='table') }}

{#
    Items carry no livemode flag: test-mode items drop out where they are
    joined to (live) subscriptions. An item names either a legacy plan or a
    v2 price, never both. A table: the subscription periods join it on
    ranges and tests read it, and a view would repeat the deduplication each
    time.
#}

with source as (

    {{ latest_by(
        source('stripe', 'subscription_item_history'),
        ['id', '_fivetran_start'],
        '_fivetran_synced'
    ) }}

),

renamed as (

    select
        id || '|' || _fivetran_start as subscription_item_version_id,
        id as subscription_item_id,
        subscription_id,
        coalesce(price_id, plan_id) as price_id,
        case when price_id is not null then 'price' else 'plan' end
            as price_object,
        quantity,
        {{ iso_timestamp('_fivetran_start') }} as valid_from,
        {{ iso_timestamp('_fivetran_end') }} as valid_to,
        _fivetran_active as is_current_version,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source

)

select * from renamed
