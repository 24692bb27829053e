/**
 * The in-browser merge as both merge-chromium.ts (the timing) and merge-chromium-trace.ts (the
 * trace) run it: the workbench's Merge tab with the files given, and the page-side watch that times
 * a merge from the click on Merge (a capturing listener) to the animation frame that first shows the
 * result summary. Timed in the page: when Node notices the summary comes later, and that delay is
 * not the merge's.
 */
import type { E2EPage, ExtensionSession } from '../../tests/e2e/harness.ts';

/** The page-side watch's globals. */
export interface MergeWatch {
  /** performance.now() at the click on Merge, and at the frame that first shows the result (0 until then). */
  occClicked: number;
  occShown: number;
}

/** A new page on the workbench with `files` added to the Merge tab (every file listed). */
export async function openMergeTab(session: ExtensionSession, files: readonly string[]): Promise<E2EPage> {
  const page = await session.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  await page.goto(`${session.extensionBase}workbench.html`);
  await page.waitForSelector('[data-testid="merge-file-input"]');
  await page.setInputFiles('[data-testid="merge-file-input"]', [...files]);
  await page.waitForFunction((count) => document.querySelectorAll('.wb-file').length === count, files.length, { timeout: 120_000 });
  return page;
}

/** Installs the watch: the click's time, and the result frame's (also a user-timing mark `occ-shown`, for traces). */
export async function watchMerge(page: E2EPage): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as MergeWatch;
    w.occClicked = 0;
    w.occShown = 0;
    document.querySelector('[data-testid="merge-start"]')!.addEventListener('click', () => (w.occClicked = performance.now()), { capture: true, once: true });
    const summary = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="merge-summary"]')) return;
      summary.disconnect();
      requestAnimationFrame(() => {
        w.occShown = performance.now();
        performance.mark('occ-shown');
      });
    });
    summary.observe(document.body, { childList: true, subtree: true });
  });
}

/** Clicks Merge and waits for the result frame; the watch must be installed. Returns the page's two times. */
export async function runMerge(page: E2EPage): Promise<{ clicked: number; shown: number }> {
  await page.click('[data-testid="merge-start"]');
  await page.waitForFunction(() => (window as unknown as MergeWatch).occShown > 0, undefined, { timeout: 30 * 60_000 });
  return page.evaluate(() => {
    const w = window as unknown as MergeWatch;
    return { clicked: w.occClicked, shown: w.occShown };
  });
}
