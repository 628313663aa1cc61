{#
    Helpers for the sales models. Calendar parts come from the core macros
    (date_part, week_start, quarter_start), so only SQLite-free logic is here.
#}

{% macro quarter_name(column) -%}
    {#- '2025-Q3' for any date in the third quarter of 2025. -#}
    {{ date_part('year', column) }} || '-Q'
        || {{ date_part('quarter', column) }}
{%- endmacro %}

{% macro opportunity_stage_order(column) -%}
    {#-
        The order of the sales process, for sorting and for funnel charts;
        a stage missing here sorts last rather than failing the build (the
        accepted_values tests on stage_name report it).
    -#}
    {%- set stages = [
        'Prospecting', 'Qualification', 'Discovery', 'Proposal',
        'Negotiation', 'Closed Won', 'Closed Lost'
    ] %}
    case {{ column }}
        {%- for stage in stages %}
        when '{{ stage }}' then {{ loop.index }}
        {%- endfor %}
        else 99
    end
{%- endmacro %}

{% macro week_number(column) -%}
    {#-
        Whole Monday-to-Sunday weeks since Monday 1970-01-05 (Julian day
        2440591.5): an integer that steps by one per week, so week loops
        run on integers instead of date arithmetic.
    -#}
    cast((julianday(date({{ column }})) - 2440591.5) / 7 as integer)
{%- endmacro %}

{% macro week_start_of_number(week_number) -%}
    {#- The Monday of a week_number(). -#}
    date(2440591.5 + ({{ week_number }}) * 7)
{%- endmacro %}
