{{ config(materialized='table') }}

{#
    Group calls, one row per message (the first delivery of a re-delivered
    message): a user joining a product workspace. A table: two models and
    eight tests read it, and a view would repeat the deduplication window
    for each.
#}

with source as (

    {{ first_by(source('segment', 'groups'), ['id'], 'received_at') }}

),

renamed as (

    select
        id as message_id,
        user_id,
        group_id as workspace_id,
        trim(name) as workspace_name,
        {{ iso_timestamp('timestamp') }} as grouped_at,
        {{ iso_timestamp('received_at') }} as received_at
    from source

),

final as (

    select
        message_id,
        user_id,
        workspace_id,
        workspace_name,
        grouped_at,
        received_at
    from renamed

)

select * from final
