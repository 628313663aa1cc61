-- Win rate per quarter of close and size segment, by count and by amount,
-- and for all segments together (summed counts and amounts, not averaged
-- rates, as fct_win_rates documents).
with win_rates as (

    select * from fct_win_rates

),

per_segment as (

    select
        quarter_start_date,
        quarter_name,
        size_segment,
        won_opportunities,
        closed_opportunities,
        win_rate_by_count,
        win_rate_by_amount
    from win_rates

),

all_segments as (

    select
        quarter_start_date,
        quarter_name,
        'All segments' as size_segment,
        sum(won_opportunities) as won_opportunities,
        sum(closed_opportunities) as closed_opportunities,
        round(1.0 * sum(won_opportunities) / sum(closed_opportunities), 4)
            as win_rate_by_count,
        round(sum(won_amount_usd) / nullif(sum(closed_amount_usd), 0), 4)
            as win_rate_by_amount
    from win_rates
    group by quarter_start_date, quarter_name

),

final as (

    select * from per_segment
    union all
    select * from all_segments

)

select * from final
order by quarter_start_date, size_segment
