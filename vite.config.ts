import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { warehousePlugin } from './tools/vite-plugin-warehouse';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));
// The dbt project bundled into the worker. The browser tests point it at a
// small fixture project (with a failing test) built into its own out dir.
const projectDir = path.resolve(repoRoot, process.env.WAREHOUSE_PROJECT_DIR ?? '.');

// base './' makes the built site work from any subpath (GitHub Pages serves
// it under /<repo>/). Data files are fetched with absolute URLs built from
// document.baseURI, because a module worker resolves relative URLs against
// its own file under assets/.
export default defineConfig({
  base: './',
  plugins: [warehousePlugin({ repoRoot, projectDir })],
  // src/worker/project-files.ts globs `@project/...` for the dbt project.
  resolve: { alias: { '@project': projectDir } },
  worker: { format: 'es' },
  optimizeDeps: { include: ['nunjucks', 'sql.js', 'comlink', 'yaml', 'papaparse'] },
  server: { fs: { allow: [repoRoot, projectDir] } },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
});
