/**
 * The sales marts against the ground truth, before and after the late batch:
 * every opportunity's outcome, amounts, dates and days in each stage, and the
 * win rates recomputed from the truth's opportunities. Also that the
 * opportunity snapshot picks up the versions the late batch brought.
 */
import { describe, expect, it } from 'vitest';
import type { TruthOpportunity, TruthSection } from '../../src/generator/truth';
import { groundTruth, openBuild, rows, type BuildName } from './builds';

interface MartOpportunity {
  opportunity_id: string;
  account_id: string;
  owner_id: string;
  opportunity_type: string;
  stage_name: string;
  is_closed: number;
  is_won: number;
  amount_local: number | null;
  currency: string;
  amount_usd: number | null;
  created_date: string;
  close_date: string;
  close_quarter: string;
  size_segment: string;
  days_to_close: number | null;
}

interface MartWinRate {
  quarter_start_date: string;
  size_segment: string;
  won_opportunities: number;
  lost_opportunities: number;
  closed_opportunities: number;
  won_amount_usd: number;
  lost_amount_usd: number;
  win_rate_by_count: number;
  win_rate_by_amount: number | null;
}

/** The mart's view of one opportunity, in the truth's shape. */
function asTruth(o: MartOpportunity, daysInStage: Record<string, number>): TruthOpportunity {
  return {
    opportunity_id: o.opportunity_id,
    account_id: o.account_id,
    owner_id: o.owner_id,
    type: o.opportunity_type,
    stage: o.stage_name,
    is_closed: o.is_closed === 1,
    is_won: o.is_won === 1,
    amount: o.amount_local,
    currency: o.currency,
    amount_usd: o.amount_usd,
    created_date: o.created_date,
    close_date: o.close_date,
    days_to_close: o.days_to_close,
    days_in_stage: daysInStage,
  };
}

function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

const cents = (x: number) => Math.round(x * 100);

/** Won and lost counts and USD amounts per quarter of close and segment, from the truth alone. */
function truthWinRates(section: TruthSection): Map<string, { won: number; lost: number; wonCents: number; lostCents: number }> {
  const segment = new Map(section.accounts.map((a) => [a.account_id, a.size_segment]));
  const out = new Map<string, { won: number; lost: number; wonCents: number; lostCents: number }>();
  for (const o of section.opportunities) {
    if (!o.is_closed) continue;
    const key = `${quarterStart(o.close_date)}|${segment.get(o.account_id)}`;
    const agg = out.get(key) ?? { won: 0, lost: 0, wonCents: 0, lostCents: 0 };
    const amount = o.amount_usd === null ? 0 : cents(o.amount_usd);
    if (o.is_won) {
      agg.won += 1;
      agg.wonCents += amount;
    } else {
      agg.lost += 1;
      agg.lostCents += amount;
    }
    out.set(key, agg);
  }
  return out;
}

const CASES: [BuildName, 'batch1' | 'batch1_plus_delta'][] = [
  ['batch1', 'batch1'],
  ['backfill', 'batch1_plus_delta'],
];

