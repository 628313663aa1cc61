-- title: Who pays late? Net-30 invoices and collections by month
-- topic: Revenue growth and retention
-- description: Invoices sent for payment by bank transfer (net 30) per
--   month of issue: how many were paid on time, paid late or are still
--   open past their due date, the average days late of the late ones, and
--   what was invoiced and collected in USD. From fct_invoices.
-- chart: bar x=issue_month y=paid_late
with invoices as (

    select * from fct_invoices

),

net_30 as (

    select * from invoices
    where collection_method = 'send_invoice'
        and status <> 'void'

),

final as (

    select
        substr(created_date, 1, 7) || '-01' as issue_month,
        count(*) as invoices,
        sum(case when is_paid = 1 and is_late = 0 then 1 else 0 end)
            as paid_on_time,
        sum(case when is_paid = 1 and is_late = 1 then 1 else 0 end)
            as paid_late,
        sum(case when is_paid = 0 and is_late = 1 then 1 else 0 end)
            as open_overdue,
        round(avg(case when is_late = 1 then days_late end), 1)
            as avg_days_late,
        round(sum(total_usd), 2) as invoiced_usd,
        round(sum(amount_paid_usd), 2) as collected_usd
    from net_30
    group by 1

)

select * from final
order by issue_month
