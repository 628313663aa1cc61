-- Feature adoption against net revenue retention over the last twelve
-- months. The base: accounts paying in the month twelve months before the
-- last measured one. Each feature splits them into the accounts that had
-- adopted it by the end of that month (fct_feature_adoption.adopted_date)
-- and the others; a group's NRR is its starting MRR plus its members'
-- movements since (mrr_change_usd: expansion, contraction, churn,
-- reactivation; FX left out, as in fct_retention), over its starting MRR.
with mrr as (

    select * from fct_mrr

),

movements as (

    select * from fct_mrr_movements

),

adoption as (

    select * from fct_feature_adoption

),

taxonomy as (

    select * from event_taxonomy

),

window_bounds as (

    select
        date(max(month), '-12 months') as start_month,
        date(max(month), '-11 months', '-1 day') as start_month_end,
        max(month) as end_month
    from mrr

),

base as (

    select
        mrr.account_id,
        mrr.mrr_usd as starting_mrr_usd
    from mrr
    inner join window_bounds
        on mrr.month = window_bounds.start_month
    where mrr.mrr_usd > 0

),

changes as (

    select
        movements.account_id,
        sum(movements.mrr_change_usd) as change_usd
    from movements
    inner join window_bounds
        on movements.month > window_bounds.start_month
        and movements.month <= window_bounds.end_month
    group by movements.account_id

),

base_accounts as (

    select
        base.account_id,
        base.starting_mrr_usd,
        base.starting_mrr_usd + coalesce(changes.change_usd, 0)
            as retained_mrr_usd
    from base
    left join changes
        on changes.account_id = base.account_id

),

features as (

    select distinct feature from taxonomy
    where feature is not null

),

grouped as (

    select
        features.feature,
        case
            when adoption.adopted_date <= window_bounds.start_month_end
                then 'Adopters'
            else 'Non-adopters'
        end as account_group,
        base_accounts.starting_mrr_usd,
        base_accounts.retained_mrr_usd
    from features
    cross join base_accounts
    cross join window_bounds
    left join adoption
        on adoption.account_id = base_accounts.account_id
        and adoption.feature = features.feature

),

final as (

    select
        feature,
        account_group,
        count(*) as accounts,
        round(sum(starting_mrr_usd), 2) as starting_mrr_usd,
        round(sum(retained_mrr_usd), 2) as retained_mrr_usd,
        round(sum(retained_mrr_usd) / sum(starting_mrr_usd), 4)
            as net_revenue_retention,
        round(
            1.0 * count(*)
            / (select count(*) from base_accounts),
            4
        ) as share_of_base
    from grouped
    group by feature, account_group

)

select * from final
order by feature, account_group
