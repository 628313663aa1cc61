{#
    Guards: every invoice that says it was paid is covered by succeeded
    charges of at least the amount paid. Computed from the staging charges,
    not from the reconciliation status, so a wrong status cannot hide a
    gap. Returns the paid invoices that no charge pays for.
#}

with invoices as (

    select * from {{ ref('fct_invoices') }}

),

charges as (

    select * from {{ ref('stg_stripe__charges') }}

),

succeeded as (

    select
        invoice_id,
        sum(amount_local) as charged_amount_local
    from charges
    where status = 'succeeded'
    group by invoice_id

),

compared as (

    select
        invoices.invoice_id,
        invoices.amount_paid_local,
        coalesce(succeeded.charged_amount_local, 0) as charged_amount_local,
        invoices.reconciliation_status
    from invoices
    left join succeeded
        on succeeded.invoice_id = invoices.invoice_id
    where invoices.status = 'paid'

)

select *
from compared
where {{ to_cents('charged_amount_local') }}
    < {{ to_cents('amount_paid_local') }}
    or reconciliation_status not in ('covered', 'zero_amount')
