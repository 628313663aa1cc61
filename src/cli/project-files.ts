import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ProjectFiles } from '../engine/index';

/** Folders that never hold project files; skipping them keeps listing fast at the repo root. */
const SKIP = new Set(['node_modules', 'target', 'dist', 'dbt_packages', 'logs', 'coverage']);

/** The project files under `root`, read lazily from disk. */
export function nodeProjectFiles(root: string): ProjectFiles {
  let cache: string[] | null = null;
  const walk = (dir: string, out: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, out);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  return {
    list() {
      if (!cache) {
        cache = [];
        walk(root, cache);
      }
      return cache;
    },
    read(path: string) {
      return readFileSync(join(root, path), 'utf8');
    },
  };
}
