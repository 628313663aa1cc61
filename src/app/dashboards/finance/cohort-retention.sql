-- Cohorts by the quarter of each account's first paying month, followed
-- month by month from that first month: accounts observed (fct_mrr has a
-- row for every month from the first paying one to the last measured), how
-- many still pay, and their MRR now and in their first month.
with mrr as (

    select * from fct_mrr

),

first_months as (

    select
        account_id,
        min(month) as first_month
    from mrr
    where mrr_usd > 0
    group by account_id

),

account_months as (

    select
        mrr.account_id,
        strftime('%Y', first_months.first_month) || '-Q'
        || ((cast(strftime('%m', first_months.first_month) as integer) + 2) / 3)
            as cohort,
        (cast(strftime('%Y', mrr.month) as integer) * 12
            + cast(strftime('%m', mrr.month) as integer))
        - (cast(strftime('%Y', first_months.first_month) as integer) * 12
            + cast(strftime('%m', first_months.first_month) as integer))
            as months_since_start,
        mrr.is_paying,
        mrr.mrr_usd,
        starts.mrr_usd as starting_mrr_usd
    from mrr
    inner join first_months
        on first_months.account_id = mrr.account_id
    inner join mrr as starts
        on starts.account_id = mrr.account_id
        and starts.month = first_months.first_month
    where mrr.month >= first_months.first_month

),

final as (

    select
        cohort,
        months_since_start,
        count(*) as accounts,
        sum(is_paying) as paying_accounts,
        round(sum(mrr_usd), 2) as mrr_usd,
        round(sum(starting_mrr_usd), 2) as starting_mrr_usd
    from account_months
    group by cohort, months_since_start

)

select * from final
order by cohort, months_since_start
