/**
 * A Markdown data dictionary from the manifest (descriptions, meta, tests,
 * contracts) and the catalog (types of columns without a contract type).
 * Works on the artifact JSON alone, so the site can render it too.
 */
import type { Catalog, Manifest, ManifestNode } from './types';

export interface DictionaryOptions {
  /** Models whose file path starts with one of these are included (default: models/marts/). */
  modelPaths?: string[];
  /** Include seeds and snapshots (default true). */
  includeSeeds?: boolean;
  includeSnapshots?: boolean;
  title?: string;
  /** A line under the title, e.g. how the file was generated. */
  preamble?: string;
}

function cell(text: string | null | undefined): string {
  return (text ?? '').replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join('; ');
  return String(v);
}

function refName(expr: unknown): string {
  const m = /ref\(\s*['"](?:[^'"]+['"]\s*,\s*['"])?([^'"]+)['"]/.exec(String(expr ?? ''));
  if (m) return m[1]!;
  const s = /source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]/.exec(String(expr ?? ''));
  return s ? `${s[1]}.${s[2]}` : String(expr ?? '');
}

function testLabel(test: ManifestNode): string {
  const meta = test.test_metadata;
  if (!meta) return `${test.name} (singular)`;
  const k = meta.kwargs;
  let label = meta.name;
  if (meta.name === 'accepted_values' && Array.isArray(k.values)) label = `accepted_values (${(k.values as unknown[]).map(String).join(', ')})`;
  else if (meta.name === 'relationships') label = `relationships (→ ${refName(k.to)}.${String(k.field ?? '')})`;
  const severity = String(test.config.severity ?? 'ERROR').toUpperCase();
  return severity === 'WARN' ? `${label} [warn]` : label;
}

function materialization(node: ManifestNode): string {
  const c = node.config;
  let m = String(c.materialized ?? '');
  if (m === 'incremental') {
    const parts = [c.incremental_strategy ? `strategy ${String(c.incremental_strategy)}` : null, c.unique_key ? `unique_key ${formatValue(c.unique_key)}` : null].filter(Boolean);
    if (parts.length) m += ` (${parts.join(', ')})`;
  }
  if (node.resource_type === 'snapshot') {
    m = `snapshot (${String(c.strategy ?? '')} strategy, unique_key ${formatValue(c.unique_key)})`;
  }
  if (node.contract?.enforced) m += ', contract enforced';
  return m;
}

function section(node: ManifestNode, tests: ManifestNode[], catalog: Catalog | null): string[] {
  const lines: string[] = [`### ${node.name}`, ''];
  if (node.description) lines.push(node.description.trim(), '');
  const meta = { ...node.meta };
  const grain = meta.grain;
  delete meta.grain;
  lines.push(`- **Materialization:** ${materialization(node)}`);
  if (grain !== undefined) lines.push(`- **Grain:** ${formatValue(grain)}`);
  for (const [k, v] of Object.entries(meta)) lines.push(`- **${k}:** ${formatValue(v)}`);
  if (node.tags.length) lines.push(`- **Tags:** ${node.tags.join(', ')}`);
  lines.push(`- **File:** \`${node.original_file_path}\``);
  const modelTests = tests.filter((t) => !t.column_name);
  if (modelTests.length) lines.push(`- **Tests:** ${modelTests.map(testLabel).join('; ')}`);
  const cat = catalog?.nodes[node.unique_id];
  const rows = cat?.stats.row_count?.value;
  if (typeof rows === 'number') lines.push(`- **Rows (last build):** ${rows.toLocaleString('en-US')}`);
  lines.push('');

  const names = new Map<string, string>();
  for (const c of Object.keys(node.columns)) names.set(c.toLowerCase(), c);
  for (const c of Object.keys(cat?.columns ?? {})) if (!names.has(c.toLowerCase())) names.set(c.toLowerCase(), c);
  if (names.size) {
    lines.push('| Column | Type | Description | Tests |', '|---|---|---|---|');
    for (const [lower, name] of names) {
      const col = node.columns[name] ?? Object.values(node.columns).find((c) => c.name.toLowerCase() === lower);
      const catCol = cat ? Object.values(cat.columns).find((c) => c.name.toLowerCase() === lower) : undefined;
      const type = col?.data_type ?? catCol?.type ?? '';
      const colTests = tests.filter((t) => t.column_name && t.column_name.replace(/"/g, '').toLowerCase() === lower).map(testLabel);
      lines.push(`| \`${cell(name)}\` | ${cell(type)} | ${cell(col?.description)} | ${cell(colTests.join(', '))} |`);
    }
    lines.push('');
  }
  return lines;
}

export function dataDictionary(manifest: Manifest, catalog: Catalog | null, opts: DictionaryOptions = {}): string {
  const modelPaths = opts.modelPaths ?? ['models/marts/'];
  const nodes = Object.values(manifest.nodes);
  const testsFor = new Map<string, ManifestNode[]>();
  const add = (id: string, t: ManifestNode) => (testsFor.get(id) ?? testsFor.set(id, []).get(id)!).push(t);
  for (const t of nodes) {
    if (t.resource_type !== 'test') continue;
    if (t.attached_node) add(t.attached_node, t);
    // Singular tests belong to every model they read.
    else if (!t.test_metadata) for (const id of t.depends_on.nodes ?? []) add(id, t);
  }
  const byName = (a: ManifestNode, b: ManifestNode) => a.original_file_path.localeCompare(b.original_file_path) || a.name.localeCompare(b.name);
  const models = nodes.filter((n) => n.resource_type === 'model' && modelPaths.some((p) => n.original_file_path.startsWith(p))).sort(byName);
  const seeds = opts.includeSeeds === false ? [] : nodes.filter((n) => n.resource_type === 'seed').sort(byName);
  const snapshots = opts.includeSnapshots === false ? [] : nodes.filter((n) => n.resource_type === 'snapshot').sort(byName);

  const out: string[] = [`# ${opts.title ?? 'Data dictionary'}`, ''];
  if (opts.preamble) out.push(opts.preamble, '');
  const toc = (title: string, list: ManifestNode[]) => (list.length ? [`- ${title}: ${list.map((n) => `[${n.name}](#${n.name})`).join(', ')}`] : []);
  out.push(...toc('Models', models), ...toc('Seeds', seeds), ...toc('Snapshots', snapshots), '');

  let folder = '';
  if (models.length) out.push('## Models', '');
  for (const m of models) {
    const dir = m.original_file_path.split('/').slice(0, -1).join('/');
    if (dir !== folder) {
      folder = dir;
      out.push(`Folder \`${dir}/\``, '');
    }
    out.push(...section(m, testsFor.get(m.unique_id) ?? [], catalog));
  }
  if (seeds.length) out.push('## Seeds', '');
  for (const s of seeds) out.push(...section(s, testsFor.get(s.unique_id) ?? [], catalog));
  if (snapshots.length) out.push('## Snapshots', '');
  for (const s of snapshots) out.push(...section(s, testsFor.get(s.unique_id) ?? [], catalog));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
