{#
    Guards the opportunity snapshot: every opportunity in the raw table has
    exactly one current version, and that version is the record's newest
    state (its SystemModstamp equals the newest load's). A snapshot fed
    duplicate loads, or one that failed to close a replaced version, fails.
#}

with

snapshot as (
    select * from {{ ref('snap_salesforce__opportunities') }}
),

raw_opportunities as (
    {{ latest_by(
        source('salesforce', 'opportunity'), ['Id'], '_fivetran_synced'
    ) }}
),

current_versions as (
    select
        Id,
        count(*) as versions,
        max(SystemModstamp) as system_modstamp
    from snapshot
    where dbt_valid_to is null
    group by Id
)

select
    raw_opportunities.Id,
    current_versions.versions,
    current_versions.system_modstamp as snapshot_modstamp,
    raw_opportunities.SystemModstamp as raw_modstamp
from raw_opportunities
left join current_versions
    on raw_opportunities.Id = current_versions.Id
where current_versions.versions is null
    or current_versions.versions <> 1
    or current_versions.system_modstamp <> raw_opportunities.SystemModstamp
