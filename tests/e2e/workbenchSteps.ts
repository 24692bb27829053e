/**
 * Steps through the simulated portal and the workbench that several end-to-end tests and the demo
 * walk alike: export and download from the portal's own UI, merge in the Merge tab, and wait for the
 * merge to reach the case store.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { BrowserName, E2EPage, ExtensionSession } from './harness';

/** An export as the simulated portal lists it under *Available for download* (newest first). */
export interface PortalExport {
  readonly id: string;
  readonly name: string;
  readonly count: number;
  readonly ready: boolean;
  readonly url: string;
}

export async function portalExports(portalUrl: string): Promise<PortalExport[]> {
  return ((await (await fetch(`${portalUrl}/api/exports`)).json()) as { exports: PortalExport[] }).exports;
}

/**
 * *Export: All Cases* in the portal's UI, then the newest file's arrow under *Available for download*.
 * In Chromium it resolves once the file is saved; Puppeteer has no download event for Firefox, so
 * there the caller watches for what the download causes (the popup's offer).
 */
export async function exportAndDownload(page: E2EPage, portalUrl: string, browserName: BrowserName): Promise<PortalExport> {
  await page.goto(`${portalUrl}/cases`);
  await page.waitForSelector('#export-all');
  const before = (await portalExports(portalUrl)).length;
  await page.click('#export-all');
  await page.waitForSelector('#export-modal:not([hidden])');
  await page.click('#export-modal-close');
  await page.click('#available-button');
  // The portal's list polls until the file is prepared; the newest is first.
  await page.waitForFunction((count) => document.querySelectorAll('#download-list a.portal-download-arrow').length === count, before + 1, { timeout: 20_000 });
  const newest = (await portalExports(portalUrl))[0];
  if (!newest?.ready) throw new Error('the simulated portal listed the export before it was prepared');
  if (browserName === 'chromium') {
    const raw = page.raw as PlaywrightPage;
    const [download] = await Promise.all([raw.waitForEvent('download'), page.click(`#download-list a[href="${newest.url}"]`)]);
    const failure = await download.failure(); // waits for the file to be saved
    if (failure) throw new Error(`the export did not download: ${failure}`);
  } else {
    await page.click(`#download-list a[href="${newest.url}"]`);
  }
  return newest;
}

/** Waits until a tab is open at `url` (one the extension opened), then closes it so the test's own page is in front again. */
export async function expectTabOpenedAt(session: ExtensionSession, url: string): Promise<void> {
  // Plain polling, not vitest's: the demo imports these steps outside the test runner.
  for (const until = Date.now() + 15_000; !(await session.tabUrls()).includes(url); ) {
    if (Date.now() > until) throw new Error(`no tab opened at ${url}; open: ${(await session.tabUrls()).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await session.closeTabsAt(url);
}

/** Opens the workbench, gives the Merge tab these files and merges them; `beforeMerge` looks at the file list first. */
export async function mergeFiles(page: E2EPage, extensionBase: string, paths: readonly string[], beforeMerge?: () => Promise<void>): Promise<void> {
  await page.goto(`${extensionBase}workbench.html`);
  await page.waitForSelector('[data-testid="merge-file-input"]');
  await page.setInputFiles('[data-testid="merge-file-input"]', [...paths]);
  // As a user would: Merge once the list shows the files (Firefox's setInputFiles can return before
  // the page has taken the files in, and Merge is disabled with none).
  await page.waitForFunction((count) => document.querySelectorAll('.wb-file').length === count, paths.length);
  await beforeMerge?.();
  await mergeAndWait(page);
}

/** Adds an export collected from the portal to the open workbench's Merge tab and merges it. */
export async function mergeCollected(workbench: E2EPage, name: string): Promise<void> {
  await workbench.waitForSelector(`[data-collected-name="${name}"]`);
  await workbench.click(`[data-collected-name="${name}"] [data-collected-action="add"]`);
  await workbench.waitForSelector(`.wb-file[data-file-name="${name}"]`);
  await mergeAndWait(workbench);
}

async function mergeAndWait(page: E2EPage): Promise<void> {
  await page.waitForSelector('[data-testid="merge-start"]:not([disabled])');
  await page.click('[data-testid="merge-start"]');
  await page.waitForSelector('[data-testid="merge-summary"]', { timeout: 60_000 });
}

/** The Merge tab adds every finished merge to the case store by itself: waits until it says it has. */
export async function waitUntilAddedToStore(page: E2EPage): Promise<void> {
  await page.waitForFunction(() => /^Added /.test(document.querySelector('[data-testid="store-import-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
}
