{{ config(materialized='table') }}

{#
    Each anonymous id that has identified, with the user it belongs to: the
    first identify carrying the anonymous id links the device's earlier
    anonymous events to that user (docs/source-map.md, "Identity across
    systems"). An anonymous id not listed here has not identified yet and
    counts as its own user. A table: the events model, its hooks, the
    engagement model and eight tests read it, and a view would rank the
    identifies again for each.
#}

with identifies as (

    select * from {{ ref('stg_segment__identifies') }}
    where anonymous_id is not null

),

first_identifies as (

    {{ first_by(
        'identifies',
        ['anonymous_id'],
        'identified_at, received_at, message_id'
    ) }}

),

final as (

    select
        anonymous_id,
        user_id,
        identified_at as stitched_at,
        received_at
    from first_identifies

)

select * from final
