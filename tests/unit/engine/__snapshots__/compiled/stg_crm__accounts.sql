with source as (
    select * from "main"."crm__accounts"
),

renamed as (
    select
        id as account_id,
        name as account_name,
        lower(industry) as industry,
        created_at as created_date
    from source
    where is_deleted = 0
)

select * from renamed