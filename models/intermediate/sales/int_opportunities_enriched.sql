{{ config(materialized='table') }}

{#
    Opportunities of real customers and prospects, with the account's size
    segment, the outcome and the amount in USD. A table: the stage history
    and three marts read it.
#}

with

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

{# Merged-away rows are kept in staging only to redirect links. #}
live_accounts as (
    select
        account_id,
        size_segment
    from accounts
    where is_merged = 0
),

{# Close dates after the last rate month take its rate (warehouse/README.md). #}
last_rate_month as (
    select max(month) as month
    from fx_rates
),

{#
    The inner join drops the deals of internal and test accounts: staging
    leaves those accounts out, and the deals can only be told by their
    account (docs/source-map.md, "Test and internal data").
#}
joined as (
    select
        opportunities.*,
        live_accounts.size_segment,
        case
            when {{ month_start('opportunities.close_date') }}
                > last_rate_month.month
                then last_rate_month.month
            else {{ month_start('opportunities.close_date') }}
        end as fx_month
    from opportunities
    inner join live_accounts
        on opportunities.account_id = live_accounts.account_id
    cross join last_rate_month
),

converted as (
    select
        joined.*,
        fx_rates.rate_to_usd
    from joined
    left join fx_rates
        on joined.fx_month = fx_rates.month
        and joined.currency = fx_rates.currency
),

final as (
    select
        opportunity_id,
        account_id,
        owner_id,
        opportunity_name,
        opportunity_type,
        lead_source,
        size_segment,
        stage_name,
        {{ opportunity_stage_order('stage_name') }} as stage_order,
        is_closed,
        is_won,
        case
            when is_won = 1 then 'won'
            when is_closed = 1 then 'lost'
            else 'open'
        end as outcome,
        currency,
        amount_local,
        fx_month,
        rate_to_usd,
        {{ money('amount_local * rate_to_usd') }} as amount_usd,
        probability,
        created_at,
        {{ to_date('created_at') }} as created_date,
        close_date,
        {{ quarter_start('close_date') }} as close_quarter,
        case
            when is_closed = 1
                then {{ days_between('created_at', 'close_date') }}
        end as days_to_close,
        updated_at,
        loaded_at
    from converted
)

select * from final
