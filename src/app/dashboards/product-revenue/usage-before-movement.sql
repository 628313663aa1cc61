-- Usage of accounts in the six months up to an MRR movement: for every
-- account-month whose movement is an expansion, a contraction or a churn
-- (and, as the baseline, those whose MRR did not change), the account's
-- active days, active people, sessions and events 0 to 6 months before,
-- averaged per movement type and months before.
with account_months as (

    select * from fct_account_months

),

movements as (

    select
        account_id,
        month,
        movement
    from account_months
    where movement in ('expansion', 'contraction', 'churn', 'unchanged')

),

usage_before as (

    select
        movements.movement,
        (cast(strftime('%Y', movements.month) as integer) * 12
            + cast(strftime('%m', movements.month) as integer))
        - (cast(strftime('%Y', earlier.month) as integer) * 12
            + cast(strftime('%m', earlier.month) as integer))
            as months_before,
        earlier.active_days,
        earlier.active_users,
        earlier.sessions,
        earlier.events
    from movements
    inner join account_months as earlier
        on earlier.account_id = movements.account_id
        and earlier.month between date(movements.month, '-6 months')
        and movements.month

),

averaged as (

    select
        movement,
        months_before,
        count(*) as account_months,
        avg(active_days) as active_days,
        avg(active_users) as active_users,
        avg(sessions) as sessions,
        avg(events) as events
    from usage_before
    group by movement, months_before

),

final as (

    select movement, months_before, account_months,
        'active_days' as measure, round(active_days, 3) as average
    from averaged
    union all
    select movement, months_before, account_months,
        'active_users', round(active_users, 3)
    from averaged
    union all
    select movement, months_before, account_months,
        'sessions', round(sessions, 3)
    from averaged
    union all
    select movement, months_before, account_months,
        'events', round(events, 3)
    from averaged

)

select * from final
order by measure, movement, months_before
