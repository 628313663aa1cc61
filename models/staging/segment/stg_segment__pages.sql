{{ config(materialized='table') }}

{#
    Page views, one row per message (the first delivery of a re-delivered
    message). Marketing pages before sign-up and app pages; they are not
    product events and do not count towards engagement. A table: its five
    tests would each repeat the deduplication window of a view.
#}

with source as (

    {{ first_by(source('segment', 'pages'), ['id'], 'received_at') }}

),

renamed as (

    select
        id as message_id,
        anonymous_id,
        user_id,
        path as page_path,
        {{ iso_timestamp('timestamp') }} as viewed_at,
        {{ iso_timestamp('received_at') }} as received_at
    from source

),

final as (

    select
        message_id,
        anonymous_id,
        user_id,
        page_path,
        viewed_at,
        received_at
    from renamed

)

select * from final
