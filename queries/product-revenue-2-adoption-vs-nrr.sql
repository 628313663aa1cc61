-- title: Do accounts that adopt a feature grow? Adoption against retention
-- topic: Product behaviour and revenue
-- description: For each feature, the net revenue retention over twelve
--   months of the accounts that had adopted it (3+ active days) a year
--   before the latest month, against the accounts paying then that had
--   not: ending MRR of the same accounts over their starting MRR, in local
--   currency so exchange rates do not blur it. From fct_feature_adoption
--   and fct_account_months.
-- chart: bar x=feature y=nrr color=cohort
with adoption as (

    select * from fct_feature_adoption

),

account_months as (

    select * from fct_account_months

),

bounds as (

    select
        max(month) as end_month,
        date(max(month), '-12 months') as start_month
    from account_months

),

starting as (

    select account_months.account_id, account_months.mrr_local
    from account_months
    inner join bounds
        on account_months.month = bounds.start_month
    where account_months.is_paying = 1

),

ending as (

    select account_months.account_id, account_months.mrr_local
    from account_months
    inner join bounds
        on account_months.month = bounds.end_month

),

features as (

    select distinct feature from adoption

),

cohorts as (

    select
        features.feature,
        starting.account_id,
        case
            when adoption.adopted_date < (select start_month from bounds)
                then 'adopted'
            else 'not adopted'
        end as cohort,
        starting.mrr_local as starting_mrr_local,
        coalesce(ending.mrr_local, 0) as ending_mrr_local
    from features
    cross join starting
    left join adoption
        on adoption.account_id = starting.account_id
        and adoption.feature = features.feature
    left join ending
        on ending.account_id = starting.account_id

),

final as (

    select
        feature,
        cohort,
        count(*) as accounts,
        round(sum(ending_mrr_local) / sum(starting_mrr_local), 4) as nrr
    from cohorts
    group by feature, cohort

)

select * from final
order by feature, cohort
