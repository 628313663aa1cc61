{% macro minor_to_major(amount_column, currency_column) -%}
    {#- Stripe amounts are integers in the currency's minor unit. -#}
    ({{ amount_column }} * 1.0 / case
        when lower({{ currency_column }}) in (
            {%- for c in var('zero_decimal_currencies') %}'{{ c }}'{{ ", " if not loop.last }}{% endfor -%}
        ) then 1
        else 100
    end)
{%- endmacro %}

{% macro money(expression, digits=2) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro to_cents(expression) -%}
    {#- An amount as whole cents, for exact comparisons of sums of money. -#}
    cast(round({{ expression }} * 100) as integer)
{%- endmacro %}
