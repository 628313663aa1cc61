{% snapshot snap_salesforce__opportunities %}

{{
    config(
        unique_key='Id',
        strategy='timestamp',
        updated_at='modified_at'
    )
}}

{#
    Type 2 history of the current-state opportunity table, kept as raw as
    dbt recommends for snapshots: every column as Salesforce and the loader
    wrote it. Re-extracted duplicates are collapsed first (newest load wins),
    or one record would open two current versions. Deleted and internal
    deals stay: a deletion is a change, recorded as a version with
    IsDeleted = 1. SystemModstamp, parsed to UTC, dates each version, so
    building twice on the same data adds nothing.
#}

with

source as (
    {{ latest_by(
        source('salesforce', 'opportunity'), ['Id'], '_fivetran_synced'
    ) }}
),

final as (
    select
        Id,
        AccountId,
        OwnerId,
        Name,
        Type,
        StageName,
        Amount,
        CurrencyIsoCode,
        Probability,
        CloseDate,
        IsClosed,
        IsWon,
        LeadSource,
        IsDeleted,
        CreatedDate,
        SystemModstamp,
        _fivetran_synced,
        _fivetran_deleted,
        {{ salesforce_timestamp('SystemModstamp') }} as modified_at
    from source
)

select * from final

{% endsnapshot %}
