{#
    Every plan price the company has sold, legacy (v1 Stripe plan objects,
    retired on 2025-04-01) and current (v2 price objects), with the plan,
    tier, interval and the v2 successor of each legacy price. Built from
    the plan_catalog seed and Stripe's plan and price tables, so a price
    added to the seed appears here without a SQL change.
#}

with prices as (

    select * from {{ ref('int_prices_unioned') }}

),

final as (

    select
        price_id,
        price_object,
        product_id,
        plan_name,
        tier,
        nickname,
        billing_interval,
        interval_count,
        months_per_interval,
        currency,
        unit_amount_local,
        {{ money('unit_amount_local / months_per_interval') }}
            as monthly_unit_amount_local,
        catalog_version,
        case
            when price_object = 'plan' or catalog_version = 'v1' then 1
            else 0
        end as is_legacy,
        successor_price_id,
        available_from,
        retired_on,
        is_active,
        is_in_stripe,
        is_in_catalog
    from prices

)

select * from final
