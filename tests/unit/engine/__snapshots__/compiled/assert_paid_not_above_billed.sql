-- Paid revenue can never exceed what was billed.
select account_id, billed_usd, paid_usd
from "main"."dim_accounts"
where paid_usd > billed_usd