{{ config(materialized='table') }}

{#
    History mode: one row per version, keyed by (id, _fivetran_start). A
    version is written again when the next one closes it, so the latest load
    of a key carries its final _fivetran_end. Ends are one millisecond
    before the next start, so at whole seconds a version holds from
    valid_from to valid_to inclusive. A table: MRR range-joins it and a
    dozen tests read it, and a view would repeat the deduplication each
    time.
#}

with source as (

    {{ latest_by(
        source('stripe', 'subscription_history'),
        ['id', '_fivetran_start'],
        '_fivetran_synced'
    ) }}

),

renamed as (

    select
        id || '|' || _fivetran_start as subscription_version_id,
        id as subscription_id,
        customer_id,
        status,
        {{ iso_timestamp('_fivetran_start') }} as valid_from,
        {{ iso_timestamp('_fivetran_end') }} as valid_to,
        _fivetran_active as is_current_version,
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
