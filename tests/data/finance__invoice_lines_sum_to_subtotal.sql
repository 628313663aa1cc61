{#
    Guards: an invoice's line items add up to its subtotal, to the cent
    (proration credits included). A line dropped or counted twice by the
    deduplication, or an amount converted with the wrong minor unit, breaks
    the sum. Returns the invoices whose lines disagree.
#}

with invoices as (

    select * from {{ ref('stg_stripe__invoices') }}

),

line_items as (

    select * from {{ ref('stg_stripe__invoice_line_items') }}

),

line_totals as (

    select
        invoice_id,
        count(*) as lines,
        sum(amount_local) as lines_amount_local
    from line_items
    group by invoice_id

),

compared as (

    select
        invoices.invoice_id,
        invoices.currency,
        invoices.subtotal_local,
        coalesce(line_totals.lines, 0) as lines,
        coalesce(line_totals.lines_amount_local, 0) as lines_amount_local
    from invoices
    left join line_totals
        on line_totals.invoice_id = invoices.invoice_id

)

select *
from compared
where {{ to_cents('lines_amount_local') }}
    <> {{ to_cents('subtotal_local') }}
