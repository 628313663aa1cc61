import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { MISSING_CHROMIUM, REPO_ROOT, findChromium, launchChromium, serveSite } from '../../tools/site-harness';
import type { ServedSite } from '../../tools/site-harness';
import { LAPTOP, LONG_QUERY, PHONE, cancelLongQuery, focusedText, goToHash, horizontalOverflow, openPage, runConsole, screenshot, setConsoleSql, waitForBuild, waitForIdle } from './browser';

/**
 * The exploring half of the real site, in Chromium: the SQL console and its
 * links (long, hostile and broken ones), a 100,000-row result, the gallery,
 * the late batch applied and reset, the walkthrough, and a reload with the
 * network off. The site is built into its own folder, so this file never
 * races another over `dist/`.
 */
const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error(`CI is set but ${MISSING_CHROMIUM}`);
if (!chromiumPath) console.warn(`\n!!! ${MISSING_CHROMIUM}\n`);

/** Built once for all browser test files by tests/e2e/global-setup.ts. */
const OUT = inject('e2eSiteDir');
const hasProject = existsSync(path.join(REPO_ROOT, 'dbt_project.yml')) && existsSync(path.join(REPO_ROOT, 'warehouse/raw_sources_delta.sqlite'));

function consoleLink(sql: string, chart?: object): string {
  const params = new URLSearchParams({ sql: compressToEncodedURIComponent(sql) });
  if (chart) params.set('chart', compressToEncodedURIComponent(JSON.stringify(chart)));
  return `#/console?${params.toString()}`;
}

/** The text of a result cell: row `row`, column `column` (0-based, the row number column left out). */
function cell(page: Page, row: number, column = 0) {
  return page.locator(`wh-console-page wh-result-grid tbody tr[data-index="${row}"] td:not(.index)`).nth(column);
}

