-- Gross and net revenue retention per month, over last month's MRR.
with retention as (

    select * from fct_retention

),

final as (

    select
        month,
        starting_mrr_usd,
        gross_revenue_retention,
        net_revenue_retention
    from retention
    where starting_logos > 0

)

select * from final
order by month
