-- Feature adoption per plan tier: of the accounts on each tier (the tier of
-- their subscription in their latest paying month), the share that adopted
-- each feature (used it on 3 or more distinct days, fct_feature_adoption).
-- Features no account has adopted (onboarding: a sign-up happens once) are
-- left out.
-- No mart carries an account's plan, so it comes from the subscription
-- items in force (int_subscription_periods_joined) and dim_plans.
with adoption as (

    select * from fct_feature_adoption

),

mrr as (

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

taxonomy as (

    select * from event_taxonomy

),

latest_paying_months as (

    select
        account_id,
        max(month) as month
    from mrr
    where mrr_usd > 0
    group by account_id

),

account_tiers as (

    select
        latest_paying_months.account_id,
        max(plans.tier) as tier
    from latest_paying_months
    inner join months
        on months.month = latest_paying_months.month
    inner join customers
        on customers.account_id = latest_paying_months.account_id
    inner join periods
        on periods.customer_id = customers.customer_id
        and periods.valid_from <= months.month_end_at
        and periods.valid_to >= months.month_end_at
    inner join plans
        on plans.price_id = periods.price_id
    where periods.status in ('active', 'past_due')
    group by latest_paying_months.account_id

),

tiers as (

    select distinct tier, plan_name from plans

),

features as (

    select distinct feature from taxonomy
    where feature is not null

),

tier_sizes as (

    select
        tier,
        count(*) as accounts
    from account_tiers
    group by tier

),

adopted as (

    select
        account_tiers.tier,
        adoption.feature,
        count(*) as adopted_accounts
    from adoption
    inner join account_tiers
        on account_tiers.account_id = adoption.account_id
    where adoption.is_adopted = 1
    group by account_tiers.tier, adoption.feature

),

final as (

    select
        features.feature,
        tiers.plan_name as plan_tier,
        tier_sizes.accounts,
        coalesce(adopted.adopted_accounts, 0) as adopted_accounts,
        round(1.0 * coalesce(adopted.adopted_accounts, 0) / tier_sizes.accounts, 4)
            as adoption_rate
    from features
    cross join tier_sizes
    inner join tiers
        on tiers.tier = tier_sizes.tier
    left join adopted
        on adopted.tier = tier_sizes.tier
        and adopted.feature = features.feature
    where features.feature in (select feature from adopted)

)

select * from final
order by feature, plan_tier
