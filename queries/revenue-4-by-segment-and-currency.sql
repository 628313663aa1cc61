-- title: Which segments and currencies carry the revenue?
-- topic: Revenue growth and retention
-- description: MRR in USD at the end of each month by account size segment
--   and billing currency, from fct_account_months. Stripe-only accounts
--   have no size segment (Stripe records none) and show as "Self-serve".
--   Currency swings move the USD figures: see the FX adjustment in the
--   MRR bridge.
-- chart: area x=month y=mrr_usd color=size_segment
with account_months as (

    select * from fct_account_months

),

final as (

    select
        month,
        coalesce(size_segment, 'Self-serve') as size_segment,
        currency,
        count(*) as paying_accounts,
        round(sum(mrr_usd), 2) as mrr_usd
    from account_months
    where is_paying = 1
    group by month, coalesce(size_segment, 'Self-serve'), currency

)

select * from final
order by month, size_segment, currency
