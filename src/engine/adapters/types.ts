export type SqlValue = string | number | bigint | Uint8Array | null;

export interface QueryResult {
  columns: string[];
  rows: SqlValue[][];
}

/** The one database interface. Implementations: sql.js (browser and Node) and better-sqlite3 (Node). */
export interface Database {
  readonly engine: 'sqljs' | 'native';
  /** One or more statements, no rows. */
  exec(sql: string): void;
  /** One statement, all rows (columns are returned even when there are no rows). */
  query(sql: string, params?: SqlValue[]): QueryResult;
  /**
   * The column names of one query, without running it: the statement is only
   * prepared, so errors such as a missing table or column surface here too.
   */
  columns(sql: string): string[];
  close(): void;
}
