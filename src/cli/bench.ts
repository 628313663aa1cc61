/**
 * `npm run bench [-- section ...]`: runs every section in src/cli/bench/
 * (each file exporting `section`, in file-name order), prints one table and
 * writes target/bench.json. A new measurement is a new file there.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSection } from './bench/types';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const targetPath = join(repoRoot, 'target');
const wanted = process.argv.slice(2);

function format(row: BenchRow): string {
  if (Number.isNaN(row.value)) return '-';
  const digits = row.unit === 'x' || row.unit === 's' ? 2 : row.unit === '%' ? 1 : row.unit === 'count' || row.unit === 'rows' ? 0 : 1;
  const unit = row.unit === 'count' || row.unit === 'rows' ? '' : row.unit === 'x' ? 'x' : ` ${row.unit}`;
  return `${row.value.toFixed(digits)}${unit}`;
}

async function allSections(): Promise<BenchSection[]> {
  const files = readdirSync(join(here, 'bench'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const sections: BenchSection[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, 'bench', file)).href)) as { section?: BenchSection };
    if (mod.section) sections.push(mod.section);
  }
  return sections;
}

const available = await allSections();
const sectionList = available.map((s) => `  ${s.id.padEnd(12)} ${s.title}`).join('\n');
if (wanted.some((w) => w === '--help' || w === '-h')) {
  console.log(`usage: npm run bench [-- section ...]\n\nRuns the sections whose id contains a given word (all when none is given):\n${sectionList}`);
  process.exit(0);
}
const sections = available.filter((s) => wanted.length === 0 || wanted.some((w) => s.id.includes(w)));
if (sections.length === 0) {
  console.error(`no bench section matches ${wanted.join(' ')}; the sections are:\n${sectionList}`);
  process.exit(2);
}
const report: { section: string; title: string; rows: BenchRow[]; error?: string }[] = [];
for (const s of sections) {
  process.stderr.write(`bench: ${s.title}\n`);
  try {
    report.push({ section: s.id, title: s.title, rows: await s.run({ repoRoot, targetPath, log: (m) => process.stderr.write(`  ${m}\n`) }) });
  } catch (e) {
    report.push({ section: s.id, title: s.title, rows: [], error: e instanceof Error ? e.message : String(e) });
  }
}

const lines: string[] = [];
const metricWidth = Math.max(40, ...report.flatMap((r) => r.rows.map((row) => row.metric.length)));
for (const r of report) {
  lines.push('', r.title, '-'.repeat(r.title.length));
  if (r.error) lines.push(`  error: ${r.error}`);
  for (const row of r.rows) {
    const verdict = row.ok === undefined ? '' : row.ok ? 'ok' : 'MISSED';
    const target = row.target ? `${row.target} ${verdict}` : '';
    lines.push(`  ${row.metric.padEnd(metricWidth)}  ${format(row).padStart(10)}  ${target.padEnd(14)}  ${row.note ?? ''}`.trimEnd());
  }
}
console.log(`${lines.join('\n')}\n`);

mkdirSync(targetPath, { recursive: true });
writeFileSync(
  join(targetPath, 'bench.json'),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '', sections: report }, null, 2)}\n`,
);
console.log('Wrote target/bench.json');
