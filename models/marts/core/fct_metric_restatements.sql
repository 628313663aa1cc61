{{ config(tags=['history']) }}

{#
    Which historical numbers a later load changed: for every metric and
    period whose value moved between two versions of snap_metric_values,
    the value before and after. Versions are ordered by as_of (the data
    each was computed from), so the output depends only on what was loaded
    and in which order, never on when the builds ran. Tagged history: it
    reflects the load history, so a full refresh on the same raw data
    (one load) rightly shows no restatements.
#}

with snapshot as (

    select * from {{ ref('snap_metric_values') }}

),

versions as (

    select
        metric,
        period_grain,
        period,
        value,
        as_of,
        dbt_valid_to is null as is_current,
        row_number() over (
            partition by metric, period
            order by as_of, dbt_valid_from
        ) as version_number
    from snapshot

),

restated as (

    select
        after.metric,
        after.period_grain,
        after.period,
        after.version_number - 1 as restatement_number,
        before.value as value_before,
        after.value as value_after,
        {{ money('after.value - before.value') }} as change,
        case
            when before.value <> 0
                then round((after.value - before.value) / before.value, 4)
        end as change_ratio,
        before.as_of as before_as_of,
        after.as_of as after_as_of,
        case when after.is_current then 1 else 0 end as is_current
    from versions as after
    inner join versions as before
        on before.metric = after.metric
        and before.period = after.period
        and before.version_number = after.version_number - 1

),

final as (

    select
        metric || '|' || period || '|' || restatement_number
            as restatement_id,
        metric,
        period_grain,
        period,
        restatement_number,
        value_before,
        value_after,
        change,
        change_ratio,
        before_as_of,
        after_as_of,
        is_current
    from restated

)

select * from final
