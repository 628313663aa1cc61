/**
 * npm run generate -- [--scale N] [--seed S] [--out DIR]
 *
 * Simulates the business and writes warehouse/raw_sources.sqlite,
 * warehouse/raw_sources_delta.sqlite and warehouse/ground_truth.json.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCALE, DEFAULT_SEED } from '../generator/config';
import { GenerateInputError, checkScale, generate } from '../generator/index';

const USAGE = `usage: npm run generate -- [--scale N] [--seed S] [--out DIR]

  --scale N   size of the business, a positive number (default ${DEFAULT_SCALE}; 10 for benchmarks)
  --seed S    any text; the same seed and scale give byte-identical files (default ${DEFAULT_SEED})
  --out DIR   output folder (default warehouse/)`;

export interface Args {
  scale?: string;
  seed?: string;
  out?: string;
  help?: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    const m = /^--(scale|seed|out)(?:=(.*))?$/.exec(arg);
    if (!m) {
      throw new GenerateInputError(`unknown argument '${arg}'\n\n${USAGE}`);
    }
    const name = m[1] as 'scale' | 'seed' | 'out';
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new GenerateInputError(`--${name} needs a value\n\n${USAGE}`);
      }
      i++;
    }
    args[name] = value;
  }
  // Check now, so a bad value is reported before any work starts.
  if (args.scale !== undefined) checkScale(args.scale);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const result = await generate({ scale: args.scale ?? DEFAULT_SCALE, seed: args.seed, out: args.out });
  for (const f of result.files) {
    console.log(`  ${f.name.padEnd(26)} ${(f.bytes / 1e6).toFixed(2).padStart(7)} MB`);
  }
  const c = result.counts;
  console.log(
    `Generated seed '${result.seed}' scale ${result.scale} into ${result.out} in ${result.seconds.toFixed(1)} s: ` +
      `${c.paying_accounts} paying accounts, ${c.opportunities} opportunities, ${c.track_events} track events (batch 1), ${c.delta_rows} delta rows.`,
  );
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  main().catch((e: unknown) => {
    if (e instanceof GenerateInputError) {
      console.error(`generate: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  });
}
