{#
    Feature adoption per account: for each account and each feature its
    people used, when it was first and last used, by how many people, how
    often, and whether (and on which day) the account adopted it. An
    account adopts a feature on the day it has been used on
    var('feature_adoption_min_active_days') distinct days: repeated use,
    not a single try. Events without an account (anonymous people,
    unmatched workspaces) and events whose name is not in the taxonomy
    have no account x feature to count towards.

    One pass over fct_events in the order of its account_features index
    counts the usage without a sort. The adoption day is the Nth distinct
    day of use: for each account and feature, a lookup in the same index
    reads its first N days, where ranking every event day with a window
    would take a second pass over all events.
#}

with usage as (

    select
        account_id,
        feature,
        min(event_at) as first_used_at,
        max(event_at) as last_used_at,
        count(distinct user_id) as user_count,
        count(*) as event_count,
        count(distinct event_date) as active_days
    from {{ ref('fct_events') }}
    where account_id is not null
        and feature is not null
    group by account_id, feature

),

adoption_days as (

    select
        usage.*,
        (
            select distinct days.event_date
            from {{ ref('fct_events') }} as days
            where days.account_id = usage.account_id
                and days.feature = usage.feature
            order by days.event_date
            limit 1
            offset {{ var('feature_adoption_min_active_days') - 1 }}
        ) as adopted_date
    from usage

),

final as (

    select
        account_id,
        feature,
        first_used_at,
        last_used_at,
        user_count,
        event_count,
        active_days,
        case
            when adopted_date is not null then 1
            else 0
        end as is_adopted,
        adopted_date
    from adoption_days

)

select * from final
