{#
    Helpers for the product (Segment) models. Timestamp arithmetic stays
    here, so another adapter only re-implements these macros.
#}

{% macro first_by(relation, key_columns, order_by) -%}
    {#-
        The first row per key in the order given (a full ORDER BY list,
        directions included). Segment re-delivers a message with the same
        id, and its first delivery is the one that counts.
    -#}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by {{ order_by }}
            ) as _row_number
        from {{ relation }}
    )
    where _row_number = 1
{%- endmacro %}

{% macro first_by_min(relation, key_columns, min_column, columns) -%}
    {#-
        The row holding the smallest min_column per key, with the columns
        listed. SQLite takes the bare columns of an aggregate query with a
        single min() from the row that holds the minimum
        (https://sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query),
        so this is one sort of the rows, where first_by's window needs a sort
        and a window pass (about 1.4 times as long on 100k Segment rows).
        Another adapter would implement it with first_by.
    -#}
    select
        {{ columns | join(', ') }},
        min({{ min_column }}) as {{ min_column }}
    from {{ relation }}
    group by {{ key_columns | join(', ') }}
{%- endmacro %}

{% macro timestamp_add(column, amount, unit) -%}
    {#- unit: seconds, minutes, hours or days; amount may be negative. -#}
    datetime({{ column }}, ({{ amount }}) || ' {{ unit }}')
{%- endmacro %}

{% macro seconds_between(start_column, end_column) -%}
    {#- unixepoch() (SQLite 3.38+): an integer, half the work of strftime('%s'). -#}
    (unixepoch({{ end_column }}) - unixepoch({{ start_column }}))
{%- endmacro %}

{% macro segment_loaded_at(column) -%}
    {#-
        A UTC timestamp ('YYYY-MM-DD HH:MM:SS') spelled as Segment writes
        received_at ('YYYY-MM-DDTHH:MM:SSZ'). Raw loaded-at strings sort as
        text, so incremental filters compare the raw column with this
        instead of parsing every raw row.
    -#}
    replace({{ column }}, ' ', 'T') || 'Z'
{%- endmacro %}

{% macro product_lookback_start(relation, loaded_at_column) -%}
    {#-
        Where an incremental product model starts reprocessing: the newest
        load time it already holds, minus var('lookback_days'). Re-reading
        that margin merges rows a loader delivered out of order.
    -#}
    {#- An empty target reprocesses everything. -#}
    (
        select coalesce(
            {{ timestamp_add(
                'max(' ~ loaded_at_column ~ ')',
                '-' ~ var('lookback_days'),
                'days'
            ) }},
            '0000-01-01 00:00:00'
        )
        from {{ relation }}
    )
{%- endmacro %}

{% macro create_index(relation, columns, suffix, unique=false) -%}
    {#-
        An index on a built table, for a post-hook: SQLite sorts for every
        window, group by and join key that no index covers, and the product
        tables are read in the same orders by several models and tests.
    -#}
    create {{ 'unique ' if unique }}index if not exists
        {{ relation.schema }}.{{ relation.identifier }}__{{ suffix }}
        on {{ relation.identifier }} ({{ columns | join(', ') }})
{%- endmacro %}

{% macro delete_sessions_to_rebuild(sessions) -%}
    {#-
        fct_sessions' pre-hook on incremental runs: deletes the held sessions
        that data loaded since the last run can change, so the model only
        has to extend each person's sessions past the last one it kept.
        - A person with events received since the lookback start loses the
          sessions ending within var('session_timeout_minutes') of their
          earliest such event, or later: a late event can extend, merge or
          split only those.
        - A person who identified or joined a workspace since then, whose
          workspace or account changed, or who has no events any more (an
          anonymous id that identified, an internal user) loses them all.
    -#}
    {%- set lookback_start = product_lookback_start(sessions, 'ended_at') -%}
    delete from {{ sessions }}
    where session_id in (
        select held.session_id
        from {{ sessions }} as held
        inner join (
            select
                user_id,
                min(event_at) as first_changed_at
            from {{ ref('fct_events') }}
            where received_at >= {{ lookback_start }}
            group by user_id
        ) as changed
            on changed.user_id = held.user_id
        where held.ended_at >= {{ timestamp_add(
            'changed.first_changed_at',
            '-' ~ var('session_timeout_minutes'),
            'minutes'
        ) }}
    )
    or user_id in (
        select user_id from {{ ref('int_users_mapped') }}
        where last_received_at >= {{ lookback_start }}
    )
    or session_id in (
        select held.session_id
        from {{ sessions }} as held
        left join {{ ref('int_users_mapped') }} as users
            on users.user_id = held.user_id
        where users.workspace_id is not held.workspace_id
            or users.account_id is not held.account_id
    )
    or user_id not in (select user_id from {{ ref('fct_events') }})
{%- endmacro %}
