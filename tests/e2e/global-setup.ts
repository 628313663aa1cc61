import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureWarehouse } from '../../src/cli/ensure-warehouse';
import { REPO_ROOT, buildSite, findChromium } from '../../tools/site-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real site, built once for every browser test file; empty when there is no browser to test it with. */
    e2eSiteDir: string;
  }
}

/** Builds the site once: the browser test files serve the same `dist`, each on its own port. */
export default async function setup(project: TestProject): Promise<void> {
  if (!findChromium()) {
    project.provide('e2eSiteDir', '');
    return;
  }
  await ensureWarehouse();
  const dir = path.join(REPO_ROOT, 'target', 'e2e', 'site');
  const started = performance.now();
  await buildSite({ outDir: dir });
  console.log(`site built for the browser tests in ${((performance.now() - started) / 1000).toFixed(1)} s into ${dir}`);
  project.provide('e2eSiteDir', dir);
}
