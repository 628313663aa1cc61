import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBetterSqlite3 } from '../../../src/cli/warehouse/store';
import { main, type MainIo } from '../../../src/cli/warehouse/main';
import { sqljsDatabase, type Manifest, type RunResults } from '../../../src/engine/index';
import { engineAvailable, fixtureDir, loadSqlJs, REPO_ROOT } from './helpers';

let tmp: string;

/** Writes a fixture's SQL script into a SQLite file, as the generator would write a raw file. */
async function sqliteFile(script: string, name: string): Promise<string> {
  const db = sqljsDatabase(await loadSqlJs());
  db.exec(readFileSync(join(fixtureDir('saas'), script), 'utf8'));
  const path = join(tmp, name);
  writeFileSync(path, db.export());
  db.close();
  return path;
}

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], opts: Partial<MainIo> = {}): Promise<Ran> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    progress: false,
    columns: 100,
    cwd: REPO_ROOT,
    env: {},
    ...opts,
  });
  return { code, out, err };
}

async function warehouseRows(file: string, sql: string): Promise<unknown[][]> {
  const db = sqljsDatabase(await loadSqlJs(), new Uint8Array(readFileSync(file)));
  try {
    return db.query(sql).rows;
  } finally {
    db.close();
  }
}

let raw: string;
let delta: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'warehouse-cli-'));
  raw = await sqliteFile('raw.sql', 'raw.sqlite');
  delta = await sqliteFile('delta.sql', 'delta.sqlite');
});

afterAll(() => {
  // The temp folder is left for inspection on failure; the OS cleans tmpdir.
});

const saas = () => ['--project-dir', fixtureDir('saas')];

