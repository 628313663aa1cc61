/**
 * `npx tsx src/cli/bench-compare.ts <other-checkout> [--runs N]`: this
 * checkout's engine against another one's (say, the last commit, from
 * `git archive HEAD src | tar -x -C /tmp/before` plus a node_modules link),
 * on this checkout's model project and default warehouse.
 *
 * On a shared machine, two `npm run bench` runs minutes apart differ by more
 * than most changes do; here the two engines build in turn in one process,
 * and each first parse runs in fresh processes, also in turn. Prints medians:
 * the first parse (wall and CPU), a full build + tests on sql.js (CPU, wall,
 * time inside SQLite, the rest), and catalog() of the built warehouse.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import initSqlJs from 'sql.js';
import type * as Engine from '../engine/index';
import { timedDatabase } from './bench/engine-build';
import { firstParse, type FirstParse } from './bench/first-parse';
import { ensureWarehouse } from './ensure-warehouse';
import { nodeProjectFiles } from './project-files';

const args = process.argv.slice(2);
const other = args.find((a) => !a.startsWith('--'));
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
if (!other || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npx tsx src/cli/bench-compare.ts <other-checkout> [--runs N]');
  process.exit(2);
}

const repoRoot = resolve(import.meta.dirname, '..', '..');
const engines: Record<string, string> = {
  other: join(resolve(other), 'src', 'engine', 'index.ts'),
  this: join(repoRoot, 'src', 'engine', 'index.ts'),
};

await ensureWarehouse({ log: (m) => console.error(m) });
const raw = readFileSync(join(repoRoot, 'warehouse', 'raw_sources.sqlite'));
const SQL = await initSqlJs({ useOldExtensionFunctions: false } as never);
const files = nodeProjectFiles(repoRoot);
const loaded: Record<string, { engine: typeof Engine; project: Engine.Project }> = {};
for (const [name, path] of Object.entries(engines)) {
  const engine = (await import(pathToFileURL(path).href)) as typeof Engine;
  loaded[name] = { engine, project: engine.parseProject(files) };
}

interface Sample {
  cpu: number;
  wall: number;
  sql: number;
  catalog: number;
}
const builds: Record<string, Sample[]> = { other: [], this: [] };
const parses: Record<string, FirstParse[]> = { other: [], this: [] };
// One warm-up build each, then the two in turn, the order swapped every round.
for (let round = -1; round < runs; round++) {
  const order = round % 2 === 0 ? ['other', 'this'] : ['this', 'other'];
  for (const name of order) {
    const { engine, project } = loaded[name]!;
    console.error(`${name}: ${round < 0 ? 'warm-up' : `round ${round + 1} of ${runs}`}`);
    if (round >= 0) parses[name]!.push(firstParse(repoRoot, engines[name]));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const inner = engine.sqljsDatabase(SQL as never, raw);
    const db = timedDatabase(inner);
    const outcome = await engine.run(project, db, { command: 'build' });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const t1 = performance.now();
    engine.catalog(project, inner);
    const catalogMs = performance.now() - t1;
    inner.close();
    if (!outcome.ok) throw new Error(`the build with ${name}'s engine failed`);
    if (round >= 0) builds[name]!.push({ cpu: (cpu.user + cpu.system) / 1000, wall, sql: db.sqlMs, catalog: catalogMs });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: [string, (name: string) => number][] = [
  ['first parse, wall ms', (n) => median(parses[n]!.map((p) => p.ms))],
  ['first parse, CPU ms', (n) => median(parses[n]!.map((p) => p.cpuMs))],
  ['build + tests, CPU ms', (n) => median(builds[n]!.map((b) => b.cpu))],
  ['build + tests, wall ms', (n) => median(builds[n]!.map((b) => b.wall))],
  ['  inside SQLite ms', (n) => median(builds[n]!.map((b) => b.sql))],
  ['  outside SQLite ms', (n) => median(builds[n]!.map((b) => b.wall - b.sql))],
  ['catalog() ms', (n) => median(builds[n]!.map((b) => b.catalog))],
];
console.log(`\nmedians of ${runs} rounds; other = ${resolve(other)}\n`);
console.log(`${'metric'.padEnd(24)} ${'other'.padStart(9)} ${'this'.padStart(9)}  change`);
for (const [metric, value] of rows) {
  const [a, b] = [value('other'), value('this')];
  console.log(`${metric.padEnd(24)} ${a.toFixed(0).padStart(9)} ${b.toFixed(0).padStart(9)}  ${(((b - a) / a) * 100).toFixed(0).padStart(4)} %`);
}
