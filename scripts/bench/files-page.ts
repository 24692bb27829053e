/**
 * For the benches that time a worker of their own in Chromium (merge-floor-chromium.ts,
 * decode-chromium.ts): a blank page of a plain headless Chromium with the files chosen in its file
 * input `#files`, from where the page hands them to the worker.
 */
import type { Browser, Page } from 'playwright-core';

export async function pageWithFiles(browser: Browser, files: readonly string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent('<input type="file" id="files" multiple>');
  // tsx keeps function names through an __name() helper, which functions sent to the page call.
  await page.addScriptTag({ content: 'window.__name = (fn) => fn;' });
  await page.setInputFiles('#files', [...files]);
  return page;
}
