/**
 * view, table and incremental on SQLite. Every materialization runs inside a
 * savepoint and swaps the new relation in at the end, so a failure leaves the
 * previous relation untouched.
 */
import type { Database } from '../adapters/types';
import { ContractError, EngineError } from '../errors';
import type { ExecNode } from '../parser/types';
import { checkContractNames, checkContractTypes, contractColumns, contractDdl } from './contract';
import { atomically, changes, dropRelation, mentionsRelation, q, queryColumns, tableColumns } from './sql';

export interface MaterializeResult {
  /** Shown by the CLI, like dbt's adapter message. */
  message: string;
  rowsAffected: number | null;
}

function enforced(node: ExecNode): boolean {
  return node.contract.enforced;
}

export function materializeView(db: Database, node: ExecNode, sql: string): MaterializeResult {
  const name = node.alias;
  if (enforced(node)) checkContractNames(node, queryColumns(db, sql));
  atomically(db, () => {
    dropRelation(db, name);
    db.exec(`create view ${q(name)} as\n${sql}\n`);
    // SQLite accepts a view over a missing table; preparing a read of it (without running it) catches that now, not downstream.
    db.columns(`select * from ${q(name)}`);
  });
  return { message: 'OK', rowsAffected: null };
}

/** Builds `sql` into a fresh table named `into` (typed by the contract when there is one). */
function buildTable(db: Database, node: ExecNode, sql: string, into: string): void {
  dropRelation(db, into);
  if (enforced(node)) {
    checkContractNames(node, queryColumns(db, sql));
    const cols = contractColumns(node).map((c) => q(c.name)).join(', ');
    db.exec(`create table ${q(into)} (\n    ${contractDdl(node)}\n)`);
    db.exec(`insert into ${q(into)} (${cols})\nselect ${cols} from (\n${sql}\n) dbt_contract_subquery`);
    checkContractTypes(db, node, into);
  } else {
    db.exec(`create table ${q(into)} as\n${sql}\n`);
  }
}

export function materializeTable(db: Database, node: ExecNode, sql: string): MaterializeResult {
  const name = node.alias;
  atomically(db, () => {
    if (mentionsRelation(sql, name)) {
      // The query may read the table it replaces ({{ this }}): build beside it, then swap.
      const tmp = `${name}__dbt_tmp`;
      buildTable(db, node, sql, tmp);
      dropRelation(db, name);
      db.exec(`alter table ${q(tmp)} rename to ${q(name)}`);
    } else {
      // buildTable drops the old relation first; the savepoint makes that atomic.
      // A rename would cost more: SQLite re-parses every CREATE statement of the schema for it.
      buildTable(db, node, sql, name);
    }
  });
  return { message: 'OK', rowsAffected: null };
}

function keyList(uniqueKey: unknown): string[] {
  if (uniqueKey === null || uniqueKey === undefined || uniqueKey === '') return [];
  return (Array.isArray(uniqueKey) ? uniqueKey : [uniqueKey]).map(String);
}

/**
 * The incremental step (the target already exists): new rows land in a temp
 * table, schema changes are handled per on_schema_change, then the strategy
 * moves them into the target.
 */
