{#
    Guards dim_dates: the spine has no gaps, and every account and customer
    date falls inside it. Returns one row per problem.
#}

with dates as (

    select * from {{ ref('dim_dates') }}

),

bounds as (

    select
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as days
    from dates

),

gaps as (

    select 'gap in the spine' as problem, first_day as value
    from bounds
    where days <> {{ days_between('first_day', 'last_day') }} + 1

),

record_dates as (

    select {{ to_date('first_seen_at') }} as date_day
    from {{ ref('dim_accounts') }}
    union
    select created_date from {{ ref('dim_customers') }}

),

outside as (

    select 'date outside dim_dates' as problem, record_dates.date_day as value
    from record_dates
    left join dates
        on dates.date_day = record_dates.date_day
    where dates.date_day is null

)

select * from gaps
union all
select * from outside
