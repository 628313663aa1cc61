{#
    Guards: refunds never give back more than their charge took, whether
    counted from the refund rows or from the charge's amount_refunded, and
    only succeeded charges are refunded. Returns the offending charges.
#}

with payments as (

    select * from {{ ref('fct_payments') }}

),

charges as (

    select * from payments
    where payment_type = 'charge'

),

refund_totals as (

    select
        charge_id,
        sum(amount_local) as refunded_local
    from payments
    where payment_type = 'refund'
    group by charge_id

),

compared as (

    select
        charges.charge_id,
        charges.status,
        charges.amount_local,
        charges.amount_refunded_local,
        coalesce(refund_totals.refunded_local, 0) as refunded_local
    from charges
    left join refund_totals
        on refund_totals.charge_id = charges.charge_id

)

select *
from compared
where {{ to_cents('refunded_local') }}
    > {{ to_cents('amount_local') }}
    or {{ to_cents('amount_refunded_local') }}
    > {{ to_cents('amount_local') }}
    or (status <> 'succeeded' and refunded_local > 0)
