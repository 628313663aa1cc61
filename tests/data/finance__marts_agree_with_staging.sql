{#
    Guards against fan-out and silent loss between layers: row counts and
    money totals of the finance marts equal those of the models they are
    built from. fct_invoices holds every staged invoice whose customer has
    arrived (the others wait, see stripe__unknown_customers_are_recent),
    with the same totals per currency; fct_payments every such charge and
    refund; fct_mrr and fct_mrr_movements exactly the rows and MRR of
    int_mrr_aggregated_to_accounts; the subscription months add up to the
    account months. Returns one row per check that does not balance.
#}

with invoices as (

    select * from {{ ref('stg_stripe__invoices') }}

),

charges as (

    select * from {{ ref('stg_stripe__charges') }}

),

refunds as (

    select * from {{ ref('stg_stripe__refunds') }}

),

account_mrr as (

    select * from {{ ref('int_mrr_aggregated_to_accounts') }}

),

subscription_months as (

    select * from {{ ref('int_subscription_months_valued') }}

),

customers_mapped as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

fct_invoices as (

    select * from {{ ref('fct_invoices') }}

),

fct_payments as (

    select * from {{ ref('fct_payments') }}

),

fct_mrr as (

    select * from {{ ref('fct_mrr') }}

),

fct_mrr_movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

staged_invoices as (

    select invoices.*
    from invoices
    inner join customers_mapped
        on customers_mapped.customer_id = invoices.customer_id

),

staged_payments as (

    select charges.charge_id as payment_id, charges.amount_local
    from charges
    inner join customers_mapped
        on customers_mapped.customer_id = charges.customer_id
    union all
    select refunds.refund_id, refunds.amount_local
    from refunds
    inner join charges
        on charges.charge_id = refunds.charge_id
    inner join customers_mapped
        on customers_mapped.customer_id = charges.customer_id

),

{# Sums compared in whole cents, so float noise cannot fail or pass a check. #}
checks as (

    select
        'fct_invoices rows' as check_name,
        (select count(*) from staged_invoices) as expected,
        (select count(*) from fct_invoices) as actual

    union all

    select
        'fct_invoices total_local cents, ' || currency,
        sum({{ to_cents('total_local') }}),
        (
            select sum({{ to_cents('f.total_local') }})
            from fct_invoices as f
            where f.currency = staged_invoices.currency
        )
    from staged_invoices
    group by currency

    union all

    select
        'fct_invoices amount_paid_local cents, ' || currency,
        sum({{ to_cents('amount_paid_local') }}),
        (
            select sum({{ to_cents('f.amount_paid_local') }})
            from fct_invoices as f
            where f.currency = staged_invoices.currency
        )
    from staged_invoices
    group by currency

    union all

    select
        'fct_payments rows',
        (select count(*) from staged_payments),
        (select count(*) from fct_payments)

    union all

    select
        'fct_payments amount_local cents',
        (
            select sum({{ to_cents('amount_local') }})
            from staged_payments
        ),
        (
            select sum({{ to_cents('amount_local') }})
            from fct_payments
        )

    union all

    select
        'fct_mrr rows',
        (select count(*) from account_mrr),
        (select count(*) from fct_mrr)

    union all

    select
        'fct_mrr_movements rows',
        (select count(*) from account_mrr),
        (select count(*) from fct_mrr_movements)

    union all

    select
        'fct_mrr mrr_local cents',
        (
            select sum({{ to_cents('mrr_local') }})
            from account_mrr
        ),
        (
            select sum({{ to_cents('mrr_local') }})
            from fct_mrr
        )

    union all

    select
        'fct_mrr mrr_usd cents',
        (
            select sum({{ to_cents('mrr_usd') }})
            from account_mrr
        ),
        (
            select sum({{ to_cents('mrr_usd') }})
            from fct_mrr
        )

    union all

    {# Each account month is the sum of its subscriptions' months, rounded
       once: compare per account and month, count the disagreements. #}
    select
        'account months equal to their subscription months',
        0,
        (
            select count(*)
            from (
                select
                    customers_mapped.account_id,
                    subscription_months.month,
                    round(sum(subscription_months.mrr_local), 2) as mrr_local
                from subscription_months
                inner join customers_mapped
                    on customers_mapped.customer_id
                    = subscription_months.customer_id
                group by
                    customers_mapped.account_id, subscription_months.month
            ) as summed
            left join account_mrr
                on account_mrr.account_id = summed.account_id
                and account_mrr.month = summed.month
            where account_mrr.account_id is null and summed.mrr_local > 0
                or {{ to_cents('account_mrr.mrr_local') }}
                <> {{ to_cents('summed.mrr_local') }}
        )

)

select *
from checks
where coalesce(expected, -1) <> coalesce(actual, -1)
