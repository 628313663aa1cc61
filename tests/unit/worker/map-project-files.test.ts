import { describe, expect, it } from 'vitest';
import { mapProjectFiles } from '../../../src/worker/map-project-files';

describe('mapProjectFiles', () => {
  it('makes paths relative to the folder holding dbt_project.yml, whatever prefix Vite gave them', () => {
    for (const prefix of ['/', '/target/e2e/fixture-project/', '../elsewhere/']) {
      const files = mapProjectFiles({
        [`${prefix}dbt_project.yml`]: 'name: p',
        [`${prefix}models/staging/stg_a.sql`]: 'select 1',
        [`${prefix}warehouse/seeds/fx.csv`]: 'a\n1',
      });
      expect(files.list()).toEqual(['dbt_project.yml', 'models/staging/stg_a.sql', 'warehouse/seeds/fx.csv']);
      expect(files.read('models/staging/stg_a.sql')).toBe('select 1');
    }
  });

  it('says which file is missing and what was bundled', () => {
    const files = mapProjectFiles({ '/dbt_project.yml': 'name: p' });
    expect(() => files.read('models/nope.sql')).toThrow(/models\/nope\.sql is not part of the project bundled into the site/);
  });

  it('refuses a bundle without dbt_project.yml and says how to fix it', () => {
    expect(() => mapProjectFiles({ '/models/a.sql': 'select 1' })).toThrow(/without a dbt_project\.yml: set WAREHOUSE_PROJECT_DIR/);
  });
});
