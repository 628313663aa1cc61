/**
 * The warehouse CLI: `npm run warehouse -- <build|run|test|seed|snapshot|compile|ls|docs|backfill> [flags]`.
 * See `npm run warehouse -- --help`.
 */
import { main } from './warehouse/main';

// `npm run warehouse -- ls | head`: a reader that stops early is no error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// Ctrl-C once: stop before the next node and save what was built; twice: quit at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
  process.stderr.write('\nInterrupted: stopping after the current node and saving the warehouse (Ctrl-C again to quit without saving).\n');
});

const code = await main(process.argv.slice(2), {
  signal: interrupt.signal,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: Boolean(process.stdout.isTTY) && !process.env.CI,
  columns: process.stdout.columns ?? 80,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
