-- Logo churn per month: accounts that went from paying to zero over the
-- accounts paying at the start of the month.
with retention as (

    select * from fct_retention

),

final as (

    select
        month,
        starting_logos,
        churned_logos,
        logo_churn_rate
    from retention
    where starting_logos > 0

)

select * from final
order by month
