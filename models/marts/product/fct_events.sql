{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='merge',
        on_schema_change='fail',
        post_hook=[
            "
            {% if is_incremental() %}
            delete from {{ this }}
            where user_id in (
                select anonymous_id from {{ ref('int_anonymous_ids_stitched') }}
            )
            or user_id in (
                select user_id from {{ ref('int_users_mapped') }}
                where is_internal = 1
            )
            {% endif %}
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
    out internal) and internal users; a full build has none to delete, so
    it runs on incremental runs only.
    The two indexes serve the models and tests that read every event:
    user_events (per person in time order: fct_sessions, fct_daily_engagement,
    dim_users, and this model's own per-person checks, which is why it
    carries workspace, account and load time) and account_features
    (fct_feature_adoption), so none of them sorts 100k rows.
#}

-- depends_on: {{ ref('int_anonymous_ids_stitched') }}
-- depends_on: {{ ref('int_users_mapped') }}
-- depends_on: {{ ref('event_taxonomy') }}
-- depends_on: {{ ref('stg_segment__tracks') }}

with events as (

    select * from {{ ref('int_events_canonicalized') }}

),

{% if is_incremental() %}

lookback as (

    select {{ product_lookback_start(this, 'received_at') }} as start_at

),

anonymous_ids as (

    select * from {{ ref('int_anonymous_ids_stitched') }}

),

users as (

    select * from {{ ref('int_users_mapped') }}

),

taxonomy as (

    select * from {{ ref('event_taxonomy') }}

),

{#
    People whose workspace or account is no longer the one their held
    events carry: a lookup per person in the user_events index, which
    stops at the first held event that differs.
#}
remapped_users as (

    select users.user_id
    from users
    where exists (
        select 1
        from {{ this }} as held
        where held.user_id = users.user_id
            and (
                held.workspace_id is not users.workspace_id
                or held.account_id is not users.account_id
            )
    )

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

{#
    The ids to take again, found on the narrow tables: staged messages by
    load time, device or name, and held events by person (an index
    lookup). Filtering the view on a person computed by its joins would
    join every event first; by id, SQLite looks the few up in
    stg_segment__tracks' index and joins only those.
#}
changed_ids as (

    select message_id as event_id
    from {{ ref('stg_segment__tracks') }}
    where received_at >= (select start_at from lookback)
        or anonymous_id in (
            select anonymous_id from anonymous_ids
            where received_at >= (select start_at from lookback)
        )
        or event_name in (select event_name from renamed_events)

    union all

    select event_id
    from {{ this }}
    where user_id in (select user_id from remapped_users)

),

changed as (

    select * from events
    where event_id in (select event_id from changed_ids)

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
