-- title: How do deals change between loads? Opportunity snapshot versions
-- topic: Late data and backfills
-- description: The type 2 history dbt snapshots keep, from
--   snap_salesforce__opportunities: per month, the opportunity versions
--   that became valid then, how many are still current and how many a
--   later change closed. Apply the late batch on the backfill page and run
--   this again: November gains versions and earlier months gain closed ones.
-- chart: bar x=month y=versions color=state
with snapshot as (

    select * from snap_salesforce__opportunities

),

final as (

    select
        substr(dbt_valid_from, 1, 7) || '-01' as month,
        case when dbt_valid_to is null then 'current' else 'closed' end
            as state,
        count(*) as versions,
        count(distinct Id) as opportunities
    from snapshot
    group by 1, 2

)

select * from final
order by month, state
