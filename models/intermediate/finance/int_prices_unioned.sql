{#
    Every price a subscription item or invoice line can reference: Stripe's
    legacy plan objects (v1) and price objects (v2) in one shape, described
    by the plan_catalog seed (plan, tier, successor). A price that is only in
    the seed (announced, not yet synced from Stripe) is here too, so a new
    catalog row flows through without SQL changes; Stripe's own amount and
    interval win where both know a price, because Stripe bills from them.
#}

with plans as (

    select * from {{ ref('stg_stripe__plans') }}

),

prices as (

    select * from {{ ref('stg_stripe__prices') }}

),

products as (

    select * from {{ ref('stg_stripe__products') }}

),

plan_catalog as (

    select * from {{ ref('plan_catalog') }}

),

stripe_prices as (

    select
        plan_id as price_id,
        'plan' as price_object,
        product_id,
        plan_nickname as nickname,
        unit_amount_local,
        currency,
        billing_interval,
        interval_count,
        is_active
    from plans

    union all

    select
        price_id,
        'price' as price_object,
        product_id,
        price_nickname as nickname,
        unit_amount_local,
        currency,
        billing_interval,
        interval_count,
        is_active
    from prices

),

catalog as (

    select
        price_id,
        stripe_object,
        product_id,
        plan as plan_name,
        tier,
        billing_interval,
        upper(currency) as currency,
        {{ minor_to_major('unit_amount', 'currency') }} as unit_amount_local,
        catalog_version,
        nullif(successor_price_id, '') as successor_price_id,
        nullif(available_from, '') as available_from,
        nullif(retired_on, '') as retired_on
    from plan_catalog

),

price_ids as (

    select price_id from stripe_prices
    union
    select price_id from catalog

),

joined as (

    select
        price_ids.price_id,
        coalesce(stripe_prices.price_object, catalog.stripe_object)
            as price_object,
        coalesce(stripe_prices.product_id, catalog.product_id) as product_id,
        coalesce(catalog.plan_name, products.product_name) as plan_name,
        catalog.tier,
        stripe_prices.nickname,
        coalesce(stripe_prices.billing_interval, catalog.billing_interval)
            as billing_interval,
        coalesce(stripe_prices.interval_count, 1) as interval_count,
        coalesce(stripe_prices.currency, catalog.currency) as currency,
        {{ money(
            'coalesce(stripe_prices.unit_amount_local, catalog.unit_amount_local)'
        ) }} as unit_amount_local,
        catalog.catalog_version,
        catalog.successor_price_id,
        catalog.available_from,
        catalog.retired_on,
        coalesce(
            stripe_prices.is_active,
            case when catalog.retired_on is null then 1 else 0 end
        ) as is_active,
        case when stripe_prices.price_id is not null then 1 else 0 end
            as is_in_stripe,
        case when catalog.price_id is not null then 1 else 0 end
            as is_in_catalog
    from price_ids
    left join stripe_prices
        on stripe_prices.price_id = price_ids.price_id
    left join catalog
        on catalog.price_id = price_ids.price_id
    left join products
        on products.product_id
        = coalesce(stripe_prices.product_id, catalog.product_id)

),

final as (

    select
        *,
        {# A month is the unit of MRR: yearly prices spread over 12, a
           three-month interval over 3. #}
        interval_count * case billing_interval
            when 'year' then 12
            when 'month' then 1
        end as months_per_interval
    from joined

)

select * from final