describe('npm run warehouse -- build', () => {
  it('builds a project like dbt: START/OK/PASS lines, a summary, artifacts and the warehouse file', async () => {
    const target = join(tmp, 'build');
    const r = await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d\d:\d\d:\d\d {2}Found 9 models, 1 seed, 2 snapshots, 22 data tests, 4 sources, 1 exposure, 7 macros/);
    expect(r.out).toMatch(/\d+ of 32 START sql table model main\.dim_accounts \.+ \[RUN\]/);
    expect(r.out).toMatch(/\d+ of 32 OK created sql table model main\.dim_accounts \.+ \[OK in \d+\.\d\ds\]/);
    expect(r.out).toMatch(/\d+ of 32 OK loaded seed file main\.plans \.+ \[INSERT 3 in \d+\.\d\ds\]/);
    expect(r.out).toMatch(/\d+ of 32 PASS unique_dim_accounts_account_id \.+ \[PASS in/);
    expect(r.out).toMatch(/\d+ of 32 OK snapshotted main\.subscriptions_snapshot/);
    expect(r.out).toMatch(/Finished running .*3 incremental models.* in 0 hours 0 minutes and/);
    expect(r.out).toContain('Done. PASS=32 WARN=0 ERROR=0 SKIP=0 TOTAL=32');
    expect(r.out).not.toContain('\x1b[');
    for (const f of ['manifest.json', 'run_results.json', 'warehouse.sqlite', 'compiled/saas/models/marts/dim_accounts.sql']) {
      expect(existsSync(join(target, f)), f).toBe(true);
    }
    const results = JSON.parse(readFileSync(join(target, 'run_results.json'), 'utf8')) as RunResults;
    expect(results.results).toHaveLength(32);
    expect(await warehouseRows(join(target, 'warehouse.sqlite'), 'select count(*) from dim_accounts')).toEqual([[3]]);
  });

  it('keeps the warehouse between commands, so incremental models only add new rows', async () => {
    const target = join(tmp, 'persist');
    expect((await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target])).code).toBe(0);
    const again = await cli(['run', ...saas(), '--select', 'fct_events', '--target-path', target]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`Warehouse: ${join(target, 'warehouse.sqlite')} (the one built before; --warehouse FILE starts over from a raw file)`);
    expect(again.out).toMatch(/OK created sql incremental model main\.fct_events \.+ \[INSERT 0 in/);
  });

  it('passes --vars to the models', async () => {
    const target = join(tmp, 'vars');
    const r = await cli(['run', ...saas(), '--warehouse', raw, '--target-path', target, '-s', 'stg_app__events', '--vars', '{start_date: 2024-03-01}']);
    expect(r.code).toBe(0);
    expect(await warehouseRows(join(target, 'warehouse.sqlite'), 'select event_id from stg_app__events order by 1')).toEqual([['E3']]);
  });

  it('exits 1 on errors and failing tests, lists them at the end, and still saves what was built', async () => {
    const target = join(tmp, 'broken');
    const r = await cli(['build', '--project-dir', fixtureDir('broken'), '--warehouse', raw, '--target-path', target]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ERROR creating sql table model main\.bad_sql \.+ \[ERROR in/);
    expect(r.out).toMatch(/FAIL 1 not_null_tested_id \.+ \[FAIL 1 in/);
    expect(r.out).toMatch(/SKIP relation main\.after_bad \.+ \[SKIP\]/);
    expect(r.out).toContain('ERROR in model.broken.bad_sql (models/bad_sql.sql)');
    expect(r.out).toContain('no such column: no_such_column');
    expect(r.out).toMatch(/FAIL in test\.broken\.not_null_tested_id\.\w+ \(models\/schema\.yml\)/);
    expect(r.out).toContain('failing rows (1 of 1):');
    expect(r.out).toContain('Done. PASS=4 WARN=0 ERROR=2 SKIP=2 TOTAL=8');
    expect(await warehouseRows(join(target, 'warehouse.sqlite'), 'select answer from independent')).toEqual([[42]]);
    // A skipped node only says SKIP, as in dbt: no START line for it.
    expect(r.out).not.toMatch(/START .*after_bad/);
  });

  it('stops at the first failure with --fail-fast (-x), the rest skipped', async () => {
    const target = join(tmp, 'fail-fast');
    const r = await cli(['build', '--project-dir', fixtureDir('broken'), '--warehouse', raw, '--target-path', target, '-x']);
    expect(r.code).toBe(1);
    const done = /Done\. PASS=(\d+) WARN=0 ERROR=(\d+) SKIP=(\d+) TOTAL=8/.exec(r.out);
    expect(done).not.toBeNull();
    expect(Number(done![2])).toBe(1);
    expect(Number(done![3])).toBeGreaterThan(2);
    const results = JSON.parse(readFileSync(join(target, 'run_results.json'), 'utf8')) as RunResults;
    expect(results.results.filter((x) => x.message?.includes('--fail-fast stops at the first failure')).length).toBeGreaterThan(0);
    expect((await cli(['build', '--fail-fast=yes'])).code).toBe(2);
  });

  it('exits 1 with the file and line on a project error', async () => {
    const r = await cli(['build', '--project-dir', fixtureDir('jinja-syntax'), '--warehouse', raw, '--target-path', join(tmp, 'jinja')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: models\/broken_template\.sql, line 4: Jinja syntax error/);
  });

  it('exits 2 on bad usage, saying what to do', async () => {
    const unknownCommand = await cli(['bulid']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.err).toContain("unknown command 'bulid'");
    expect(unknownCommand.err).toContain('Use one of: build, run, test');
    const unknownFlag = await cli(['build', '--colour']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.err).toContain('unknown flag --colour');
    // A dbt flag typed out of habit is named as one, with why it means nothing here.
    const threads = await cli(['build', '--threads', '4']);
    expect(threads.code).toBe(2);
    expect(threads.err).toContain('--threads is a dbt flag this CLI has no use for: nodes run one at a time');
    expect((await cli(['run', '--target', 'prod'])).err).toContain('there are no profiles or targets');
    const badSelect = await cli(['build', ...saas(), '--select', 'colour:red']);
    expect(badSelect.code).toBe(2);
    expect(badSelect.err).toContain("invalid --select 'colour:red'");
    const badVars = await cli(['build', ...saas(), '--vars', '[1, 2]']);
    expect(badVars.code).toBe(2);
    expect(badVars.err).toContain('--vars must be a mapping');
    const badEngine = await cli(['build', '--engine', 'duckdb']);
    expect(badEngine.code).toBe(2);
    expect((await cli(['--help'])).out).toContain('usage: npm run warehouse -- <command> [flags]');
    // --version says what this is: no dbt Core, artifacts as dbt writes them, which SQLite.
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^b2b-analytics-engineering warehouse CLI \d+\.\d+\.\d+: .*no dbt Core installed\)\n {2}artifacts: as dbt Core 1\.\d+\.\d+ writes them\n {2}SQLite: sql\.js 1\.\d+\.\d+/);
    // `--full-refresh=false` is refused, not taken for a full refresh.
    const valued = await cli(['run', ...saas(), '--full-refresh=false']);
    expect(valued.code).toBe(2);
    expect(valued.err).toContain("--full-refresh takes no value, got '--full-refresh=false'");
    // A command after a selection is named, not lost.
    const late = await cli(['-s', 'fct_invoices', 'run']);
    expect(late.code).toBe(2);
    expect(late.err).toContain("no command given ('run' was read as part of --select)");
    // --resource-type: checked, and refused where it would be ignored.
    const typo = await cli(['ls', ...saas(), '--resource-type', 'modle']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("--resource-type must be one of model, seed, snapshot, test, source, exposure, analysis, got 'modle'");
    const elsewhere = await cli(['compile', ...saas(), '--resource-type', 'seed']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toContain('--resource-type applies to ls and build, not compile');
    expect((await cli(['docs', 'serve'])).err).toContain("there is no 'docs serve'");
  });

  it('builds only the resource types asked for', async () => {
    const r = await cli(['build', ...saas(), '--warehouse', raw, '--target-path', join(tmp, 'types'), '--resource-type', 'seed']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 of 1 OK loaded seed file main\.plans/);
    expect(r.out).not.toContain('model main.');
  });

  it('names a file that is not a SQLite database, and keeps it', async () => {
    const target = join(tmp, 'corrupt');
    mkdirSync(target, { recursive: true });
    const file = join(target, 'warehouse.sqlite');
    writeFileSync(file, 'not a database, but long enough to have a header of sorts...'.repeat(10));
    const r = await cli(['run', ...saas(), '--target-path', target]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/warehouse\.sqlite cannot be opened as a SQLite database \(file is not a database\); delete it to start over/);
    expect(readFileSync(file, 'utf8')).toMatch(/^not a database/);
    const badDelta = await cli(['backfill', ...saas(), '--target-path', join(tmp, 'corrupt-delta'), '--warehouse', raw, '--delta', file]);
    expect(badDelta.code).toBe(1);
    expect(badDelta.err).toMatch(/cannot be opened as a SQLite database .*pass --delta FILE/);
  });

  it('keeps the warehouse built before when it starts over from a raw file', async () => {
    const target = join(tmp, 'previous');
    expect((await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target])).code).toBe(0);
    const again = await cli(['seed', ...saas(), '--warehouse', raw, '--target-path', target]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/warning: .*warehouse\.sqlite starts over from .*raw\.sqlite; the warehouse built before, with its snapshots' history and loads, is kept as .*warehouse\.sqlite\.previous/);
    expect(await warehouseRows(join(target, 'warehouse.sqlite.previous'), "select count(*) from sqlite_master where name = 'fct_invoices'")).toEqual([[1]]);
    expect(await warehouseRows(join(target, 'warehouse.sqlite'), "select count(*) from sqlite_master where name = 'fct_invoices'")).toEqual([[0]]);
  });

  it('stops before the next node when interrupted, and saves what was built', async () => {
    const target = join(tmp, 'interrupted');
    const interrupt = new AbortController();
    let seen = 0;
    const r = await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target], {
      signal: interrupt.signal,
      out: (t) => {
        if (/ OK loaded seed file main\.plans/.test(t)) interrupt.abort();
        seen += 1;
      },
    });
    expect(seen).toBeGreaterThan(0);
    expect(r.code).toBe(130);
    expect(await warehouseRows(join(target, 'warehouse.sqlite'), 'select count(*) from plans')).toEqual([[3]]);
    const results = JSON.parse(readFileSync(join(target, 'run_results.json'), 'utf8')) as RunResults;
    expect(results.results.filter((x) => x.status === 'skipped').length).toBeGreaterThan(20);
  });

  it('says to build the parents when a model reads a relation not built yet', async () => {
    const r = await cli(['run', ...saas(), '--warehouse', raw, '--target-path', join(tmp, 'orphan'), '--select', 'fct_invoices']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no such table: main\.\w+/);
    expect(r.out).toMatch(/'\w+' does not exist in this warehouse: when it is a model, seed or snapshot, build it first \(--select \+fct_invoices builds everything fct_invoices reads\)/);
  });

  it('says what to do when the raw warehouse does not exist', async () => {
    const r = await cli(['build', ...saas(), '--target-path', join(tmp, 'missing-raw')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the raw warehouse .*raw_sources\.sqlite does not exist; create it with "npm run generate"/);
  });

  it('draws a progress bar only when asked to (a terminal)', async () => {
    const withBar = await cli(['seed', ...saas(), '--warehouse', raw, '--target-path', join(tmp, 'bar')], { progress: true });
    expect(withBar.out).toContain('\r\x1b[2K[');
    expect(withBar.out).toContain('] 1/1 plans');
  });
});

