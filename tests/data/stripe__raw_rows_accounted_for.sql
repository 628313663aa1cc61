{#
    Guards against Stripe rows lost without a reason: every row of every raw
    Stripe table (customers aside: core__raw_customers_accounted_for) is in
    its staging model, or was left out for a reason docs/source-map.md
    states: test mode (livemode = 0), or an older load of a key whose
    newest load is staged (a re-extract, a re-sent copy, a history version
    closed by a later write; the staging models' unique tests make sure
    the loads of a key collapse into one row). Tables without a livemode
    flag keep their test-mode rows in staging; the models that join them to
    live parents drop them. Returns the raw rows whose key is missing from
    staging without a reason.
#}

{%- set tables = [
    {
        'table': 'product',
        'key': 'id',
        'model': 'stg_stripe__products',
        'model_key': 'product_id',
        'livemode': true,
    },
    {
        'table': 'plan',
        'key': 'id',
        'model': 'stg_stripe__plans',
        'model_key': 'plan_id',
        'livemode': true,
    },
    {
        'table': 'price',
        'key': 'id',
        'model': 'stg_stripe__prices',
        'model_key': 'price_id',
        'livemode': true,
    },
    {
        'table': 'coupon',
        'key': 'id',
        'model': 'stg_stripe__coupons',
        'model_key': 'coupon_id',
        'livemode': true,
    },
    {
        'table': 'discount',
        'key': 'id',
        'model': 'stg_stripe__discounts',
        'model_key': 'discount_id',
        'livemode': false,
    },
    {
        'table': 'subscription',
        'key': 'id',
        'model': 'stg_stripe__subscriptions',
        'model_key': 'subscription_id',
        'livemode': true,
    },
    {
        'table': 'subscription_history',
        'key': "id || '|' || _fivetran_start",
        'model': 'stg_stripe__subscription_history',
        'model_key': 'subscription_version_id',
        'livemode': true,
    },
    {
        'table': 'subscription_item_history',
        'key': "id || '|' || _fivetran_start",
        'model': 'stg_stripe__subscription_item_history',
        'model_key': 'subscription_item_version_id',
        'livemode': false,
    },
    {
        'table': 'invoice',
        'key': 'id',
        'model': 'stg_stripe__invoices',
        'model_key': 'invoice_id',
        'livemode': true,
    },
    {
        'table': 'invoice_line_item',
        'key': 'id',
        'model': 'stg_stripe__invoice_line_items',
        'model_key': 'invoice_line_item_id',
        'livemode': false,
    },
    {
        'table': 'charge',
        'key': 'id',
        'model': 'stg_stripe__charges',
        'model_key': 'charge_id',
        'livemode': true,
    },
    {
        'table': 'refund',
        'key': 'id',
        'model': 'stg_stripe__refunds',
        'model_key': 'refund_id',
        'livemode': false,
    },
] -%}

{# `in (select ...)` reads each staging model once, not once per raw row. #}
{% for t in tables %}
{%- if not loop.first %}
union all
{% endif %}
select
    '{{ t.table }}' as raw_table,
    {{ t.key }} as raw_key,
    _fivetran_synced
from {{ source('stripe', t.table) }}
where {{ t.key }} not in (select {{ t.model_key }} from {{ ref(t.model) }})
    {%- if t.livemode %}
    and livemode = 1
    {%- endif %}
{% endfor %}
