{#
    Monthly recurring revenue per account and month (see docs/metrics.md):
    the subscriptions in force at the month's last second, in the account's
    currency and in USD at the month's rate. Months at zero after an
    account's first paying month are kept, so a churned account stays
    visible until it comes back.
#}

with account_mrr as (

    select * from {{ ref('int_mrr_aggregated_to_accounts') }}

),

final as (

    select
        account_id,
        month,
        currency,
        mrr_local,
        mrr_usd,
        arr_usd,
        subscriptions,
        case when mrr_local > 0 then 1 else 0 end as is_paying
    from account_mrr

)

select * from final
