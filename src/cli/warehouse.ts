/**
 * The warehouse CLI: `npm run warehouse -- <build|run|test|seed|snapshot|compile|ls|docs|backfill> [flags]`.
 * See `npm run warehouse -- --help`.
 */
import { main } from './warehouse/main';

const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: Boolean(process.stdout.isTTY) && !process.env.CI,
  columns: process.stdout.columns ?? 80,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
