{#
    Guards fct_account_months against fan-out and drops on the revenue
    side: every fct_mrr row appears exactly once, and per month the counts
    and the MRR and ARR sums (in cents) equal fct_mrr's, the movement counts
    and USD changes equal fct_mrr_movements'. Returns the months that differ.
#}

with account_months as (

    select
        month,
        sum(case when movement is not null then 1 else 0 end) as movement_rows,
        sum({{ to_cents('mrr_usd') }}) as mrr_cents,
        sum({{ to_cents('arr_usd') }}) as arr_cents,
        sum({{ to_cents('mrr_change_usd') }}) as change_cents,
        sum(is_paying) as paying
    from {{ ref('fct_account_months') }}
    group by month

),

mrr as (

    select
        month,
        count(*) as mrr_rows,
        sum({{ to_cents('mrr_usd') }}) as mrr_cents,
        sum({{ to_cents('arr_usd') }}) as arr_cents,
        sum(case when mrr_local > 0 then 1 else 0 end) as paying
    from {{ ref('fct_mrr') }}
    group by month

),

movements as (

    select
        month,
        count(*) as movement_rows,
        sum({{ to_cents('mrr_change_usd') }}) as change_cents
    from {{ ref('fct_mrr_movements') }}
    group by month

),

compared as (

    select
        mrr.month,
        mrr.mrr_rows,
        movements.movement_rows as expected_movement_rows,
        account_months.movement_rows,
        mrr.mrr_cents as expected_mrr_cents,
        account_months.mrr_cents,
        mrr.arr_cents as expected_arr_cents,
        account_months.arr_cents,
        movements.change_cents as expected_change_cents,
        account_months.change_cents,
        mrr.paying as expected_paying,
        account_months.paying
    from mrr
    left join movements
        on movements.month = mrr.month
    left join account_months
        on account_months.month = mrr.month

)

select *
from compared
where mrr_cents is null
    or movement_rows is not expected_movement_rows
    or mrr_cents <> expected_mrr_cents
    or arr_cents <> expected_arr_cents
    or change_cents is not expected_change_cents
    or paying <> expected_paying
