/**
 * Makes sure the generated warehouse exists and matches the generator, the
 * seed CSVs, the seed and the scale; regenerates it when anything is missing
 * or stale. `npm start`, `npm test` and `npm run build` call it, so a fresh
 * clone needs no extra step. Run directly, it ensures the default warehouse.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCALE, DEFAULT_SEED } from '../generator/config';
import { GenerateInputError, generate } from '../generator/index';
import { DEFAULT_OUT, DEFAULT_SEEDS, OUTPUT_FILES, STAMP_FILE, type Stamp, makeStamp } from '../generator/stamp';

export interface EnsureOptions {
  out?: string;
  scale?: number;
  seed?: string;
  /** Where the one status line goes; default console.log. */
  log?: (line: string) => void;
}

export interface EnsureResult {
  regenerated: boolean;
  /** Why it regenerated, or 'up to date'. */
  reason: string;
  out: string;
}

function staleness(out: string, expected: Stamp): string | null {
  const missing = OUTPUT_FILES.filter((f) => !existsSync(join(out, f)));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  let found: Partial<Stamp>;
  try {
    found = JSON.parse(readFileSync(join(out, STAMP_FILE), 'utf8')) as Partial<Stamp>;
  } catch {
    return `no readable ${STAMP_FILE}`;
  }
  if (found.generator_version !== expected.generator_version) return `generator version ${found.generator_version} -> ${expected.generator_version}`;
  if (found.seed !== expected.seed) return `seed '${found.seed}' -> '${expected.seed}'`;
  if (found.scale !== expected.scale) return `scale ${found.scale} -> ${expected.scale}`;
  if (found.inputs_sha256 !== expected.inputs_sha256) return 'generator sources or seed CSVs changed';
  return null;
}

export async function ensureWarehouse(options: EnsureOptions = {}): Promise<EnsureResult> {
  const out = options.out ?? DEFAULT_OUT;
  const scale = options.scale ?? DEFAULT_SCALE;
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? ((line: string) => console.log(line));
  const reason = staleness(out, makeStamp(seed, scale, DEFAULT_SEEDS));
  if (reason === null) {
    log(`warehouse: up to date in ${out} (seed '${seed}', scale ${scale})`);
    return { regenerated: false, reason: 'up to date', out };
  }
  const result = await generate({ out, scale, seed });
  log(`warehouse: regenerated in ${result.seconds.toFixed(1)} s (${reason}) into ${out}`);
  return { regenerated: true, reason, out };
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  ensureWarehouse().catch((e: unknown) => {
    console.error(e instanceof GenerateInputError ? `warehouse: ${e.message}` : e);
    process.exit(e instanceof GenerateInputError ? 2 : 1);
  });
}
