{{ config(materialized='table') }}

{#
    The history-mode subscription and item tables intersected: each row is a
    stretch of time in which one subscription version and one version of
    one of its items were both in force, so the state at any instant is the
    row whose [valid_from, valid_to] holds it. Only live subscriptions are in
    the subscription history staging model, so test-mode items drop out
    here. Stretches of a subscription without an item carry no price and are
    left out. A table: the monthly valuation range-joins it to every month,
    which would re-run a view once per month.
#}

with subscription_versions as (

    select * from {{ ref('stg_stripe__subscription_history') }}

),

item_versions as (

    select * from {{ ref('stg_stripe__subscription_item_history') }}

),

prices as (

    select * from {{ ref('int_prices_unioned') }}

),

overlapping as (

    select
        subscription_versions.subscription_id,
        subscription_versions.customer_id,
        subscription_versions.status,
        subscription_versions.subscription_version_id,
        item_versions.subscription_item_version_id,
        item_versions.subscription_item_id,
        item_versions.price_id,
        item_versions.quantity,
        case
            when subscription_versions.valid_from > item_versions.valid_from
                then subscription_versions.valid_from
            else item_versions.valid_from
        end as valid_from,
        case
            when subscription_versions.valid_to < item_versions.valid_to
                then subscription_versions.valid_to
            else item_versions.valid_to
        end as valid_to
    from subscription_versions
    inner join item_versions
        on item_versions.subscription_id
        = subscription_versions.subscription_id
        and item_versions.valid_from <= subscription_versions.valid_to
        and item_versions.valid_to >= subscription_versions.valid_from

),

priced as (

    select
        overlapping.subscription_item_id || '|' || overlapping.valid_from
            as subscription_period_id,
        overlapping.subscription_id,
        overlapping.customer_id,
        overlapping.subscription_item_id,
        overlapping.subscription_version_id,
        overlapping.subscription_item_version_id,
        overlapping.status,
        overlapping.valid_from,
        overlapping.valid_to,
        overlapping.price_id,
        overlapping.quantity,
        prices.currency,
        prices.billing_interval,
        prices.months_per_interval,
        prices.unit_amount_local,
        {# Unrounded on purpose: rounding happens once, on the account's
           monthly total, as the metric definition says. #}
        prices.unit_amount_local * overlapping.quantity
        / prices.months_per_interval as monthly_amount_local
    from overlapping
    left join prices
        on prices.price_id = overlapping.price_id

)

select * from priced
