select
    invoice_id,
    account_id,
    amount_usd,
    status,
    issued_date,
    loaded_at
from "main"."stg_billing__invoices"

where loaded_at > (select max(loaded_at) from "main"."fct_invoices")