describe('npm run warehouse -- ls, compile, docs', () => {
  it('lists selected resources', async () => {
    const r = await cli(['ls', ...saas(), '--select', 'source:app+']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      'saas.marts.not_null_fct_events_event_id',
      'saas.marts.product.fct_events',
      'saas.staging.stg_app__events',
      'saas.staging.unique_stg_app__events_event_id',
      'source:saas.sources.app.events',
    ]);
    const names = await cli(['ls', ...saas(), '--resource-type', 'seed', 'snapshot', '--output', 'name']);
    expect(names.out.trim().split('\n').sort()).toEqual(['accounts_snapshot', 'plans', 'subscriptions_snapshot']);
  });

  it("prints dbt's keys with --output json, and only the keys asked for with --output-keys", async () => {
    const r = await cli(['ls', ...saas(), '--select', 'fct_events', 'source:app.events', '--resource-type', 'model', 'source', '--output', 'json']);
    expect(r.code).toBe(0);
    const [model, source] = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).sort((a, b) => String(a.resource_type).localeCompare(String(b.resource_type)));
    expect(Object.keys(model!).sort()).toEqual(['alias', 'config', 'depends_on', 'name', 'original_file_path', 'package_name', 'resource_type', 'tags', 'unique_id']);
    expect(model).toMatchObject({ name: 'fct_events', package_name: 'saas', alias: 'fct_events', config: { materialized: 'incremental' } });
    expect((model!.depends_on as { nodes: string[] }).nodes).toContain('model.saas.stg_app__events');
    expect(source).toMatchObject({ resource_type: 'source', source_name: 'app', name: 'events', package_name: 'saas' });
    const keys = await cli(['ls', ...saas(), '--select', 'fct_events', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name', 'resource_type']);
    expect(JSON.parse(keys.out)).toEqual({ name: 'fct_events', resource_type: 'model' });
    expect((await cli(['ls', ...saas(), '--output-keys', 'name'])).err).toContain('--output-keys applies to --output json');
  });

  it('warns about a selection criterion that matches nothing, and says when there is nothing to do', async () => {
    const none = await cli(['ls', ...saas(), '--select', 'tag:nope']);
    expect(none.code).toBe(0);
    expect(none.out).toBe('');
    expect(none.err).toContain("warning: The selection criterion 'tag:nope' does not match any enabled nodes");
    expect(none.err).toContain('No nodes selected!');
    const target = mkdtempSync(join(tmpdir(), 'wh-nothing-'));
    const run = await cli(['run', ...saas(), '--warehouse', raw, '--target-path', target, '--select', 'no_such_model']);
    expect(run.code).toBe(0);
    expect(run.err).toContain("warning: The selection criterion 'no_such_model' does not match any enabled nodes");
    expect(run.out).toContain('Nothing to do. Try checking your model configs and model specification args');
    const some = await cli(['ls', ...saas(), '--select', 'fct_invoices', 'no_such_model']);
    expect(some.out.trim().split('\n')).toContain('saas.marts.finance.fct_invoices');
    expect(some.err).toContain("'no_such_model' does not match");
  });

  it('compiles to target/compiled without touching the warehouse, printing a single node', async () => {
    const target = join(tmp, 'compile');
    const r = await cli(['compile', ...saas(), '--warehouse', raw, '--target-path', target, '--select', 'fct_account_months']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Compiled node 'fct_account_months' is:");
    expect(r.out).toContain("strftime('%Y-%m-01', issued_date) as month");
    expect(existsSync(join(target, 'compiled/saas/models/marts/finance/fct_account_months.sql'))).toBe(true);
    expect(existsSync(join(target, 'warehouse.sqlite'))).toBe(false);
    // A model picked with its tests: the model's SQL, as dbt prints it.
    const withTests = await cli(['compile', ...saas(), '--warehouse', raw, '--target-path', target, '--select', 'fct_invoices']);
    expect(withTests.out).toMatch(/Compiled 5 nodes to/);
    expect(withTests.out).toContain("Compiled node 'fct_invoices' is:");
  });

  it('writes manifest.json, catalog.json and the data dictionary', async () => {
    const target = join(tmp, 'docs');
    expect((await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target])).code).toBe(0);
    const dictionary = join(tmp, 'dictionary.md');
    const r = await cli(['docs', ...saas(), '--target-path', target, '--dictionary-out', dictionary]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Wrote the data dictionary to');
    const catalog = JSON.parse(readFileSync(join(target, 'catalog.json'), 'utf8'));
    expect(catalog.nodes['model.saas.dim_accounts'].stats.row_count.value).toBe(3);
    const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.nodes['model.saas.dim_accounts']!.compiled_code).toContain('select');
    const md = readFileSync(dictionary, 'utf8');
    expect(md).toContain('### dim_accounts');
    expect(md).toContain('Generated by `npm run warehouse -- docs`');
  });
});

