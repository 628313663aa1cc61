import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SQLJS_INIT_OPTIONS, parseProject, run, sqljsDatabase } from '../../src/engine/index';
import { nodeProjectFiles } from '../../src/cli/project-files';
import { MISSING_CHROMIUM, REPO_ROOT, findChromium, launchChromium, serveSite } from '../../tools/site-harness';
import type { ServedSite } from '../../tools/site-harness';
import { LAPTOP, PHONE, cancelLongQuery, goToHash, horizontalOverflow, openPage, screenshot, tabTo, waitForBuild, waitForIdle } from './browser';

/**
 * The real site: `dist/` built from the repository's project and raw files,
 * served under a GitHub Pages-like subpath, driven in Chromium.
 */
const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error(`CI is set but ${MISSING_CHROMIUM}`);
if (!chromiumPath) console.warn(`\n!!! ${MISSING_CHROMIUM}\n`);

/** Built once for all browser test files by tests/e2e/global-setup.ts. */
const DIST = inject('e2eSiteDir');
const RAW = path.join(REPO_ROOT, 'warehouse/raw_sources.sqlite');
const hasProject = existsSync(path.join(REPO_ROOT, 'dbt_project.yml'));
if (!hasProject) console.warn('\n!!! dbt_project.yml is missing at the repository root: the browser tests of the real site are skipped.\n');

