-- MRR and ARR per month by plan tier: each paying account's MRR under the
-- tier of its subscription in force at the month's last second.
-- No mart carries an account's plan per month, so the tier comes from the
-- subscription items in force then (int_subscription_periods_joined, the
-- same periods fct_mrr is valued from) and dim_plans.
with mrr as (

    select * from fct_mrr

),

months as (

    select * from int_mrr_months_spined

),

periods as (

    select * from int_subscription_periods_joined

),

plans as (

    select * from dim_plans

),

customers as (

    select * from dim_customers

),

tiers as (

    select distinct tier, plan_name from plans

),

account_tiers as (

    select
        customers.account_id,
        months.month,
        max(plans.tier) as tier
    from months
    inner join periods
        on periods.valid_from <= months.month_end_at
        and periods.valid_to >= months.month_end_at
    inner join plans
        on plans.price_id = periods.price_id
    inner join customers
        on customers.customer_id = periods.customer_id
    where periods.status in ('active', 'past_due')
    group by customers.account_id, months.month

),

final as (

    select
        mrr.month,
        coalesce(tiers.plan_name, 'Unknown') as plan_tier,
        count(*) as accounts,
        round(sum(mrr.mrr_usd), 2) as mrr_usd,
        round(sum(mrr.arr_usd), 2) as arr_usd
    from mrr
    left join account_tiers
        on account_tiers.account_id = mrr.account_id
        and account_tiers.month = mrr.month
    left join tiers
        on tiers.tier = account_tiers.tier
    where mrr.mrr_usd > 0
    group by mrr.month, coalesce(tiers.plan_name, 'Unknown')

)

select * from final
order by month, plan_tier
