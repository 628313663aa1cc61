/**
 * The product marts against the ground truth, for batch 1 and after the
 * late batch (absorbed incrementally, and rebuilt from scratch): DAU, WAU,
 * MAU, sessions and events every day, sessions per month, and events per
 * canonical name and month. Plus what the truth implies about the rest:
 * late events flagged, the taxonomy split folded into one name, every
 * event on a real person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeProjectFiles } from '../../src/cli/project-files';
import { memoryFiles, parseProject, run, type RunResults } from '../../src/engine/index';
import type { TruthSection } from '../../src/generator/truth';
import { ROOT, groundTruth, openBuild, rows, type BuildName } from './builds';

type Db = Awaited<ReturnType<typeof openBuild>>;

const CASES: [BuildName, 'batch1' | 'batch1_plus_delta'][] = [
  ['batch1', 'batch1'],
  ['backfill', 'batch1_plus_delta'],
  ['full_refresh', 'batch1_plus_delta'],
];

interface Day {
  date: string;
  dau: number;
  wau: number;
  mau: number;
  sessions: number;
  events: number;
}

/** The entries of `got` that differ from `want` (key -> [want, got]), at most `limit`. */
function differences<T>(want: Map<string, T>, got: Map<string, T>, limit = 10): [string, T | undefined, T | undefined][] {
  const out: [string, T | undefined, T | undefined][] = [];
  for (const key of [...new Set([...want.keys(), ...got.keys()])].sort()) {
    const w = want.get(key);
    const g = got.get(key);
    if (JSON.stringify(w) !== JSON.stringify(g)) out.push([key, w, g]);
    if (out.length >= limit) break;
  }
  return out;
}

describe.each(CASES)('the product marts in the %s build', (build, section) => {
  let db: Db;
  let truth: TruthSection;
  beforeAll(async () => {
    db = await openBuild(build);
    truth = groundTruth()[section];
  });
  afterAll(() => db?.close());

  it('match the true DAU, WAU, MAU, sessions and events on every day', () => {
    const got = rows<Day>(
      db,
      `select date_day as date, dau, wau, mau, sessions, events
       from fct_daily_engagement order by date_day`,
    );
    expect(truth.daily_engagement.length).toBeGreaterThan(1000);
    expect(got.map((d) => d.date)).toEqual(truth.daily_engagement.map((d) => d.date));
    const key = (d: Day) => [d.date, { dau: d.dau, wau: d.wau, mau: d.mau, sessions: d.sessions, events: d.events }] as const;
    expect(differences(new Map(truth.daily_engagement.map(key)), new Map(got.map(key)))).toEqual([]);
  });

  it('compute stickiness as DAU / MAU', () => {
    const bad = rows(
      db,
      `select date_day, dau, mau, stickiness from fct_daily_engagement
       where (mau = 0 and stickiness is not null)
          or (mau > 0 and abs(stickiness - dau * 1.0 / mau) > 0.00005)`,
    );
    expect(bad).toEqual([]);
  });

  it('match the true sessions per month', () => {
    const want = new Map<string, number>();
    for (const d of truth.daily_engagement) {
      const month = `${d.date.slice(0, 7)}-01`;
      want.set(month, (want.get(month) ?? 0) + d.sessions);
    }
    const got = rows<{ month: string; sessions: number }>(
      db,
      `select substr(session_date, 1, 7) || '-01' as month, count(*) as sessions
       from fct_sessions group by 1 order by 1`,
    );
    expect(want.size).toBeGreaterThan(30);
    expect(differences(want, new Map(got.map((r) => [r.month, r.sessions])))).toEqual([]);
  });

  it('match the true events per canonical name and month', () => {
    const got = rows<{ month: string; canonical_name: string; events: number }>(
      db,
      `select substr(event_date, 1, 7) || '-01' as month, canonical_name, count(*) as events
       from fct_events group by 1, 2 order by 1, 2`,
    );
    const key = (r: { month: string; canonical_name: string; events: number }) => [`${r.month} ${r.canonical_name}`, r.events] as const;
    expect(truth.events_by_month.length).toBeGreaterThan(300);
    expect(differences(new Map(truth.events_by_month.map(key)), new Map(got.map(key)))).toEqual([]);
  });

  it('fold the v1 share and both v2 shares into content_shared, across the taxonomy change', () => {
    const names = rows<{ event_name: string; canonical_name: string; taxonomy_version: string }>(
      db,
      `select distinct event_name, canonical_name, taxonomy_version from fct_events
       where event_name in ('Item Shared', 'dashboard_shared', 'report_shared', 'Query Run', 'query_executed')
       order by event_name`,
    );
    expect(names).toEqual([
      { event_name: 'Item Shared', canonical_name: 'content_shared', taxonomy_version: 'v1' },
      { event_name: 'Query Run', canonical_name: 'query_executed', taxonomy_version: 'v1' },
      { event_name: 'dashboard_shared', canonical_name: 'content_shared', taxonomy_version: 'v2' },
      { event_name: 'query_executed', canonical_name: 'query_executed', taxonomy_version: 'v2' },
      { event_name: 'report_shared', canonical_name: 'content_shared', taxonomy_version: 'v2' },
    ]);
  });

  it('flag as late exactly the events received more than a day after they happened', () => {
    const counts = rows<{ is_late: number; events: number; wrong: number }>(
      db,
      `select is_late, count(*) as events,
              sum(case when (julianday(received_at) - julianday(event_at)) * 86400 > 86400.5 then 1 - is_late
                       when (julianday(received_at) - julianday(event_at)) * 86400 < 86399.5 then is_late
                       else 0 end) as wrong
       from fct_events group by is_late order by is_late`,
    );
    expect(counts.map((c) => c.is_late)).toEqual([0, 1]);
    expect(counts.every((c) => c.wrong === 0)).toBe(true);
    // Offline clients and replays: about 1-3 % of events arrive late.
    expect(counts[1]!.events).toBeGreaterThan(counts[0]!.events * 0.005);
  });

  it('put every event on a person of dim_users, with that person\'s workspace and account', () => {
    const mismatched = rows(
      db,
      `select fct_events.event_id from fct_events
       left join dim_users on dim_users.user_id = fct_events.user_id
       where dim_users.user_id is null
          or dim_users.workspace_id is not fct_events.workspace_id
          or dim_users.account_id is not fct_events.account_id
       limit 5`,
    );
    expect(mismatched).toEqual([]);
    const identified = rows<{ people: number }>(db, `select count(*) as people from dim_users where user_type = 'identified'`);
    expect(identified[0]!.people).toBeGreaterThan(1000);
  });

  it('map workspaces to the accounts of the identity truth', () => {
    const want = new Map(truth.identity.workspaces.map((w) => [w.workspace_id, w.account_id]));
    const got = rows<{ workspace_id: string; account_id: string | null }>(
      db,
      `select distinct workspace_id, account_id from fct_events where workspace_id is not null`,
    );
    expect(got.length).toBeGreaterThan(100);
    const wrong = got.filter((r) => !want.has(r.workspace_id) || want.get(r.workspace_id) !== r.account_id).slice(0, 5);
    expect(wrong).toEqual([]);
  });
});