describe.skipIf(!chromiumPath || !hasProject)('the built site', () => {
  let site: ServedSite;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let expected: Awaited<ReturnType<typeof nodeBuildCounts>>;

  beforeAll(async () => {
    // Right after bundling, so both builds read the same project files.
    expected = await nodeBuildCounts();
    site = await serveSite(DIST);
    browser = await launchChromium(chromiumPath!);
    ({ page, problems } = await openPage(browser, site.url));
    await waitForBuild(page);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('builds every model in the tab with the same outcome as the Node build', async () => {
    const badge = (status: string) => page.locator(`wh-overview-page wh-status-badge[data-count="${status}"]`);
    await badge('pass').waitFor();
    const count = async (status: string) => ((await badge(status).count()) ? Number((await badge(status).getAttribute('count')) ?? NaN) : 0);
    expect({ pass: await count('pass'), warn: await count('warn'), fail: await count('fail'), error: await count('error') }).toEqual({
      pass: expected.pass,
      warn: expected.warn,
      fail: expected.fail,
      error: expected.error,
    });
    expect(expected.pass).toBeGreaterThan(0);
    await screenshot(page, 'overview');
  });

  it('renders the lineage graph and focuses a node on click', async () => {
    await goToHash(page, '#/lineage?focus=model.fct_mrr&depth=1');
    const focused = page.locator('wh-lineage-graph g.node[data-focused="true"]');
    await expect.poll(() => focused.getAttribute('data-name')).toBe('fct_mrr');
    // The docs page its description cites is a link.
    expect(await page.locator('wh-lineage-page aside a[href="#/docs/metrics"]').textContent()).toBe('docs/metrics.md');
    const parent = page.locator('wh-lineage-graph g.node[data-focused="false"]').first();
    const name = await parent.getAttribute('data-name');
    await parent.click();
    await page.locator(`wh-lineage-graph g.node[data-name="${name}"][data-focused="true"]`).waitFor();
    expect(decodeURIComponent(page.url())).toContain(`focus=model.${name}`);
    await screenshot(page, 'lineage');
    // On a 1024 x 768 screen, where the lanes wrap under the other filters, the zoom buttons are above the fold.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 1024, height: 768 });
    const bottom = async () => {
      const box = (await page.getByRole('button', { name: 'Fit the whole graph' }).boundingBox())!;
      return box.y + box.height;
    };
    await expect.poll(bottom).toBeLessThanOrEqual(768);
    await page.setViewportSize(size);
  });

  it('keeps an expanded node in place, fits the whole graph on Fit, and names a focus it cannot find', async () => {
    await goToHash(page, '#/lineage?focus=model.fct_mrr&depth=1');
    await page.locator('wh-lineage-graph g.node[data-name="fct_mrr"][data-focused="true"]').waitFor();
    const handle = page.locator('wh-lineage-graph g.node[data-focused="false"] g.expand').first();
    const owner = handle.locator('xpath=..');
    const ownerName = (await owner.getAttribute('data-name'))!;
    // The node's box, not the group: the group's box grows and shrinks with its handles.
    const before = (await owner.locator('rect.box').boundingBox())!;
    const shown = await page.locator('wh-lineage-graph g.node').count();
    await handle.click();
    await expect.poll(() => page.locator('wh-lineage-graph g.node').count()).toBeGreaterThan(shown);
    const after = (await page.locator(`wh-lineage-graph g.node[data-name="${ownerName}"] rect.box`).boundingBox())!;
    expect(Math.abs(after.x - before.x) + Math.abs(after.y - before.y)).toBeLessThan(4);

    await goToHash(page, '#/lineage?focus=model.fct_mrr&depth=all');
    await expect.poll(() => page.locator('wh-lineage-graph g.node').count()).toBeGreaterThan(50);
    // Opened on the focus, below the lanes' own names: the names are pinned along the top.
    expect(await page.locator('wh-lineage-graph .pinned-lanes text').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Fit the whole graph' }).click();
    expect(await page.evaluate<number>(nodesOutsideGraph('all'))).toBe(0);
    await expect.poll(() => page.locator('wh-lineage-graph .pinned-lanes').count()).toBe(0);

    // Opened on a focus, its direct parents and children are all in view.
    await goToHash(page, '#/lineage?focus=model.fct_mrr&depth=1');
    await page.locator('wh-lineage-graph g.node[data-name="fct_mrr"][data-focused="true"]').waitFor();
    await expect.poll(() => page.locator('wh-lineage-graph g.node').count()).toBeGreaterThan(3);
    expect(await page.evaluate<number>(nodesOutsideGraph('all'))).toBe(0);

    // With everything shown, most nodes start off screen; one reached with Tab is brought into view.
    await goToHash(page, '#/lineage?focus=model.fct_mrr&depth=all');
    await expect.poll(() => page.locator('wh-lineage-graph g.node').count()).toBeGreaterThan(50);
    expect(await page.evaluate<number>(nodesOutsideGraph('all'))).toBeGreaterThan(10);
    await tabTo(page, 'g.node', 120);
    let offScreenReached = 0;
    for (let i = 0; i < 40; i++) {
      const wasOutside = await page.evaluate<number>(nodesOutsideGraph('next'));
      await page.keyboard.press('Tab');
      expect(await page.evaluate<number>(nodesOutsideGraph('focused'))).toBe(0);
      offScreenReached += wasOutside;
    }
    // Some of the forty were off screen before they were reached (measured on the node that comes next).
    expect(offScreenReached).toBeGreaterThan(0);

    await goToHash(page, '#/lineage?focus=model.no_such_model');
    expect(await page.locator('wh-lineage-page [data-unknown-focus]').textContent()).toMatch(/No node is called (model\.)?no_such_model: showing \w+ instead/);
  });

  it('shows a model page with compiled SQL, preview rows and test outcomes', async () => {
    await goToHash(page, '#/model/fct_mrr');
    const model = page.locator('wh-model-page');
    await expect.poll(() => model.locator('h1').textContent()).toBe('fct_mrr');
    expect(await model.locator('details[data-sql="compiled"] code').textContent()).toMatch(/select/i);
    await expect.poll(() => model.locator('#preview ~ wh-rows-table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const outcomes = await model.locator('wh-test-result wh-status-badge').evaluateAll((els) => els.map((e) => e.getAttribute('status')));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((s) => s === 'pass')).toBe(true);
    await screenshot(page, 'model-fct_mrr');
    // Its file path wraps after a slash, never inside a name.
    expect(await model.locator('code.path wbr').count()).toBeGreaterThanOrEqual(3);
    // A typo in a model's link suggests the model meant.
    await goToHash(page, '#/model/fct_mrrr');
    await expect.poll(() => model.locator('h1').textContent()).toBe('No model named “fct_mrrr”');
    expect(await model.locator('p', { hasText: 'Did you mean' }).locator('a').first().textContent()).toBe('fct_mrr');
    // The tests page's group of the model counts the same tests, wherever they fall in the list.
    await goToHash(page, '#/tests');
    const group = page.locator('wh-tests-page details.group', { has: page.locator('summary .title', { hasText: /^fct_mrr$/ }) });
    expect(await group.locator('summary wh-status-badge').getAttribute('label')).toBe(`${outcomes.length} pass`);
    // A filter opens the groups it matches; clearing it closes them again (all pass).
    const open = page.locator('wh-tests-page details.group[open]');
    expect(await open.count()).toBe(0);
    await goToHash(page, '#/tests?q=mrr');
    await expect.poll(() => open.count()).toBeGreaterThan(0);
    await goToHash(page, '#/tests');
    await expect.poll(() => open.count()).toBe(0);
  });

  it('finds a model by one of its column names from the header search', async () => {
    await goToHash(page, '#/');
    await page.keyboard.press('/');
    await page.keyboard.type('mrr_usd');
    const suggestion = page.locator('wh-search-box li[role="option"]', { hasText: 'fct_mrr' });
    await suggestion.first().waitFor();
    expect(await suggestion.first().textContent()).toContain('column mrr_usd');
    // Escape closes the suggestions and keeps the words.
    await page.keyboard.press('Escape');
    await suggestion.first().waitFor({ state: 'hidden' });
    expect(await page.locator('wh-search-box input').inputValue()).toBe('mrr_usd');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/search?q=mrr_usd');
    await page.locator('wh-search-page li[data-key="fct_mrr"]').waitFor();
    await screenshot(page, 'search');
  });

  it('opens a deep link directly, also on reload', async () => {
    const { page: fresh, context } = await openPage(browser, `${site.url}#/model/fct_mrr`);
    await expect.poll(() => fresh.locator('wh-model-page h1').textContent(), { timeout: 45_000 }).toBe('fct_mrr');
    await fresh.reload();
    await expect.poll(() => fresh.locator('wh-model-page h1').textContent(), { timeout: 45_000 }).toBe('fct_mrr');
    expect(fresh.url()).toContain('#/model/fct_mrr');
    await context.close();
  });

  it('survives a cancelled long query: the worker restarts with the built warehouse intact', async () => {
    const { notice, firstCell } = await cancelLongQuery(page, 'select count(*) as n from fct_mrr');
    expect(notice).toMatch(/cancelled after .* restored from its saved copy in \d+ ms/);
    expect(Number(firstCell)).toBeGreaterThan(0);
    await screenshot(page, 'console-cancelled');
    // Pages that read the warehouse still work too.
    await goToHash(page, '#/model/fct_mrr');
    await expect.poll(() => page.locator('wh-model-page #preview ~ wh-rows-table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('renders the docs with working links between pages', async () => {
    await goToHash(page, '#/docs/architecture');
    const doc = page.locator('wh-docs-page .doc');
    await doc.locator('h1').waitFor();
    expect(await doc.locator('h1').textContent()).toBe('Architecture');
    const links = await doc.locator('a[href^="#/docs/"], a[href^="#/model/"]').count();
    if (links > 0) {
      const first = doc.locator('a[href^="#/docs/"], a[href^="#/model/"]').first();
      const href = (await first.getAttribute('href'))!;
      await first.click();
      await expect.poll(() => page.url()).toContain(href);
    }
    // Another page opens at its top, wherever the last one was read.
    await goToHash(page, '#/docs/metrics');
    await doc.locator('h1').waitFor();
    await page.evaluate('window.scrollTo(0, 2500)');
    expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(1000);
    await goToHash(page, '#/docs/performance');
    await expect.poll(() => doc.locator('h1').textContent()).toMatch(/^Performance/);
    await expect.poll(() => page.evaluate<number>('window.scrollY')).toBe(0);
    await goToHash(page, '#/docs/dictionary');
    await page.locator('wh-docs-page .dictionary h3 a', { hasText: /^fct_mrr$/ }).waitFor();
    await screenshot(page, 'docs-dictionary');
    // The browser tab names a page by its heading, not its file name; a model linked by its unique id by its name.
    await goToHash(page, '#/docs/dbt-core');
    await expect.poll(() => page.title()).toBe('Running the project on dbt Core · B2B analytics engineering');
    await goToHash(page, '#/model/model.b2b_analytics.fct_mrr');
    await expect.poll(() => page.title()).toBe('fct_mrr · B2B analytics engineering');
  });

  it('fits a laptop and a phone without sideways scrolling', async () => {
    const pages = [
      '#/',
      '#/lineage',
      '#/model/fct_mrr',
      '#/model/stg_segment__tracks',
      '#/tests',
      '#/docs',
      '#/docs/architecture',
      '#/docs/source-map',
      '#/search?q=account',
      '#/console',
      '#/backfill',
      '#/tour/docs',
    ];
    for (const viewport of [LAPTOP, { width: 1366, height: 768 }, { width: 1024, height: 768 }, PHONE]) {
      const { page: sized, context } = await openPage(browser, `${site.url}#/`, viewport);
      await waitForBuild(sized);
      // Every section's link is in view wherever the header has room for its own row of them.
      if (viewport.width >= 1024) {
        const nav = await sized.evaluate<{ scroll: number; client: number }>(
          "(() => { const bar = document.querySelector('wh-app').shadowRoot.querySelector('wh-header').shadowRoot.querySelector('nav'); return { scroll: bar.scrollWidth, client: bar.clientWidth }; })()",
        );
        expect(nav.scroll, `the header's sections at ${viewport.width}px`).toBeLessThanOrEqual(nav.client);
      }
      for (const hash of viewport === LAPTOP || viewport === PHONE ? pages : []) {
        await goToHash(sized, hash);
        await waitForIdle(sized);
        expect(await horizontalOverflow(sized), `${hash} at ${viewport.width}px`).toBeLessThanOrEqual(0);
        // The current section's link is in view, also where the sections scroll sideways.
        const current = await sized.evaluate<{ link: number[]; nav: number[] } | null>(
          "(() => { const nav = document.querySelector('wh-app').shadowRoot.querySelector('wh-header').shadowRoot.querySelector('nav'); const a = nav.querySelector('a[aria-current=\"page\"]'); if (!a) return null; const b = a.getBoundingClientRect(), n = nav.getBoundingClientRect(); return { link: [b.left, b.right], nav: [n.left, n.right] }; })()",
        );
        if (current) {
          expect(current.link[0], `the current section's link at ${hash}, ${viewport.width}px`).toBeGreaterThanOrEqual(current.nav[0]! - 1);
          expect(current.link[1], `the current section's link at ${hash}, ${viewport.width}px`).toBeLessThanOrEqual(current.nav[1]! + 1);
        }
        if (hash.startsWith('#/docs/')) {
          // The docs menu (a sideways row on a phone) shows the current page's entry.
          const entry = await sized.evaluate<number[]>(
            "(() => { const list = document.querySelector('wh-app').shadowRoot.querySelector('wh-docs-page').shadowRoot.querySelector('nav ul'); const a = list.querySelector('a[aria-current=\"page\"]').getBoundingClientRect(), l = list.getBoundingClientRect(); return [a.left - l.left, l.right - a.right]; })()",
          );
          expect(Math.min(...entry), `the docs menu's current entry at ${hash}, ${viewport.width}px`).toBeGreaterThanOrEqual(-1);
        }
        await screenshot(sized, `page-${hash.replace(/[#/?=&]+/g, '_').replace(/^_|_$/g, '') || 'overview'}`);
      }
      await context.close();
    }
  });

  it('logs no errors while doing all of the above', () => {
    expect(problems).toEqual([]);
  });
});

/** Builds the project in Node on the same raw file and counts outcomes like the overview does. */
async function nodeBuildCounts(): Promise<{ pass: number; warn: number; fail: number; error: number }> {
  const SQL = await initSqlJs(SQLJS_INIT_OPTIONS as SqlJsConfig);
  const db = sqljsDatabase(SQL, readFileSync(RAW));
  const outcome = await run(parseProject(nodeProjectFiles(REPO_ROOT)), db, { command: 'build' });
  // The overview counts data tests: a test that errored, not a model.
  const results = (outcome.runResults as { results: { unique_id: string; status: string }[] }).results.filter((r) => r.unique_id.startsWith('test.'));
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  db.close();
  return { pass: count('pass'), warn: count('warn'), fail: count('fail'), error: count('error', 'runtime error') };
}

/**
 * A script counting the lineage graph's node boxes that lie outside the
 * graph's own box: every node's, the focused node's (or under the zoom
 * buttons), or the one after it in Tab order.
 */
function nodesOutsideGraph(which: 'all' | 'focused' | 'next'): string {
  return `(() => {
    const g = document.querySelector('wh-app').shadowRoot.querySelector('wh-lineage-page').shadowRoot.querySelector('wh-lineage-graph').shadowRoot;
    const box = g.querySelector('svg').getBoundingClientRect();
    const nodes = [...g.querySelectorAll('g.node')];
    const at = nodes.findIndex((n) => n.matches(':focus'));
    const picked = ${JSON.stringify(which)} === 'all' ? nodes : ${JSON.stringify(which)} === 'focused' ? nodes.slice(at, at + 1) : nodes.slice(at + 1, at + 2);
    // A node reached with the keyboard must also be clear of the zoom buttons over the graph.
    const bar = g.querySelector('.zoom').getBoundingClientRect();
    const under = (r) => ${JSON.stringify(which)} === 'focused' && r.right > bar.left && r.left < bar.right && r.bottom > bar.top && r.top < bar.bottom;
    return picked.filter((n) => {
      const r = n.querySelector('rect.box').getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1 || under(r);
    }).length;
  })()`;
}
