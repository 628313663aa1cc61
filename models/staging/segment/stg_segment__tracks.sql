{{
    config(
        materialized='incremental',
        unique_key='message_id',
        incremental_strategy='merge',
        on_schema_change='fail',
        post_hook="{{ create_index(
            this, ['message_id', 'received_at'], 'message_id'
        ) }}"
    )
}}

{#
    Product events, one row per Segment message: a message delivered twice
    keeps its first delivery (earliest received_at). This is the biggest
    raw table, and Segment rows never change, so it is incremental rather
    than a view: a run reads only the rows received since the lookback
    start, and replaces a message it already holds only with an earlier
    delivery of it (docs/source-map.md, "Deduplication"). first_by_min
    keeps the first delivery with one sort of the raw rows (a window would
    cost a second pass). The index on (message_id, received_at) answers
    the held-message lookup, the unique test and the raw-rows test
    without a sort.
#}

with source as (

    select * from {{ source('segment', 'tracks') }}
    {% if is_incremental() %}
    where received_at
        >= {{ segment_loaded_at(product_lookback_start(this, 'received_at')) }}
    {% endif %}

),

deduplicated as (

    {{ first_by_min(
        'source',
        ['id'],
        'received_at',
        ['id', 'anonymous_id', 'user_id', 'event', 'timestamp']
    ) }}

),

renamed as (

    select
        id as message_id,
        anonymous_id,
        user_id,
        event as event_name,
        {{ iso_timestamp('timestamp') }} as event_at,
        {{ iso_timestamp('received_at') }} as received_at
    from deduplicated

),

{% if is_incremental() %}

{# A message already held stays unless this delivery came first. #}
first_deliveries as (

    select renamed.*
    from renamed
    left join {{ this }} as held
        on held.message_id = renamed.message_id
    where held.message_id is null
        or held.received_at > renamed.received_at

),

{% else %}

first_deliveries as (

    select * from renamed

),

{% endif %}

final as (

    select
        message_id,
        anonymous_id,
        user_id,
        event_name,
        event_at,
        received_at
    from first_deliveries

)

select * from final
