{#
    Guards against rows lost without a reason: every opportunity, history
    row and user in the raw Salesforce tables is in the sales marts, or was
    left out for a reason docs/source-map.md states (its newest load is
    deleted; the deal belongs to an internal or test account; the history
    row belongs to such a deal). Older duplicate loads are covered by their
    record. Returns the raw ids that are missing without a reason.
    Only the records missing from the marts are deduplicated, so the test
    stays cheap however many rows are kept.
#}

with

raw_opportunities as (
    select * from {{ source('salesforce', 'opportunity') }}
),

raw_history as (
    select * from {{ source('salesforce', 'opportunity_history') }}
),

raw_users as (
    select * from {{ source('salesforce', 'user') }}
),

raw_accounts as (
    select * from {{ source('salesforce', 'account') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

stage_history as (
    select * from {{ ref('fct_opportunity_stage_history') }}
),

sales_reps as (
    select * from {{ ref('dim_sales_reps') }}
),

missing_opportunity_rows as (
    select *
    from raw_opportunities
    where Id not in (select opportunity_id from opportunities)
),

missing_history_rows as (
    select *
    from raw_history
    where Id not in (select opportunity_history_id from stage_history)
),

missing_user_rows as (
    select *
    from raw_users
    where Id not in (select sales_rep_id from sales_reps)
),

missing_opportunities as (
    {{ latest_by('missing_opportunity_rows', ['Id'], '_fivetran_synced') }}
),

missing_history as (
    {{ latest_by('missing_history_rows', ['Id'], '_fivetran_synced') }}
),

missing_users as (
    {{ latest_by('missing_user_rows', ['Id'], '_fivetran_synced') }}
),

{# Any load of an account on the internal domain marks it internal. #}
internal_accounts as (
    select distinct Id
    from raw_accounts
    where lower(coalesce(Website, ''))
        like '%{{ var("internal_domain") }}%'
),

opportunity_reasons as (
    select
        Id,
        case
            when coalesce(IsDeleted, 0) = 1
                or coalesce(_fivetran_deleted, 0) = 1 then 'deleted'
            when AccountId in (select Id from internal_accounts)
                then 'internal account'
        end as reason
    from missing_opportunities
),

history_reasons as (
    select
        missing_history.Id,
        case
            when coalesce(missing_history.IsDeleted, 0) = 1
                or coalesce(missing_history._fivetran_deleted, 0) = 1
                then 'deleted'
            when opportunity_reasons.reason is not null
                then 'opportunity ' || opportunity_reasons.reason
        end as reason
    from missing_history
    left join opportunity_reasons
        on missing_history.OpportunityId = opportunity_reasons.Id
),

user_reasons as (
    select
        Id,
        case
            when coalesce(_fivetran_deleted, 0) = 1 then 'deleted'
        end as reason
    from missing_users
)

select 'salesforce__opportunity' as raw_table, Id
from opportunity_reasons
where reason is null

union all

select 'salesforce__opportunity_history', Id
from history_reasons
where reason is null

union all

select 'salesforce__user', Id
from user_reasons
where reason is null
