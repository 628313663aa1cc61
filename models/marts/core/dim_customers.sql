{#
    Live Stripe customers with the account the identity rules gave them and
    the rule that decided it. Test-mode and deleted customers are not here
    (stg_stripe__customers drops them).
#}

with customers as (

    select * from {{ ref('stg_stripe__customers') }}

),

mapped as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

final as (

    select
        customers.customer_id,
        mapped.account_id,
        mapped.match_method,
        mapped.salesforce_account_id,
        mapped.workspace_id,
        customers.customer_name,
        customers.email,
        customers.currency,
        customers.country_code,
        customers.created_at,
        {{ to_date('customers.created_at') }} as created_date,
        case
            when mapped.account_id = customers.customer_id then 1
            else 0
        end as is_account_key
    from customers
    inner join mapped
        on mapped.customer_id = customers.customer_id

)

select * from final
