import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('package.json', () => {
  it('pins every dependency to an exact version', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies };
    const loose = Object.entries(all).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(String(v)));
    expect(loose).toEqual([]);
  });

  it('declares the Node versions it runs on', () => {
    expect(pkg.engines.node).toBe('>=20.19');
  });
});
