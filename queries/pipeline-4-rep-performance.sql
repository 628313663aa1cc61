-- title: Which reps close? Deals, win rate and bookings per rep
-- topic: Pipeline health and deal velocity
-- description: Every deal owner with their closed deals, win rate by count,
--   won amount in USD, average days to close of won deals, and what they
--   still have open, from fct_opportunities and dim_sales_reps. Reps who
--   left keep their deals (is_active = 0).
-- chart: bar x=full_name y=won_amount_usd
with opportunities as (

    select * from fct_opportunities

),

reps as (

    select * from dim_sales_reps

),

per_owner as (

    select
        owner_id,
        sum(is_won) as won,
        sum(is_closed) - sum(is_won) as lost,
        sum(case when is_closed = 0 then 1 else 0 end) as open_deals,
        round(sum(case when is_won = 1 then amount_usd else 0 end), 2)
            as won_amount_usd,
        round(avg(case when is_won = 1 then days_to_close end), 1)
            as avg_days_to_win
    from opportunities
    group by owner_id

),

final as (

    select
        reps.full_name,
        reps.title,
        reps.is_active,
        per_owner.won,
        per_owner.lost,
        round(1.0 * per_owner.won / nullif(per_owner.won + per_owner.lost, 0), 4)
            as win_rate,
        per_owner.won_amount_usd,
        per_owner.avg_days_to_win,
        per_owner.open_deals
    from per_owner
    inner join reps
        on reps.sales_rep_id = per_owner.owner_id

)

select * from final
order by won_amount_usd desc
