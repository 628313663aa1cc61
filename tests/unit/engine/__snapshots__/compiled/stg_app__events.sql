select
    id as event_id,
    account_id,
    event as event_name,
    ts as event_at,
    _loaded_at as loaded_at
from "main"."app__events"
where ts >= '2024-01-01'