{% macro normalize_email(column) -%}
    lower(trim({{ column }}))
{%- endmacro %}

{% macro normalize_id(column) -%}
    {#- Hand-typed ids: padded, wrongly cased, or blank meaning none. -#}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{% macro json_field(column, key) -%}
    json_extract({{ column }}, '$.{{ key }}')
{%- endmacro %}
