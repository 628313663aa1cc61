import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../../src/app/charts/rows';
import { dashboards } from '../../../../src/app/dashboards/index';
import { DASHBOARD_TITLES } from '../../../../src/app/dashboards/links';
import { routes } from '../../../../src/app/routes';
import { draw } from './render';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** Every model, seed and snapshot name in the dbt project. */
function projectNodes(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string, ext: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, ext);
      else if (entry.name.endsWith(ext)) names.add(entry.name.slice(0, -ext.length));
    }
  };
  walk(path.join(ROOT, 'models'), '.sql');
  walk(path.join(ROOT, 'snapshots'), '.sql');
  walk(path.join(ROOT, 'warehouse/seeds'), '.csv');
  return names;
}

const charts = dashboards.flatMap((d) => d.charts.map((chart) => ({ dashboard: d.slug, chart })));

describe('the dashboard definitions', () => {
  it('give every dashboard a unique slug and every chart a unique id within its dashboard', () => {
    expect(new Set(dashboards.map((d) => d.slug)).size).toBe(dashboards.length);
    for (const d of dashboards) expect(new Set(d.charts.map((c) => c.id)).size, d.slug).toBe(d.charts.length);
    expect(dashboards.map((d) => d.slug)).toEqual(['finance', 'sales', 'product', 'product-revenue']);
  });

  it('are named the same in the router before their code loads', () => {
    expect(Object.keys(DASHBOARD_TITLES).sort()).toEqual(dashboards.map((d) => d.slug).sort());
    const route = routes.find((r) => r.name === 'dashboard')!;
    const titleOf = (name: string) => route.title({ name: 'dashboard', params: { name }, query: new URLSearchParams() } as never);
    for (const d of dashboards) expect(titleOf(d.slug)).toBe(`${d.title} dashboard`);
    expect(titleOf('product-revenue')).toBe('Product x revenue dashboard');
    expect(titleOf('nope')).toBe('Dashboards');
  });

  it('name only models of the project, and the query reads each of them', () => {
    const nodes = projectNodes();
    for (const { dashboard, chart } of charts) {
      for (const model of chart.models) {
        expect(nodes.has(model), `${dashboard}/${chart.id} names ${model}, which is not a model, seed or snapshot of the project`).toBe(true);
        expect(chart.sql, `${dashboard}/${chart.id} names ${model} but its query does not read it`).toMatch(new RegExp(`\\b(from|join)\\s+${model}\\b`));
      }
    }
  });

  it('keep queries to one read-only statement that ends by selecting from its final CTE', () => {
    for (const { dashboard, chart } of charts) {
      const code = chart.sql.replace(/--.*$/gm, '').trim();
      expect(code, `${dashboard}/${chart.id}`).toMatch(/^with\b/);
      expect(code, `${dashboard}/${chart.id}`).toMatch(/\nselect \* from final(\norder by [^;]+)?$/);
      expect(code, `${dashboard}/${chart.id}`).not.toMatch(/;|\b(insert|update|delete|drop|create|alter|attach|pragma)\b/i);
    }
  });

  it('state a definition and the mart first', () => {
    for (const { dashboard, chart } of charts) {
      expect(chart.definition.length, `${dashboard}/${chart.id}`).toBeGreaterThan(40);
      expect(chart.models[0], `${dashboard}/${chart.id}`).toMatch(/^(fct|dim)_/);
    }
  });
});

describe.each(charts)('$dashboard / $chart.id', ({ dashboard, chart }) => {
  it('draws marks from its query’s rows without a vega-lite warning', async () => {
    const file = path.join(FIXTURES, dashboard, `${chart.id}.json`);
    expect(existsSync(file), `no fixture ${path.relative(ROOT, file)}: see fixtures/README.md`).toBe(true);
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
    const spec = chart.spec(rows);
    expect((spec as { width?: unknown }).width).toBe('container');
    const drawn = await draw(spec);
    expect(drawn.warnings).toEqual([]);
    const marks = ['rect', 'line', 'area', 'symbol', 'rule'].reduce((n, type) => n + drawn.marks(type).length, 0);
    expect(marks).toBeGreaterThan(0);
  });

  it('titles each tooltip field once (vega-tooltip shows one row per title)', () => {
    const rows = JSON.parse(readFileSync(path.join(FIXTURES, dashboard, `${chart.id}.json`), 'utf8')) as Row[];
    const tooltips: { title?: unknown; field?: unknown }[][] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'tooltip' && Array.isArray(value)) tooltips.push(value as { title?: unknown; field?: unknown }[]);
          else walk(value);
        }
      }
    };
    walk(chart.spec(rows));
    for (const fields of tooltips) {
      const titles = fields.map((f) => String(f.title ?? f.field));
      expect(new Set(titles).size, titles.join(', ')).toBe(titles.length);
    }
  });
});
