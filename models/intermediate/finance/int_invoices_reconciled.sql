{{ config(materialized='table') }}

{#
    Each invoice beside the charges that tried to pay it and the refunds
    given back on them, with a reconciliation status: a paid invoice is
    `covered` when its succeeded charges add up to at least what it says was
    paid. Charges and refunds of test mode are not in staging, so they never
    cover a live invoice. A table: fct_invoices and several tests read it.
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

charge_totals as (

    select
        invoice_id,
        count(*) as charge_attempts,
        sum(case when status = 'succeeded' then 1 else 0 end)
            as succeeded_charges,
        sum(case when status = 'failed' then 1 else 0 end) as failed_charges,
        {{ money(
            "sum(case when status = 'succeeded' then amount_local else 0 end)"
        ) }} as charged_amount_local,
        min(case when status = 'succeeded' then created_at end)
            as first_succeeded_charge_at
    from charges
    group by invoice_id

),

refund_totals as (

    select
        charges.invoice_id,
        count(*) as refunds,
        {{ money('sum(refunds.amount_local)') }} as refunded_amount_local
    from refunds
    inner join charges
        on charges.charge_id = refunds.charge_id
    where refunds.status = 'succeeded'
    group by charges.invoice_id

),

joined as (

    select
        invoices.*,
        coalesce(charge_totals.charge_attempts, 0) as charge_attempts,
        coalesce(charge_totals.succeeded_charges, 0) as succeeded_charges,
        coalesce(charge_totals.failed_charges, 0) as failed_charges,
        coalesce(charge_totals.charged_amount_local, 0)
            as charged_amount_local,
        charge_totals.first_succeeded_charge_at,
        coalesce(refund_totals.refunds, 0) as refunds,
        coalesce(refund_totals.refunded_amount_local, 0)
            as refunded_amount_local
    from invoices
    left join charge_totals
        on charge_totals.invoice_id = invoices.invoice_id
    left join refund_totals
        on refund_totals.invoice_id = invoices.invoice_id

),

final as (

    select
        *,
        case
            when status = 'paid' and amount_paid_local = 0 then 'zero_amount'
            when status = 'paid' and charged_amount_local >= amount_paid_local
                then 'covered'
            when status = 'paid' then 'uncovered'
            when charged_amount_local > 0 then 'charged_not_paid'
            else 'unpaid'
        end as reconciliation_status
    from joined

)

select * from final
