{#
    dbt's built-in relationships test, redefined in the project (dbt uses a
    project's generic test over its own of the same name): it returns the
    same failing rows, every child row whose value has no parent, but looks
    each distinct child value up once rather than every row. On the product
    tables that is one pass over an index in key order and a few thousand
    lookups instead of 100k; when no value is missing, the child rows are
    not read a second time.
#}

{% test relationships(model, column_name, to, field) %}

with child as (

    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null

),

parent as (

    select {{ field }} as to_field
    from {{ to }}

),

missing as (

    select child_values.from_field
    from (select distinct from_field from child) as child_values
    left join parent
        on parent.to_field = child_values.from_field
    where parent.to_field is null

)

select from_field
from child
where exists (select 1 from missing)
    and from_field in (select from_field from missing)

{% endtest %}
