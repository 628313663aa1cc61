{#
    Calendar parts for dim_dates. SQLite has no extract(), so the parts come
    from strftime(); another adapter only re-implements these macros.
#}

{% macro date_part(part, column) -%}
    {%- if part == 'year' -%}
        cast(strftime('%Y', {{ column }}) as integer)
    {%- elif part == 'month' -%}
        cast(strftime('%m', {{ column }}) as integer)
    {%- elif part == 'quarter' -%}
        ((cast(strftime('%m', {{ column }}) as integer) + 2) / 3)
    {%- elif part == 'day' -%}
        cast(strftime('%d', {{ column }}) as integer)
    {%- elif part == 'day_of_year' -%}
        cast(strftime('%j', {{ column }}) as integer)
    {%- elif part == 'day_of_week' -%}
        {#- ISO: Monday 1 to Sunday 7 (strftime's %w has Sunday 0). -#}
        ((cast(strftime('%w', {{ column }}) as integer) + 6) % 7 + 1)
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "date_part: unknown part '" ~ part ~ "'; use year, quarter,"
            ~ " month, day, day_of_year or day_of_week"
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro week_start(column) -%}
    {#- The Monday of the ISO week. -#}
    date(
        {{ column }},
        '-' || ((cast(strftime('%w', {{ column }}) as integer) + 6) % 7)
            || ' days'
    )
{%- endmacro %}

{% macro quarter_start(column) -%}
    date(
        {{ column }},
        'start of month',
        '-' || ((cast(strftime('%m', {{ column }}) as integer) - 1) % 3)
            || ' months'
    )
{%- endmacro %}

{% macro year_start(column) -%}
    date({{ column }}, 'start of year')
{%- endmacro %}

{% macro iso_week_thursday(column) -%}
    {#- An ISO week belongs to the year of its Thursday. -#}
    date({{ week_start(column) }}, '+3 days')
{%- endmacro %}

{% macro materialized_cte() -%}
    {#-
        Written between a CTE's name and the parenthesis of its body:
        SQLite (3.35+) and PostgreSQL then compute the CTE once, where the
        planner would otherwise inline it into a join and compute its
        expressions for every pair of rows. Another adapter emits nothing.
    -#}
    materialized
{%- endmacro %}