describe('the event taxonomy', () => {
  it('takes a new event name through once the seed has a row for it, with no SQL change', async () => {
    const disk = nodeProjectFiles(ROOT);
    const files = Object.fromEntries(
      disk
        .list()
        .filter((p) => /^(models|macros|snapshots|tests\/data|warehouse\/seeds)\//.test(p) || p === 'dbt_project.yml')
        .map((p) => [p, disk.read(p)]),
    );
    const db = await openBuild('batch1');
    try {
      // The app starts sending a name the seed does not know yet.
      const [person] = rows<{ user_id: string }>(db, `select user_id from dim_users where user_type = 'identified' and event_count > 0 order by user_id limit 1`);
      db.exec(
        `insert into segment__tracks (id, anonymous_id, user_id, event, timestamp, received_at)
         values ('taxonomytest1', null, '${person!.user_id}', 'workspace_exported', '2026-10-31T12:00:00Z', '2026-10-31T12:00:04Z')`,
      );
      const guard = 'product__events_have_canonical_names';
      // Models and seeds only: the marts downstream are not rebuilt here, so
      // their tests would read them stale.
      const built = await run(parseProject(memoryFiles(files)), db, { command: 'build', select: '+fct_events', exclude: 'resource_type:test' });
      expect(built.ok).toBe(true);
      expect(rows(db, `select canonical_name, feature from fct_events where event_id = 'taxonomytest1'`)).toEqual([{ canonical_name: null, feature: null }]);
      // The guard names the unmapped event.
      const tested = await run(parseProject(memoryFiles(files)), db, { command: 'test', select: guard });
      const result = (tested.runResults as RunResults).results.find((r) => r.unique_id.endsWith(`.${guard}`));
      expect(result?.status).toBe('fail');
      expect(result?.failures).toBe(1);

      // One seed row later, the next run maps the held event, even with no
      // lookback: the new row, not the event's load time, brings it back.
      const seed = 'warehouse/seeds/event_taxonomy.csv';
      files[seed] = `${files[seed]!.trimEnd()}\nworkspace_exported,v2,workspace_exported,admin\n`;
      const after = await run(parseProject(memoryFiles(files)), db, {
        command: 'build',
        select: '+fct_events',
        exclude: 'resource_type:test',
        vars: { lookback_days: 0 },
      });
      expect(after.ok).toBe(true);
      const retested = await run(parseProject(memoryFiles(files)), db, { command: 'test', select: guard });
      expect(retested.ok).toBe(true);
      expect(rows(db, `select canonical_name, feature, taxonomy_version, user_id from fct_events where event_id = 'taxonomytest1'`)).toEqual([
        { canonical_name: 'workspace_exported', feature: 'admin', taxonomy_version: 'v2', user_id: person!.user_id },
      ]);
    } finally {
      db.close();
    }
  });
});
