/**
 * dbt's four built-in generic tests, as Jinja macros in the `dbt` namespace.
 * A project overrides one by defining a test or macro of the same name
 * (`{% test unique(model, column_name) %}`), as in dbt.
 *
 * Each returns the failing rows. not_null returns whole rows (not only the
 * column) so that the sample of failing rows in run_results is useful.
 */
export const BUILTIN_MACROS_PATH = 'dbt/include/generic_tests.sql';

export const BUILTIN_MACROS = `{% macro test_unique(model, column_name) %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endmacro %}

{% macro test_not_null(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is null
{% endmacro %}

{% macro test_accepted_values(model, column_name, values, quote=True) %}
with all_values as (
    select
        {{ column_name }} as value_field,
        count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select *
from all_values
where value_field not in (
    {%- for value in values -%}
    {%- if quote %}'{{ value | string | replace("'", "''") }}'{% else %}{{ value }}{% endif -%}
    {{- ', ' if not loop.last -}}
    {%- endfor -%}
)
{% endmacro %}

{% macro test_relationships(model, column_name, to, field) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null
{% endmacro %}
`;
