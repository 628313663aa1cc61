import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './site-harness';

/**
 * Sizes of everything in a built site, and the JavaScript a first visit
 * loads before any lazy chunk: the entry module and the modules it preloads.
 * Usage: `tsx tools/dist-sizes.ts [dist]`.
 */

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export function distSizes(dir: string): FileSize[] {
  const files: FileSize[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else {
        const bytes = readFileSync(path.join(dir, rel));
        files.push({ file: rel, bytes: bytes.byteLength, gzip: gzipSync(bytes).byteLength });
      }
    }
  };
  walk('');
  return files.sort((a, b) => b.bytes - a.bytes);
}

/** The entry script and modulepreload links of index.html: the page's initial JavaScript. */
export function initialScripts(dir: string): string[] {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\.\//, ''));
  return [...new Set(refs)];
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} kB`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const dir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'dist'));
  const sizes = distSizes(dir);
  const initial = new Set(initialScripts(dir));
  const width = Math.max(...sizes.map((s) => s.file.length));
  console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
  for (const s of sizes) {
    if (s.file.endsWith('.map')) continue;
    console.log(`${s.file.padEnd(width)}  ${kb(s.bytes).padStart(10)}  ${kb(s.gzip).padStart(10)}${initial.has(s.file) ? '  (initial)' : ''}`);
  }
  const initialGzip = sizes.filter((s) => initial.has(s.file)).reduce((sum, s) => sum + s.gzip, 0);
  const maps = sizes.filter((s) => s.file.endsWith('.map'));
  console.log(`\ninitial page JS: ${kb(initialGzip)} gzip (${[...initial].join(', ')})`);
  console.log(`source maps (not loaded by visitors): ${maps.length} files, ${kb(maps.reduce((n, s) => n + s.bytes, 0))}`);
}
