import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { ParseError } from '../../../src/engine/index';
import { loadYaml } from '../../../src/engine/parser/yaml';
import { FIXTURES, parseFixture, REPO_ROOT } from './helpers';

// Count the parses that keep source positions (see src/engine/parser/yaml.ts).
vi.mock('yaml', async (importOriginal) => {
  const actual = await importOriginal<typeof import('yaml')>();
  return { ...actual, parseDocument: vi.fn(actual.parseDocument) };
});

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

describe('loading property YAML', () => {
  it('reads every property file of the model project and of the fixtures as the yaml package does', () => {
    const files = [
      join(REPO_ROOT, 'dbt_project.yml'),
      ...['models', 'snapshots', 'macros', 'tests/data', 'warehouse/seeds'].flatMap((d) => {
        try {
          return yamlFiles(join(REPO_ROOT, d));
        } catch {
          return [];
        }
      }),
      ...yamlFiles(FIXTURES).filter((f) => !f.includes('bad-yaml')),
    ];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(loadYaml(relative(REPO_ROOT, file), text).data, file).toEqual(parse(text) ?? null);
    }
  });

  it('uses the YAML 1.2 core schema, as before: dates and yes/no stay strings, << is a plain key', () => {
    const { data } = loadYaml('x.yml', 'a: 2024-01-01\nb: yes\nc: 0o17\nd: ~\ne: 1.5e3\nf: "007"\ng: &x {k: 1}\nh:\n  <<: *x\n');
    expect(data).toEqual({ a: '2024-01-01', b: 'yes', c: 15, d: null, e: 1500, f: '007', g: { k: 1 }, h: { '<<': { k: 1 } } });
    expect(loadYaml('empty.yml', '# nothing here\n').data).toBeNull();
  });

  it('reports invalid YAML with the message and line it always had', () => {
    const text = 'version: 2\nmodels:\n  - name: a\n    description: x\n    description: y\n';
    const err = (() => {
      try {
        loadYaml('models/a.yml', text);
      } catch (e) {
        return e as ParseError;
      }
      throw new Error('loaded');
    })();
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toMatch(/^models\/a\.yml, line 5: invalid YAML: Map keys must be unique/);
  });
});

describe('line numbers of YAML entries', () => {
  const parses = () => vi.mocked(parseDocument).mock.calls.length;

  it('are not looked up while a valid project parses: finding them means parsing a file again', () => {
    const before = parses();
    parseFixture('saas');
    expect(parses() - before).toBe(0);
  });

  it('are found when an error needs one', () => {
    const yaml = 'version: 2\nmodels:\n  - name: stg_crm__accounts\n    columns:\n      - name: account_id\n        data_tests:\n          - relationships:\n              to: ref(\'no_such_model\')\n              field: id\n';
    const before = parses();
    expect(() => parseFixture('saas', { 'models/staging/_staging__models.yml': yaml })).toThrow(
      /models\/staging\/_staging__models\.yml, line 7: .*'no_such_model', which was not found/,
    );
    expect(parses() - before).toBe(1);
  });
});
