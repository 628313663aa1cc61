{{ config(materialized='table') }}

{#
    Salesforce accounts, one row per live account and per merged-away
    account. Merged-away rows (is_merged = 1) are kept only so that links
    naming them can be redirected to the survivor (docs/source-map.md,
    "Identity across systems"); everything else filters them out. A
    table: seven models and eighteen tests read it, and a view would
    repeat the deduplication window for each.
#}

with source as (

    {{ latest_by(source('salesforce', 'account'), ['Id'], '_fivetran_synced') }}

),

renamed as (

    select
        Id as account_id,
        trim(Name) as account_name,
        Type as account_type,
        nullif(trim(Industry), '') as industry,
        NumberOfEmployees as employee_count,
        nullif(trim(BillingCountry), '') as billing_country,
        Website as website,
        OwnerId as owner_id,
        nullif(trim(Customer_Segment__c), '') as size_segment,
        {{ normalize_id('Stripe_Customer_Id__c') }} as stripe_customer_link,
        {{ normalize_id('Workspace_Id__c') }} as workspace_link,
        case
            when IsDeleted = 1 and nullif(trim(MasterRecordId), '') is not null
                then 1
            else 0
        end as is_merged,
        case
            when IsDeleted = 1 then nullif(trim(MasterRecordId), '')
        end as master_record_id,
        IsDeleted as is_deleted,
        {{ salesforce_timestamp('CreatedDate') }} as created_at,
        {{ salesforce_timestamp('SystemModstamp') }} as updated_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at,
        coalesce(_fivetran_deleted, 0) as is_hard_deleted
    from source

),

filtered as (

    {# The company's own and sales-ops test accounts live on its domain. #}
    select *
    from renamed
    where is_hard_deleted = 0
        and (is_deleted = 0 or is_merged = 1)
        and lower(coalesce(website, ''))
            not like '%{{ var("internal_domain") }}%'

),

final as (

    select
        account_id,
        account_name,
        account_type,
        industry,
        employee_count,
        billing_country,
        website,
        owner_id,
        size_segment,
        stripe_customer_link,
        workspace_link,
        is_merged,
        master_record_id,
        created_at,
        updated_at,
        loaded_at
    from filtered

)

select * from final
