{{ config(materialized='table') }}

{#
    Every Salesforce account id a link may name (live and merged-away), with
    the live account it resolves to and its country as ISO2. Links are
    compared lower-cased (ids are unique case-insensitively), so link_key is
    what the identity models join on. A table: the identity models join it
    on computed keys, which SQLite cannot index inside a view.
#}

with accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

),

country_codes as (

    select * from {{ ref('country_codes') }}

),

{# BillingCountry is free text: a name, an ISO2 or an ISO3 code. #}
country_spellings as (

    select lower(iso2) as spelling, iso2 from country_codes
    union
    select lower(iso3), iso2 from country_codes
    union
    select lower(country_name), iso2 from country_codes

),

live_accounts as (

    select account_id from accounts where is_merged = 0

),

{#
    A merge is followed one step: Salesforce re-points losers at survivors.
    MasterRecordId is written by Salesforce itself, so it matches exactly.
#}
resolved as (

    select
        accounts.account_id as salesforce_account_id,
        lower(accounts.account_id) as link_key,
        accounts.is_merged,
        case
            when accounts.is_merged = 0 then accounts.account_id
            else survivors.account_id
        end as surviving_account_id,
        country_spellings.iso2 as country_code
    from accounts
    left join live_accounts as survivors
        on accounts.is_merged = 1
        and survivors.account_id = accounts.master_record_id
    left join country_spellings
        on country_spellings.spelling = lower(accounts.billing_country)

)

select * from resolved
