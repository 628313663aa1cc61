{#
    Guards: the MRR bridge rolls forward exactly, in whole cents, for every
    account and for the total of every month:
    mrr_usd(M) = mrr_usd(M-1) + mrr_change_usd(M) + fx_adjustment_usd(M),
    and the local change likewise. Also checks that each row's previous
    MRR is really last month's fct_mrr, so a gap in an account's months
    cannot pass. Returns the accounts or months where it does not hold.
#}

with movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

mrr as (

    select * from {{ ref('fct_mrr') }}

),

retention as (

    select * from {{ ref('fct_retention') }}

),

account_breaks as (

    select
        movements.account_id,
        movements.month,
        'account' as level
    from movements
    left join mrr as previous
        on previous.account_id = movements.account_id
        and previous.month = {{ add_months('movements.month', -1) }}
    where {{ to_cents('movements.mrr_usd') }}
        <> {{ to_cents('movements.previous_mrr_usd') }}
        + {{ to_cents('movements.mrr_change_usd') }}
        + {{ to_cents('movements.fx_adjustment_usd') }}
        or {{ to_cents('movements.mrr_local') }}
        <> {{ to_cents('movements.previous_mrr_local') }}
        + {{ to_cents('movements.mrr_change_local') }}
        or {{ to_cents('movements.previous_mrr_usd') }}
        <> {{ to_cents('coalesce(previous.mrr_usd, 0)') }}
        or (movements.movement <> 'new' and previous.account_id is null)

),

month_breaks as (

    select
        cast(null as text) as account_id,
        month,
        'month' as level
    from (
        select
            month,
            ending_mrr_usd,
            starting_mrr_usd,
            new_mrr_usd + expansion_mrr_usd + contraction_mrr_usd
            + churned_mrr_usd + reactivation_mrr_usd as change_usd,
            fx_adjustment_usd,
            lag(ending_mrr_usd) over (order by month) as previous_ending_usd
        from retention
    )
    where {{ to_cents('ending_mrr_usd') }}
        <> {{ to_cents('starting_mrr_usd') }}
        + {{ to_cents('change_usd') }}
        + {{ to_cents('fx_adjustment_usd') }}
        or {{ to_cents('starting_mrr_usd') }}
        <> {{ to_cents('coalesce(previous_ending_usd, 0)') }}

)

select * from account_breaks
union all
select * from month_breaks
