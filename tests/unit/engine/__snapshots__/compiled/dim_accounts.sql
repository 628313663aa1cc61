with __dbt__cte__int_account_revenue as (
select
    account_id,
    sum(amount_usd) as billed_usd,
    sum(case when status = 'paid' then amount_usd else 0 end) as paid_usd
from "main"."stg_billing__invoices"
group by account_id
),
__dbt__cte__stg_billing__subscriptions as (
select
    id as subscription_id,
    account_id,
    plan_id,
    status,
    round(amount_cents / 100.0, 2) as mrr_usd
from "main"."billing__subscriptions"
where status in ('active', 'past_due')
), accounts as (
    select * from "main"."stg_crm__accounts"
),

revenue as (
    select * from __dbt__cte__int_account_revenue
),

subscriptions as (
    select * from __dbt__cte__stg_billing__subscriptions
)

select
    accounts.account_id,
    accounts.account_name,
    accounts.industry,
    coalesce(revenue.billed_usd, 0) as billed_usd,
    coalesce(revenue.paid_usd, 0) as paid_usd,
    coalesce(subscriptions.mrr_usd, 0) as mrr_usd,
    coalesce(revenue.billed_usd, 0) >= 500 as is_large_account
from accounts
left join revenue on revenue.account_id = accounts.account_id
left join subscriptions on subscriptions.account_id = accounts.account_id