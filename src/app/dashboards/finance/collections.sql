-- Invoiced against collected per month, in USD: invoices issued (void ones
-- left out) against cash collected (succeeded charges less refunds, at the
-- rate of the payment's month), with failed charges and refunds beside.
with invoices as (

    select * from fct_invoices

),

payments as (

    select * from fct_payments

),

invoiced as (

    select
        substr(created_date, 1, 7) || '-01' as month,
        sum(total_usd) as invoiced_usd
    from invoices
    where status <> 'void'
    group by 1

),

collected as (

    select
        substr(created_date, 1, 7) || '-01' as month,
        sum(net_amount_usd) as collected_usd,
        sum(case when status = 'failed' then amount_usd else 0 end)
            as failed_usd,
        sum(case when payment_type = 'refund' then amount_usd else 0 end)
            as refunded_usd
    from payments
    group by 1

),

months as (

    select month from invoiced
    union
    select month from collected

),

final as (

    select
        months.month,
        round(coalesce(invoiced.invoiced_usd, 0), 2) as invoiced_usd,
        round(coalesce(collected.collected_usd, 0), 2) as collected_usd,
        round(coalesce(collected.failed_usd, 0), 2) as failed_usd,
        round(coalesce(collected.refunded_usd, 0), 2) as refunded_usd
    from months
    left join invoiced
        on invoiced.month = months.month
    left join collected
        on collected.month = months.month

)

select * from final
order by month
