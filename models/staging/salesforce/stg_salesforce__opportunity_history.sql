{{ config(materialized='table') }}

{#
    One row per stage an opportunity entered. Rows never change but can be
    re-sent, so the newest load per Id wins; the rows of a deleted
    opportunity are flagged IsDeleted and dropped here.
    A table, not a view: the sales models and tests read it many times, and
    a view would repeat the deduplication window each time.
#}

with

source as (
    {{ latest_by(
        source('salesforce', 'opportunity_history'), ['Id'], '_fivetran_synced'
    ) }}
),

renamed as (
    select
        Id as opportunity_history_id,
        OpportunityId as opportunity_id,
        StageName as stage_name,
        cast(Amount as real) as amount_local,
        {{ to_date('CloseDate') }} as close_date,
        cast(Probability as real) as probability,
        {{ salesforce_timestamp('CreatedDate') }} as stage_entered_at,
        {{ iso_timestamp('_fivetran_synced') }} as loaded_at
    from source
    where coalesce(IsDeleted, 0) = 0
        and coalesce(_fivetran_deleted, 0) = 0
)

select * from renamed