describe('npm run warehouse -- backfill', () => {
  it('appends the delta, builds incrementally, and does not append the same file twice', async () => {
    const target = join(tmp, 'backfill');
    expect((await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target])).code).toBe(0);
    const first = await cli(['backfill', ...saas(), '--target-path', target, '--delta', delta]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('billing__invoices: +3 rows');
    expect(first.out).toContain('Appended 5 rows to 2 tables (recorded in _loads).');
    expect(first.out).toMatch(/OK created sql incremental model main\.fct_invoices \.+ \[INSERT 2 in/);
    // Only what the batch can change is built: the seed is not downstream of the two tables.
    expect(first.out).toContain('Building what the batch can change: the nodes downstream of the 2 raw tables that received rows');
    expect(first.out).not.toMatch(/loaded seed file main\.plans/);
    const wh = join(target, 'warehouse.sqlite');
    expect(await warehouseRows(wh, 'select count(*) from billing__invoices')).toEqual([[7]]);
    const second = await cli(['backfill', ...saas(), '--target-path', target, '--delta', delta]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Already loaded at .* \(same sha256\): nothing appended/);
    // Nothing appended: the build the user asked for runs whole.
    expect(second.out).toMatch(/loaded seed file main\.plans/);
    expect(await warehouseRows(wh, 'select count(*) from billing__invoices')).toEqual([[7]]);
    expect(await warehouseRows(wh, 'select count(*) from fct_invoices')).toEqual([[5]]);
  });

  it('names a delta table the warehouse lacks, and appends nothing', async () => {
    const target = join(tmp, 'backfill-bad');
    expect((await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target])).code).toBe(0);
    const db = sqljsDatabase(await loadSqlJs());
    db.exec('create table stripe__charge (id text); insert into stripe__charge values (1);');
    const bad = join(tmp, 'bad-delta.sqlite');
    writeFileSync(bad, db.export());
    const r = await cli(['backfill', ...saas(), '--target-path', target, '--delta', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("the delta has a table 'stripe__charge' that the warehouse does not have");
  });
});

