import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION } from './config';
import { SEED_FILES } from './seeds';

/**
 * What the generated files depend on: generator version, seed, scale, the
 * seed CSVs and the generator's own sources. When any of them changes, the
 * files are stale and `ensureWarehouse()` rebuilds them.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUT = join(REPO_ROOT, 'warehouse');
export const DEFAULT_SEEDS = join(REPO_ROOT, 'warehouse', 'seeds');
export const STAMP_FILE = '.stamp.json';
export const OUTPUT_FILES = ['raw_sources.sqlite', 'raw_sources_delta.sqlite', 'ground_truth.json'] as const;

export interface Stamp {
  generator_version: string;
  seed: string;
  scale: number;
  /** sha256 of the seed CSVs and src/generator/*.ts. */
  inputs_sha256: string;
}

export function inputsHash(seedsDir: string): string {
  const hash = createHash('sha256');
  for (const f of SEED_FILES) {
    hash.update(f);
    hash.update(readFileSync(join(seedsDir, f)));
  }
  const genDir = join(REPO_ROOT, 'src', 'generator');
  for (const f of readdirSync(genDir).filter((n) => n.endsWith('.ts')).sort()) {
    hash.update(f);
    hash.update(readFileSync(join(genDir, f)));
  }
  return hash.digest('hex');
}

export function makeStamp(seed: string, scale: number, seedsDir: string): Stamp {
  return { generator_version: GENERATOR_VERSION, seed, scale, inputs_sha256: inputsHash(seedsDir) };
}
