{#
    Guards the reconciliation chain: the snapshot's current version of every
    metric and period holds the value the marts give now, and every
    restatement marked current ends at that value. A snapshot that missed
    a change, or a restatement built from the wrong versions, returns rows.
#}

with current_values as (

    select * from {{ ref('int_metric_values_unioned') }}

),

snapshot_current as (

    select * from {{ ref('snap_metric_values') }}
    where dbt_valid_to is null

),

restatements as (

    select * from {{ ref('fct_metric_restatements') }}
    where is_current = 1

)

select
    'snapshot is stale' as problem,
    current_values.metric,
    current_values.period,
    current_values.value as expected,
    snapshot_current.value as actual
from current_values
left join snapshot_current
    on snapshot_current.metric = current_values.metric
    and snapshot_current.period = current_values.period
where snapshot_current.value is null
    or snapshot_current.value <> current_values.value

union all

select
    'restatement does not end at the current value',
    restatements.metric,
    restatements.period,
    current_values.value,
    restatements.value_after
from restatements
left join current_values
    on current_values.metric = restatements.metric
    and current_values.period = restatements.period
where current_values.value is null
    or current_values.value <> restatements.value_after
