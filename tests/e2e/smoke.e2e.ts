/**
 * The first end-to-end test: the built (`--mode e2e`) extension loads in real Chromium and real Firefox,
 * its content script runs on the simulated portal's dashboard and on both markup flavours of the case list,
 * and its popup, workbench and options pages open without console errors. Screenshots of each go to
 * tests/artifacts/<browser>/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  artifactPath,
  launchExtension,
  startPortal,
  type E2EPage,
  type ExtensionSession,
  type Portal,
} from './harness';

/** Set on <html> by the content script (entrypoints/portal.content) once it has run on a portal page. */
const CONTENT_SCRIPT_MARK = 'html[data-occ-loaded="true"]';

const PORTAL_PAGES = [
  { name: 'dashboard', path: '/' },
  { name: 'case-list-table', path: '/cases?flavour=table' },
  { name: 'case-list-grid', path: '/cases?flavour=grid' },
] as const;

const EXTENSION_PAGES = [
  { file: 'popup.html', viewport: { width: 420, height: 600 } },
  { file: 'workbench.html', viewport: { width: 1280, height: 900 } },
  { file: 'options.html', viewport: { width: 1024, height: 768 } },
] as const;

describe.each(BROWSERS)('%s with the e2e build', (browserName) => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let page: E2EPage;

  beforeAll(async () => {
    portal = await startPortal({ seed: 1 });
    session = await launchExtension(browserName);
    page = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await portal?.close();
  });

  it('serves portal pages that carry no mark of ours before the extension runs', async () => {
    // Without this, a page that set the attribute itself would make the next test pass with no extension.
    for (const { path } of PORTAL_PAGES) {
      const html = await (await fetch(new URL(path, portal!.url))).text();
      expect(html).not.toMatch(/data-occ-|occ-loaded|occLoaded/);
    }
  });

  it.each(PORTAL_PAGES)('runs the content script on the $name page', async ({ name, path }) => {
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(new URL(path, portal!.url).href);
    await page.waitForSelector(CONTENT_SCRIPT_MARK);
    await page.screenshot(artifactPath(`${browserName}/portal-${name}.png`), { fullPage: true });
    const ours = (await page.errors()).filter((error) => error.includes(session!.extensionBase));
    expect(ours).toEqual([]);
  });

  it.each(EXTENSION_PAGES)('opens $file without console errors', async ({ file, viewport }) => {
    const extensionPage = await session!.newPage();
    try {
      await extensionPage.setViewport(viewport);
      await extensionPage.goto(session!.extensionBase + file);
      // Each page renders into #app with Preact: an empty #app means its script failed.
      await extensionPage.waitForFunction(() => (document.getElementById('app')?.childElementCount ?? 0) > 0);
      const { title, heading } = await extensionPage.evaluate(() => ({
        title: document.title,
        heading: document.querySelector('h1, h2')?.textContent ?? '',
      }));
      expect(title).toMatch(/Connect Companion/);
      expect(heading.trim()).not.toBe('');
      await extensionPage.screenshot(artifactPath(`${browserName}/${file.replace('.html', '')}.png`));
      expect(await extensionPage.errors()).toEqual([]);
    } finally {
      await extensionPage.close();
    }
  });
});
