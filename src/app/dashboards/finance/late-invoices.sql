-- Net-30 invoices (collection_method send_invoice; card invoices have no
-- due date) per quarter of issue, by outcome: paid on time, paid late, open
-- past its due date, open and not yet due, or void.
with invoices as (

    select * from fct_invoices

),

dates as (

    select * from dim_dates

),

classified as (

    select
        dates.quarter_start_date,
        case
            when invoices.status = 'void' then 'Void'
            when invoices.is_paid = 1 and invoices.is_late = 1 then 'Paid late'
            when invoices.is_paid = 1 then 'Paid on time'
            when invoices.is_late = 1 then 'Open, overdue'
            else 'Open, not yet due'
        end as outcome,
        invoices.total_usd,
        invoices.days_late
    from invoices
    inner join dates
        on dates.date_day = invoices.created_date
    where invoices.collection_method = 'send_invoice'
        and invoices.status <> 'uncollectible'

),

final as (

    select
        quarter_start_date,
        outcome,
        count(*) as invoices,
        round(sum(total_usd), 2) as total_usd,
        round(avg(days_late), 1) as average_days_late
    from classified
    group by quarter_start_date, outcome

)

select * from final
order by quarter_start_date, outcome