describe.skipIf(!chromiumPath || !hasProject)('exploring the built site', () => {
  let site: ServedSite;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const dialogs: string[] = [];

  beforeAll(async () => {
    site = await serveSite(OUT);
    browser = await launchChromium(chromiumPath!);
    ({ page, problems } = await openPage(browser, `${site.url}#/console`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await waitForBuild(page);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  describe('the SQL console', () => {
    it('restores and runs a shared link whose query is over 2,000 characters', async () => {
      const values = Array.from({ length: 400 }, (_, i) => `(${i + 1}, 'item number ${i + 1}')`).join(',\n    ');
      const sql = `-- A long query, as a shared link carries it.\nwith items(n, label) as (\n  values\n    ${values}\n)\nselect count(*) as items, sum(n) as total, max(label) as last_label\nfrom items`;
      expect(sql.length).toBeGreaterThan(2_000);
      const { page: fresh, context, problems: freshProblems } = await openPage(browser, `${site.url}${consoleLink(sql)}`);
      await waitForBuild(fresh);
      await expect.poll(() => cell(fresh, 0, 0).textContent(), { timeout: 20_000 }).toBe('400');
      expect(await cell(fresh, 0, 1).textContent()).toBe(String((400 * 401) / 2));
      // The editor holds the query (CodeMirror draws only the lines in view), and the link is left as it was.
      expect(await fresh.locator('wh-sql-editor[data-ready] .cm-line').first().textContent()).toBe('-- A long query, as a shared link carries it.');
      expect(fresh.url()).toBe(`${site.url}${consoleLink(sql)}`);
      expect(fresh.url().length).toBeLessThan(sql.length);
      expect(freshProblems).toEqual([]);
      await context.close();
    });

    it('shows HTML and script from a link as text and runs none of it', async () => {
      const payload = '<img src=x onerror="window.__pwned=1;alert(document.domain)">';
      const sql = `select '${payload}' as "<img src=x onerror=alert(2)>", 1 as n`;
      const link = consoleLink(sql, { mark: 'bar', x: '<img src=x onerror=alert(2)>', y: 'n', color: '<script>alert(3)</script>' });
      const { page: fresh, context } = await openPage(browser, `${site.url}${link}`);
      const seen: string[] = [];
      fresh.on('dialog', (dialog) => {
        seen.push(dialog.message());
        void dialog.dismiss();
      });
      await waitForBuild(fresh);
      await expect.poll(() => cell(fresh, 0, 0).textContent(), { timeout: 20_000 }).toBe(payload);
      await fresh.locator('wh-console-page th', { hasText: '<img src=x onerror=alert(2)>' }).waitFor();
      // The chart names a colour column the result lacks: said in words, with the name as text.
      await fresh.locator('wh-console-page [role="alert"]', { hasText: 'has no column "<script>alert(3)</script>"' }).waitFor();
      await fresh.goto(`${site.url}#/model/${encodeURIComponent('<img src=x onerror=alert(4)>')}`);
      await waitForBuild(fresh);
      await fresh.locator('main', { hasText: '<img src=x onerror=alert(4)>' }).first().waitFor();
      expect(seen).toEqual([]);
      expect(await fresh.evaluate<unknown>('window.__pwned')).toBeUndefined();
      // Locators pierce shadow roots: no image and no script element came from the link.
      expect(await fresh.locator('img').count()).toBe(0);
      expect(await fresh.locator('main script, wh-app script').count()).toBe(0);
      await context.close();
    });

    it('explains a malformed link and keeps working', async () => {
      const { page: fresh, context, problems: freshProblems } = await openPage(browser, `${site.url}#/console?sql=zzzzzzzzzzzzzzzzzzzz&chart=%E0%A4%A`);
      await waitForBuild(fresh);
      const problem = fresh.locator('wh-console-page [data-link-problem]');
      await problem.waitFor();
      expect(await problem.textContent()).toMatch(/query could not be read.*chart was left out/s);
      await setConsoleSql(fresh, 'select 6 * 7 as answer');
      await runConsole(fresh);
      expect(await cell(fresh, 0).textContent()).toBe('42');
      await expect.poll(() => problem.count()).toBe(0);
      // A broken path is a "nothing here" page with a way back, not a broken app.
      await fresh.goto(`${site.url}#/%E0%A4%A/x`);
      await fresh.locator('main h1', { hasText: 'Nothing here' }).waitFor();
      await goToHash(fresh, '#/tour/raw');
      await fresh.locator('wh-tour-page h1').waitFor();
      expect(freshProblems).toEqual([]);
      await context.close();
    });

    it('points at the error in a failing query and survives it', async () => {
      await goToHash(page, '#/console');
      await setConsoleSql(page, 'select month, mrr_usd\nfro fct_mrr');
      await runConsole(page);
      const alert = page.locator('wh-console-page [role="alert"]');
      expect(await alert.locator('.message').textContent()).toBe('near "fct_mrr": syntax error');
      expect(await alert.locator('[data-position]').textContent()).toBe('At line 2, column 5:');
      expect(await alert.locator('pre.excerpt').textContent()).toBe('fro fct_mrr\n    ^^^^^^^');
      await page.locator('wh-console-page .cm-lintRange-error').waitFor();
      await screenshot(page, 'console-error');
      // Ctrl+Enter runs from the editor.
      await setConsoleSql(page, 'select count(*) as months from fct_mrr');
      await page.keyboard.press('Control+Enter');
      await page.locator('wh-console-page [data-result]').waitFor();
      expect(Number(await cell(page, 0).textContent())).toBeGreaterThan(0);
      // Run pressed from the keyboard keeps the focus on Run while the query runs and after.
      await page.locator('wh-console-page').getByRole('button', { name: 'Run', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.locator('wh-console-page').getByText('Running…').waitFor({ state: 'detached' });
      expect(await focusedText(page)).toBe('Run');
    });

    it('completes table names, and column names after a table', async () => {
      const options = page.locator('wh-console-page .cm-tooltip-autocomplete li');
      await setConsoleSql(page, 'select * from fct_mrr_mo');
      await expect.poll(() => options.allTextContents()).toContain('fct_mrr_movements');
      await setConsoleSql(page, 'select fct_mrr_movements.mrr_ch');
      await expect.poll(() => options.allTextContents()).toEqual(expect.arrayContaining(['mrr_change_local', 'mrr_change_usd']));
      await page.keyboard.press('Escape');
    });

    it('says when a result has no rows, and offers a chart only when there are numbers to draw', async () => {
      const chartIt = page.locator('wh-console-page').getByRole('button', { name: 'Chart it' });
      await setConsoleSql(page, "select 'a' as label");
      await runConsole(page);
      expect(await chartIt.isDisabled()).toBe(true);
      expect(await chartIt.getAttribute('title')).toBe('No column of the result holds numbers');
      await setConsoleSql(page, 'select 1 as n where 0');
      await runConsole(page);
      await page.locator('wh-console-page [data-empty]').waitFor();
      expect(await chartIt.isDisabled()).toBe(true);
      await setConsoleSql(page, "select 'a' as label, 1 as n");
      await runConsole(page);
      expect(await page.locator('wh-console-page [data-empty]').count()).toBe(0);
      expect(await chartIt.isDisabled()).toBe(false);
    });

    it('shows the first page of a 100,000-row result within a second, and scrolls to the last row', async () => {
      await setConsoleSql(page, "with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000)\nselect i, i * 2 as doubled, 'row ' || i as label from n");
      const started = Date.now();
      await page.locator('wh-console-page').getByRole('button', { name: 'Run', exact: true }).click();
      await cell(page, 0).waitFor();
      const firstPageMs = Date.now() - started;
      console.log(`100,000-row result: first page visible ${firstPageMs} ms after Run`);
      expect(firstPageMs).toBeLessThan(3_000);
      expect(await page.locator('wh-console-page [data-result]').textContent()).toMatch(/100,000 rows in/);
      // Only the rows in view are in the page.
      expect(await page.locator('wh-console-page wh-result-grid tbody tr[data-index]').count()).toBeLessThan(100);
      // A column of numbers lines up on the right, its header over its digits; text stays left.
      type Styled = { getComputedStyle(el: unknown): { textAlign: string } };
      const align = (el: unknown) => (globalThis as unknown as Styled).getComputedStyle(el).textAlign;
      const headers = page.locator('wh-console-page wh-result-grid thead th:not(.index)');
      expect([await headers.nth(0).evaluate(align), await headers.nth(2).evaluate(align)]).toEqual(['right', 'left']);
      expect([await cell(page, 0, 0).evaluate(align), await cell(page, 0, 2).evaluate(align)]).toEqual(['right', 'left']);
      await page.locator('wh-console-page wh-result-grid .viewport').focus();
      await page.keyboard.press('End');
      await expect.poll(() => cell(page, 99_999, 2).textContent()).toBe('row 100000');
      expect(await cell(page, 99_999, 0).isVisible()).toBe(true);
      await page.keyboard.press('Home');
      await cell(page, 0).waitFor({ state: 'visible' });
    });

    it('runs a gallery query from its link and charts it with marks', async () => {
      await goToHash(page, '#/console');
      const link = page.locator('wh-console-page a[data-gallery="revenue-1-mrr-growth"]');
      const href = await link.getAttribute('href');
      await link.click();
      await expect.poll(() => page.url()).toContain(href!);
      const chart = page.locator('wh-console-page wh-chart[data-state="ready"]');
      await chart.waitFor({ timeout: 20_000 });
      expect(await chart.locator('.mark-line path, .mark-symbol path').count()).toBeGreaterThan(0);
      // Changing the chart changes the link.
      const before = page.url();
      await page.locator('wh-console-page .chart-controls select').first().selectOption('bar');
      await expect.poll(() => page.url()).not.toBe(before);
      await expect.poll(() => chart.locator('.mark-rect path').count()).toBeGreaterThan(10);
      await screenshot(page, 'console-gallery-chart');
      // Typing in the editor does not draw the chart again.
      await chart.evaluate((el) => {
        (globalThis as unknown as { redraws: number }).redraws = 0;
        el.addEventListener('chart-rendered', () => (globalThis as unknown as { redraws: number }).redraws++);
      });
      await page.locator('wh-console-page .cm-content').click();
      await page.keyboard.press('End');
      await page.keyboard.type(' -- note');
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (globalThis as unknown as { redraws: number }).redraws)).toBe(0);

      // Copy link shares the edited query, but not the chart drawn for the one that ran.
      type Copied = { copied: string; navigator: { clipboard: { writeText(t: string): Promise<void> } } };
      await page.evaluate(() => {
        const g = globalThis as unknown as Copied;
        g.navigator.clipboard.writeText = async (text: string) => void (g.copied = text);
      });
      await setConsoleSql(page, 'select count(*) as n from fct_mrr');
      await page.locator('wh-console-page').getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => page.locator('wh-console-page [data-message]').textContent()).toMatch(/without the chart/);
      const copied = await page.evaluate(() => (globalThis as unknown as Copied).copied);
      await goToHash(page, copied.slice(copied.indexOf('#')));
      await expect.poll(() => page.locator('wh-console-page [data-result]').textContent()).toMatch(/^\s*1 row in/);
      await expect.poll(() => page.locator('wh-console-page wh-chart').count()).toBe(0);
      expect(await page.locator('wh-console-page [data-link-problem]').count()).toBe(0);
    });

    it('downloads the result as CSV and the warehouse as a SQLite file', async () => {
      await setConsoleSql(page, "select 'a,b' as text, 1 as n union all select '=1+1', 2");
      await runConsole(page);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(csv.suggestedFilename()).toBe('query-result.csv');
      expect(readFileSync(await csv.path(), 'utf8')).toBe('text,n\n"a,b",1\n"\'=1+1",2');
      const [db] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .sqlite' }).click()]);
      const bytes = readFileSync(await db.path());
      expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
      expect(bytes.byteLength).toBeGreaterThan(1_000_000);
    });

    it('refuses writes until they are allowed, and a restore undoes them', async () => {
      await setConsoleSql(page, 'delete from fct_mrr');
      await runConsole(page);
      expect(await page.locator('wh-console-page [role="alert"] .message').textContent()).toMatch(/console is read-only: a DELETE statement/);
      await page.getByLabel('Allow writes').check();
      await runConsole(page);
      await page.locator('wh-console-page [data-changed]').waitFor();
      // It says how many rows the DELETE took, not "0 rows".
      expect(await page.locator('wh-console-page [data-result]').textContent()).toMatch(/^\s*[1-9][\d,]* rows changed in/);
      await setConsoleSql(page, 'select count(*) from fct_mrr');
      await runConsole(page);
      expect(await cell(page, 0).textContent()).toBe('0');
      await page.getByRole('button', { name: 'Restore the built warehouse' }).click();
      await page.locator('wh-console-page [data-changed]').waitFor({ state: 'detached' });
      await page.getByLabel('Allow writes').uncheck();
      await runConsole(page);
      expect(Number(await cell(page, 0).textContent())).toBeGreaterThan(0);
    });

    it('runs a write from the browser history read-only, even with writes allowed', async () => {
      await page.getByLabel('Allow writes').check();
      await setConsoleSql(page, 'create table hits (n)');
      await runConsole(page);
      await setConsoleSql(page, 'insert into hits values (1)');
      await runConsole(page);
      const insertHash = new URL(page.url()).hash;
      await goToHash(page, '#/console');
      await goToHash(page, insertHash);
      await expect
        .poll(() => page.locator('wh-console-page [role="alert"] .message').textContent())
        .toMatch(/came from a link or from the browser's history, which always run read-only/);
      await setConsoleSql(page, 'select count(*) from hits');
      await runConsole(page);
      expect(await cell(page, 0).textContent()).toBe('1');
      // A cancelled query brings back the warehouse as built, and says the writes went with it.
      const { notice, firstCell } = await cancelLongQuery(page, "select count(*) from sqlite_master where name = 'hits'");
      expect(notice).toMatch(/the console's writes since then are gone/);
      expect(firstCell).toBe('0');
      expect(await page.locator('wh-console-page [data-changed]').count()).toBe(0);
      // The cancelled query's link does not start it again.
      await goToHash(page, consoleLink(LONG_QUERY));
      await expect.poll(() => page.locator('wh-console-page [data-message]').textContent()).toContain('This query was stopped earlier in this tab');
      expect(await page.locator('wh-console-page').getByText('Running…').count()).toBe(0);
      await page.getByLabel('Allow writes').uncheck();
    });
  });

  describe('the late batch', () => {
    async function valueOf(metric: string, period: string): Promise<string> {
      await goToHash(page, '#/console');
      await setConsoleSql(page, `select value from int_metric_values_unioned where metric = '${metric}' and period = '${period}'`);
      await runConsole(page);
      return (await cell(page, 0).textContent()) ?? '';
    }

    it('applies the batch: what arrived, what ran, new snapshot versions, restated metrics; reset restores batch 1', async () => {
      await goToHash(page, '#/backfill');
      const backfill = page.locator('wh-backfill-page');
      await backfill.getByRole('button', { name: 'Apply the late batch' }).click();
      // Leaving while it runs and coming back shows it running (or done), never a dead button.
      await goToHash(page, '#/tour/backfill');
      await page.locator('wh-tour-page').getByText(/In this tab: the late batch is (being applied|applied)\./).waitFor({ timeout: 5_000 });
      await goToHash(page, '#/backfill');
      await backfill.locator('[data-progress], [data-applied]').first().waitFor({ timeout: 1_000 });
      await backfill.locator('[data-applied]').waitFor({ timeout: 60_000 });
      const applied = (await backfill.locator('[data-applied]').textContent())!.replace(/\s+/g, ' ');
      expect(applied).toMatch(/Applied in .* rows appended to the raw tables, then an incremental build of \d+ models and snapshots and their [\d,]+ tests in .*took \d+% of the time of the full build of batch 1/);
      console.log(`backfill in the tab: ${applied.trim()}`);
      expect(Number((await backfill.locator('tr[data-table="segment__tracks"] td.number').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
      expect(await backfill.locator('tr[data-node="fct_events"]').textContent()).toMatch(/incremental.*INSERT \d+/s);
      expect(await backfill.locator('[data-not-selected] a').count()).toBeGreaterThan(0);
      expect(await backfill.locator('tr[data-snapshot]').count()).toBe(3);
      for (const text of await backfill.locator('tr[data-snapshot] td.up').allTextContents()) expect(Number(text.replace(/[+,]/g, ''))).toBeGreaterThan(0);
      const restated = backfill.locator('tr[data-restatement]');
      expect(await restated.count()).toBeGreaterThan(0);
      await expect.poll(() => backfill.locator('wh-chart[data-state="ready"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await backfill.locator('wh-chart[data-state="ready"] .mark-line path').count()).toBeGreaterThan(0);
      expect(await page.locator('main [data-batch="2"]').count()).toBe(1);
      await screenshot(page, 'backfill-applied');
      // Every page can tell which data it shows: the header marks the late batch, the overview says what its counts are.
      expect(await page.locator('wh-header a.batch').textContent()).toBe('+ late batch');
      await goToHash(page, '#/');
      await page.locator('wh-overview-page [data-batch="2"]').waitFor();
      await goToHash(page, '#/backfill');

      const key = (await restated.first().getAttribute('data-restatement'))!;
      const [metric, period] = key.split('|') as [string, string];
      const before = (await restated.first().locator('td.number').nth(0).textContent())!.replace(/[$,]/g, '');
      const after = (await restated.first().locator('td.number').nth(1).textContent())!.replace(/[$,]/g, '');
      expect(Number(after)).not.toBe(Number(before));
      expect(Number(await valueOf(metric, period))).toBe(Number(after));

      await goToHash(page, '#/backfill');
      await backfill.getByRole('button', { name: 'Reset to batch 1' }).click();
      await backfill.locator('[data-reset]').waitFor({ timeout: 60_000 });
      // The button pressed is gone: focus goes to the one that applies the batch again.
      await expect.poll(() => focusedText(page)).toBe('Apply the late batch');
      expect(await page.locator('main [data-batch="1"]').count()).toBe(1);
      expect(await page.locator('wh-header a.batch').count()).toBe(0);
      expect(Number(await valueOf(metric, period))).toBe(Number(before));
      await setConsoleSql(page, 'select count(*) from fct_metric_restatements');
      await runConsole(page);
      expect(await cell(page, 0).textContent()).toBe('0');
    });
  });

  describe('the walkthrough', () => {
    it('opens on a deep-linked step and moves through every step with its progress', async () => {
      const { page: tour, context, problems: tourProblems } = await openPage(browser, `${site.url}#/tour/staging`);
      const view = tour.locator('wh-tour-page');
      await expect.poll(() => view.locator('h1').textContent()).toMatch(/^Staging/);
      expect(await view.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('2');
      await tour.keyboard.press('ArrowLeft');
      await expect.poll(() => view.locator('h1').textContent()).toMatch(/^Raw/);
      const steps = ['raw', 'staging', 'intermediate', 'marts', 'tests', 'backfill', 'docs', 'console'];
      for (let i = 0; i < steps.length; i++) {
        await expect.poll(() => tour.url()).toContain(`#/tour/${steps[i]}`);
        // The URL changes first; the page follows on its next render.
        await expect.poll(() => view.locator('[aria-current="step"]').textContent()).toContain(String(i + 1));
        expect(await view.locator('.step-count').textContent()).toBe(`Step ${i + 1} of ${steps.length}`);
        expect(await view.locator('.links a').count()).toBeGreaterThan(0);
        if (i === 3) await screenshot(tour, 'tour-marts');
        // Each step opens at the top, however far down the last one was read.
        if (i > 0) await expect.poll(() => tour.evaluate<number>('window.scrollY')).toBe(0);
        if (i < steps.length - 1) {
          await view.locator('a[rel="next"]').scrollIntoViewIfNeeded();
          await view.locator('a[rel="next"]').click();
        }
      }
      await expect(view.getByRole('link', { name: 'Back to the overview' }).count()).resolves.toBe(1);
      // The links lead into the live pages.
      await waitForBuild(tour);
      await goToHash(tour, '#/tour/marts');
      await view.getByRole('link', { name: /fct_mrr: MRR per account and month/ }).click();
      await expect.poll(() => tour.locator('wh-model-page h1').textContent(), { timeout: 20_000 }).toBe('fct_mrr');
      await goToHash(tour, '#/tour/nowhere');
      await view.getByRole('alert').filter({ hasText: 'no step called' }).waitFor();
      expect(tourProblems).toEqual([]);
      await context.close();
    });
  });

  it('fits a laptop and a phone without sideways scrolling', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      const { page: sized, context } = await openPage(browser, `${site.url}#/`, viewport);
      await waitForBuild(sized);
      for (const hash of ['#/console', '#/backfill', '#/tour/raw', '#/tour/console']) {
        await goToHash(sized, hash);
        await waitForIdle(sized);
        expect(await horizontalOverflow(sized), `${hash} at ${viewport.width}px`).toBeLessThanOrEqual(0);
        await screenshot(sized, `page-${hash.replace(/[#/?=&]+/g, '_').replace(/^_|_$/g, '')}`);
      }
      // A gallery question, far below the editor on a phone, brings the query and its result into view.
      await goToHash(sized, '#/console');
      await sized.locator('wh-console-page a[data-gallery]').nth(2).click();
      await sized.locator('wh-result-grid tbody tr[data-index="0"]').waitFor({ timeout: 20_000 });
      const editor = await sized.locator('wh-console-page wh-sql-editor').boundingBox();
      expect(editor!.y + editor!.height, `the editor at ${viewport.width}px`).toBeGreaterThan(0);
      expect(editor!.y, `the editor at ${viewport.width}px`).toBeLessThan(viewport.height);
      await context.close();
    }
  });

  it('reloads and builds with the network off once the service worker is active, and offers a newer version', async () => {
    const { page: offline, context, problems: offlineProblems } = await openPage(browser, `${site.url}#/`);
    await waitForBuild(offline);
    await offline.waitForFunction('navigator.serviceWorker.ready.then((r) => Boolean(r.active))', null, { timeout: 60_000 });
    await offline.locator('wh-app [data-offline="ready"]').waitFor({ timeout: 60_000 });
    await context.setOffline(true);
    // A new document, not a hash change: everything must come from the service worker's cache.
    await offline.goto('about:blank');
    await offline.goto(`${site.url}${consoleLink('select count(*) as accounts from dim_accounts')}`);
    await waitForBuild(offline);
    await offline.locator('wh-app [data-offline="active"]').waitFor();
    await expect.poll(() => cell(offline, 0).textContent(), { timeout: 20_000 }).toMatch(/^\d+$/);
    await screenshot(offline, 'offline-console');
    await context.setOffline(false);

    // A new deployment: the service worker's script changes, and the page offers the new version.
    appendFileSync(path.join(OUT, 'sw.js'), '\n// a newer deployment\n');
    await offline.reload();
    const update = offline.locator('wh-app [data-update]');
    await update.waitFor({ timeout: 60_000 });
    expect(await update.textContent()).toContain('A newer version of this site is available.');
    await Promise.all([offline.waitForEvent('load'), update.getByRole('button', { name: 'Reload to update' }).click()]);
    await waitForBuild(offline);
    await expect.poll(() => offline.locator('wh-app [data-update]').count()).toBe(0);
    expect(offlineProblems).toEqual([]);
    await context.close();
  });

  it('opened no dialog and logged no errors while doing all of the above', () => {
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
