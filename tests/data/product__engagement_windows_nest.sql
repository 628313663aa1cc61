{#
    Guards the trailing-window arithmetic of fct_daily_engagement: a person
    active today is active this week and this month, so DAU <= WAU <= MAU
    every day, none is negative, and a day with events has active people.
    Returns the days that break it.
#}

with engagement as (

    select * from {{ ref('fct_daily_engagement') }}

)

select *
from engagement
where not (0 <= dau and dau <= wau and wau <= mau)
    or (events > 0 and dau = 0)
    or (dau > 0 and events = 0)
