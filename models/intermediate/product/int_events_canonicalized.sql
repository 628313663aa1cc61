{#
    Product events under their canonical names, on the person who sent
    them, without internal users. The event_taxonomy seed maps every v1
    and v2 name to a canonical name and feature, so a name added to the
    seed flows through with no SQL change; a name missing from the seed
    keeps a null canonical name, which the product__events_have_canonical_names
    test reports. The person is the event's user_id, else the user whose
    identify carried its anonymous id, else the anonymous id itself
    (docs/source-map.md, "Identity across systems").
#}

with tracks as (

    select * from {{ ref('stg_segment__tracks') }}

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

stitched as (

    select
        tracks.*,
        coalesce(
            tracks.user_id,
            anonymous_ids.user_id,
            tracks.anonymous_id
        ) as person_id
    from tracks
    left join anonymous_ids
        on tracks.user_id is null
        and anonymous_ids.anonymous_id = tracks.anonymous_id

),

final as (

    select
        stitched.message_id as event_id,
        stitched.event_name,
        taxonomy.canonical_name,
        taxonomy.feature,
        taxonomy.taxonomy_version,
        stitched.person_id as user_id,
        stitched.anonymous_id,
        users.workspace_id,
        users.account_id,
        stitched.event_at,
        {{ to_date('stitched.event_at') }} as event_date,
        stitched.received_at,
        {# Late as the source map counts it: received more than a day after. #}
        case
            when stitched.received_at
                > {{ timestamp_add('stitched.event_at', 1, 'days') }}
                then 1
            else 0
        end as is_late
    from stitched
    left join users
        on users.user_id = stitched.person_id
    left join taxonomy
        on taxonomy.event_name = stitched.event_name
    where coalesce(users.is_internal, 0) = 0

)

select * from final
