{#
    Salesforce contacts, live ones only. Contacts of internal accounts are
    dropped where contacts meet accounts (staging does not join); a merge
    re-parents contacts, so account_id always names a surviving account.
#}

with source as (

    {{ latest_by(source('salesforce', 'contact'), ['Id'], '_fivetran_synced') }}

),

renamed as (

    select
        Id as contact_id,
        AccountId as account_id,
        nullif(trim(FirstName), '') as first_name,
        nullif(trim(LastName), '') as last_name,
        {{ normalize_email('Email') }} as email,
        nullif(trim(Title), '') as title,
        {{ salesforce_timestamp('CreatedDate') }} as created_at,
        {{ salesforce_timestamp('SystemModstamp') }} as updated_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at,
        IsDeleted as is_deleted,
        coalesce(_fivetran_deleted, 0) as is_hard_deleted
    from source

),

final as (

    select
        contact_id,
        account_id,
        first_name,
        last_name,
        email,
        title,
        created_at,
        updated_at,
        loaded_at
    from renamed
    where is_deleted = 0
        and is_hard_deleted = 0

)

select * from final
