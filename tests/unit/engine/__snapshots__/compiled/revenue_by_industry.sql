select industry, sum(billed_usd) as billed_usd
from "main"."dim_accounts"
group by industry