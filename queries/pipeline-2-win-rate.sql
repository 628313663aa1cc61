-- title: Are we winning more deals? Win rate by quarter and segment
-- topic: Pipeline health and deal velocity
-- description: Won / (won + lost) over the opportunities closed in each
--   quarter, by count and by USD amount, per size segment and for all
--   segments together. The overall rate sums the counts and amounts over
--   segments (fct_win_rates says why averaging the rates would be wrong).
-- chart: line x=quarter_start_date y=win_rate_by_count color=size_segment
with win_rates as (

    select * from fct_win_rates

),

by_segment as (

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

overall as (

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

    select * from by_segment
    union all
    select * from overall

)

select * from final
order by quarter_start_date, size_segment
