/**
 * Collecting the portal's exports end to end in Chromium and Firefox (issue 5): an export made and downloaded
 * through the simulated portal's own UI (*Export: All Cases*, then *Available for download*) is
 * offered in the popup, added, listed in the workbench's Merge tab, merged (its row count is the
 * CSV's) and removed. Then two more downloads ("2 new exports"), the portal goes away, and adding
 * one says it could not be fetched and asks for the file to be dropped.
 *
 * Downloads: Playwright accepts them in Chromium's persistent context by default (acceptDownloads) and
 * saves them under a temporary name it removes itself; Firefox saves them in the test profile's own
 * download folder (a harness pref), removed with the profile.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, artifactPath, closePortalSession, openPortalSession, type E2EPage, type ExtensionSession, type Portal } from './harness';
import { exportAndDownload as exportThroughPortal, expectTabOpenedAt, mergeCollected } from './workbenchSteps';

describe.each(BROWSERS)('collecting portal exports in %s', (browserName) => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let page: E2EPage;
  let portalUrl = '';

  beforeAll(async () => {
    ({ portal, session, page } = await openPortalSession(browserName, { seed: 3, count: 180, exportDelayMs: 200 }));
    portalUrl = portal.url;
  });

  afterAll(async () => {
    await closePortalSession({ session, portal });
  });

  const exportAndDownload = () => exportThroughPortal(page, portalUrl, browserName);

  async function openPopup(): Promise<E2EPage> {
    const popup = await session!.newPage();
    await popup.setViewport({ width: 380, height: 600 });
    await popup.goto(`${session!.extensionBase}popup.html`);
    return popup;
  }

  const headline = () => document.querySelector('[data-occ-collect-headline]')?.textContent ?? '';

  it('offers a downloaded export in the popup, keeps it for the workbench and merges it', async () => {
    const made = await exportAndDownload();
    const csv = await (await fetch(`${portalUrl}${made.url}`)).text();
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.length - 1;
    expect(rows).toBe(made.count);

    const popup = await openPopup();
    await popup.waitForFunction((text) => document.querySelector('[data-occ-collect-headline]')?.textContent === text, '1 new export — add to workbench');
    await popup.screenshot(artifactPath(`${browserName}/collect-popup-offer.png`), { fullPage: true });
    await popup.click('[data-occ-offer-action="add"]');
    await popup.waitForSelector('[data-occ-collect-added]');
    expect(await popup.evaluate(() => document.querySelector('[data-occ-collect-added]')!.textContent)).toContain(`Added to the workbench: ${made.name}.`);
    expect(await popup.evaluate(() => document.querySelectorAll('[data-occ-offer]').length)).toBe(0);
    expect(await popup.evaluate(headline)).toBe('');
    // Its button opens the workbench on the Merge tab, where the file now waits.
    await popup.click('[data-occ-collect-added] button');
    await expectTabOpenedAt(session!, `${session!.extensionBase}workbench.html#merge`);
    await popup.close();

    const workbench = await session!.newPage();
    await workbench.goto(`${session!.extensionBase}workbench.html`);
    await mergeCollected(workbench, made.name);
    expect(await workbench.evaluate((name) => document.querySelector(`.wb-file[data-file-name="${name}"] [data-field="rows"]`)?.textContent, made.name)).toBe(String(rows));
    await workbench.waitForFunction((total) => document.querySelector('[data-testid="preview-count"]')?.textContent === `${total} rows`, rows.toLocaleString('en-GB'));
    await workbench.screenshot(artifactPath(`${browserName}/collect-workbench.png`), { fullPage: true });

    // Collected files stay (a reload still lists it) until removed, and removal deletes them.
    await workbench.goto(`${session!.extensionBase}workbench.html`);
    await workbench.waitForSelector(`[data-collected-name="${made.name}"]`);
    await workbench.click(`[data-collected-name="${made.name}"] [data-collected-action="remove"]`);
    await workbench.waitForFunction(() => document.querySelectorAll('[data-collected-name]').length === 0);
    await workbench.goto(`${session!.extensionBase}workbench.html`);
    await workbench.waitForSelector('[data-testid="collected-exports"]');
    expect(await workbench.evaluate(() => document.querySelectorAll('[data-collected-name]').length)).toBe(0);
    expect((await workbench.errors()).filter((error) => !error.includes('favicon'))).toEqual([]);
    await workbench.close();
  });

  it('says when an offered export cannot be fetched any more, and asks for the file', async () => {
    await exportAndDownload();
    await exportAndDownload();
    const popup = await openPopup();
    await popup.waitForFunction((text) => document.querySelector('[data-occ-collect-headline]')?.textContent === text, '2 new exports — add to workbench');
    const names = await popup.evaluate(() => [...document.querySelectorAll('[data-occ-offer]')].map((item) => item.getAttribute('data-occ-offer-name') ?? ''));
    expect(names).toHaveLength(2);

    // The portal goes away (signed out, offline): the address cannot be fetched again.
    await portal!.close();
    portal = undefined;
    await popup.click(`[data-occ-offer-name="${names[0]}"] [data-occ-offer-action="add"]`);
    await popup.waitForSelector('[data-occ-offer="failed"] [role="alert"]');
    const message = await popup.evaluate(() => document.querySelector('[data-occ-offer="failed"] [role="alert"]')!.textContent ?? '');
    expect(message).toMatch(new RegExp(`^Could not fetch ${names[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the portal could not be reached \\(.+\\)\\. Download it again and drop it on the workbench\\.$`));
    expect(await popup.evaluate(headline)).toBe('1 new export — add to workbench');
    await popup.screenshot(artifactPath(`${browserName}/collect-popup-failed.png`), { fullPage: true });

    // Nothing was stored for it; dismissing both empties the popup's list.
    const workbench = await session!.newPage();
    await workbench.goto(`${session!.extensionBase}workbench.html`);
    await workbench.waitForSelector('[data-testid="collected-exports"]');
    expect(await workbench.evaluate(() => document.querySelectorAll('[data-collected-name]').length)).toBe(0);
    await workbench.close();
    for (const name of names) await popup.click(`[data-occ-offer-name="${name}"] [data-occ-offer-action="dismiss"]`);
    await popup.waitForFunction(() => document.querySelector('[data-occ-collect]') === null);
    await popup.close();
  });
});
