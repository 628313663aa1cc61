select *
from (select * from "main"."stg_billing__invoices" where status <> 'void') dbt_subquery
where amount_usd <= 0