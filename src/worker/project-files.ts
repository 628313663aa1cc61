import type { ProjectFiles } from '../engine/index';
import { mapProjectFiles } from './map-project-files';

/**
 * The dbt project, bundled into the worker as text. `@project` is an alias
 * (vite.config.ts) for the project root, so a fixture project can be built
 * into a site of its own; the patterns follow the project's conventional
 * paths (`model-paths`, `macro-paths`, `snapshot-paths`, `test-paths`,
 * `seed-paths`).
 */
const modules = import.meta.glob<string>(
  [
    '@project/dbt_project.yml',
    '@project/models/**/*.{sql,yml,yaml,md}',
    '@project/macros/**/*.{sql,yml,yaml,md}',
    '@project/snapshots/**/*.{sql,yml,yaml}',
    '@project/tests/data/**/*.{sql,yml,yaml}',
    '@project/warehouse/seeds/**/*.{csv,yml,yaml}',
  ],
  { query: '?raw', import: 'default', eager: true },
);

/** Files keyed by their path relative to the project root. */
export function bundledProjectFiles(): ProjectFiles {
  return mapProjectFiles(modules);
}
