{#
    Guards: MRR, invoiced revenue and money collected are never negative.
    A sign error in a discount (amount_off larger than the price, a percent
    applied twice) or a refund booked as a charge would show up here first.
    Returns one row per offending record.
#}

with mrr as (

    select * from {{ ref('fct_mrr') }}

),

subscription_months as (

    select * from {{ ref('int_subscription_months_valued') }}

),

invoices as (

    select * from {{ ref('fct_invoices') }}

),

payments as (

    select * from {{ ref('fct_payments') }}

),

failures as (

    select 'fct_mrr' as model, account_id || ' ' || month as record_id,
        mrr_local as amount
    from mrr
    where mrr_local < 0 or mrr_usd < 0 or arr_usd < 0

    union all

    select 'int_subscription_months_valued', subscription_month_id, mrr_local
    from subscription_months
    where mrr_local < 0

    union all

    select 'fct_invoices', invoice_id, total_local
    from invoices
    where total_local < 0 or amount_paid_local < 0 or total_usd < 0

    union all

    select 'fct_payments', payment_id, amount_local
    from payments
    where amount_local < 0
        or (payment_type = 'charge' and net_amount_local < 0)

)

select * from failures
