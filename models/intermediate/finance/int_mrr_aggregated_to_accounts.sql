{{ config(materialized='table') }}

{#
    MRR per account and month, in the account's currency and in USD, with
    the previous month beside it for the movements. An account's rows run
    from its first month with MRR > 0 to the last measured month, months at
    zero included, so churn and reactivation are visible. mrr_local is
    rounded once, on the account's total (whole yen for JPY: JPY amounts
    are already whole); mrr_usd converts the rounded local amount at the
    month's rate from the fx_rates seed. A table: fct_mrr, the movements and
    retention read it.
#}

with subscription_months as (

    select * from {{ ref('int_subscription_months_valued') }}

),

months as (

    select * from {{ ref('int_mrr_months_spined') }}

),

customers_mapped as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

account_mrr as (

    select
        customers_mapped.account_id,
        subscription_months.month,
        {{ money('sum(subscription_months.mrr_local)') }} as mrr_local,
        count(*) as subscriptions,
        max(subscription_months.currency) as currency
    from subscription_months
    inner join customers_mapped
        on customers_mapped.customer_id = subscription_months.customer_id
    group by customers_mapped.account_id, subscription_months.month

),

{# A company bills in one currency (Stripe keeps a customer's subscriptions
   in the customer's currency); it names the zero months too. #}
account_currencies as (

    select
        account_id,
        max(currency) as currency
    from account_mrr
    group by account_id

),

first_months as (

    select
        account_id,
        min(month) as first_month
    from account_mrr
    where mrr_local > 0
    group by account_id

),

account_months as (

    select
        first_months.account_id,
        months.month,
        first_months.first_month
    from first_months
    inner join months
        on months.month >= first_months.first_month

),

spined as (

    select
        account_months.account_id,
        account_months.month,
        account_months.first_month,
        account_currencies.currency,
        coalesce(account_mrr.mrr_local, 0) as mrr_local,
        coalesce(account_mrr.subscriptions, 0) as subscriptions
    from account_months
    inner join account_currencies
        on account_currencies.account_id = account_months.account_id
    left join account_mrr
        on account_mrr.account_id = account_months.account_id
        and account_mrr.month = account_months.month

),

converted as (

    select
        spined.*,
        fx_rates.rate_to_usd,
        {{ money('spined.mrr_local * fx_rates.rate_to_usd') }} as mrr_usd
    from spined
    left join fx_rates
        on fx_rates.month = spined.month
        and fx_rates.currency = spined.currency

),

final as (

    select
        account_id || '|' || month as account_month_id,
        account_id,
        month,
        currency,
        subscriptions,
        mrr_local,
        rate_to_usd,
        mrr_usd,
        {{ money('mrr_usd * 12') }} as arr_usd,
        case when month = first_month then 1 else 0 end as is_first_month,
        coalesce(
            lag(mrr_local) over (partition by account_id order by month), 0
        ) as previous_mrr_local,
        coalesce(
            lag(mrr_usd) over (partition by account_id order by month), 0
        ) as previous_mrr_usd
    from converted

)

select * from final
