import { describe, expect, it } from 'vitest';
import { ARTIFACT_SCHEMAS, errorsOf, schemasPresent, validator } from '../engine/schemas';
import { MINI, buildArtifacts, generatedSpec } from './fixtures/artifacts';

// The page's fixtures must look like what dbt (and the engine) write, or the
// page is tested against a fiction. A skipped describe still runs its body
// to collect tests, so the schemas are compiled inside the tests.
describe.skipIf(!schemasPresent(ARTIFACT_SCHEMAS))('hand-made artifact fixtures', () => {
  const manifest = () => validator(ARTIFACT_SCHEMAS, 'manifest-v12.json');
  const runResults = () => validator(ARTIFACT_SCHEMAS, 'run-results-v6.json');
  const catalog = () => validator(ARTIFACT_SCHEMAS, 'catalog-v1.json');

  for (const [name, spec] of [
    ['mini', MINI],
    ['generated 300', generatedSpec(300)],
  ] as const) {
    it(`${name}: manifest, run results and catalog validate against dbt's schemas`, () => {
      const artifacts = JSON.parse(JSON.stringify(buildArtifacts(spec)));
      for (const [validate, json] of [
        [manifest(), artifacts.manifest],
        [runResults(), artifacts.runResults],
        [catalog(), artifacts.catalog],
      ] as const) {
        expect(validate(json), errorsOf(validate)).toBe(true);
      }
    });
  }

  it('rejects a manifest node with a field dbt does not know (the check is real)', () => {
    const artifacts = JSON.parse(JSON.stringify(buildArtifacts(MINI)));
    artifacts.manifest.nodes['model.mini.fct_mrr'].not_a_dbt_field = 1;
    expect(manifest()(artifacts.manifest)).toBe(false);
  });
});
