-- title: Does usage warn of churn? Activity in the months before churn
-- topic: Product behaviour and revenue
-- description: Average active people, active days, sessions and features
--   adopted (cumulative) per paying account, by how many months remain
--   until the account churns (months_to_churn, 0 is the churn month),
--   against accounts that never churn. From fct_account_months; accounts
--   count where they have MRR or are churning that month.
-- chart: line x=months_before_churn y=avg_active_users
with account_months as (

    select * from fct_account_months

),

scoped as (

    select
        coalesce(cast(months_to_churn as text), 'never churns')
            as months_before_churn,
        coalesce(months_to_churn, 99) as sort_key,
        active_users,
        active_days,
        sessions,
        features_adopted
    from account_months
    where (is_paying = 1 or movement = 'churn')
        and coalesce(months_to_churn, 0) <= 12

),

final as (

    select
        months_before_churn,
        count(*) as account_months,
        round(avg(active_users), 2) as avg_active_users,
        round(avg(active_days), 2) as avg_active_days,
        round(avg(sessions), 2) as avg_sessions,
        round(avg(features_adopted), 2) as avg_features_adopted,
        sort_key
    from scoped
    group by months_before_churn, sort_key

)

select
    months_before_churn,
    account_months,
    avg_active_users,
    avg_active_days,
    avg_sessions,
    avg_features_adopted
from final
order by sort_key desc
