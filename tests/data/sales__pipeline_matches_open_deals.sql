{#
    Guards the pipeline reconstruction with an independent count: at the end
    of each week, the open pipeline over all stages holds every opportunity
    created on or before that Sunday that had not closed by it (close dates
    from fct_opportunities, not from the stage walk). A visit counted in two
    stages, a week edge off by one or a closed deal still counted shows as a
    difference. Returns the weeks that disagree.
#}

with

pipeline as (
    select * from {{ ref('fct_pipeline_snapshots') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

weekly_totals as (
    select
        week_end_date,
        sum(open_opportunities) as open_in_pipeline
    from pipeline
    group by week_end_date
),

open_deals as (
    select
        weekly_totals.week_end_date,
        count(opportunities.opportunity_id) as open_by_dates
    from weekly_totals
    left join opportunities
        on opportunities.created_date <= weekly_totals.week_end_date
        and (
            opportunities.is_closed = 0
            or opportunities.close_date > weekly_totals.week_end_date
        )
    group by weekly_totals.week_end_date
)

select
    weekly_totals.week_end_date,
    weekly_totals.open_in_pipeline,
    open_deals.open_by_dates
from weekly_totals
inner join open_deals
    on weekly_totals.week_end_date = open_deals.week_end_date
where weekly_totals.open_in_pipeline <> open_deals.open_by_dates
