{{ config(materialized='table') }}

{#
    Live Stripe customers: the latest row per id, then test-mode (livemode
    = 0) and deleted customers dropped. The order matters: a customer
    deleted later is dropped even though its older rows were live. A
    table: six models and eight tests read it.
#}

with source as (

    {{ latest_by(source('stripe', 'customer'), ['id'], '_fivetran_synced') }}

),

renamed as (

    select
        id as customer_id,
        trim(name) as customer_name,
        {{ normalize_email('email') }} as email,
        upper(currency) as currency,
        nullif(upper(trim(address_country)), '') as country_code,
        {{ normalize_id(json_field('metadata', 'salesforce_account_id')) }}
            as salesforce_account_link,
        {{ normalize_id(json_field('metadata', 'workspace_id')) }}
            as workspace_link,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at,
        livemode,
        deleted
    from source

),

final as (

    select
        customer_id,
        customer_name,
        email,
        currency,
        country_code,
        salesforce_account_link,
        workspace_link,
        created_at,
        loaded_at
    from renamed
    where livemode = 1
        and coalesce(deleted, 0) = 0

)

select * from final
