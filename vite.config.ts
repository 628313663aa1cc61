import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
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
  plugins: [
    warehousePlugin({ repoRoot, projectDir }),
    // Offline use: a Workbox service worker precaches every file of the
    // built site, the wasm and the gzipped raw files included, so a second
    // visit loads and builds with the network off. `prompt`: a new version
    // waits until the visitor accepts it (src/app/offline.ts); registration
    // is ours, so no inline script is injected (the page's CSP forbids one).
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      filename: 'sw.js',
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,svg,gz}'],
        globIgnores: ['**/*.map'],
        // The raw file is 3.5 MB gzipped; the default limit (2 MiB) would leave it out.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        // Hash routes: every view is index.html itself, so navigations need no fallback.
        navigateFallback: null,
        cleanupOutdatedCaches: true,
        // Vite's file names carry a content hash: no need to re-download those to check them.
        dontCacheBustURLsMatching: /-[A-Za-z0-9_-]{8}\.(js|css|wasm)$/,
      },
    }),
  ],
  // src/worker/project-files.ts globs `@project/...` for the dbt project.
  resolve: { alias: { '@project': projectDir } },
  worker: { format: 'es' },
  optimizeDeps: { include: ['nunjucks', 'sql.js', 'comlink', 'yaml', 'papaparse'] },
  server: { fs: { allow: [repoRoot, projectDir] } },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
});
