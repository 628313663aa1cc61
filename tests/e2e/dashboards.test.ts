import { readFileSync } from 'node:fs';
import { decompressFromEncodedURIComponent } from 'lz-string';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MISSING_CHROMIUM, REPO_ROOT, findChromium, launchChromium, serveSite } from '../../tools/site-harness';
import type { ServedSite } from '../../tools/site-harness';
import { PHONE, goToHash, horizontalOverflow, openPage, screenshot, tabTo, waitForBuild } from './browser';

/**
 * The dashboards of the built site in Chromium: every chart of every
 * dashboard draws marks from the warehouse built in the tab, under the
 * site's CSP; the bridge and the taxonomy chart draw the right data; the
 * actions (console link, CSV, PNG, SVG) work from the keyboard; a failing
 * query shows its error in its card; nothing sticks out on a phone.
 */
const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error(`CI is set but ${MISSING_CHROMIUM}`);
if (!chromiumPath) console.warn(`\n!!! ${MISSING_CHROMIUM}\n`);

// Its own output folder, so this file and site.test.ts never serve each other's half-written build.
/** Built once for all browser test files by tests/e2e/global-setup.ts. */
const OUT = inject('e2eSiteDir');
const DASHBOARDS = ['finance', 'sales', 'product', 'product-revenue'] as const;
const CHART_COUNTS: Record<(typeof DASHBOARDS)[number], number> = { finance: 8, sales: 5, product: 5, 'product-revenue': 2 };

/** Data marks of a chart, axes and legends excluded: vega's SVG renderer puts each mark type in a `g.mark-<type>`. */
const DATA_MARKS = 'g.mark-rect path, g.mark-line path, g.mark-area path, g.mark-symbol path';

function card(page: Page, id: string): Locator {
  return page.locator(`wh-chart-card[data-chart="${id}"]`);
}

/**
 * The datums drawn by a chart's marks of one type, read from its vega view
 * (the `view` property of `wh-chart`). Page code goes in as a string: this
 * folder is type-checked without the DOM.
 */
async function markData(page: Page, chartId: string, markType: string): Promise<Record<string, unknown>[]> {
  return page.evaluate<Record<string, unknown>[]>(`(() => {
    const find = (root, selector) => {
      const hit = root.querySelector(selector);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        if (!el.shadowRoot) continue;
        const inner = find(el.shadowRoot, selector);
        if (inner) return inner;
      }
      return null;
    };
    const chart = find(document, 'wh-chart-card[data-chart="${chartId}"]')?.shadowRoot?.querySelector('wh-chart');
    if (!chart?.view) throw new Error('chart ${chartId} has no view');
    const out = [];
    const walk = (node) => {
      if (node.marktype === '${markType}' && node.role === 'mark') for (const item of node.items) out.push({ ...item.datum });
      else for (const child of node.items ?? []) walk(child);
    };
    walk(chart.view.scenegraph().root);
    return out;
  })()`);
}

async function waitForCharts(page: Page, dashboard: (typeof DASHBOARDS)[number]): Promise<void> {
  const cards = page.locator('wh-dashboard-page wh-chart-card');
  await expect.poll(() => cards.count()).toBe(CHART_COUNTS[dashboard]);
  await expect
    .poll(() => cards.evaluateAll((els) => els.filter((e) => e.getAttribute('data-state') === 'loading').length), { timeout: 30_000 })
    .toBe(0);
}

/** A date as vega holds it (a Date once parsed, else the ISO text), in milliseconds. */
function time(value: unknown): number {
  return new Date(value as string | number | Date).getTime();
}

/**
 * Moves the pointer across each chart of the open dashboard, from near its
 * left edge to its right at two heights, and returns where the tooltip was
 * each time one showed.
 */
async function tooltipsAcross(page: Page): Promise<{ chart: string; text: string; left: number; right: number }[]> {
  const boxes: { chart: string; text: string; left: number; right: number }[] = [];
  const tooltip = page.locator('#vg-tooltip-element.visible');
  for (const chartCard of await page.locator('wh-dashboard-page wh-chart-card').all()) {
    const chart = (await chartCard.getAttribute('data-chart')) ?? '';
    const marks = chartCard.locator('wh-chart svg.marks');
    await marks.scrollIntoViewIfNeeded();
    const area = await marks.boundingBox();
    if (!area) continue;
    for (const [x, y] of [0.2, 0.35, 0.5, 0.65, 0.8, 0.95].flatMap((x) => [0.4, 0.7].map((y) => [x, y] as const))) {
      await page.mouse.move(area.x + area.width * x, area.y + area.height * y);
      if (!(await tooltip.isVisible())) continue;
      const box = await tooltip.evaluate((e) => ({ text: e.textContent ?? '', left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right }));
      boxes.push({ chart, ...box });
    }
  }
  return boxes;
}

