{{ config(materialized='table') }}

{#
    Identify calls, one row per message (the first delivery of a
    re-delivered message). The email is trimmed and lower-cased; a user is
    internal when any of its identifies carries the company's own domain
    (docs/source-map.md, "Test and internal data"), which
    int_users_mapped decides from is_internal_email. A table: four
    models and nine tests read it, and a view would repeat the
    deduplication window for each.
#}

with source as (

    {{ first_by(source('segment', 'identifies'), ['id'], 'received_at') }}

),

renamed as (

    select
        id as message_id,
        user_id,
        anonymous_id,
        {{ normalize_email('email') }} as email,
        case
            when {{ normalize_email('email') }}
                like '%@{{ var("internal_domain") }}'
                then 1
            else 0
        end as is_internal_email,
        {{ iso_timestamp('timestamp') }} as identified_at,
        {{ iso_timestamp('received_at') }} as received_at
    from source

),

final as (

    select
        message_id,
        user_id,
        anonymous_id,
        email,
        is_internal_email,
        identified_at,
        received_at
    from renamed

)

select * from final
