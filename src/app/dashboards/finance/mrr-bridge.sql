-- The MRR bridge per month: starting MRR, the USD change of each movement
-- type, the FX adjustment and ending MRR (starting + changes + FX = ending).
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
        ending_mrr_usd
    from retention

)

select * from final
order by month
