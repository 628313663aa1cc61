-- title: Where did MRR come from? The monthly MRR bridge
-- topic: Revenue growth and retention
-- description: Starting MRR, the USD change from new, expansion,
--   reactivation, contraction and churn, the FX adjustment, and ending MRR,
--   month by month from fct_retention. Starting + changes + FX = ending to
--   the cent; the last column checks it.
-- chart: bar x=month y=new_mrr_usd
with retention as (

    select * from fct_retention

),

final as (

    select
        month,
        starting_mrr_usd,
        new_mrr_usd,
        expansion_mrr_usd,
        reactivation_mrr_usd,
        contraction_mrr_usd,
        churned_mrr_usd,
        fx_adjustment_usd,
        ending_mrr_usd,
        round(
            starting_mrr_usd + new_mrr_usd + expansion_mrr_usd
            + reactivation_mrr_usd + contraction_mrr_usd + churned_mrr_usd
            + fx_adjustment_usd - ending_mrr_usd,
            2
        ) as bridge_gap_usd
    from retention

)

select * from final
order by month