export function materializeIncremental(db: Database, node: ExecNode, sql: string): MaterializeResult {
  const name = node.alias;
  const tmp = `${name}__dbt_new`;
  const keys = keyList(node.config.unique_key);
  // One of INCREMENTAL_STRATEGIES: the parser refuses any other.
  const strategy = String(node.config.incremental_strategy ?? (keys.length ? 'delete+insert' : 'append'));
  if (enforced(node)) checkContractNames(node, queryColumns(db, sql));
  let rows = 0;
  atomically(db, () => {
    dropRelation(db, tmp, 'temp');
    db.exec(`create temp table ${q(tmp)} as\n${sql}\n`);
    const source = tableColumns(db, tmp, 'temp');
    const target = tableColumns(db, name);
    const cols = reconcileSchema(db, node, source, target);
    const colList = cols.map(q).join(', ');
    const missingKeys = keys.filter((k) => !cols.some((c) => c.toLowerCase() === k.toLowerCase()));
    if (missingKeys.length) {
      throw new EngineError(
        `unique_key column(s) ${missingKeys.join(', ')} are not in the model's output`,
        { uniqueId: node.unique_id, file: node.original_file_path },
        'Make unique_key name columns that the model selects.',
      );
    }
    const predicates = (Array.isArray(node.config.incremental_predicates) ? node.config.incremental_predicates : [])
      .map((p) => ` and (${String(p)})`)
      .join('');
    const match = keys.map((k) => `DBT_INTERNAL_DEST.${q(k)} = DBT_INTERNAL_SOURCE.${q(k)}`).join(' and ');
    if (strategy === 'delete+insert' && keys.length) {
      const destKeys = keys.map((k) => `DBT_INTERNAL_DEST.${q(k)}`);
      const lhs = keys.length === 1 ? destKeys[0]! : `(${destKeys.join(', ')})`;
      db.exec(`delete from ${q(name)} as DBT_INTERNAL_DEST where ${lhs} in (select ${keys.map(q).join(', ')} from temp.${q(tmp)})${predicates}`);
      db.exec(`insert into ${q(name)} (${colList}) select ${colList} from temp.${q(tmp)}`);
      rows = changes(db);
    } else if (strategy === 'merge' && keys.length) {
      const keySet = new Set(keys.map((k) => k.toLowerCase()));
      let updateCols = cols.filter((c) => !keySet.has(c.toLowerCase()));
      if (Array.isArray(node.config.merge_update_columns) && Array.isArray(node.config.merge_exclude_columns)) {
        throw new EngineError(
          'merge_update_columns and merge_exclude_columns cannot both be set',
          { uniqueId: node.unique_id, file: node.original_file_path },
          'Keep one of them, as dbt requires.',
        );
      }
      for (const key of ['merge_update_columns', 'merge_exclude_columns'] as const) {
        const listed = node.config[key];
        if (!Array.isArray(listed)) continue;
        const unknown = listed.map(String).find((c) => !cols.some((col) => col.toLowerCase() === c.toLowerCase()));
        if (unknown !== undefined) {
          throw new EngineError(
            `${key} names '${unknown}', which the model does not select (its columns: ${cols.join(', ')})`,
            { uniqueId: node.unique_id, file: node.original_file_path },
            `Fix the name in ${key}.`,
          );
        }
      }
      if (Array.isArray(node.config.merge_update_columns)) {
        const only = new Set(node.config.merge_update_columns.map((c) => String(c).toLowerCase()));
        updateCols = updateCols.filter((c) => only.has(c.toLowerCase()));
      }
      if (Array.isArray(node.config.merge_exclude_columns)) {
        const skip = new Set(node.config.merge_exclude_columns.map((c) => String(c).toLowerCase()));
        updateCols = updateCols.filter((c) => !skip.has(c.toLowerCase()));
      }
      if (updateCols.length) {
        db.exec(
          `update ${q(name)} as DBT_INTERNAL_DEST set ${updateCols.map((c) => `${q(c)} = DBT_INTERNAL_SOURCE.${q(c)}`).join(', ')}\nfrom temp.${q(tmp)} as DBT_INTERNAL_SOURCE\nwhere ${match}${predicates}`,
        );
        rows += changes(db);
      }
      // The predicates are part of the match, as in dbt's merge ... on (predicates) and (keys): a row they leave unmatched is inserted.
      db.exec(
        `insert into ${q(name)} (${colList})\nselect ${colList} from temp.${q(tmp)} as DBT_INTERNAL_SOURCE\nwhere not exists (select 1 from ${q(name)} as DBT_INTERNAL_DEST where ${match}${predicates})`,
      );
      rows += changes(db);
    } else {
      db.exec(`insert into ${q(name)} (${colList}) select ${colList} from temp.${q(tmp)}`);
      rows = changes(db);
    }
    dropRelation(db, tmp, 'temp');
  });
  return { message: `INSERT ${rows}`, rowsAffected: rows };
}

/** Applies on_schema_change and returns the columns to insert. */
function reconcileSchema(
  db: Database,
  node: ExecNode,
  source: { name: string; type: string }[],
  target: { name: string; type: string }[],
): string[] {
  const mode = String(node.config.on_schema_change ?? 'ignore');
  const targetNames = new Set(target.map((c) => c.name.toLowerCase()));
  const sourceNames = new Set(source.map((c) => c.name.toLowerCase()));
  const added = source.filter((c) => !targetNames.has(c.name.toLowerCase()));
  const removed = target.filter((c) => !sourceNames.has(c.name.toLowerCase()));
  const common = source.filter((c) => targetNames.has(c.name.toLowerCase())).map((c) => c.name);
  if (added.length === 0 && removed.length === 0) return common;
  switch (mode) {
    case 'ignore':
      return common;
    case 'fail':
      throw new ContractError(
        `the new rows and the existing table have different columns (on_schema_change='fail'): ` +
          `new columns [${added.map((c) => c.name).join(', ')}], missing columns [${removed.map((c) => c.name).join(', ')}]`,
        { uniqueId: node.unique_id, file: node.original_file_path },
        "Rebuild it with --full-refresh, or set on_schema_change to 'append_new_columns' or 'sync_all_columns'.",
      );
    case 'append_new_columns':
      for (const c of added) db.exec(`alter table ${q(node.alias)} add column ${q(c.name)} ${c.type}`);
      return [...common, ...added.map((c) => c.name)];
    case 'sync_all_columns':
      for (const c of added) db.exec(`alter table ${q(node.alias)} add column ${q(c.name)} ${c.type}`);
      for (const c of removed) db.exec(`alter table ${q(node.alias)} drop column ${q(c.name)}`);
      return source.map((c) => c.name);
    default:
      throw new EngineError(
        `on_schema_change '${mode}' is not one of ignore, append_new_columns, sync_all_columns, fail`,
        { uniqueId: node.unique_id, file: node.original_file_path },
      );
  }
}
