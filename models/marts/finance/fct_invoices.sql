{#
    One row per live Stripe invoice in its latest state: status, amounts in
    the invoice currency and in USD at the rate of the month it was issued,
    due and paid dates, lateness, and how the charges reconcile with it.
    days_late counts for net-30 invoices (collection by send_invoice): days
    past the due date when paid, or, while still open, as of the latest
    Stripe load, so it depends on the data and never on the build date.
    An invoice whose customer has not reached the warehouse yet (created
    during a connector outage) waits for it: without the customer there is
    no account to book it to.
#}

with invoices as (

    select * from {{ ref('int_invoices_reconciled') }}

),

customers_mapped as (

    select * from {{ ref('int_stripe_customers_mapped') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

latest_load as (

    select max(loaded_at) as loaded_at from invoices

),

enriched as (

    select
        invoices.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        customers_mapped.account_id,
        invoices.subscription_id,
        invoices.status,
        invoices.billing_reason,
        invoices.collection_method,
        invoices.currency,
        invoices.subtotal_local,
        {{ money('invoices.subtotal_local - invoices.total_local') }}
            as discount_local,
        invoices.total_local,
        invoices.amount_due_local,
        invoices.amount_paid_local,
        invoices.amount_remaining_local,
        fx_rates.rate_to_usd,
        {{ money('invoices.total_local * fx_rates.rate_to_usd') }} as total_usd,
        {{ money('invoices.amount_paid_local * fx_rates.rate_to_usd') }}
            as amount_paid_usd,
        invoices.created_at,
        {{ to_date('invoices.created_at') }} as created_date,
        {{ to_date('invoices.due_at') }} as due_date,
        invoices.paid_at,
        {{ to_date('invoices.paid_at') }} as paid_date,
        case when invoices.status = 'paid' then 1 else 0 end as is_paid,
        case
            when invoices.paid_at is not null
                then {{ days_between(
                    'invoices.created_at', 'invoices.paid_at'
                ) }}
        end as days_to_pay,
        case
            when invoices.due_at is null then null
            when invoices.paid_at is not null
                then {{ days_between('invoices.due_at', 'invoices.paid_at') }}
            when invoices.status = 'open'
                then {{ days_between(
                    'invoices.due_at', 'latest_load.loaded_at'
                ) }}
        end as days_past_due,
        invoices.attempt_count,
        invoices.charge_attempts,
        invoices.succeeded_charges,
        invoices.charged_amount_local,
        invoices.refunded_amount_local,
        invoices.reconciliation_status
    from invoices
    cross join latest_load
    inner join customers_mapped
        on customers_mapped.customer_id = invoices.customer_id
    left join fx_rates
        on fx_rates.month = {{ month_start('invoices.created_at') }}
        and fx_rates.currency = invoices.currency

),

final as (

    select
        invoice_id,
        invoice_number,
        customer_id,
        account_id,
        subscription_id,
        status,
        billing_reason,
        collection_method,
        currency,
        subtotal_local,
        discount_local,
        total_local,
        amount_due_local,
        amount_paid_local,
        amount_remaining_local,
        rate_to_usd,
        total_usd,
        amount_paid_usd,
        created_at,
        created_date,
        due_date,
        paid_at,
        paid_date,
        is_paid,
        days_to_pay,
        case
            when days_past_due is null then null
            when days_past_due > 0 then days_past_due
            else 0
        end as days_late,
        case when days_past_due > 0 then 1 else 0 end as is_late,
        attempt_count,
        charge_attempts,
        succeeded_charges,
        charged_amount_local,
        refunded_amount_local,
        reconciliation_status
    from enriched

)

select * from final
