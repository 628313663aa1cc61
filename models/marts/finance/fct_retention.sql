{#
    The monthly MRR bridge and retention, from the movements: logos at the
    start and end of each month, new, reactivated and churned logos, the USD
    change per movement type, and logo churn, gross and net revenue
    retention with the month's starting MRR as denominator. Revenue
    retention uses the movements' USD changes (priced at the month's rate)
    and leaves the FX adjustment out, so a currency swing is neither churn
    nor expansion. Ratios are null when nothing was paying at the start.
#}

with movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

months as (

    select * from {{ ref('int_mrr_months_spined') }}

),

{# One column per movement type, so each month sums them in one pass. #}
movement_columns as (

    select
        month,
        previous_mrr_local,
        mrr_local,
        movement,
        previous_mrr_usd,
        mrr_usd,
        fx_adjustment_usd,
        case when movement = 'new' then mrr_change_usd else 0 end
            as new_mrr_usd,
        case when movement = 'expansion' then mrr_change_usd else 0 end
            as expansion_mrr_usd,
        case when movement = 'contraction' then mrr_change_usd else 0 end
            as contraction_mrr_usd,
        case when movement = 'churn' then mrr_change_usd else 0 end
            as churned_mrr_usd,
        case when movement = 'reactivation' then mrr_change_usd else 0 end
            as reactivation_mrr_usd
    from movements

),

monthly as (

    select
        month,
        sum(case when previous_mrr_local > 0 then 1 else 0 end)
            as starting_logos,
        sum(case when movement = 'new' then 1 else 0 end) as new_logos,
        sum(case when movement = 'reactivation' then 1 else 0 end)
            as reactivated_logos,
        sum(case when movement = 'churn' then 1 else 0 end) as churned_logos,
        sum(case when mrr_local > 0 then 1 else 0 end) as ending_logos,
        {{ money('sum(previous_mrr_usd)') }} as starting_mrr_usd,
        {{ money('sum(new_mrr_usd)') }} as new_mrr_usd,
        {{ money('sum(expansion_mrr_usd)') }} as expansion_mrr_usd,
        {{ money('sum(contraction_mrr_usd)') }} as contraction_mrr_usd,
        {{ money('sum(churned_mrr_usd)') }} as churned_mrr_usd,
        {{ money('sum(reactivation_mrr_usd)') }} as reactivation_mrr_usd,
        {{ money('sum(fx_adjustment_usd)') }} as fx_adjustment_usd,
        {{ money('sum(mrr_usd)') }} as ending_mrr_usd
    from movement_columns
    group by month

),

spined as (

    select
        months.month,
        coalesce(monthly.starting_logos, 0) as starting_logos,
        coalesce(monthly.new_logos, 0) as new_logos,
        coalesce(monthly.reactivated_logos, 0) as reactivated_logos,
        coalesce(monthly.churned_logos, 0) as churned_logos,
        coalesce(monthly.ending_logos, 0) as ending_logos,
        coalesce(monthly.starting_mrr_usd, 0) as starting_mrr_usd,
        coalesce(monthly.new_mrr_usd, 0) as new_mrr_usd,
        coalesce(monthly.expansion_mrr_usd, 0) as expansion_mrr_usd,
        coalesce(monthly.contraction_mrr_usd, 0) as contraction_mrr_usd,
        coalesce(monthly.churned_mrr_usd, 0) as churned_mrr_usd,
        coalesce(monthly.reactivation_mrr_usd, 0) as reactivation_mrr_usd,
        coalesce(monthly.fx_adjustment_usd, 0) as fx_adjustment_usd,
        coalesce(monthly.ending_mrr_usd, 0) as ending_mrr_usd
    from months
    left join monthly
        on monthly.month = months.month

),

final as (

    select
        *,
        case
            when starting_logos > 0
                then round(churned_logos * 1.0 / starting_logos, 4)
        end as logo_churn_rate,
        case
            when starting_mrr_usd > 0
                then round(
                    (starting_mrr_usd + contraction_mrr_usd + churned_mrr_usd)
                    / starting_mrr_usd,
                    4
                )
        end as gross_revenue_retention,
        case
            when starting_mrr_usd > 0
                then round(
                    (
                        starting_mrr_usd + expansion_mrr_usd
                        + contraction_mrr_usd + churned_mrr_usd
                    )
                    / starting_mrr_usd,
                    4
                )
        end as net_revenue_retention
    from spined

)

select * from final
