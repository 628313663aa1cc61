/**
 * The first parse of a project in a fresh process, as a browser tab pays it:
 * `firstParse(root)` runs this file with tsx in a child process and returns
 * its wall and CPU time. A child, because in the bench's own process the JIT
 * has already warmed the parser up on the generated project. `engine` picks
 * another checkout's engine (`<checkout>/src/engine/index.ts`) to compare.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeProjectFiles } from '../project-files';

const THIS_ENGINE = fileURLToPath(new URL('../../engine/index.ts', import.meta.url));

export interface FirstParse {
  ms: number;
  cpuMs: number;
}

/** Set in the child, which must never start another one. */
const CHILD = 'BENCH_FIRST_PARSE_CHILD';

export function firstParse(root: string, engine = THIS_ENGINE): FirstParse {
  if (process.env[CHILD]) throw new Error('firstParse() called inside its own child process');
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), root, engine], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, [CHILD]: '1' },
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as FirstParse;
}

if (process.env[CHILD] && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { parseProject } = (await import(pathToFileURL(process.argv[3] ?? THIS_ENGINE).href)) as typeof import('../../engine/index');
  const files = nodeProjectFiles(process.argv[2] ?? process.cwd());
  files.list();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  parseProject(files);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
}
