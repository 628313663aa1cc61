import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateBusiness } from './business';
import {
  BATCH1_CUTOFF,
  DEFAULT_SCALE,
  DEFAULT_SEED,
  DELTA_DATA_END,
  DELTA_EXTRACTED_AT,
  GENERATOR_VERSION,
  type GenerateOptions,
  HISTORY_START,
  INTERNAL_DOMAIN,
} from './config';
import { batch1Mess, deltaMess } from './mess-report';
import { Rng } from './prng';
import { renderAll } from './render';
import { loadSeeds } from './seeds';
import { sqliteImage } from './sqlite';
import { DEFAULT_OUT, DEFAULT_SEEDS, OUTPUT_FILES, STAMP_FILE, makeStamp } from './stamp';
import { type GroundTruth, computeSection } from './truth';
import { tsStr } from './time';
import { BATCH1_HORIZON_MS, DELTA_HORIZON_MS, World } from './world';

export type { GenerateOptions } from './config';
export type {
  GroundTruth,
  MessReport,
  Movement,
  TruthAccount,
  TruthDay,
  TruthEventCount,
  TruthIdentity,
  TruthInvoice,
  TruthLogos,
  TruthMeta,
  TruthMovement,
  TruthMrr,
  TruthMrrMonth,
  TruthOpportunity,
  TruthSection,
} from './truth';

/** A problem with the caller's input (bad scale, unwritable folder): report it, no stack trace. */
export class GenerateInputError extends Error {}

export interface GenerateResult {
  out: string;
  seed: string;
  scale: number;
  files: { name: string; bytes: number }[];
  seconds: number;
  counts: Record<string, number>;
}

export function checkScale(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') {
    throw new GenerateInputError(`--scale needs a value: a positive number such as 1 or 0.5`);
  }
  if (!Number.isFinite(n) || n <= 0) {
    throw new GenerateInputError(`--scale must be a positive number such as 1 or 0.5, got '${String(value)}'`);
  }
  // Memory grows by about 170 MB per unit of scale; 20 stays inside Node's default heap.
  if (n > 20) throw new GenerateInputError(`--scale ${n} is too large: use at most 20 (10 is the benchmark size)`);
  return n;
}

/** Simulates the business and builds every output in memory. */
export async function buildWarehouse(seed: string, scale: number, seedsDir = DEFAULT_SEEDS): Promise<{ raw: Uint8Array; delta: Uint8Array; truth: GroundTruth; counts: Record<string, number> }> {
  const seeds = loadSeeds(seedsDir);
  const rng = new Rng(seed);
  const world = new World(rng, seeds, scale);
  const biz = simulateBusiness(world);
  const rendered = renderAll(world, biz.segment, rng.fork('loader'));
  const batch1 = computeSection({ world, biz, horizonMs: BATCH1_HORIZON_MS, lastInstant: BATCH1_CUTOFF });
  const both = computeSection({ world, biz, horizonMs: DELTA_HORIZON_MS, lastInstant: DELTA_DATA_END });
  const truth: GroundTruth = {
    meta: {
      generator_version: GENERATOR_VERSION,
      seed,
      scale,
      history_start: tsStr(HISTORY_START),
      batch1_cutoff: tsStr(BATCH1_CUTOFF),
      delta_data_end: tsStr(DELTA_DATA_END),
      delta_extracted_at: tsStr(DELTA_EXTRACTED_AT),
      internal_domain: INTERNAL_DOMAIN,
    },
    batch1,
    batch1_plus_delta: both,
    mess: { batch1: batch1Mess(rendered.batch1, batch1), delta: deltaMess(rendered.delta, rendered.batch1) },
  };
  const raw = await sqliteImage(rendered.batch1);
  const delta = await sqliteImage(rendered.delta);
  // Batch 1 alone, and real records only: no duplicates, deleted or test rows.
  const counts = {
    paying_accounts: new Set(batch1.mrr.filter((m) => m.mrr_local > 0).map((m) => m.account_id)).size,
    opportunities: batch1.opportunities.length,
    track_events: new Set((rendered.batch1.get('segment__tracks') ?? []).map((r) => r.id)).size,
    delta_rows: [...rendered.delta.values()].reduce((s, rows) => s + rows.length, 0),
  };
  return { raw, delta, truth, counts };
}

/**
 * Writes raw_sources.sqlite, raw_sources_delta.sqlite, ground_truth.json and
 * the stamp to `out`. Files are written under temporary names and renamed at
 * the end, so a failure never leaves a half-written warehouse behind.
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = performance.now();
  const scale = checkScale(options.scale ?? DEFAULT_SCALE);
  const seed = String(options.seed ?? DEFAULT_SEED);
  if (seed.trim() === '') throw new GenerateInputError(`--seed needs a value, such as --seed ${DEFAULT_SEED}`);
  const out = options.out ?? DEFAULT_OUT;
  const seedsDir = options.seedsDir ?? DEFAULT_SEEDS;

  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new GenerateInputError(`cannot create the output folder '${out}' (${(e as NodeJS.ErrnoException).code ?? String(e)}): choose a writable --out`);
  }
  // Hash the inputs before building: if a source file changes during the
  // run, the stamp must not claim the new inputs for output of the old ones.
  const stamp = makeStamp(seed, scale, seedsDir);
  const built = await buildWarehouse(seed, scale, seedsDir);
  const contents: [string, Uint8Array | string][] = [
    ['raw_sources.sqlite', built.raw],
    ['raw_sources_delta.sqlite', built.delta],
    ['ground_truth.json', `${JSON.stringify(built.truth)}\n`],
  ];
  const suffix = `.tmp-${process.pid}`;
  const temps: string[] = [];
  try {
    for (const [name, data] of contents) {
      const tmp = join(out, name + suffix);
      temps.push(tmp);
      writeFileSync(tmp, data);
    }
  } catch (e) {
    for (const tmp of temps) rmSync(tmp, { force: true });
    throw new GenerateInputError(`cannot write to '${out}' (${(e as NodeJS.ErrnoException).code ?? String(e)}): choose a writable --out`);
  }
  // The stamp goes first, invalidated, and last, valid: an interrupted rename leaves a stale stamp.
  rmSync(join(out, STAMP_FILE), { force: true });
  try {
    for (const [name] of contents) renameSync(join(out, name + suffix), join(out, name));
  } catch (e) {
    for (const tmp of temps) rmSync(tmp, { force: true });
    throw new GenerateInputError(`cannot replace the files in '${out}' (${(e as NodeJS.ErrnoException).code ?? String(e)}): is one of them open or a folder?`);
  }
  writeFileSync(join(out, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);

  return {
    out,
    seed,
    scale,
    files: contents.map(([name, data]) => ({ name, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength })),
    seconds: (performance.now() - started) / 1000,
    counts: built.counts,
  };
}

export { OUTPUT_FILES, STAMP_FILE };
