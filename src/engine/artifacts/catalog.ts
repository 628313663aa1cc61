/**
 * The built warehouse -> dbt catalog v1: each relation's columns with their
 * types, and for tables the row count. SQLite often has no declared type (a
 * table built with CREATE TABLE AS from an expression); the type of the
 * first non-null value stands in then.
 *
 * Views get no row count, as in dbt's own adapters: counting a view runs its
 * whole query, which was most of the time this took (146 of 211 ms for the
 * model project's 17 views).
 */
import type { Database } from '../adapters/types';
import { quoteIdent } from '../compiler/relation';
import type { Project } from '../parser/types';
import { metadata } from './manifest';
import { CATALOG_SCHEMA, type Catalog, type CatalogTable } from './types';

const DECLARED: Record<string, string> = { INT: 'INTEGER', NUM: 'NUMERIC' };

interface Relation {
  type: string;
  columns: { name: string; type: string }[];
}

/** Every table and view with its columns, in one query; null if that fails (a view over a missing table, say). */
function allRelations(db: Database): Map<string, Relation> | null {
  let rows;
  try {
    rows = db.query(
      `select m.name, m.type, p.name, p.type
       from sqlite_master as m, pragma_table_info(m.name) as p
       where m.type in ('table', 'view')
       order by m.name, p.cid`,
    ).rows;
  } catch {
    return null;
  }
  const out = new Map<string, Relation>();
  for (const [name, type, column, columnType] of rows) {
    const key = String(name);
    let rel = out.get(key);
    if (!rel) out.set(key, (rel = { type: String(type), columns: [] }));
    rel.columns.push({ name: String(column), type: String(columnType ?? '').toUpperCase() });
  }
  return out;
}

/** One relation's type and columns, queried on its own (when the batched query failed). */
function oneRelation(db: Database, name: string): Relation | null {
  const row = db.query(`select type from sqlite_master where name = ? and type in ('table', 'view')`, [name]).rows[0];
  if (!row) return null;
  const columns = db.query(`select name, type from pragma_table_info(?)`, [name]).rows.map(([n, t]) => ({
    name: String(n),
    type: String(t ?? '').toUpperCase(),
  }));
  return { type: String(row[0]), columns };
}

function describe(db: Database, name: string, uniqueId: string, found: Relation | null): CatalogTable | null {
  if (!found) return null;
  const type = found.type;
  const info = found.columns.map((c) => ({ ...c }));
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
  const columns: CatalogTable['columns'] = {};
  info.forEach((c, i) => {
    columns[c.name] = { type: DECLARED[c.type] ?? (c.type || 'UNKNOWN'), index: i + 1, name: c.name, comment: null };
  });
  const stats: CatalogTable['stats'] = {};
  if (type === 'table') {
    const count = Number(db.query(`select count(*) from ${rel}`).rows[0]![0]);
    stats.row_count = { id: 'row_count', label: 'Row Count', value: count, include: true, description: 'Number of rows' };
  }
  stats.has_stats = {
    id: 'has_stats',
    label: 'Has Stats?',
    value: type === 'table',
    include: false,
    description: 'Whether the relation has statistics',
  };
  return {
    metadata: { type, schema: 'main', name, database: 'main', comment: null, owner: null },
    columns,
    stats,
    unique_id: uniqueId,
  };
}

export function catalog(project: Project, db: Database): Catalog {
  const nodes: Catalog['nodes'] = {};
  const sources: Catalog['sources'] = {};
  const errors: string[] = [];
  const relations = allRelations(db);
  const add = (into: Record<string, CatalogTable>, name: string, uniqueId: string) => {
    try {
      const t = describe(db, name, uniqueId, relations ? (relations.get(name) ?? null) : oneRelation(db, name));
      if (t) into[uniqueId] = t;
    } catch (e) {
      errors.push(`${uniqueId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const node of Object.values(project.nodes)) {
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    add(nodes, node.alias, node.unique_id);
  }
  for (const source of Object.values(project.sources)) add(sources, source.table, source.unique_id);
  return { metadata: metadata(project, CATALOG_SCHEMA), nodes, sources, errors: errors.length ? errors : null };
}
