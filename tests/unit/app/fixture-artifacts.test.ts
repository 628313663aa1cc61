import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { MINI, buildArtifacts, generatedSpec } from './fixtures/artifacts';

const SCHEMAS = new URL('../../../../shared/dbt-artifact-schemas/', import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

// The page's fixtures must look like what dbt (and the engine) write, or the
// page is tested against a fiction.
describe.skipIf(!existsSync(SCHEMAS))('hand-made artifact fixtures', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validator = (file: string) => ajv.compile(JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8')));
  const manifest = validator('manifest-v12.json');
  const runResults = validator('run-results-v6.json');
  const catalog = validator('catalog-v1.json');

  for (const [name, spec] of [
    ['mini', MINI],
    ['generated 300', generatedSpec(300)],
  ] as const) {
    it(`${name}: manifest, run results and catalog validate against dbt's schemas`, () => {
      const artifacts = JSON.parse(JSON.stringify(buildArtifacts(spec)));
      expect(manifest(artifacts.manifest), ajv.errorsText(manifest.errors)).toBe(true);
      expect(runResults(artifacts.runResults), ajv.errorsText(runResults.errors)).toBe(true);
      expect(catalog(artifacts.catalog), ajv.errorsText(catalog.errors)).toBe(true);
    });
  }

  it('rejects a manifest node with a field dbt does not know (the check is real)', () => {
    const artifacts = JSON.parse(JSON.stringify(buildArtifacts(MINI)));
    artifacts.manifest.nodes['model.mini.fct_mrr'].not_a_dbt_field = 1;
    expect(manifest(artifacts.manifest)).toBe(false);
  });
});
