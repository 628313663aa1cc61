/**
 * dbt's published JSON Schemas (../shared/, outside the repo): artifact
 * schemas are draft 2020-12, the project-file schemas draft-07; each is
 * compiled with the Ajv class its `$schema` asks for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './helpers';

export const ARTIFACT_SCHEMAS = resolve(REPO_ROOT, '../shared/dbt-artifact-schemas');
export const PROJECT_SCHEMAS = resolve(REPO_ROOT, '../shared/dbt-jsonschema');

const warned = new Set<string>();

/** True when the folder exists; otherwise says once why the schema tests are skipped. */
export function schemasPresent(dir: string): boolean {
  if (existsSync(dir)) return true;
  if (!warned.has(dir)) {
    warned.add(dir);
    console.warn(`${dir} is absent: the tests that validate against dbt's JSON Schemas are skipped.`);
  }
  return false;
}

const cache = new Map<string, ValidateFunction>();

export function validator(dir: string, file: string): ValidateFunction {
  const path = join(dir, file);
  const cached = cache.get(path);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { $schema?: string };
  const draft2020 = String(schema.$schema ?? '').includes('2020-12');
  const ajv = draft2020 ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  cache.set(path, validate);
  return validate;
}

/** Readable validation errors, for assertion messages. */
export function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
    .join('\n');
}
