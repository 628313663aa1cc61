import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWarehouse } from '../../../src/generator/index';
import { REPO_ROOT } from '../../../src/generator/stamp';
import { openDb, rows } from './support';

/** docs/source-map.md documents every raw table and column, and nothing that is not there. */

function documented(): Map<string, { columns: string[]; types: string[]; model: string | null }> {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'source-map.md'), 'utf8');
  const tables = new Map<string, { columns: string[]; types: string[]; model: string | null }>();
  let current: { columns: string[]; types: string[]; model: string | null } | null = null;
  const prose = new Map<object, string>();
  for (const line of text.split('\n')) {
    const heading = /^### `([a-z_]+__[a-z_]+)`/.exec(line);
    if (heading) {
      current = { columns: [], types: [], model: null };
      tables.set(heading[1]!, current);
      continue;
    }
    if (line.startsWith('#')) current = null;
    if (!current) continue;
    prose.set(current, `${prose.get(current) ?? ''} ${line}`);
    const model = /Read by\s+`(stg_[a-z_]+__[a-z_]+)`/.exec(prose.get(current)!);
    if (model) current.model ??= model[1]!;
    const row = /^\| `([A-Za-z_][A-Za-z0-9_]*)` \| (TEXT|INTEGER|REAL) \|/.exec(line);
    if (row) {
      current.columns.push(row[1]!);
      current.types.push(row[2]!);
    }
  }
  return tables;
}

let actual: Map<string, { columns: string[]; types: string[] }>;

beforeAll(async () => {
  const b = await buildWarehouse('source-map', 0.05);
  actual = new Map();
  for (const bytes of [b.raw, b.delta]) {
    const db = await openDb(bytes);
    for (const t of rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      const info = rows(db, `SELECT name, type FROM pragma_table_info('${String(t.name)}')`);
      actual.set(String(t.name), { columns: info.map((c) => String(c.name)), types: info.map((c) => String(c.type)) });
    }
  }
});

describe('docs/source-map.md', () => {
  it('has a section for every raw table and no other', () => {
    expect([...documented().keys()].sort()).toEqual([...actual.keys()].sort());
  });

  it('lists every column with its type, in table order', () => {
    const docs = documented();
    for (const [table, cols] of actual) {
      expect(docs.get(table)?.columns, table).toEqual(cols.columns);
      expect(docs.get(table)?.types, table).toEqual(cols.types);
    }
  });

  it('names the staging model that reads each table', () => {
    for (const [table, doc] of documented()) {
      const [source, object] = table.split('__') as [string, string];
      expect(doc.model, table).toMatch(new RegExp(`^stg_${source}__${object.slice(0, 6)}`));
    }
  });
});
