import { md5Hex } from '../util/md5';
import type { SqlValue } from './types';

/**
 * SQL functions SQLite lacks that dbt projects commonly rely on. Both adapters
 * register the same set, so that compiled SQL behaves the same on sql.js and on
 * better-sqlite3.
 */
export interface ScalarFunction {
  name: string;
  deterministic: boolean;
  fn: (...args: SqlValue[]) => SqlValue;
}

const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function text(v: SqlValue): string {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

export const extraFunctions: ScalarFunction[] = [
  {
    name: 'md5',
    deterministic: true,
    fn: (v) => (v === null || v === undefined ? null : md5Hex(text(v))),
  },
  {
    // `x REGEXP y` calls regexp(y, x).
    name: 'regexp',
    deterministic: true,
    fn: (pattern, value) => (pattern === null || value === null ? null : regex(text(pattern)).test(text(value)) ? 1 : 0),
  },
  {
    name: 'regexp_replace',
    deterministic: true,
    fn: (value, pattern, replacement) =>
      value === null || pattern === null
        ? null
        : text(value).replace(new RegExp(text(pattern), 'gu'), replacement === null ? '' : text(replacement)),
  },
];
