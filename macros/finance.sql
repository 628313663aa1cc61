{% macro timestamp_add_days(column, days) -%}
    {#- A UTC timestamp moved by whole days (negative moves back). -#}
    datetime({{ column }}, ({{ days }}) || ' days')
{%- endmacro %}

{% macro loaded_within_lookback(loaded_at_column) -%}
    {#-
        For incremental models: rows loaded since the newest load already in
        the target, less var('lookback_days'), so rows that arrive late or
        again are merged rather than missed.
    -#}
    {{ loaded_at_column }} >= (
        select {{ timestamp_add_days('max(loaded_at)', -var('lookback_days')) }}
        from {{ this }}
    )
{%- endmacro %}
