select
    id as subscription_id,
    account_id,
    plan_id,
    status,
    round(amount_cents / 100.0, 2) as mrr_usd
from "main"."billing__subscriptions"
where status in ('active', 'past_due')