{#
    Win rates per quarter of close and account size segment: won / (won +
    lost) over the opportunities closed in the quarter, by count and by USD
    amount. Deals lost before sales estimated them have no amount, so they
    count in the count-based rate only.
#}

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

closed as (
    select *
    from opportunities
    where is_closed = 1
),

aggregated as (
    select
        close_quarter as quarter_start_date,
        size_segment,
        sum(is_won) as won_opportunities,
        sum(1 - is_won) as lost_opportunities,
        count(*) as closed_opportunities,
        {{ money('sum(case when is_won = 1 then amount_usd else 0 end)') }}
            as won_amount_usd,
        {{ money('sum(case when is_won = 0 then amount_usd else 0 end)') }}
            as lost_amount_usd
    from closed
    group by close_quarter, size_segment
),

final as (
    select
        quarter_start_date,
        {{ quarter_name('quarter_start_date') }} as quarter_name,
        size_segment,
        won_opportunities,
        lost_opportunities,
        closed_opportunities,
        won_amount_usd,
        lost_amount_usd,
        {{ money('won_amount_usd + lost_amount_usd') }} as closed_amount_usd,
        {{ money('won_opportunities * 1.0 / closed_opportunities', 4) }}
            as win_rate_by_count,
        case
            when won_amount_usd + lost_amount_usd > 0
                then {{ money(
                    'won_amount_usd / (won_amount_usd + lost_amount_usd)', 4
                ) }}
        end as win_rate_by_amount
    from aggregated
)

select * from final