async function rowCount(page: Page, chartId: string): Promise<number> {
  const meta = (await card(page, chartId).locator('.meta').textContent()) ?? '';
  return Number(meta.replace(/,/g, '').match(/^(\d+) rows?/)?.[1] ?? NaN);
}

describe.skipIf(!chromiumPath)('the dashboards', () => {
  let site: ServedSite;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const renderTimes: Record<string, number> = {};

  beforeAll(async () => {
    site = await serveSite(OUT);
    browser = await launchChromium(chromiumPath!);
    ({ page, problems } = await openPage(browser, `${site.url}#/dashboards`));
    await waitForBuild(page);
  });

  afterAll(async () => {
    if (Object.keys(renderTimes).length) console.log(`dashboards queried and drawn after the build (ms): ${JSON.stringify(renderTimes)}`);
    await browser?.close();
    await site?.close();
  });

  it('lists the four dashboards from the header link', async () => {
    await goToHash(page, '#/');
    await page.locator('wh-header nav a', { hasText: 'Dashboards' }).click();
    await expect.poll(() => page.url()).toContain('#/dashboards');
    const links = page.locator('wh-dashboard-page .list a.card');
    await expect.poll(() => links.count()).toBe(4);
    expect(await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual(DASHBOARDS.map((d) => `#/dashboards/${d}`));
    expect(await page.locator('wh-header nav a[aria-current="page"]').textContent()).toBe('Dashboards');
  });

  for (const dashboard of DASHBOARDS) {
    it(`draws every chart of the ${dashboard} dashboard with data`, async () => {
      await goToHash(page, `#/dashboards/${dashboard}`);
      await waitForCharts(page, dashboard);
      const cards = page.locator('wh-dashboard-page wh-chart-card');
      const states = await cards.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-chart')}: ${e.getAttribute('data-state')}`));
      expect(states.filter((s) => !s.endsWith(': ready'))).toEqual([]);
      for (let i = 0; i < CHART_COUNTS[dashboard]; i++) {
        const one = cards.nth(i);
        const id = await one.getAttribute('data-chart');
        expect(await one.locator(`wh-chart ${DATA_MARKS}`).count(), `marks of ${id}`).toBeGreaterThan(0);
        expect(await rowCount(page, id!), `rows of ${id}`).toBeGreaterThan(0);
        // Each card names its mart with a link to the model page, and its definition.
        expect(await one.locator('.source a').first().getAttribute('href')).toMatch(/^#\/model\/(fct|dim)_/);
        expect(((await one.locator('.definition').textContent()) ?? '').length).toBeGreaterThan(40);
      }
      await expect.poll(() => page.locator('wh-dashboard-page .timing').textContent()).toMatch(/drawn in/);
      renderTimes[dashboard] = await page.evaluate<number>(
        `Math.round(performance.getEntriesByName('wh:dashboard:${dashboard}').at(-1)?.duration ?? -1)`,
      );
      expect(renderTimes[dashboard]).toBeGreaterThan(0);
      await screenshot(page, `dashboard-${dashboard}`);
    });
  }

  it('draws the MRR bridge as a waterfall that lands on the ending MRR, for the period picked with the keyboard', async () => {
    await goToHash(page, '#/dashboards/finance');
    await waitForCharts(page, 'finance');
    const bars = await markData(page, 'mrr-bridge', 'rect');
    expect(bars.map((b) => b.step)).toEqual(['Starting MRR', 'New', 'Expansion', 'Reactivation', 'Contraction', 'Churn', 'FX', 'Ending MRR']);
    // Each movement starts where the previous bar ended, and the last one ends at ending MRR.
    for (let i = 1; i < 7; i++) expect(bars[i]!.start).toBeCloseTo(bars[i - 1]!.end as number, 2);
    expect(bars[6]!.end).toBeCloseTo(bars[7]!.end as number, 1);
    expect(bars[0]!.period).toBe('last-12');
    expect(await card(page, 'mrr-bridge').locator(`wh-chart g.mark-rect path`).count()).toBe(8);
    // Cards are reused from one dashboard to the next: the old drawing and its inputs are gone.
    expect(await card(page, 'mrr-bridge').locator('wh-chart svg.marks').count()).toBe(1);
    expect(await card(page, 'mrr-bridge').locator('wh-chart select').count()).toBe(1);

    // The drawing names its period (an exported PNG or SVG has no select beside it).
    const title = card(page, 'mrr-bridge').locator('wh-chart g.role-title-text text');
    expect(await title.textContent()).toBe('Last 12 months');

    // The period select is reachable with Tab and changes the bars and the title.
    await tabTo(page, 'select');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await markData(page, 'mrr-bridge', 'rect'))[0]?.period).not.toBe('last-12');
    const after = await markData(page, 'mrr-bridge', 'rect');
    expect(after).toHaveLength(8);
    expect(after[0]!.end).not.toBe(bars[0]!.end);
    const chosen = await card(page, 'mrr-bridge').locator('wh-chart select').evaluate((s) => {
      const select = s as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> };
      return select.selectedOptions[0]?.textContent;
    });
    expect(chosen).toMatch(/^\d{4}/);
    await expect.poll(() => title.textContent()).toBe(chosen);

    // Hovering a bar shows its tooltip.
    await card(page, 'mrr-bridge').locator('wh-chart g.mark-rect path').nth(1).hover();
    const tooltip = page.locator('#vg-tooltip-element.visible');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/Amount \(USD\)/);
  });

  it('draws one heatmap cell per cohort and month, and one bar per rep', async () => {
    await goToHash(page, '#/dashboards/finance');
    await waitForCharts(page, 'finance');
    const cells = await markData(page, 'cohort-retention', 'rect');
    expect(cells).toHaveLength(await rowCount(page, 'cohort-retention'));
    expect(cells.filter((c) => c.months_since_start === 0).every((c) => c.logo_retention === 1)).toBe(true);

    await goToHash(page, '#/dashboards/sales');
    await waitForCharts(page, 'sales');
    expect(await markData(page, 'rep-performance', 'rect')).toHaveLength(await rowCount(page, 'rep-performance'));
  });

  it('shows the canonical event series continuous across the taxonomy change while the v1 names stop', async () => {
    await goToHash(page, '#/dashboards/product');
    await waitForCharts(page, 'product');
    const points = await markData(page, 'taxonomy-change', 'line');
    const series = (name: string) =>
      points
        .filter((p) => p.series === name)
        .sort((a, b) => time(a.week_start_date) - time(b.week_start_date))
        .map((p) => p.events as number);
    const v1 = series('v1 names');
    const v2 = series('v2 names');
    const canonical = series('Canonical');
    expect(v1.length).toBeGreaterThan(10);
    expect(v2.length).toBeGreaterThan(10);
    // v1 fades to (near) nothing at its end while v2 starts small: a break in either alone.
    expect(v1.at(-1)!).toBeLessThan(Math.max(...v1) / 5);
    expect(v2[0]!).toBeLessThan(Math.max(...v2) / 5);
    // The canonical series is the sum, and no week-to-week step of it around the change is a cliff.
    expect(canonical.length).toBeGreaterThanOrEqual(Math.max(v1.length, v2.length));
    const firstV2 = points.filter((p) => p.series === 'v2 names').map((p) => time(p.week_start_date)).sort((a, b) => a - b)[0]!;
    const around = points
      .filter((p) => p.series === 'Canonical' && Math.abs(time(p.week_start_date) - firstV2) <= 6 * 7 * 86_400_000)
      .sort((a, b) => time(a.week_start_date) - time(b.week_start_date))
      .map((p) => p.events as number);
    expect(around.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < around.length; i++) expect(Math.abs(around[i]! - around[i - 1]!) / around[i - 1]!).toBeLessThan(0.35);
  });

  it('opens a chart’s query in the console, which runs it', async () => {
    await goToHash(page, '#/dashboards/finance');
    await waitForCharts(page, 'finance');
    const rows = await rowCount(page, 'mrr-bridge');
    const link = card(page, 'mrr-bridge').getByRole('link', { name: 'Open the query' });
    // The link carries the chart's SQL file, word for word.
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^#\/console\?sql=/);
    const packed = new URLSearchParams(href.slice(href.indexOf('?') + 1)).get('sql')!;
    expect(decompressFromEncodedURIComponent(packed)).toBe(readFileSync(path.join(REPO_ROOT, 'src/app/dashboards/finance/mrr-bridge.sql'), 'utf8'));
    await link.click();
    await expect.poll(() => page.url()).toContain('#/console?sql=');
    await expect.poll(() => page.locator('wh-console-page [data-result]').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^\\s*${rows} rows`));
  });

  it('downloads a chart’s rows as CSV and its drawing as PNG and SVG, from the keyboard', async () => {
    await goToHash(page, '#/dashboards/sales');
    await waitForCharts(page, 'sales');
    const rep = card(page, 'rep-performance');
    const rows = await rowCount(page, 'rep-performance');

    const [csv] = await Promise.all([page.waitForEvent('download'), rep.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('sales-rep-performance.csv');
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('rep_name,is_active,won_opportunities,lost_opportunities,win_rate,won_amount_usd,open_pipeline_usd,median_days_to_close');
    expect(lines).toHaveLength(rows + 1);

    await rep.getByRole('button', { name: 'PNG' }).focus();
    const [png] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(png.suggestedFilename()).toBe('sales-rep-performance.png');
    expect(readFileSync((await png.path())!).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    const [svg] = await Promise.all([page.waitForEvent('download'), rep.getByRole('button', { name: 'SVG' }).click()]);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text).toMatch(/^<svg/);
    expect(text).toContain('Sara Kaur');
  });

  it('reaches every chart action with Tab', async () => {
    await goToHash(page, '#/dashboards/product-revenue');
    await waitForCharts(page, 'product-revenue');
    await page.locator('wh-dashboard-page h1').click();
    await tabTo(page, 'a[href^="#/console?sql="]');
    await tabTo(page, 'button');
  });

  it('shows a failing query, a failing spec and an empty result in their cards', async () => {
    await goToHash(page, '#/dashboards/product-revenue');
    await waitForCharts(page, 'product-revenue');
    await page.evaluate(`(() => {
      const find = (root, selector) => {
        const hit = root.querySelector(selector);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          if (!el.shadowRoot) continue;
          const inner = find(el.shadowRoot, selector);
          if (inner) return inner;
        }
        return null;
      };
      const grid = find(document, 'wh-dashboard-page').shadowRoot.querySelector('.grid');
      const add = (chart) => {
        const el = document.createElement('wh-chart-card');
        el.chart = { models: ['fct_mrr'], definition: 'A chart made to fail in a test.', ...chart };
        grid.append(el);
      };
      add({ id: 'broken-query', title: 'Broken query', sql: 'select * from no_such_mart', spec: () => ({}) });
      add({ id: 'broken-spec', title: 'Broken spec', sql: 'select 1 as x', spec: () => { throw new Error('The spec failed on purpose.'); } });
      add({ id: 'no-rows', title: 'No rows', sql: 'select 1 as x where 0', spec: () => ({}) });
    })()`);
    await expect.poll(() => card(page, 'broken-query').getAttribute('data-state')).toBe('error');
    expect(await card(page, 'broken-query').getByRole('alert').textContent()).toMatch(/no such table: no_such_mart/);
    await expect.poll(() => card(page, 'broken-spec').getAttribute('data-state')).toBe('error');
    expect(await card(page, 'broken-spec').getByRole('alert').textContent()).toContain('The spec failed on purpose.');
    await expect.poll(() => card(page, 'no-rows').getAttribute('data-state')).toBe('empty');
    expect(await card(page, 'no-rows').getByRole('status').textContent()).toContain('returned no rows');
    // The other charts are untouched.
    expect(await card(page, 'usage-before-movement').getAttribute('data-state')).toBe('ready');
    await screenshot(page, 'dashboard-chart-errors');
  });

  it('fits a phone without sideways scrolling, charts resized to their cards', async () => {
    const { page: phone, context } = await openPage(browser, `${site.url}#/dashboards`, PHONE);
    await waitForBuild(phone);
    for (const dashboard of DASHBOARDS) {
      await goToHash(phone, `#/dashboards/${dashboard}`);
      await waitForCharts(phone, dashboard);
      expect(await horizontalOverflow(phone), `${dashboard} at ${PHONE.width}px`).toBeLessThanOrEqual(0);
      const widths = await phone.locator('wh-dashboard-page wh-chart-card').evaluateAll((els) =>
        els.map((e) => {
          const svg = e.shadowRoot!.querySelector('wh-chart')!.shadowRoot!.querySelector('svg')!;
          return { card: e.getBoundingClientRect().width, svg: svg.getBoundingClientRect().width };
        }),
      );
      for (const { card: cardWidth, svg } of widths) {
        expect(svg).toBeLessThanOrEqual(cardWidth);
        expect(svg).toBeGreaterThan(cardWidth * 0.7);
      }
      // Tooltips stay on the screen wherever the pointer is, at the chart's edges too.
      const tooltips = await tooltipsAcross(phone);
      expect(tooltips.length, `${dashboard}: tooltips shown`).toBeGreaterThan(0);
      for (const box of tooltips) {
        expect(box.left, `${box.chart}: ${box.text}`).toBeGreaterThanOrEqual(0);
        expect(box.right, `${box.chart}: ${box.text}`).toBeLessThanOrEqual(PHONE.width);
      }
      await screenshot(phone, `dashboard-${dashboard}`);
    }
    // The MRR bridge's value labels do not run into each other in a phone's width.
    await goToHash(phone, '#/dashboards/finance');
    await waitForCharts(phone, 'finance');
    const labels = await card(phone, 'mrr-bridge')
      .locator('wh-chart g.mark-text.role-mark text')
      .evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', ...e.getBoundingClientRect().toJSON() }) as { text: string; left: number; right: number; top: number; bottom: number }));
    expect(labels).toHaveLength(8);
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `"${a.text}" and "${b.text}" overlap`).toBe(false);
      }
    }
    await context.close();
  });

  it('logs no errors while doing all of the above', () => {
    expect(problems).toEqual([]);
  });
});
