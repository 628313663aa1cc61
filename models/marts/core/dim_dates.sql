{#
    One row per calendar day, from the start of the year the first account
    or customer appeared to the end of the year after the latest load, so
    that expected close dates and renewals in the coming year have a row.
    The range depends only on the data, never on the build date.
#}

with salesforce_accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

),

stripe_customers as (

    select * from {{ ref('stg_stripe__customers') }}

),

records as (

    select created_at, loaded_at from salesforce_accounts
    union all
    select created_at, loaded_at from stripe_customers

),

bounds as (

    select
        {{ year_start('min(created_at)') }} as first_day,
        {{ add_days(add_months(year_start('max(loaded_at)'), 24), -1) }}
            as last_day
    from records

),

spine as (

    {{ date_spine(
        '(select first_day from bounds)',
        '(select last_day from bounds)'
    ) }}

),

parts as (

    select
        date_day,
        {{ week_start('date_day') }} as week_start_date,
        {{ month_start('date_day') }} as month_start_date,
        {{ quarter_start('date_day') }} as quarter_start_date,
        {{ year_start('date_day') }} as year_start_date,
        {{ date_part('year', 'date_day') }} as year_number,
        {{ date_part('quarter', 'date_day') }} as quarter_of_year,
        {{ date_part('month', 'date_day') }} as month_of_year,
        {{ date_part('day', 'date_day') }} as day_of_month,
        {{ date_part('day_of_year', 'date_day') }} as day_of_year,
        {{ date_part('day_of_week', 'date_day') }} as day_of_week,
        {{ iso_week_thursday('date_day') }} as iso_thursday
    from spine

),

final as (

    select
        date_day,
        week_start_date,
        month_start_date,
        quarter_start_date,
        year_start_date,
        year_number,
        quarter_of_year,
        month_of_year,
        day_of_month,
        day_of_year,
        day_of_week,
        case day_of_week
            when 1 then 'Monday'
            when 2 then 'Tuesday'
            when 3 then 'Wednesday'
            when 4 then 'Thursday'
            when 5 then 'Friday'
            when 6 then 'Saturday'
            else 'Sunday'
        end as day_name,
        case month_of_year
            when 1 then 'January'
            when 2 then 'February'
            when 3 then 'March'
            when 4 then 'April'
            when 5 then 'May'
            when 6 then 'June'
            when 7 then 'July'
            when 8 then 'August'
            when 9 then 'September'
            when 10 then 'October'
            when 11 then 'November'
            else 'December'
        end as month_name,
        year_number || '-Q' || quarter_of_year as year_quarter,
        {{ date_part('year', 'iso_thursday') }} as iso_year,
        ({{ date_part('day_of_year', 'iso_thursday') }} - 1) / 7 + 1
            as iso_week,
        case when day_of_week >= 6 then 1 else 0 end as is_weekend,
        case
            when {{ add_days('date_day', 1) }}
                = {{ add_months('month_start_date', 1) }}
                then 1
            else 0
        end as is_month_end,
        {{ days_between(
            'month_start_date', add_months('month_start_date', 1)
        ) }} as days_in_month
    from parts

)

select * from final
