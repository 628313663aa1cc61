{#
    Feature adoption per account: for each account and each feature its
    people used, when it was first and last used, by how many people, how
    often, and whether (and on which day) the account adopted it. An
    account adopts a feature on the day it has been used on
    var('feature_adoption_min_active_days') distinct days: repeated use,
    not a single try. Events without an account (anonymous people,
    unmatched workspaces) and events whose name is not in the taxonomy
    have no account x feature to count towards.

    Both steps read fct_events directly, in the order of its
    account_features index, so neither sorts the events; through a shared
    CTE they would copy the table into a temporary one and lose that order.
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

{# dense_rank numbers the distinct days of use: the Nth is the adoption day. #}
adoption_days as (

    select
        account_id,
        feature,
        min(event_date) as adopted_date
    from (
        select
            account_id,
            feature,
            event_date,
            dense_rank() over (
                partition by account_id, feature
                order by event_date
            ) as active_day_number
        from {{ ref('fct_events') }}
        where account_id is not null
            and feature is not null
    )
    where active_day_number = {{ var('feature_adoption_min_active_days') }}
    group by account_id, feature

),

final as (

    select
        usage.account_id,
        usage.feature,
        usage.first_used_at,
        usage.last_used_at,
        usage.user_count,
        usage.event_count,
        usage.active_days,
        case
            when adoption_days.adopted_date is not null then 1
            else 0
        end as is_adopted,
        adoption_days.adopted_date
    from usage
    left join adoption_days
        on adoption_days.account_id = usage.account_id
        and adoption_days.feature = usage.feature

)

select * from final
