/**
 * Snapshots: type-2 slowly changing dimensions, as dbt builds them.
 * Each row version carries dbt_scd_id, dbt_updated_at, dbt_valid_from and
 * dbt_valid_to (NULL, or dbt_valid_to_current, while current). Strategies:
 * `timestamp` (a row changed when its updated_at is newer than the current
 * version's dbt_valid_from) and `check` (when any of check_cols differs).
 * hard_deletes: `ignore`, `invalidate` (close the current version when the
 * key disappears) or `new_record` (also add a version with dbt_is_deleted).
 */
import type { Database } from '../adapters/types';
import { quoteString } from '../compiler/relation';
import { EngineError } from '../errors';
import type { ExecNode } from '../parser/types';
import type { MaterializeResult } from './materializations';
import { atomically, changes, dropRelation, q, relationType, tableColumns } from './sql';

interface MetaNames {
  dbt_valid_from: string;
  dbt_valid_to: string;
  dbt_scd_id: string;
  dbt_updated_at: string;
  dbt_is_deleted: string;
}

function configError(node: ExecNode, message: string, hint: string): EngineError {
  return new EngineError(message, { uniqueId: node.unique_id, file: node.original_file_path, line: node.engine.line }, hint);
}

function settings(node: ExecNode) {
  const c = node.config;
  const strategy = String(c.strategy ?? '');
  if (strategy !== 'timestamp' && strategy !== 'check') {
    throw configError(node, `snapshot strategy is ${JSON.stringify(c.strategy ?? null)}`, "Set strategy to 'timestamp' (with updated_at) or 'check' (with check_cols).");
  }
  const keys = (Array.isArray(c.unique_key) ? c.unique_key : c.unique_key ? [c.unique_key] : []).map(String);
  if (keys.length === 0) throw configError(node, 'snapshot has no unique_key', 'Set unique_key to the column (or list of columns) that identifies a record.');
  const updatedAt = c.updated_at ? String(c.updated_at) : null;
  if (strategy === 'timestamp' && !updatedAt) throw configError(node, "the timestamp strategy needs updated_at", 'Set updated_at to the column holding when the record last changed.');
  const checkCols = c.check_cols;
  if (strategy === 'check' && !(checkCols === 'all' || (Array.isArray(checkCols) && checkCols.length > 0))) {
    throw configError(node, 'the check strategy needs check_cols', "Set check_cols to 'all' or to a list of columns.");
  }
  const hardDeletes = String(c.hard_deletes ?? (c.invalidate_hard_deletes === true ? 'invalidate' : 'ignore'));
  if (!['ignore', 'invalidate', 'new_record'].includes(hardDeletes)) {
    throw configError(node, `hard_deletes is '${hardDeletes}'`, "Use 'ignore', 'invalidate' or 'new_record'.");
  }
  const custom = (c.snapshot_meta_column_names ?? {}) as Partial<MetaNames>;
  const names: MetaNames = {
    dbt_valid_from: custom.dbt_valid_from ?? 'dbt_valid_from',
    dbt_valid_to: custom.dbt_valid_to ?? 'dbt_valid_to',
    dbt_scd_id: custom.dbt_scd_id ?? 'dbt_scd_id',
    dbt_updated_at: custom.dbt_updated_at ?? 'dbt_updated_at',
    dbt_is_deleted: custom.dbt_is_deleted ?? 'dbt_is_deleted',
  };
  const validToCurrent = c.dbt_valid_to_current ? String(c.dbt_valid_to_current) : null;
  return { strategy, keys, updatedAt, checkCols, hardDeletes, names, validToCurrent };
}

