{#
    Guards staging against silently losing (or wrongly keeping) Salesforce
    accounts: every account id in the raw table is either in
    stg_salesforce__accounts or excluded for a stated reason
    (hard-deleted, soft-deleted without a merge, internal), never both.
    Returns the raw ids that break this.
#}

with raw_latest as (

    {{ latest_by(source('salesforce', 'account'), ['Id'], '_fivetran_synced') }}

),

staged as (

    select account_id from {{ ref('stg_salesforce__accounts') }}

),

classified as (

    select
        raw_latest.Id as account_id,
        staged.account_id is not null as is_staged,
        case
            when coalesce(raw_latest._fivetran_deleted, 0) = 1
                then 'hard_deleted'
            when lower(coalesce(raw_latest.Website, ''))
                like '%{{ var("internal_domain") }}%'
                then 'internal'
            when raw_latest.IsDeleted = 1
                and nullif(trim(raw_latest.MasterRecordId), '') is null
                then 'deleted'
        end as exclusion_reason
    from raw_latest
    left join staged
        on staged.account_id = raw_latest.Id

)

select *
from classified
where (is_staged and exclusion_reason is not null)
    or (not is_staged and exclusion_reason is null)
