select
    account_id,
    strftime('%Y-%m-01', issued_date) as month,
    count(*) as invoices,
    sum(amount_usd) as billed_usd
from "main"."stg_billing__invoices"
group by 1, 2