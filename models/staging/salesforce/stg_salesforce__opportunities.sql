{{ config(materialized='table') }}

{#
    Deals in their latest state. The loader re-writes a record with a later
    _fivetran_synced, so the newest load wins; a record whose newest load is
    deleted (IsDeleted or _fivetran_deleted) is dropped. Deals of internal
    test accounts are recognised only through their account, so they are
    removed downstream (int_opportunities_enriched), not here.
    A table, not a view: the sales models and tests read it many times, and
    a view would repeat the deduplication window each time.
#}

with

source as (
    {{ latest_by(
        source('salesforce', 'opportunity'), ['Id'], '_fivetran_synced'
    ) }}
),

renamed as (
    select
        Id as opportunity_id,
        AccountId as account_id,
        OwnerId as owner_id,
        Name as opportunity_name,
        Type as opportunity_type,
        StageName as stage_name,
        cast(Amount as real) as amount_local,
        upper(CurrencyIsoCode) as currency,
        cast(Probability as real) as probability,
        {{ to_date('CloseDate') }} as close_date,
        cast(IsClosed as integer) as is_closed,
        cast(IsWon as integer) as is_won,
        LeadSource as lead_source,
        {{ salesforce_timestamp('CreatedDate') }} as created_at,
        {{ salesforce_timestamp('SystemModstamp') }} as updated_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where coalesce(IsDeleted, 0) = 0
        and coalesce(_fivetran_deleted, 0) = 0
)

select * from renamed
