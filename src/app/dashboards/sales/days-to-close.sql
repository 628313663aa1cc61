-- Days from creation to close of every closed deal, with its size segment
-- and outcome.
with opportunities as (

    select * from fct_opportunities

),

final as (

    select
        opportunity_id,
        size_segment,
        outcome,
        close_quarter,
        days_to_close
    from opportunities
    where is_closed = 1

)

select * from final
order by size_segment, outcome, days_to_close
