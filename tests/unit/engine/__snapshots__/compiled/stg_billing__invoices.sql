with source as (
    select * from "main"."billing__invoices"
),

ranked as (
    select
        *,
        row_number() over (partition by id order by _loaded_at desc) as row_num
    from source
)

select
    id as invoice_id,
    account_id,
    round(amount_cents / 100.0, 2) as amount_usd,
    status,
    issued_at as issued_date,
    _loaded_at as loaded_at
from ranked
where row_num = 1