import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureWarehouse } from '../../src/cli/ensure-warehouse';
import { OUT_ROOT, makeBuilds } from './builds';

export default async function setup(project: TestProject): Promise<() => void> {
  await ensureWarehouse();
  const dir = join(OUT_ROOT, `run-${process.pid}`);
  const started = performance.now();
  const records = await makeBuilds(dir);
  const summary = records.map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'} ${r.elapsed.toFixed(2)}s`).join(', ');
  console.log(`project builds in ${((performance.now() - started) / 1000).toFixed(1)} s into ${dir}: ${summary}`);
  project.provide('projectBuildsDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
