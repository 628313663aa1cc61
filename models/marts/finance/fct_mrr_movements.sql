{#
    What changed in each account's MRR from one month to the next,
    classified on the local currency so that exchange rates never pass for
    growth. The USD change is priced at this month's rate and the rest of
    the USD difference is the FX adjustment, defined as the remainder so
    that the bridge rolls forward to the cent:
    mrr_usd(M) = mrr_usd(M-1) + mrr_change_usd + fx_adjustment_usd.
#}

with account_mrr as (

    select * from {{ ref('int_mrr_aggregated_to_accounts') }}

),

classified as (

    select
        account_id,
        month,
        currency,
        previous_mrr_local,
        mrr_local,
        previous_mrr_usd,
        mrr_usd,
        case
            when is_first_month = 1 then 'new'
            when mrr_local > 0 and previous_mrr_local = 0 then 'reactivation'
            when mrr_local = 0 and previous_mrr_local > 0 then 'churn'
            when mrr_local > previous_mrr_local then 'expansion'
            when mrr_local < previous_mrr_local then 'contraction'
            else 'unchanged'
        end as movement,
        {{ money('mrr_local - previous_mrr_local') }} as mrr_change_local,
        {{ money('(mrr_local - previous_mrr_local) * rate_to_usd') }}
            as mrr_change_usd
    from account_mrr

),

final as (

    select
        account_id,
        month,
        currency,
        movement,
        previous_mrr_local,
        mrr_local,
        mrr_change_local,
        previous_mrr_usd,
        mrr_usd,
        mrr_change_usd,
        {{ money('mrr_usd - previous_mrr_usd - mrr_change_usd') }}
            as fx_adjustment_usd
    from classified

)

select * from final