/** `now` is the run's timestamp, `YYYY-MM-DD HH:MM:SS` in UTC. */
export function runSnapshot(db: Database, node: ExecNode, sql: string, now: string): MaterializeResult {
  const s = settings(node);
  const n = s.names;
  const name = node.alias;
  const nowSql = quoteString(now);
  const validTo = s.validToCurrent ?? 'null';
  const keyExpr = (alias: string) =>
    s.keys.length === 1 ? `${alias}.${q(s.keys[0]!)}` : s.keys.map((k) => `coalesce(cast(${alias}.${q(k)} as text), '')`).join(` || '|' || `);
  const updated = (alias: string) => (s.updatedAt ? `${alias}.${q(s.updatedAt)}` : nowSql);
  const scdId = (alias: string) => `md5(coalesce(cast(${keyExpr(alias)} as text), '') || '|' || coalesce(cast(${updated(alias)} as text), ''))`;
  const isCurrent = (alias: string) =>
    s.validToCurrent ? `(${alias}.${q(n.dbt_valid_to)} is null or ${alias}.${q(n.dbt_valid_to)} = ${s.validToCurrent})` : `${alias}.${q(n.dbt_valid_to)} is null`;
  const withDeleted = s.hardDeletes === 'new_record';

  const existing = relationType(db, name);
  if (existing === 'view') throw configError(node, `'${name}' exists as a view`, 'Drop the view or rename the snapshot.');

  let rows = 0;
  atomically(db, () => {
    if (!existing) {
      db.exec(
        `create table ${q(name)} as\nselect src.*,\n    ${scdId('src')} as ${q(n.dbt_scd_id)},\n    ${updated('src')} as ${q(n.dbt_updated_at)},\n    ${updated('src')} as ${q(n.dbt_valid_from)},\n    ${validTo} as ${q(n.dbt_valid_to)}${withDeleted ? `,\n    'False' as ${q(n.dbt_is_deleted)}` : ''}\nfrom (\n${sql}\n) src`,
      );
      rows = Number(db.query(`select count(*) from ${q(name)}`).rows[0]![0]);
      return;
    }
    const src = `${name}__dbt_src`;
    const cur = `${name}__dbt_cur`;
    const chg = `${name}__dbt_chg`;
    for (const t of [src, cur, chg]) dropRelation(db, t, 'temp');
    db.exec(`create temp table ${q(src)} as select *, ${keyExpr('s')} as __dbt_key from (\n${sql}\n) s`);
    db.exec(`create index temp.${q(`${src}_key`)} on ${q(src)} (__dbt_key)`);

    const meta = new Set(Object.values(n).map((c) => c.toLowerCase()));
    const sourceCols = tableColumns(db, src, 'temp').filter((c) => c.name !== '__dbt_key' && !meta.has(c.name.toLowerCase()));
    const snapCols = tableColumns(db, name);
    const snapNames = new Set(snapCols.map((c) => c.name.toLowerCase()));
    if (withDeleted && !snapNames.has(n.dbt_is_deleted.toLowerCase())) {
      db.exec(`alter table ${q(name)} add column ${q(n.dbt_is_deleted)} text default 'False'`);
    }
    for (const c of sourceCols) {
      if (!snapNames.has(c.name.toLowerCase())) db.exec(`alter table ${q(name)} add column ${q(c.name)} ${c.type}`);
    }
    const cols = sourceCols.map((c) => q(c.name));

    db.exec(`create temp table ${q(cur)} as select rowid as __dbt_rid, ${keyExpr('t')} as __dbt_key, t.* from ${q(name)} t where ${isCurrent('t')}`);
    db.exec(`create index temp.${q(`${cur}_key`)} on ${q(cur)} (__dbt_key)`);

    let changed: string;
    if (s.strategy === 'timestamp') {
      changed = `c.${q(n.dbt_valid_from)} < s.${q(s.updatedAt!)}`;
    } else {
      const checkCols =
        s.checkCols === 'all' ? sourceCols.map((c) => c.name).filter((c) => !s.keys.includes(c)) : (s.checkCols as unknown[]).map(String);
      changed = checkCols.map((c) => `c.${q(c)} is not s.${q(c)}`).join(' or ') || '0';
    }
    if (withDeleted) changed = `(${changed}) or c.${q(n.dbt_is_deleted)} = 'True'`;

    db.exec(
      `create temp table ${q(chg)} as\nselect s.*, c.__dbt_rid as __dbt_prev from ${q(src)} s join ${q(cur)} c on c.__dbt_key = s.__dbt_key where ${changed}\n` +
        `union all\nselect s.*, null from ${q(src)} s where not exists (select 1 from ${q(cur)} c where c.__dbt_key = s.__dbt_key)`,
    );

    db.exec(
      `update ${q(name)} set ${q(n.dbt_valid_to)} = (select ${updated('x')} from ${q(chg)} x where x.__dbt_prev = ${q(name)}.rowid)\nwhere rowid in (select __dbt_prev from ${q(chg)} where __dbt_prev is not null)`,
    );
    rows += changes(db);
    const metaCols = [n.dbt_scd_id, n.dbt_updated_at, n.dbt_valid_from, n.dbt_valid_to, ...(withDeleted ? [n.dbt_is_deleted] : [])].map(q);
    db.exec(
      `insert into ${q(name)} (${[...cols, ...metaCols].join(', ')})\nselect ${cols.map((c) => `x.${c}`).join(', ')}, ${scdId('x')}, ${updated('x')}, ${updated('x')}, ${validTo}${withDeleted ? `, 'False'` : ''}\nfrom ${q(chg)} x`,
    );
    rows += changes(db);

    if (s.hardDeletes !== 'ignore') {
      const gone = `select __dbt_rid from ${q(cur)} c where not exists (select 1 from ${q(src)} s where s.__dbt_key = c.__dbt_key)${withDeleted ? ` and c.${q(n.dbt_is_deleted)} is not 'True'` : ''}`;
      if (withDeleted) {
        db.exec(
          `insert into ${q(name)} (${[...cols, ...metaCols].join(', ')})\nselect ${cols.map((c) => `t.${c}`).join(', ')}, md5(coalesce(cast(${keyExpr('t')} as text), '') || '|' || ${nowSql} || '|deleted'), ${nowSql}, ${nowSql}, ${validTo}, 'True'\nfrom ${q(name)} t where t.rowid in (${gone})`,
        );
        rows += changes(db);
      }
      db.exec(`update ${q(name)} set ${q(n.dbt_valid_to)} = ${nowSql} where rowid in (${gone})`);
      rows += changes(db);
    }
    for (const t of [src, cur, chg]) dropRelation(db, t, 'temp');
  });
  return { message: `INSERT ${rows}`, rowsAffected: rows };
}
