{{ config(materialized='table') }}

{#
    The months MRR is measured for: from the month of the first subscription
    to the month of the latest Stripe load, so the batch's last, unfinished
    month is measured on the latest known state. The range depends only on
    the data, never on the build date. A table: three models read it, and
    its bounds scan every Stripe load.
#}

with subscription_versions as (

    select * from {{ ref('stg_stripe__subscription_history') }}

),

invoices as (

    select * from {{ ref('stg_stripe__invoices') }}

),

charges as (

    select * from {{ ref('stg_stripe__charges') }}

),

loads as (

    select loaded_at from subscription_versions
    union all
    select loaded_at from invoices
    union all
    select loaded_at from charges

),

bounds as (

    select
        (select {{ month_start('min(created_at)') }} from subscription_versions)
            as first_month,
        (select {{ month_start('max(loaded_at)') }} from loads) as last_month

),

spine as (

    {{ date_spine(
        '(select first_month from bounds)',
        '(select last_month from bounds)',
        'month'
    ) }}

),

final as (

    select
        date_month as month,
        {{ month_end_instant('date_month') }} as month_end_at
    from spine

)

select * from final
