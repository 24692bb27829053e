/**
 * A portal host added in the options runs the content script there (issue 6), in Chromium. The e2e
 * build grants both loopback names at install but declares its content script for 127.0.0.1 only
 * (wxt.config.ts, lib/hosts.ts), so the simulated portal reached as http://localhost:PORT stands for
 * a host of the user's own: no marks until `http://localhost/*` is typed into the options and added
 * (the permission, already granted, is given without a prompt, which headless Chromium could not
 * answer); countdown badges after a reload; none again after a reload once it is removed.
 * Screenshots: tests/artifacts/chromium/hosts-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, artifactPath, launchExtension, startPortal, type E2EPage, type ExtensionSession, type Portal } from './harness';

const HOST = 'http://localhost/*';
/** Long enough for a content script at document_idle to have marked the page, had it run. */
const SETTLE_MS = 2_000;

describe.skipIf(!BROWSERS.includes('chromium'))('chromium: a portal host added in the options', () => {
  let portal: Portal;
  let session: ExtensionSession;
  let options: E2EPage;
  let portalPage: E2EPage;
  let localhostCases: string;

  beforeAll(async () => {
    // The portal binds 127.0.0.1 only; the browser resolves localhost to it all the same.
    portal = await startPortal({ seed: 11 });
    localhostCases = `${portal.url.replace('//127.0.0.1:', '//localhost:')}/cases?flavour=table`;
    session = await launchExtension('chromium');
    options = await session.newPage();
    portalPage = await session.newPage();
  });
  afterAll(async () => {
    await session?.close();
    await portal?.close();
  });

  /** Opens the case list on localhost; resolves once the portal's own table is there. */
  async function openOnLocalhost(): Promise<void> {
    await portalPage.goto(localhostCases);
    expect(new URL(await portalPage.evaluate(() => location.href)).hostname).toBe('localhost');
    await portalPage.waitForSelector('table.portal-case-table tbody tr');
  }

  /** Our marks in the page: any occ- class, data-occ attribute, or the content script's sign. */
  const marks = () =>
    portalPage.evaluate(() => ({
      loaded: document.documentElement.dataset.occLoaded ?? null,
      nodes: document.querySelectorAll('[class*="occ-"], [id^="occ-"], [data-occ-kind], [data-occ-help]').length,
    }));

  /** The content scripts the background has registered at run time, by the options page's own API. */
  const registered = () =>
    options.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> } } }).chrome;
      return (await api.scripting.getRegisteredContentScripts()).flatMap((script) => script.matches ?? []);
    });

  /** Polls `read` from here until `done` holds (a page-side wait would take the async API's promise as truthy). */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last seen ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('before the host is added, the content script does not run on localhost (but does on 127.0.0.1)', async () => {
    // The control: the same page through the statically matched name is annotated.
    await portalPage.goto(`${portal.url}/cases?flavour=table`);
    await portalPage.waitForSelector('.occ-badge[data-occ-kind]');
    await openOnLocalhost();
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    expect(await marks()).toEqual({ loaded: null, nodes: 0 });
  });

  it('adding http://localhost/* in the options runs the countdowns there after a reload', async () => {
    await options.goto(`${session.extensionBase}options.html`);
    await options.waitForSelector('#occ-host-input');
    await options.click('#occ-host-input');
    await options.keyboard.type(HOST);
    await options.click('#occ-add-host');
    await options.waitForFunction(() => /^Added http:\/\/localhost\/\*/.test(document.getElementById('occ-data-message')?.textContent ?? ''));
    expect(await options.evaluate(() => [...document.querySelectorAll('[data-occ-host]')].map((item) => item.getAttribute('data-occ-host')))).toEqual(['http://localhost/*']);
    await options.screenshot(artifactPath('chromium/hosts-options.png'), { fullPage: true });
    // The background registers the content script when the saved settings change.
    await until(registered, (matches) => matches.includes(HOST), 'the content script is registered on localhost');

    await openOnLocalhost();
    await portalPage.waitForSelector('.occ-badge[data-occ-kind]');
    const seen = await portalPage.evaluate(() => ({
      loaded: document.documentElement.dataset.occLoaded ?? null,
      rows: document.querySelectorAll('table.portal-case-table tbody tr').length,
      rowsWithBadges: [...document.querySelectorAll('table.portal-case-table tbody tr')].filter((row) => row.querySelector('.occ-badge[data-occ-kind]')).length,
    }));
    expect(seen.loaded).toBe('true');
    expect(seen.rows).toBeGreaterThan(0);
    expect(seen.rowsWithBadges).toBe(seen.rows);
    await portalPage.screenshot(artifactPath('chromium/hosts-localhost-added.png'));
  });

  it('removing it stops the content script there after a reload', async () => {
    await options.click(`[aria-label="Remove ${HOST}"]`);
    await options.waitForFunction(() => /^Removed http:\/\/localhost\/\*/.test(document.getElementById('occ-data-message')?.textContent ?? ''));
    // The background unregisters when the saved settings change; the test waits for that, then reloads.
    await until(registered, (matches) => matches.length === 0, 'no content script is registered at run time').catch(() => undefined);
    expect(await registered()).toEqual([]);

    await openOnLocalhost();
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    expect(await marks()).toEqual({ loaded: null, nodes: 0 });
    await portalPage.screenshot(artifactPath('chromium/hosts-localhost-removed.png'));
  });
});
