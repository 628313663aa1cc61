{#
    Guards the Segment staging models: every raw row is either staged or a
    repeated delivery of a staged message (the only reason staging drops a
    row; internal users are dropped later and counted in
    product__marts_agree_with_staging). Per table: every raw message id is
    staged, and no raw delivery of a message arrived before the one staged
    (the first delivery wins). Returns the raw rows that break it. A raw
    row spelled exactly as the staged delivery (most of them) is that
    delivery and cannot be earlier, so only the others are parsed.
#}

{% set tables = ['tracks', 'identifies', 'groups', 'pages'] %}

with
{% for table in tables %}
{{ table }}_unaccounted as (

    select
        '{{ table }}' as source_table,
        raw_rows.id as message_id,
        raw_rows.received_at,
        case
            when staged.message_id is null then 'message not staged'
            else 'an earlier delivery than the staged one'
        end as problem
    from {{ source('segment', table) }} as raw_rows
    left join {{ ref('stg_segment__' ~ table) }} as staged
        on staged.message_id = raw_rows.id
    where staged.message_id is null
        or (
            raw_rows.received_at
                <> {{ segment_loaded_at('staged.received_at') }}
            and {{ iso_timestamp('raw_rows.received_at') }}
                < staged.received_at
        )

),
{% endfor %}

unaccounted as (

    {% for table in tables %}
    select * from {{ table }}_unaccounted
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unaccounted
