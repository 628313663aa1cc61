{#
    Every Salesforce user, as owner of deals and as manager: account
    executives, their managers, the VP and the integration user. Users who
    left stay (deactivated), because their closed deals still name them.
#}

with

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

managers as (
    select * from {{ ref('stg_salesforce__users') }}
),

direct_reports as (
    select
        manager_id,
        count(*) as direct_reports
    from users
    where manager_id is not null
    group by manager_id
),

final as (
    select
        users.user_id as sales_rep_id,
        users.full_name,
        users.email,
        users.title,
        users.is_active,
        users.manager_id,
        managers.full_name as manager_name,
        coalesce(direct_reports.direct_reports, 0) as direct_reports,
        {{ to_date('users.created_at') }} as created_date
    from users
    left join managers
        on users.manager_id = managers.user_id
    left join direct_reports
        on users.user_id = direct_reports.manager_id
)

select * from final
