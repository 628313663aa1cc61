{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='merge',
        on_schema_change='fail',
        post_hook=[
            "
            delete from {{ this }}
            where user_id in (
                select anonymous_id from {{ ref('int_anonymous_ids_stitched') }}
            )
            or user_id in (
                select user_id from {{ ref('int_users_mapped') }}
                where is_internal = 1
            )
            ",
            "{{ create_index(this, [
                'user_id', 'event_date', 'event_at', 'event_id',
                'workspace_id', 'account_id', 'received_at'
            ], 'user_events') }}",
            "{{ create_index(this, [
                'account_id', 'feature', 'event_date', 'user_id', 'event_at'
            ], 'account_features') }}"
        ]
    )
}}

{#
    One row per product event. Incremental on received_at: a run takes the
    events received since the newest one held minus var('lookback_days'),
    and merges them on the message id. Held events are taken again when
    something else that shapes them arrived: the identify that ties an
    anonymous device to its user, a user's new workspace or account, or a
    taxonomy row for their name. The post-hook removes held rows whose
    person no longer exists: an anonymous id that has since identified
    (its events now sit on the user, or are dropped when the user turns
    out internal) and internal users. On a full build it deletes nothing.
    The two indexes serve the models and tests that read every event:
    user_events (per person in time order: fct_sessions, fct_daily_engagement,
    dim_users) and account_features (fct_feature_adoption), so none of them
    sorts 100k rows.
#}

-- depends_on: {{ ref('int_anonymous_ids_stitched') }}
-- depends_on: {{ ref('int_users_mapped') }}
-- depends_on: {{ ref('event_taxonomy') }}

with events as (

    select * from {{ ref('int_events_canonicalized') }}

),

{% if is_incremental() %}

anonymous_ids as (

    select * from {{ ref('int_anonymous_ids_stitched') }}

),

users as (

    select * from {{ ref('int_users_mapped') }}

),

taxonomy as (

    select * from {{ ref('event_taxonomy') }}

),

{# A person's events share one mapping; min and max read it off the index. #}
held_users as (

    select
        user_id,
        min(workspace_id) as min_workspace_id,
        max(workspace_id) as max_workspace_id,
        min(account_id) as min_account_id,
        max(account_id) as max_account_id
    from {{ this }}
    group by user_id

),

remapped_users as (

    select held_users.user_id
    from held_users
    inner join users
        on users.user_id = held_users.user_id
    where users.workspace_id is not held_users.min_workspace_id
        or users.workspace_id is not held_users.max_workspace_id
        or users.account_id is not held_users.min_account_id
        or users.account_id is not held_users.max_account_id

),

held_names as (

    select distinct
        event_name,
        canonical_name,
        feature
    from {{ this }}

),

renamed_events as (

    select held_names.event_name
    from held_names
    left join taxonomy
        on taxonomy.event_name = held_names.event_name
    where taxonomy.canonical_name is not held_names.canonical_name
        or taxonomy.feature is not held_names.feature

),

changed as (

    select * from events
    where received_at >= {{ product_lookback_start(this, 'received_at') }}
        or anonymous_id in (
            select anonymous_id from anonymous_ids
            where received_at
                >= {{ product_lookback_start(this, 'received_at') }}
        )
        or user_id in (select user_id from remapped_users)
        or event_name in (select event_name from renamed_events)

),

{% else %}

changed as (

    select * from events

),

{% endif %}

final as (

    select
        event_id,
        event_name,
        canonical_name,
        feature,
        taxonomy_version,
        user_id,
        anonymous_id,
        workspace_id,
        account_id,
        event_at,
        event_date,
        received_at,
        is_late
    from changed

)

select * from final
