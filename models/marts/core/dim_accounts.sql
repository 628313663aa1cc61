{#
    The unified account: one row per company, keyed by its Salesforce Id
    where it has a live Salesforce account, else by its earliest Stripe
    customer (docs/source-map.md, "Identity across systems"). Prospects
    without a Stripe customer are accounts too. Attributes come from
    Salesforce where the company has an account there, else from its Stripe
    customers; size segment and industry exist only in Salesforce. The
    paying span comes from fct_mrr (nothing upstream of fct_mrr reads this
    dimension, so there is no cycle).
#}

with salesforce_accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

),

salesforce_ids as (

    select * from {{ ref('int_salesforce_accounts_resolved') }}

),

customers as (

    select * from {{ ref('stg_stripe__customers') }}

),

customers_mapped as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

workspaces_mapped as (

    select * from {{ ref('int_workspaces_mapped') }}

),

contacts as (

    select * from {{ ref('stg_salesforce__contacts') }}

),

country_codes as (

    select * from {{ ref('country_codes') }}

),

mrr as (

    select * from {{ ref('fct_mrr') }}

),

{#
    Per account, its customers in creation order: the earliest names a
    Stripe-only account, and the first with a country fills in Salesforce's
    gaps. One company bills in one currency; the earliest customer's wins.
#}
account_customers as (

    select
        customers_mapped.account_id,
        customers.customer_id,
        customers.customer_name,
        customers.currency,
        customers.country_code,
        customers.created_at,
        row_number() over (
            partition by customers_mapped.account_id
            order by customers.created_at, customers.customer_id
        ) as customer_rank,
        row_number() over (
            partition by customers_mapped.account_id
            order by
                customers.country_code is null,
                customers.created_at,
                customers.customer_id
        ) as country_rank
    from customers_mapped
    inner join customers
        on customers.customer_id = customers_mapped.customer_id

),

customer_summary as (

    select
        account_id,
        count(*) as stripe_customer_count,
        min(created_at) as first_customer_created_at,
        max(case when customer_rank = 1 then customer_name end)
            as first_customer_name,
        max(case when customer_rank = 1 then currency end) as currency,
        max(case when country_rank = 1 then country_code end)
            as customer_country_code
    from account_customers
    group by account_id

),

workspace_summary as (

    select
        account_id,
        count(*) as workspace_count
    from workspaces_mapped
    where account_id is not null
    group by account_id

),

merged_summary as (

    select
        surviving_account_id as account_id,
        count(*) as merged_account_count
    from salesforce_ids
    where is_merged = 1
        and surviving_account_id is not null
    group by surviving_account_id

),

{# The paying span, and MRR in the last month the warehouse measures. #}
revenue_summary as (

    select
        account_id,
        min(case when mrr_local > 0 then month end) as first_paid_month,
        max(case when mrr_local > 0 then month end) as last_paid_month,
        sum(case when month = (select max(month) from mrr) then mrr_usd end)
            as current_mrr_usd
    from mrr
    group by account_id

),

contact_summary as (

    select
        account_id,
        count(*) as contact_count
    from contacts
    group by account_id

),

salesforce_keyed as (

    select
        salesforce_accounts.account_id,
        'salesforce' as source,
        salesforce_accounts.account_name,
        salesforce_accounts.account_id as salesforce_account_id,
        salesforce_accounts.account_type,
        salesforce_accounts.size_segment,
        salesforce_accounts.industry,
        salesforce_accounts.employee_count,
        salesforce_accounts.owner_id,
        salesforce_ids.country_code as salesforce_country_code,
        salesforce_accounts.created_at as salesforce_created_at
    from salesforce_accounts
    inner join salesforce_ids
        on salesforce_ids.salesforce_account_id = salesforce_accounts.account_id
    where salesforce_accounts.is_merged = 0

),

stripe_keyed as (

    select distinct
        account_id,
        'stripe' as source,
        cast(null as text) as account_name,
        cast(null as text) as salesforce_account_id,
        cast(null as text) as account_type,
        cast(null as text) as size_segment,
        cast(null as text) as industry,
        cast(null as integer) as employee_count,
        cast(null as text) as owner_id,
        cast(null as text) as salesforce_country_code,
        cast(null as text) as salesforce_created_at
    from customers_mapped
    where match_method = 'stripe_only'

),

keyed as (

    select * from salesforce_keyed
    union all
    select * from stripe_keyed

),

final as (

    select
        keyed.account_id,
        keyed.source,
        coalesce(keyed.account_name, customer_summary.first_customer_name)
            as account_name,
        keyed.salesforce_account_id,
        keyed.account_type,
        keyed.size_segment,
        keyed.industry,
        keyed.employee_count,
        keyed.owner_id,
        coalesce(
            keyed.salesforce_country_code,
            customer_summary.customer_country_code
        ) as country_code,
        country_codes.region,
        customer_summary.currency,
        keyed.salesforce_created_at,
        customer_summary.first_customer_created_at,
        case
            when customer_summary.first_customer_created_at is null
                or keyed.salesforce_created_at
                    < customer_summary.first_customer_created_at
                then keyed.salesforce_created_at
            else customer_summary.first_customer_created_at
        end as first_seen_at,
        coalesce(customer_summary.stripe_customer_count, 0)
            as stripe_customer_count,
        coalesce(workspace_summary.workspace_count, 0) as workspace_count,
        coalesce(merged_summary.merged_account_count, 0)
            as merged_account_count,
        coalesce(contact_summary.contact_count, 0) as contact_count,
        case
            when customer_summary.stripe_customer_count > 0 then 1
            else 0
        end as has_stripe_customer,
        revenue_summary.first_paid_month,
        revenue_summary.last_paid_month,
        coalesce(revenue_summary.current_mrr_usd, 0) as current_mrr_usd
    from keyed
    left join customer_summary
        on customer_summary.account_id = keyed.account_id
    left join workspace_summary
        on workspace_summary.account_id = keyed.account_id
    left join merged_summary
        on merged_summary.account_id = keyed.account_id
    left join contact_summary
        on contact_summary.account_id = keyed.account_id
    left join revenue_summary
        on revenue_summary.account_id = keyed.account_id
    left join country_codes
        on country_codes.iso2 = coalesce(
            keyed.salesforce_country_code,
            customer_summary.customer_country_code
        )

)

select * from final
