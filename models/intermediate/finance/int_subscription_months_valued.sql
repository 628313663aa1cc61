{{ config(materialized='table') }}

{#
    MRR per subscription and month, before rounding: the state in force at
    the month's last second (status active or past_due; trialing and
    canceled subscriptions bring nothing), each item's price x quantity per
    month, less the recurring discounts in force then. A `once` coupon only
    discounts its first invoice, so it never lowers MRR. percent_off comes
    off the item amounts; amount_off is per billing interval, so it is
    spread over the months of the interval. A table: the account rollup and
    the tests read it.
#}

with periods as (

    select * from {{ ref('int_subscription_periods_joined') }}

),

months as (

    select * from {{ ref('int_mrr_months_spined') }}

),

discounts as (

    select * from {{ ref('stg_stripe__discounts') }}

),

coupons as (

    select * from {{ ref('stg_stripe__coupons') }}

),

items_in_force as (

    select
        periods.subscription_id,
        periods.customer_id,
        months.month,
        months.month_end_at,
        periods.status,
        periods.currency,
        periods.months_per_interval,
        periods.monthly_amount_local
    from months
    inner join periods
        on periods.valid_from <= months.month_end_at
        and periods.valid_to >= months.month_end_at
    where periods.status in ('active', 'past_due')

),

subscription_months as (

    select
        subscription_id,
        customer_id,
        month,
        month_end_at,
        status,
        max(currency) as currency,
        max(months_per_interval) as months_per_interval,
        count(*) as items,
        sum(monthly_amount_local) as gross_mrr_local
    from items_in_force
    group by subscription_id, customer_id, month, month_end_at, status

),

discounts_in_force as (

    select
        subscription_months.subscription_id,
        subscription_months.month,
        discounts.discount_id,
        coupons.coupon_id,
        coupons.percent_off,
        coupons.amount_off_local
    from subscription_months
    inner join discounts
        on discounts.subscription_id = subscription_months.subscription_id
        and discounts.started_at <= subscription_months.month_end_at
        and (
            discounts.ended_at is null
            or discounts.ended_at > subscription_months.month_end_at
        )
    inner join coupons
        on coupons.coupon_id = discounts.coupon_id
    where coupons.duration <> 'once'

),

{# Stripe applies one discount to a subscription at a time; should two ever
   overlap, their percentages and their amounts add up. #}
discount_totals as (

    select
        subscription_id,
        month,
        min(coupon_id) as coupon_id,
        count(*) as discounts,
        sum(coalesce(percent_off, 0)) as percent_off,
        sum(coalesce(amount_off_local, 0)) as amount_off_local
    from discounts_in_force
    group by subscription_id, month

),

valued as (

    select
        subscription_months.subscription_id || '|' || subscription_months.month
            as subscription_month_id,
        subscription_months.subscription_id,
        subscription_months.customer_id,
        subscription_months.month,
        subscription_months.month_end_at,
        subscription_months.status,
        subscription_months.currency,
        subscription_months.items,
        subscription_months.gross_mrr_local,
        discount_totals.coupon_id,
        coalesce(discount_totals.discounts, 0) as discounts,
        subscription_months.gross_mrr_local
        - subscription_months.gross_mrr_local
        * coalesce(discount_totals.percent_off, 0) / 100
        - coalesce(discount_totals.amount_off_local, 0)
        / subscription_months.months_per_interval as mrr_local
    from subscription_months
    left join discount_totals
        on discount_totals.subscription_id = subscription_months.subscription_id
        and discount_totals.month = subscription_months.month

)

select * from valued
