-- title: Is revenue growing? MRR, ARR and paying accounts by month
-- topic: Revenue growth and retention
-- description: Total MRR and ARR in USD at each month's end, the paying
--   accounts behind them and month-over-month growth. MRR follows the
--   definition in docs/metrics.md (subscriptions active or past due at the
--   month's last second, recurring discounts taken off). The last month is
--   still running, so it is measured on the latest known state.
-- chart: line x=month y=mrr_usd
with mrr as (

    select * from fct_mrr

),

monthly as (

    select
        month,
        round(sum(mrr_usd), 2) as mrr_usd,
        round(sum(arr_usd), 2) as arr_usd,
        sum(is_paying) as paying_accounts
    from mrr
    group by month

),

final as (

    select
        month,
        mrr_usd,
        arr_usd,
        paying_accounts,
        round(
            mrr_usd / nullif(lag(mrr_usd) over (order by month), 0) - 1, 4
        ) as mom_growth
    from monthly

)

select * from final
order by month
