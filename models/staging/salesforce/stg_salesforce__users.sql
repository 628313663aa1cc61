{#
    The sales team and the integration user. Users are deactivated, never
    deleted, when they leave (they still own their deals); only records the
    loader marks hard-deleted are dropped.
#}

with

source as (
    {{ latest_by(source('salesforce', 'user'), ['Id'], '_fivetran_synced') }}
),

renamed as (
    select
        Id as user_id,
        Name as full_name,
        {{ normalize_email('Email') }} as email,
        Title as title,
        ManagerId as manager_id,
        cast(IsActive as integer) as is_active,
        {{ salesforce_timestamp('CreatedDate') }} as created_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where coalesce(_fivetran_deleted, 0) = 0
)

select * from renamed
