{{ config(
    materialized='incremental',
    unique_key='payment_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

{#
    Money moving: every charge attempt and every refund, one row each, in
    the charge's currency and in USD at the rate of the month it happened.
    net_amount is what reached (or left) the bank: a succeeded charge counts
    in full, a failed one not at all, a refund negatively.

    Incremental: late payments and the Stripe charges held back by the
    connector outage arrive in later loads, so each run takes the rows
    loaded within the lookback window of the newest load it already holds
    and replaces them by payment_id (delete+insert: dbt-sqlite's keyed
    merge). Staging keeps the latest load of each id, so a re-sent row
    replaces its earlier copy and the table equals a full refresh.

    A payment waits for its customer: a customer created during the outage
    arrives after its charges, so a run also takes every payment of a
    customer loaded within the window, however old the payment's own load.
    Only the customer is stored, not the account: a customer's account can
    change when its Salesforce account arrives, and rows outside the window
    are not rewritten; join dim_customers for the current account.
#}

with charges as (

    select * from {{ ref('stg_stripe__charges') }}

),

refunds as (

    select * from {{ ref('stg_stripe__refunds') }}

),

customers as (

    select * from {{ ref('stg_stripe__customers') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

charge_payments as (

    select
        charge_id as payment_id,
        'charge' as payment_type,
        charge_id,
        invoice_id,
        customer_id,
        status,
        failure_code,
        cast(null as text) as refund_reason,
        currency,
        amount_local,
        case when status = 'succeeded' then amount_local else 0 end
            as net_amount_local,
        amount_refunded_local,
        created_at,
        loaded_at
    from charges

),

{# A refund of a test-mode charge has no live charge to join and drops out. #}
refund_payments as (

    select
        refunds.refund_id as payment_id,
        'refund' as payment_type,
        refunds.charge_id,
        charges.invoice_id,
        charges.customer_id,
        refunds.status,
        cast(null as text) as failure_code,
        refunds.reason as refund_reason,
        refunds.currency,
        refunds.amount_local,
        case
            when refunds.status = 'succeeded' then -refunds.amount_local
            else 0
        end as net_amount_local,
        cast(null as real) as amount_refunded_local,
        refunds.created_at,
        refunds.loaded_at
    from refunds
    inner join charges
        on charges.charge_id = refunds.charge_id

),

payments as (

    select * from charge_payments
    union all
    select * from refund_payments

),

new_payments as (

    select payments.*
    from payments
    inner join customers
        on customers.customer_id = payments.customer_id
    {% if is_incremental() %}
    where {{ loaded_within_lookback('payments.loaded_at') }}
        or {{ loaded_within_lookback('customers.loaded_at') }}
    {% endif %}

),

final as (

    select
        new_payments.payment_id,
        new_payments.payment_type,
        new_payments.charge_id,
        new_payments.invoice_id,
        new_payments.customer_id,
        new_payments.status,
        new_payments.failure_code,
        new_payments.refund_reason,
        new_payments.currency,
        new_payments.amount_local,
        new_payments.net_amount_local,
        new_payments.amount_refunded_local,
        fx_rates.rate_to_usd,
        {{ money('new_payments.amount_local * fx_rates.rate_to_usd') }}
            as amount_usd,
        {{ money('new_payments.net_amount_local * fx_rates.rate_to_usd') }}
            as net_amount_usd,
        new_payments.created_at,
        {{ to_date('new_payments.created_at') }} as created_date,
        new_payments.loaded_at
    from new_payments
    left join fx_rates
        on fx_rates.month = {{ month_start('new_payments.created_at') }}
        and fx_rates.currency = new_payments.currency

)

select * from final
