import type { ProjectFiles } from '../engine/index';

const PROJECT_FILE = 'dbt_project.yml';

/**
 * Builds a `ProjectFiles` from glob results. Vite keys them by their path
 * from its own root (`/models/x.sql`, `/target/fixture/models/x.sql`,
 * `../elsewhere/models/x.sql`), so the project root is wherever
 * `dbt_project.yml` is.
 */
export function mapProjectFiles(globbed: Record<string, string>): ProjectFiles {
  const projectFile = Object.keys(globbed)
    .filter((key) => key === PROJECT_FILE || key.endsWith(`/${PROJECT_FILE}`))
    .sort((a, b) => a.length - b.length)[0];
  if (projectFile === undefined) {
    throw new Error(`The site was built without a ${PROJECT_FILE}: set WAREHOUSE_PROJECT_DIR to a dbt project's root and build again.`);
  }
  const prefix = projectFile.slice(0, -PROJECT_FILE.length);
  const files = new Map<string, string>();
  for (const [key, text] of Object.entries(globbed)) {
    if (key.startsWith(prefix)) files.set(key.slice(prefix.length), text);
  }
  const paths = [...files.keys()].sort();
  return {
    list: () => paths,
    read(path) {
      const text = files.get(path);
      if (text === undefined) {
        throw new Error(`${path} is not part of the project bundled into the site (known: ${paths.length} files under models/, macros/, snapshots/, tests/data/, warehouse/seeds/).`);
      }
      return text;
    },
  };
}
