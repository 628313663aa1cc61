{{ config(materialized='table') }}

{#
    Current-state subscriptions, the latest row per id. A table: eleven
    tests read it, and a view would repeat the deduplication window for
    each.
#}

with source as (

    {{ latest_by(
        source('stripe', 'subscription'), ['id'], '_fivetran_synced'
    ) }}

),

renamed as (

    select
        id as subscription_id,
        customer_id,
        status,
        {{ epoch_timestamp('current_period_start') }}
            as current_period_started_at,
        {{ epoch_timestamp('current_period_end') }} as current_period_ends_at,
        cancel_at_period_end as is_canceling_at_period_end,
        {{ epoch_timestamp('cancel_at') }} as cancel_at,
        {{ epoch_timestamp('canceled_at') }} as canceled_at,
        {{ epoch_timestamp('ended_at') }} as ended_at,
        {{ epoch_timestamp('trial_start') }} as trial_started_at,
        {{ epoch_timestamp('trial_end') }} as trial_ended_at,
        {{ epoch_timestamp('start_date') }} as started_at,
        {{ epoch_timestamp('created') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where livemode = 1

)

select * from renamed
