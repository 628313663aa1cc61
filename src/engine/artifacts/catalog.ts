/**
 * The built warehouse -> dbt catalog v1: each relation's columns with their
 * types, and its row count. SQLite often has no declared type (a table built
 * with CREATE TABLE AS from an expression); the type of the first non-null
 * value stands in then.
 */
import type { Database } from '../adapters/types';
import { quoteIdent } from '../compiler/relation';
import type { Project } from '../parser/types';
import { metadata } from './manifest';
import { CATALOG_SCHEMA, type Catalog, type CatalogTable } from './types';

const DECLARED: Record<string, string> = { INT: 'INTEGER', NUM: 'NUMERIC' };

function describe(db: Database, name: string, uniqueId: string): CatalogTable | null {
  const row = db.query(`select type from sqlite_master where name = ? and type in ('table', 'view')`, [name]).rows[0];
  if (!row) return null;
  const type = String(row[0]);
  const info = db.query(`select name, type from pragma_table_info(?)`, [name]).rows.map(([n, t]) => ({
    name: String(n),
    type: String(t ?? '').toUpperCase(),
  }));
  const rel = quoteIdent(name);
  const untyped = info.filter((c) => c.type === '');
  if (untyped.length) {
    const first = db.query(`select ${untyped.map((c) => `typeof(${quoteIdent(c.name)})`).join(', ')} from ${rel} limit 1`).rows[0];
    untyped.forEach((c, i) => {
      const t = first ? String(first[i]) : 'null';
      if (t !== 'null') c.type = t.toUpperCase();
      else if (type === 'table') {
        const found = db.query(`select typeof(${quoteIdent(c.name)}) from ${rel} where ${quoteIdent(c.name)} is not null limit 1`).rows[0];
        if (found) c.type = String(found[0]).toUpperCase();
      }
    });
  }
  const count = Number(db.query(`select count(*) from ${rel}`).rows[0]![0]);
  const columns: CatalogTable['columns'] = {};
  info.forEach((c, i) => {
    columns[c.name] = { type: DECLARED[c.type] ?? (c.type || 'UNKNOWN'), index: i + 1, name: c.name, comment: null };
  });
  return {
    metadata: { type, schema: 'main', name, database: 'main', comment: null, owner: null },
    columns,
    stats: {
      row_count: { id: 'row_count', label: 'Row Count', value: count, include: true, description: 'Number of rows' },
      has_stats: { id: 'has_stats', label: 'Has Stats?', value: true, include: false, description: 'Whether the relation has statistics' },
    },
    unique_id: uniqueId,
  };
}

export function catalog(project: Project, db: Database): Catalog {
  const nodes: Catalog['nodes'] = {};
  const sources: Catalog['sources'] = {};
  const errors: string[] = [];
  for (const node of Object.values(project.nodes)) {
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    try {
      const t = describe(db, node.alias, node.unique_id);
      if (t) nodes[node.unique_id] = t;
    } catch (e) {
      errors.push(`${node.unique_id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const source of Object.values(project.sources)) {
    try {
      const t = describe(db, source.table, source.unique_id);
      if (t) sources[source.unique_id] = t;
    } catch (e) {
      errors.push(`${source.unique_id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { metadata: metadata(project, CATALOG_SCHEMA), nodes, sources, errors: errors.length ? errors : null };
}
