{#
    One row per opportunity of a real account, in its latest state: outcome,
    amount in local currency and in USD at the close month's rate, and the
    days it took to close.
#}

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

stage_visits as (
    select * from {{ ref('int_opportunity_stages_sequenced') }}
),

visits_per_opportunity as (
    select
        opportunity_id,
        count(*) as stage_visits
    from stage_visits
    group by opportunity_id
),

final as (
    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.owner_id,
        opportunities.opportunity_name,
        opportunities.opportunity_type,
        opportunities.lead_source,
        opportunities.size_segment,
        opportunities.stage_name,
        opportunities.stage_order,
        opportunities.outcome,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.currency,
        opportunities.amount_local,
        opportunities.rate_to_usd,
        opportunities.amount_usd,
        opportunities.probability,
        opportunities.created_at,
        opportunities.created_date,
        opportunities.close_date,
        opportunities.close_quarter,
        opportunities.days_to_close,
        coalesce(visits_per_opportunity.stage_visits, 0) as stage_visits
    from opportunities
    left join visits_per_opportunity
        on opportunities.opportunity_id = visits_per_opportunity.opportunity_id
)

select * from final
