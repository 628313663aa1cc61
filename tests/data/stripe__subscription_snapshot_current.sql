{#
    Guards the subscription snapshot: every subscription in the raw table
    has exactly one current version, that version holds the record's newest
    state (status and period as the newest load has them), and versions of
    one subscription never overlap. A snapshot fed duplicate loads, or one
    that failed to close a replaced version, fails. Returns the offending
    subscriptions.
#}

with

snapshot as (
    select * from {{ ref('snap_stripe__subscriptions') }}
),

raw_subscriptions as (
    {{ latest_by(
        source('stripe', 'subscription'), ['id'], '_fivetran_synced'
    ) }}
),

current_versions as (
    select
        id,
        count(*) as versions,
        max(status) as status,
        max(current_period_end) as current_period_end
    from snapshot
    where dbt_valid_to is null
    group by id
),

overlaps as (
    select distinct earlier.id
    from snapshot as earlier
    inner join snapshot as later
        on later.id = earlier.id
        and later.dbt_scd_id <> earlier.dbt_scd_id
        and later.dbt_valid_from >= earlier.dbt_valid_from
        and (earlier.dbt_valid_to is null
            or later.dbt_valid_from < earlier.dbt_valid_to)
),

failures as (
    select
        raw_subscriptions.id,
        coalesce(current_versions.versions, 0) as current_versions,
        'current version missing, doubled or stale' as problem
    from raw_subscriptions
    left join current_versions
        on current_versions.id = raw_subscriptions.id
    where current_versions.versions is null
        or current_versions.versions <> 1
        or current_versions.status <> raw_subscriptions.status
        or coalesce(current_versions.current_period_end, -1)
        <> coalesce(raw_subscriptions.current_period_end, -1)

    union all

    select id, null, 'versions overlap'
    from overlaps
)

select * from failures
