with all_values as (
    select
        industry as value_field,
        count(*) as n_records
    from "main"."stg_crm__accounts"
    group by industry
)
select *
from all_values
where value_field not in ('software', 'retail')