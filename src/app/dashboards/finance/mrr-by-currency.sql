-- MRR and ARR per month by billing currency, in USD at each month's rate
-- and in the currency itself.
with mrr as (

    select * from fct_mrr

),

final as (

    select
        month,
        currency,
        count(*) as accounts,
        round(sum(mrr_local), 2) as mrr_local,
        round(sum(mrr_usd), 2) as mrr_usd,
        round(sum(arr_usd), 2) as arr_usd
    from mrr
    where is_paying = 1
    group by month, currency

)

select * from final
order by month, currency
