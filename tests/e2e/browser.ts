import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { REPO_ROOT } from '../../tools/site-harness';

/** Helpers for driving the site like a person: open it, wait for the build, look at it. */

export const SCREENSHOTS = path.join(REPO_ROOT, 'target/screenshots');

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** How long a build in the tab may take in a test (the target is 3 s; CI machines are slower). */
export const BUILD_TIMEOUT = 45_000;

/** How long after an aborted request a navigation still explains it. */
const ABORT_GRACE_MS = 1_000;

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
}

export async function openPage(browser: Browser, url: string, viewport = LAPTOP): Promise<OpenPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Leaving or reloading the page aborts what it was still loading (e.g. the chart library it
  // readies when idle): a request aborted after the page navigated away is not a problem.
  let navigations = 0;
  const startedIn = new WeakMap<Request, number>();
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations++;
    startedIn.set(request, navigations);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    const problem = `request failed: ${request.url()} ${error}`;
    // A cancelled query terminates the worker, which aborts nothing over the network; any other failure is real.
    if (error !== 'net::ERR_ABORTED') {
      problems.push(problem);
      return;
    }
    // The browser may report the abort before the navigation that caused it: judge a moment later.
    const started = startedIn.get(request);
    if (started !== navigations) return;
    setTimeout(() => {
      if (navigations === started) problems.push(problem);
    }, ABORT_GRACE_MS);
  });
  await page.goto(url);
  return { page, context, problems };
}

/** Waits for the header to report the finished build (its status link appears only then). */
export async function waitForBuild(page: Page): Promise<void> {
  await page.locator('wh-header a.pill').waitFor({ timeout: BUILD_TIMEOUT });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { width } = page.viewportSize() ?? LAPTOP;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width <= 500 ? 'phone' : 'laptop'}.png`), fullPage: true });
}

// Code that runs in the page is passed as strings: this folder is type-checked
// with Node's types, which have no DOM.

/** Width the page scrolls sideways by; 0 when nothing sticks out. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Follows a link inside the app, as clicking one would (no reload). */
export async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

/** Waits until the view has nothing marked busy (pages set aria-busy while they load). */
export async function waitForIdle(page: Page): Promise<void> {
  await page.locator('main > *').first().waitFor();
  // Locators run outside the page's scripts, so the site's CSP (no eval) does not get in the way.
  // A page's chunk or its charts can take seconds on a loaded machine: poll's default second is too short.
  await expect.poll(() => page.locator('main [aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
}

/** Starts recording the main thread's long tasks (over 50 ms). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  })()`);
}

/** The longest main-thread task since `watchLongTasks`, in ms. */
export async function longestTask(page: Page): Promise<number> {
  return page.evaluate<number>('Math.max(0, ...window.__longTasks)');
}

/**
 * Presses Tab until the focused element (looking into shadow roots) matches
 * `selector`, as a keyboard user would; fails after `max` presses.
 */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate<boolean>(`(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return Boolean(active?.matches(${JSON.stringify(selector)}));
    })()`);
    if (found) return;
  }
  throw new Error(`${max} presses of Tab never reached ${selector}`);
}

/** The text of the focused element, looking into shadow roots. */
export async function focusedText(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>(`(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.textContent?.trim();
  })()`);
}

/** A query that keeps SQLite busy for minutes: counting to two billion. */
export const LONG_QUERY = 'with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000000000) select count(*) from n';

/** Replaces the console's query as a person would: the editor (CodeMirror, once loaded) selected and typed over. */
export async function setConsoleSql(page: Page, sql: string): Promise<void> {
  const editor = page.locator('wh-console-page wh-sql-editor[data-ready]');
  await editor.waitFor();
  const content = editor.locator('.cm-content');
  await content.fill(sql);
  await expect.poll(() => content.textContent()).toBe(sql.replace(/\n/g, ''));
}

/** Clicks Run and waits until the query has finished, with rows or with an error. */
export async function runConsole(page: Page): Promise<void> {
  const consolePage = page.locator('wh-console-page');
  await consolePage.getByRole('button', { name: 'Run', exact: true }).click();
  await consolePage.locator('[data-result], [role="alert"]:not([data-link-problem])').first().waitFor();
}

/**
 * Starts a long query in the console, cancels it, waits for the notice that
 * the worker was restored, then runs `followUp` and returns its first cell.
 */
export async function cancelLongQuery(page: Page, followUp: string): Promise<{ notice: string; firstCell: string }> {
  await goToHash(page, '#/console');
  const consolePage = page.locator('wh-console-page');
  await setConsoleSql(page, LONG_QUERY);
  await consolePage.getByRole('button', { name: 'Run', exact: true }).click();
  await consolePage.getByText('Running…').waitFor();
  await consolePage.getByRole('button', { name: 'Cancel' }).click();
  await consolePage.getByRole('alert').filter({ hasText: 'cancelled' }).waitFor();
  const notice = page.locator('wh-app .notice', { hasText: 'restored from its saved copy' });
  await notice.waitFor({ timeout: 20_000 });

  await setConsoleSql(page, followUp);
  await consolePage.getByRole('button', { name: 'Run', exact: true }).click();
  const cell = consolePage.locator('wh-result-grid tbody tr[data-index="0"] td:not(.index)').first();
  await cell.waitFor();
  return { notice: (await notice.textContent()) ?? '', firstCell: (await cell.textContent()) ?? '' };
}
