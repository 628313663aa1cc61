-- title: What did the late batch change? Restated historical metrics
-- topic: Late data and backfills
-- description: Every headline metric and period whose value a later load
--   changed, with the value before and after and the change, newest
--   restatement first, from fct_metric_restatements. Empty until the late
--   batch is applied: apply it on the backfill page, then run this again.
with restatements as (

    select * from fct_metric_restatements

),

final as (

    select
        metric,
        period_grain,
        period,
        value_before,
        value_after,
        change,
        change_ratio,
        after_as_of
    from restatements

)

select * from final
order by after_as_of desc, metric, period
