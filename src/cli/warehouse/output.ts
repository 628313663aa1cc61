/** dbt-style console output: one START and one result line per node, a progress bar on a terminal, a summary. */
import type { ExecNode, NodeEvent, Project, RunResult } from '../../engine/index';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Draw the one-line progress bar (a terminal, not CI, not piped). */
  progress: boolean;
  columns: number;
}

const WIDTH = 80;

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

export class Printer {
  private barVisible = false;

  constructor(private readonly io: Io) {}

  line(text = ''): void {
    this.clearBar();
    this.io.out(`${clock()}  ${text}\n`);
  }

  error(text: string): void {
    this.clearBar();
    this.io.err(`${text}\n`);
  }

  raw(text: string): void {
    this.clearBar();
    this.io.out(text);
  }

  bar(done: number, total: number, label: string): void {
    if (!this.io.progress || total === 0) return;
    const width = 24;
    const filled = Math.round((done / total) * width);
    const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`;
    this.io.out(`\r\x1b[2K${text.slice(0, Math.max(10, this.io.columns - 1))}`);
    this.barVisible = true;
  }

  clearBar(): void {
    if (this.barVisible) {
      this.io.out('\r\x1b[2K');
      this.barVisible = false;
    }
  }
}

function dots(left: string, right: string): string {
  const n = Math.max(3, WIDTH - left.length - right.length - 2);
  return `${left} ${'.'.repeat(n)} ${right}`;
}

function materialization(node: ExecNode): string {
  return String(node.config.materialized ?? 'view');
}

function relation(node: ExecNode): string {
  return `main.${node.alias}`;
}

export function startLine(node: ExecNode, e: NodeEvent): string {
  const prefix = `${e.index} of ${e.total} START`;
  switch (node.resource_type) {
    case 'model':
      return dots(`${prefix} sql ${materialization(node)} model ${relation(node)}`, '[RUN]');
    case 'seed':
      return dots(`${prefix} seed file ${relation(node)}`, '[RUN]');
    case 'snapshot':
      return dots(`${prefix} snapshot ${relation(node)}`, '[RUN]');
    default:
      return dots(`${prefix} test ${node.name}`, '[RUN]');
  }
}

export function endLine(node: ExecNode, e: NodeEvent): string {
  const secs = `${(e.executionTime ?? 0).toFixed(2)}s`;
  const prefix = `${e.index} of ${e.total}`;
  const adapterMessage = e.message ?? 'OK';
  if (e.status === 'skipped') {
    return dots(node.resource_type === 'test' ? `${prefix} SKIP test ${node.name}` : `${prefix} SKIP relation ${relation(node)}`, '[SKIP]');
  }
  if (node.resource_type === 'test') {
    if (e.status === 'pass') return dots(`${prefix} PASS ${node.name}`, `[PASS in ${secs}]`);
    if (e.status === 'warn') return dots(`${prefix} WARN ${e.failures ?? 0} ${node.name}`, `[WARN ${e.failures ?? 0} in ${secs}]`);
    if (e.status === 'fail') return dots(`${prefix} FAIL ${e.failures ?? 0} ${node.name}`, `[FAIL ${e.failures ?? 0} in ${secs}]`);
    return dots(`${prefix} ERROR ${node.name}`, `[ERROR in ${secs}]`);
  }
  const ok = e.status === 'success';
  switch (node.resource_type) {
    case 'seed':
      return ok ? dots(`${prefix} OK loaded seed file ${relation(node)}`, `[${adapterMessage} in ${secs}]`) : dots(`${prefix} ERROR loading seed file ${relation(node)}`, `[ERROR in ${secs}]`);
    case 'snapshot':
      return ok ? dots(`${prefix} OK snapshotted ${relation(node)}`, `[${adapterMessage} in ${secs}]`) : dots(`${prefix} ERROR snapshotting ${relation(node)}`, `[ERROR in ${secs}]`);
    default: {
      const what = `sql ${materialization(node)} model ${relation(node)}`;
      return ok ? dots(`${prefix} OK created ${what}`, `[${adapterMessage} in ${secs}]`) : dots(`${prefix} ERROR creating ${what}`, `[ERROR in ${secs}]`);
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function foundLine(project: Project): string {
  const nodes = Object.values(project.nodes);
  const count = (t: string) => nodes.filter((n) => n.resource_type === t).length;
  const parts = [
    plural(count('model'), 'model'),
    plural(count('seed'), 'seed'),
    plural(count('snapshot'), 'snapshot'),
    plural(count('test'), 'data test'),
    plural(Object.keys(project.sources).length, 'source'),
    plural(Object.keys(project.exposures).length, 'exposure'),
    plural(Object.keys(project.macros).length, 'macro'),
  ];
  return `Found ${parts.join(', ')}`;
}

export function finishedLine(project: Project, results: RunResult[], elapsed: number): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const node = project.nodes[r.unique_id];
    if (!node) continue;
    const key =
      node.resource_type === 'model'
        ? `${materialization(node)} model`
        : node.resource_type === 'test'
          ? 'data test'
          : node.resource_type;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const what = [...counts].map(([k, n]) => plural(n, k)).join(', ') || 'nothing';
  const m = Math.floor(elapsed / 60);
  const h = Math.floor(m / 60);
  return `Finished running ${what} in ${h} hours ${m % 60} minutes and ${(elapsed % 60).toFixed(2)} seconds (${elapsed.toFixed(2)}s).`;
}

export function summaryCounts(results: RunResult[]): { pass: number; warn: number; error: number; skip: number; total: number } {
  let pass = 0;
  let warn = 0;
  let error = 0;
  let skip = 0;
  for (const r of results) {
    if (r.status === 'success' || r.status === 'pass') pass++;
    else if (r.status === 'warn') warn++;
    else if (r.status === 'error' || r.status === 'fail') error++;
    else if (r.status === 'skipped') skip++;
  }
  return { pass, warn, error, skip, total: results.length };
}

/** The problems, repeated at the end with node id, file and message (and a few failing rows). */
export function problemReport(project: Project, results: RunResult[]): string[] {
  const lines: string[] = [];
  const problems = results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'warn');
  if (problems.length === 0) return lines;
  const errors = problems.filter((r) => r.status !== 'warn').length;
  const warnings = problems.length - errors;
  lines.push(`Completed with ${plural(errors, 'error')} and ${plural(warnings, 'warning')}:`, '');
  for (const r of problems) {
    const node = project.nodes[r.unique_id];
    const file = node?.original_file_path ?? '';
    const label = r.status === 'error' ? 'ERROR' : r.status === 'fail' ? 'FAIL' : 'WARN';
    lines.push(`${label} in ${r.unique_id} (${file})`);
    for (const l of String(r.message ?? '').split('\n')) lines.push(`  ${l}`);
    const sample = r.adapter_response.sample;
    if (sample && sample.rows.length) {
      const shown = sample.rows.slice(0, 5);
      lines.push(`  failing rows (${shown.length} of ${r.failures ?? shown.length}):`);
      lines.push(`    ${sample.columns.join(' | ')}`);
      for (const row of shown) lines.push(`    ${row.map((v) => (v === null ? 'NULL' : String(v))).join(' | ')}`);
    }
    lines.push('');
  }
  return lines;
}
