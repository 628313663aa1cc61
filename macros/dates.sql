{% macro month_start(column) -%}
    date({{ column }}, 'start of month')
{%- endmacro %}

{% macro add_months(column, months) -%}
    date({{ column }}, ({{ months }}) || ' months')
{%- endmacro %}

{% macro add_days(column, days) -%}
    date({{ column }}, {{ days }} || ' days')
{%- endmacro %}

{% macro month_end_instant(month_column) -%}
    {#- The last second of the month: MRR is measured at this instant. -#}
    datetime({{ month_column }}, '+1 month', '-1 second')
{%- endmacro %}

{% macro days_between(start_column, end_column) -%}
    cast(round(julianday(date({{ end_column }})) - julianday(date({{ start_column }}))) as integer)
{%- endmacro %}

{% macro minutes_between(start_column, end_column) -%}
    ((julianday({{ end_column }}) - julianday({{ start_column }})) * 1440.0)
{%- endmacro %}

{% macro date_spine(start_date, end_date, grain='day') -%}
    {#-
        One row per day or month from start_date to end_date inclusive, in a
        column named date_<grain>. Arguments are SQL expressions.
    -#}
    with recursive spine(date_{{ grain }}) as (
        select date({{ start_date }}{% if grain == 'month' %}, 'start of month'{% endif %})
        union all
        select date(date_{{ grain }}, '+1 {{ grain }}')
        from spine
        where date(date_{{ grain }}, '+1 {{ grain }}') <= date({{ end_date }})
    )
    select date_{{ grain }} from spine
{%- endmacro %}