describe.each(CASES)('the sales marts of the %s build against truth.%s', (build, sectionName) => {
  const section = () => groundTruth()[sectionName];

  async function martOpportunities(): Promise<Map<string, TruthOpportunity>> {
    const db = await openBuild(build);
    const opportunities = rows<MartOpportunity>(db, 'select * from fct_opportunities');
    const stages = rows<{ opportunity_id: string; stage_name: string; days: number }>(
      db,
      `select opportunity_id, stage_name, sum(days_in_stage) as days
         from fct_opportunity_stage_history
        where days_in_stage is not null
        group by opportunity_id, stage_name`,
    );
    db.close();
    const days = new Map<string, Record<string, number>>();
    for (const s of stages) days.set(s.opportunity_id, { ...days.get(s.opportunity_id), [s.stage_name]: s.days });
    return new Map(opportunities.map((o) => [o.opportunity_id, asTruth(o, days.get(o.opportunity_id) ?? {})]));
  }

  it('holds exactly the truth opportunities', async () => {
    const mart = await martOpportunities();
    const truthIds = section().opportunities.map((o) => o.opportunity_id).sort();
    expect(truthIds.length).toBeGreaterThan(1000);
    expect([...mart.keys()].sort()).toEqual(truthIds);
  });

  it('matches every opportunity: outcome, stage, amounts, dates, days to close and days in each stage', async () => {
    const mart = await martOpportunities();
    const differences: string[] = [];
    for (const truth of section().opportunities) {
      const mine = mart.get(truth.opportunity_id);
      if (!mine) continue; // reported by the test above
      // Sorted keys on both sides, so a stage order difference is no difference.
      const sorted = (o: TruthOpportunity) => ({ ...o, days_in_stage: Object.fromEntries(Object.entries(o.days_in_stage).sort()) });
      const a = JSON.stringify(sorted(mine));
      const b = JSON.stringify(sorted(truth));
      if (a !== b) differences.push(`mart ${a}\ntruth ${b}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // Every kind of outcome is present, so the comparison covered them all.
    const outcomes = new Set(section().opportunities.map((o) => `${o.is_closed}/${o.is_won}`));
    expect(outcomes).toEqual(new Set(['true/true', 'true/false', 'false/false']));
  });

  it('has the win rates of the truth opportunities, by quarter and segment', async () => {
    const db = await openBuild(build);
    const mart = rows<MartWinRate>(db, 'select * from fct_win_rates');
    db.close();
    const expected = truthWinRates(section());
    expect(mart.length).toBe(expected.size);
    expect(mart.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    for (const m of mart) {
      const key = `${m.quarter_start_date}|${m.size_segment}`;
      const t = expected.get(key);
      if (!t) {
        mismatches.push(`${key}: not in the truth`);
        continue;
      }
      const closedCents = t.wonCents + t.lostCents;
      const want = {
        won: t.won,
        lost: t.lost,
        closed: t.won + t.lost,
        wonCents: t.wonCents,
        lostCents: t.lostCents,
        byCount: Number((t.won / (t.won + t.lost)).toFixed(4)),
        byAmount: closedCents > 0 ? Number((t.wonCents / closedCents).toFixed(4)) : null,
      };
      const got = {
        won: m.won_opportunities,
        lost: m.lost_opportunities,
        closed: m.closed_opportunities,
        wonCents: cents(m.won_amount_usd),
        lostCents: cents(m.lost_amount_usd),
        byCount: m.win_rate_by_count,
        byAmount: m.win_rate_by_amount,
      };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${key}: mart ${JSON.stringify(got)} truth ${JSON.stringify(want)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('has the overall win rate per quarter of the truth, summing segments', async () => {
    const db = await openBuild(build);
    const mart = rows<{ quarter_start_date: string; won: number; closed: number }>(
      db,
      `select quarter_start_date, sum(won_opportunities) as won, sum(closed_opportunities) as closed
         from fct_win_rates group by quarter_start_date order by quarter_start_date`,
    );
    db.close();
    const byQuarter = new Map<string, { won: number; closed: number }>();
    for (const o of section().opportunities.filter((x) => x.is_closed)) {
      const q = quarterStart(o.close_date);
      const agg = byQuarter.get(q) ?? { won: 0, closed: 0 };
      agg.closed += 1;
      if (o.is_won) agg.won += 1;
      byQuarter.set(q, agg);
    }
    const expected = [...byQuarter.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([q, v]) => ({ quarter_start_date: q, ...v }));
    expect(mart).toEqual(expected);
  });
});

describe('the opportunity snapshot', () => {
  it('keeps one version per opportunity after batch 1', async () => {
    const db = await openBuild('batch1');
    const [counts] = rows<{ versions: number; opportunities: number; current: number }>(
      db,
      `select count(*) as versions, count(distinct Id) as opportunities,
              sum(dbt_valid_to is null) as current
         from snap_salesforce__opportunities`,
    );
    db.close();
    expect(counts!.opportunities).toBeGreaterThan(1000);
    expect(counts!.versions).toBe(counts!.opportunities);
    expect(counts!.current).toBe(counts!.opportunities);
  });

  it('adds a version for every opportunity the late batch changed, and closes the old one', async () => {
    const db = await openBuild('backfill');
    const cutoff = groundTruth().meta.batch1_cutoff.replace(' ', 'T');
    // Opportunities whose newest state differs between what batch 1 knew and
    // what the delta brought, straight from the raw table.
    const changed = rows<{ Id: string; old_modstamp: string; new_modstamp: string }>(
      db,
      `with latest as (
         select Id, SystemModstamp, _fivetran_synced > ? as in_delta,
                row_number() over (partition by Id, _fivetran_synced > ? order by _fivetran_synced desc) as rn
           from salesforce__opportunity
       )
       select b.Id, b.SystemModstamp as old_modstamp, d.SystemModstamp as new_modstamp
         from latest b join latest d on b.Id = d.Id
        where b.rn = 1 and d.rn = 1 and b.in_delta = 0 and d.in_delta = 1
          and b.SystemModstamp <> d.SystemModstamp
        order by b.Id`,
      [cutoff, cutoff],
    );
    const versions = rows<{ Id: string; SystemModstamp: string; dbt_valid_from: string; dbt_valid_to: string | null }>(
      db,
      'select Id, SystemModstamp, dbt_valid_from, dbt_valid_to from snap_salesforce__opportunities order by Id, dbt_valid_from',
    );
    db.close();
    expect(changed.length).toBeGreaterThan(20);
    const byId = new Map<string, typeof versions>();
    for (const v of versions) byId.set(v.Id, [...(byId.get(v.Id) ?? []), v]);
    const problems: string[] = [];
    for (const c of changed) {
      const vs = byId.get(c.Id) ?? [];
      const old = vs.find((v) => v.SystemModstamp === c.old_modstamp);
      const fresh = vs.find((v) => v.SystemModstamp === c.new_modstamp);
      if (!old || !fresh) problems.push(`${c.Id}: versions ${vs.map((v) => v.SystemModstamp).join(', ')}`);
      else if (old.dbt_valid_to !== fresh.dbt_valid_from || fresh.dbt_valid_to !== null) problems.push(`${c.Id}: old version not closed by the new one`);
    }
    expect(problems).toEqual([]);
    // Opportunities the late batch did not change keep their single version.
    const changedIds = new Set(changed.map((c) => c.Id));
    const extra = [...byId.entries()].filter(([id, vs]) => !changedIds.has(id) && vs.length !== 1).map(([id]) => id);
    expect(extra).toEqual([]);
  });

  it('is unchanged when the late batch is loaded a second time', async () => {
    const all = async (name: BuildName) => {
      const db = await openBuild(name);
      const r = db.query('select * from snap_salesforce__opportunities order by Id, dbt_valid_from');
      db.close();
      return r.rows;
    };
    const once = await all('backfill');
    expect(once.length).toBeGreaterThan(1000);
    expect(await all('backfill_twice')).toEqual(once);
  });
});
