import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchRoute, parseHash } from '../../../src/app/router';
import { routes } from '../../../src/app/routes';
import { TOUR_STEPS, tourStepIndex } from '../../../src/app/tour-steps';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : [],
  );
}

/** Model and snapshot names, and `source.table` keys, of the project in this repository. */
function projectKeys(): Set<string> {
  const keys = new Set(files(path.join(ROOT, 'models'), '.sql').map((f) => path.basename(f, '.sql')));
  for (const f of files(path.join(ROOT, 'snapshots'), '.sql')) {
    const m = /\{%\s*snapshot\s+(\w+)/.exec(readFileSync(f, 'utf8'));
    if (m) keys.add(m[1]!);
  }
  for (const f of files(path.join(ROOT, 'models'), '.yml')) {
    const doc = parse(readFileSync(f, 'utf8')) as { sources?: { name: string; tables?: { name: string }[] }[] } | null;
    for (const source of doc?.sources ?? []) for (const table of source.tables ?? []) keys.add(`${source.name}.${table.name}`);
  }
  return keys;
}

describe('the walkthrough', () => {
  it('has the eight steps in order, each with an explanation, a decision and live links', () => {
    expect(TOUR_STEPS.map((s) => s.id)).toEqual(['raw', 'staging', 'intermediate', 'marts', 'tests', 'backfill', 'docs', 'console']);
    for (const step of TOUR_STEPS) {
      expect(step.body.join(' ').length, step.id).toBeGreaterThan(150);
      expect(step.decision.length, step.id).toBeGreaterThan(80);
      expect(step.links.length, step.id).toBeGreaterThan(0);
    }
  });

  it('links only to views the site has', () => {
    for (const step of TOUR_STEPS) {
      for (const link of step.links) expect(matchRoute(routes, parseHash(link.href)), `${step.id}: ${link.href}`).not.toBeNull();
    }
    expect(matchRoute(routes, parseHash('#/tour/marts'))).toMatchObject({ name: 'tour-step', params: { step: 'marts' } });
    expect(tourStepIndex('marts')).toBe(3);
    expect(tourStepIndex(undefined)).toBe(0);
    expect(tourStepIndex('nowhere')).toBe(-1);
  });

  it.skipIf(!existsSync(path.join(ROOT, 'models')))('names models, sources and docs that exist in the project', () => {
    const keys = projectKeys();
    for (const step of TOUR_STEPS) {
      for (const link of step.links) if (link.resource) expect(keys, `${step.id}: ${link.resource}`).toContain(link.resource);
      const text = [...step.body, step.decision].join(' ');
      for (const [, name] of text.matchAll(/`((?:stg|int|fct|dim|snap)_\w+)`/g)) expect(keys, `${step.id} mentions ${name}`).toContain(name);
      for (const link of step.links) {
        const doc = /^#\/docs\/([\w-]+)$/.exec(link.href.split('?')[0]!)?.[1];
        if (doc && doc !== 'dictionary') expect(existsSync(path.join(ROOT, 'docs', `${doc}.md`)), `docs/${doc}.md`).toBe(true);
      }
    }
  });
});
