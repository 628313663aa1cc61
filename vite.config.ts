import { defineConfig } from 'vite';

// base './' makes the built site work from any subpath (GitHub Pages serves
// it under /<repo>/). Data files are fetched with absolute URLs built from
// document.baseURI, because a module worker resolves relative URLs against
// its own file under assets/.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  optimizeDeps: { include: ['nunjucks', 'sql.js', 'comlink'] },
  build: { target: 'es2022', sourcemap: true },
});
