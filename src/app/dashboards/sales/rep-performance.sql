-- Per deal owner: deals won and lost, win rate by count, closed-won amount,
-- median days to close of won deals and open pipeline now.
with opportunities as (

    select * from fct_opportunities

),

reps as (

    select * from dim_sales_reps

),

closed as (

    select
        owner_id,
        sum(is_won) as won_opportunities,
        sum(1 - is_won) as lost_opportunities,
        round(sum(case when is_won = 1 then amount_usd else 0 end), 2)
            as won_amount_usd
    from opportunities
    where is_closed = 1
    group by owner_id

),

open_pipeline as (

    select
        owner_id,
        round(sum(coalesce(amount_usd, 0)), 2) as open_pipeline_usd
    from opportunities
    where is_closed = 0
    group by owner_id

),

-- SQLite has no median: rank the won deals per owner, average the middle one or two.
won_ranked as (

    select
        owner_id,
        days_to_close,
        row_number() over (
            partition by owner_id order by days_to_close
        ) as position,
        count(*) over (partition by owner_id) as deals
    from opportunities
    where is_won = 1

),

medians as (

    select
        owner_id,
        avg(days_to_close) as median_days_to_close
    from won_ranked
    where position in ((deals + 1) / 2, (deals + 2) / 2)
    group by owner_id

),

final as (

    select
        reps.full_name as rep_name,
        reps.is_active,
        closed.won_opportunities,
        closed.lost_opportunities,
        round(
            1.0 * closed.won_opportunities
            / (closed.won_opportunities + closed.lost_opportunities),
            4
        ) as win_rate,
        closed.won_amount_usd,
        coalesce(open_pipeline.open_pipeline_usd, 0) as open_pipeline_usd,
        medians.median_days_to_close
    from closed
    inner join reps
        on reps.sales_rep_id = closed.owner_id
    left join open_pipeline
        on open_pipeline.owner_id = closed.owner_id
    left join medians
        on medians.owner_id = closed.owner_id

)

select * from final
order by won_amount_usd desc
