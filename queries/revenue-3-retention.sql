-- title: Do customers stay and grow? Logo churn, GRR and NRR
-- topic: Revenue growth and retention
-- description: Monthly logo churn rate, gross revenue retention (MRR kept,
--   expansion not counted) and net revenue retention (expansion counted),
--   each over the month's starting MRR, with a trailing twelve-month
--   average of NRR to smooth single months. FX is left out of retention.
-- chart: line x=month y=net_revenue_retention
with retention as (

    select * from fct_retention

),

final as (

    select
        month,
        starting_logos,
        churned_logos,
        logo_churn_rate,
        gross_revenue_retention,
        net_revenue_retention,
        round(
            avg(net_revenue_retention) over (
                order by month rows between 11 preceding and current row
            ),
            4
        ) as nrr_trailing_12_months
    from retention
    where starting_logos > 0

)

select * from final
order by month
