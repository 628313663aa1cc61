-- title: Which features stick? Adoption among paying accounts
-- topic: Engagement and feature adoption
-- description: For each feature, how many of the accounts paying in the
--   latest measured month have used it and adopted it (used on at least 3
--   distinct days, var feature_adoption_min_active_days), from
--   fct_feature_adoption and fct_account_months.
-- chart: bar x=feature y=adoption_rate
with adoption as (

    select * from fct_feature_adoption

),

account_months as (

    select * from fct_account_months

),

paying as (

    select account_id
    from account_months
    where is_paying = 1
        and month = (select max(month) from account_months)

),

final as (

    select
        adoption.feature,
        (select count(*) from paying) as paying_accounts,
        count(*) as accounts_using,
        sum(adoption.is_adopted) as accounts_adopted,
        round(1.0 * sum(adoption.is_adopted) / (select count(*) from paying), 4)
            as adoption_rate,
        round(avg(adoption.user_count), 1) as avg_people_per_account
    from adoption
    inner join paying
        on paying.account_id = adoption.account_id
    group by adoption.feature

)

select * from final
order by adoption_rate desc