describe('--engine native', () => {
  it.skipIf(!engineAvailable('native'))('builds with better-sqlite3 on a copy and renames it into place', async () => {
    const target = join(tmp, 'native');
    const r = await cli(['build', ...saas(), '--warehouse', raw, '--target-path', target, '--engine', 'native']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('(better-sqlite3)');
    expect(await warehouseRows(join(target, 'warehouse.sqlite'), 'select count(*) from dim_accounts')).toEqual([[3]]);
    expect(existsSync(join(target, `warehouse.sqlite.tmp-${process.pid}`))).toBe(false);
  });

  it('says in one line that better-sqlite3 is missing and suggests --engine sqljs', async () => {
    await expect(loadBetterSqlite3('better-sqlite3-that-is-not-installed')).rejects.toThrow(
      /^better-sqlite3 is not available \(.*\); install it with "npm install better-sqlite3@12\.6\.2", or use --engine sqljs$/,
    );
    const r = await cli(['build', ...saas(), '--warehouse', raw, '--target-path', join(tmp, 'no-native'), '--engine', 'native'], {
      loadNative: () => loadBetterSqlite3('better-sqlite3-that-is-not-installed'),
    });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('or use --engine sqljs');
  });
});

describe('the real entry point', () => {
  it('sets the exit code (2 for bad usage, 1 for a failed build)', () => {
    const tsx = join(REPO_ROOT, 'node_modules/.bin/tsx');
    const usage = spawnSync(tsx, ['src/cli/warehouse.ts', 'frobnicate'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("unknown command 'frobnicate'");
    const failed = spawnSync(
      tsx,
      ['src/cli/warehouse.ts', 'run', '--project-dir', fixtureDir('broken'), '--warehouse', raw, '--target-path', join(tmp, 'spawn'), '-s', 'bad_sql'],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('Done. PASS=0 WARN=0 ERROR=1 SKIP=0 TOTAL=1');
  });
});
