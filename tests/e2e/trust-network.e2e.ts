/**
 * No network (issue 8), in Chromium: every request the browser makes while the demo flow runs is
 * recorded through Playwright's context-wide `request` event, which in Chromium also reports the
 * extension service worker's requests (the last test shows it does, by making one from the worker).
 * The flow: the portal's case list with countdowns (both flavours), the workbench importing and merging
 * generated exports in its worker, its Deadlines and Insights tabs, the popup and the options page,
 * then collecting: an export downloaded from the portal's *Available for download*, added from the
 * popup (the background fetches it again) and listed in the workbench.
 * Allowed: the simulated portal's own origin, our own chrome-extension:// pages, data: and blob: URLs.
 *
 * Not covered here: the workbench's own CSV and .ics downloads (covered for their content by other e2e
 * files, not recorded here). Firefox's BiDi hides extension pages' events: tests/e2e/trust-network-firefox.e2e.ts
 * records Firefox through a proxy instead.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page as PlaywrightPage, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExportFiles } from '../../scripts/portal/generator';
import type { IsoDate } from '../../lib/dates';
import { launchExtension, startPortal, type E2EPage, type ExtensionSession, type Portal } from './harness';
import { walkTheDemoFlow } from './demoFlow';

const TODAY = '2026-11-25' as IsoDate;

interface Seen {
  url: string;
  from: string;
}

/** Requests that go anywhere but the portal, our own extension, data: or blob:. */
export function foreign(requests: readonly Seen[], portalOrigin: string, extensionBase: string): Seen[] {
  return requests.filter(({ url }) => {
    if (url.startsWith(extensionBase) || url.startsWith('data:') || url.startsWith('blob:')) return false;
    try {
      return new URL(url).origin !== portalOrigin;
    } catch {
      return true;
    }
  });
}

describe('the request filter', () => {
  it.each([
    ['http://127.0.0.1:4000/cases', []],
    ['chrome-extension://abc/popup.html', []],
    ['data:image/png;base64,AAAA', []],
    ['blob:chrome-extension://abc/1234', []],
    ['http://127.0.0.1:4001/cases', ['http://127.0.0.1:4001/cases']],
    ['https://www.google-analytics.com/collect', ['https://www.google-analytics.com/collect']],
    ['chrome-extension://other/x.js', ['chrome-extension://other/x.js']],
  ])('%s', (url, expected) => {
    expect(foreign([{ url, from: 'x' }], 'http://127.0.0.1:4000', 'chrome-extension://abc/').map((seen) => seen.url)).toEqual(expected);
  });
});

describe('chromium: no request leaves for anywhere but the portal', () => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let context: BrowserContext;
  let page: E2EPage;
  const seen: Seen[] = [];
  const record = (request: Request) => {
    const worker = request.serviceWorker();
    seen.push({ url: request.url(), from: worker ? `service worker ${worker.url()}` : (request.frame()?.url?.() ?? 'unknown') });
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'occ-trust-net-'));
  const paths = generateExportFiles({ seed: 5, rows: 600, files: 3, overlap: 0.25, today: TODAY }).map((file) => {
    const target = path.join(dir, file.name);
    writeFileSync(target, file.csv);
    return target;
  });

  beforeAll(async () => {
    portal = await startPortal({ port: 0, exportDelayMs: 200 });
    session = await launchExtension('chromium');
    page = await session.newPage();
    context = (page.raw as PlaywrightPage).context();
    context.on('request', record);
  });

  afterAll(async () => {
    await session?.close();
    await portal?.close();
  });

  it('runs the demo flow', async () => {
    await walkTheDemoFlow(page, portal!.url, session!.extensionBase, paths);

    // Collecting: export, download from Available for download, add it from the popup, see it in the workbench.
    await page.click('#export-all');
    await page.waitForSelector('#export-modal:not([hidden])');
    await page.click('#export-modal-close');
    await page.waitForSelector('#download-list a.portal-download-arrow');
    const raw = page.raw as PlaywrightPage;
    const [download] = await Promise.all([raw.waitForEvent('download'), page.click('#download-list a.portal-download-arrow')]);
    expect(await download.failure()).toBeNull();
    await page.goto(`${session!.extensionBase}popup.html`);
    await page.waitForSelector('[data-occ-offer-action="add"]');
    await page.click('[data-occ-offer-action="add"]');
    await page.waitForSelector('[data-occ-collect-added]');
    await page.goto(`${session!.extensionBase}workbench.html`);
    await page.waitForSelector('[data-collected-name]');

    // The flow did run through the recorder: the portal's pages and our own pages were seen.
    expect(seen.some(({ url }) => url.startsWith(`${portal!.url}/cases`))).toBe(true);
    expect(seen.some(({ url }) => url.startsWith(`${session!.extensionBase}workbench.html`))).toBe(true);
    // The collector's fetch of the download, from the service worker, was seen too.
    expect(seen.some(({ url, from }) => url.startsWith(`${portal!.url}/download/`) && from.startsWith('service worker'))).toBe(true);
    expect(foreign(seen, new URL(portal!.url).origin, session!.extensionBase)).toEqual([]);
  });

  it('would see a request made from the extension service worker (so the check above can fail)', async () => {
    const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(session!.extensionBase));
    expect(worker).toBeDefined();
    // A closed loopback port: nothing leaves the machine.
    const probe = 'http://127.0.0.1:9/occ-probe';
    await worker!.evaluate((url) => fetch(url).then(() => 'ok', () => 'failed'), probe);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(foreign(seen, new URL(portal!.url).origin, session!.extensionBase).map((request) => request.url)).toEqual([probe]);
  });
});
