{#
    Every raw timestamp format becomes UTC text 'YYYY-MM-DD HH:MM:SS'.
    SQLite-specific functions stay in these macros, so another adapter only
    has to re-implement them.
#}

{% macro salesforce_timestamp(column) -%}
    {#- '2025-03-04T05:06:07.000+0000': SQLite reads '+00:00' but not '+0000'. -#}
    datetime(substr({{ column }}, 1, 23) || substr({{ column }}, 24, 3) || ':' || substr({{ column }}, 27, 2))
{%- endmacro %}

{% macro epoch_timestamp(column) -%}
    datetime({{ column }}, 'unixepoch')
{%- endmacro %}

{% macro iso_timestamp(column) -%}
    {#- ISO-8601 with 'Z' or an offset; datetime() converts offsets to UTC. -#}
    datetime({{ column }})
{%- endmacro %}

{% macro to_date(column) -%}
    date({{ column }})
{%- endmacro %}
