/**
 * The project stays valid dbt and its generated docs stay true: the YAML and
 * the artifacts validate against dbt Labs' JSON Schemas (when ../shared/ is
 * present), and docs/data-dictionary.md is what `npm run warehouse -- docs`
 * renders from this build.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Catalog, Manifest } from '../../src/engine/index';
import { renderDictionary } from '../../src/cli/warehouse/dictionary';
import { ARTIFACT_SCHEMAS, PROJECT_SCHEMAS, errorsOf, schemasPresent, validator } from '../unit/engine/schemas';
import { ROOT, artifact, buildRecord } from './builds';

function yamlFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const PROPERTY_FILES = ['models', 'snapshots', 'macros', 'tests/data'].flatMap(yamlFiles);

describe.skipIf(!schemasPresent(PROJECT_SCHEMAS))('the project files against dbt-jsonschema', () => {
  it('finds the property files', () => {
    expect(PROPERTY_FILES.length).toBeGreaterThan(10);
  });

  it('dbt_project.yml is valid', () => {
    const validate = validator(PROJECT_SCHEMAS, 'dbt_project-latest.json');
    const ok = validate(parse(readFileSync(join(ROOT, 'dbt_project.yml'), 'utf8')));
    expect(ok, errorsOf(validate)).toBe(true);
  });

  it.each(PROPERTY_FILES)('%s is valid', (file) => {
    const validate = validator(PROJECT_SCHEMAS, 'dbt_yml_files-latest.json');
    const ok = validate(parse(readFileSync(join(ROOT, file), 'utf8')));
    expect(ok, errorsOf(validate)).toBe(true);
  });
});

describe.skipIf(!schemasPresent(ARTIFACT_SCHEMAS))('the artifacts of a build against dbt-artifact-schemas', () => {
  it('manifest.json is a valid v12 manifest', () => {
    const validate = validator(ARTIFACT_SCHEMAS, 'manifest-v12.json');
    expect(validate(artifact('manifest')), errorsOf(validate)).toBe(true);
  });

  it('run_results.json is valid v6 run results', () => {
    const validate = validator(ARTIFACT_SCHEMAS, 'run-results-v6.json');
    expect(validate(buildRecord('batch1').runResults), errorsOf(validate)).toBe(true);
  });

  it('catalog.json is a valid v1 catalog', () => {
    const validate = validator(ARTIFACT_SCHEMAS, 'catalog-v1.json');
    expect(validate(artifact('catalog')), errorsOf(validate)).toBe(true);
  });
});

describe('docs/data-dictionary.md', () => {
  it('is what npm run warehouse -- docs renders from the batch-1 build', () => {
    const committed = readFileSync(join(ROOT, 'docs', 'data-dictionary.md'), 'utf8');
    const rendered = renderDictionary(artifact('manifest') as Manifest, artifact('catalog') as Catalog);
    expect(committed, 'run: npm run warehouse -- build --warehouse warehouse/raw_sources.sqlite && npm run warehouse -- docs').toBe(rendered);
  });
});
