{% macro latest_by(relation, key_columns, order_column) -%}
    {#-
        The latest row per key: loaders write a record again with a later
        loaded-at, sometimes with an older state, so the newest load wins.
    -#}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by {{ order_column }} desc
            ) as _row_number
        from {{ relation }}
    )
    where _row_number = 1
{%- endmacro %}
