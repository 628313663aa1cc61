{#
    Guards the event taxonomy: every event name the app sends must have a
    row in the event_taxonomy seed (v1 or v2 name -> canonical name and
    feature). A new name the app starts sending fails this test until its
    seed row is added; nothing in the SQL has to change. Returns each
    unmapped name with how often it was sent.
#}

with tracks as (

    select * from {{ ref('stg_segment__tracks') }}

),

taxonomy as (

    select * from {{ ref('event_taxonomy') }}

),

unmapped as (

    select
        event_name,
        count(*) as events,
        min(event_at) as first_sent_at
    from tracks
    where event_name not in (select event_name from taxonomy)
    group by event_name

)

select * from unmapped
