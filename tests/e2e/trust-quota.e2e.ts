/**
 * Storage limits (issue 8), in Chromium: when IndexedDB refuses a write, the user is told where they
 * acted (the Merge tab's "Add to the case store", the popup for what browsing the portal stored) and
 * nothing already stored changes: the refused batch's transaction is rolled back by Chromium's own
 * IndexedDB, the portal page's console stays clean.
 *
 * How the refusal is made: the case store's service worker is told to throw QuotaExceededError from its
 * IndexedDB `put` after a given number of calls (a patch of IDBObjectStore.prototype.put in the worker).
 * Chromium's real quota cannot be made small for the extension: CDP `Storage.overrideQuotaForOrigin` on
 * `chrome-extension://<id>` is accepted (`Storage.getUsageAndQuota` then reports `overrideActive: true`
 * and the small quota) but IndexedDB writes of several MB in that origin still complete, while the same
 * override on the portal's http origin makes them abort with QuotaExceededError (Chromium 156).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConsoleMessage, Page as PlaywrightPage, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUOTA_MESSAGE } from '../../components/case-db/caseDb';
import { CaseMerger } from '../../lib/csv/merge';
import { generateExportFiles } from '../../scripts/portal/generator';
import type { IsoDate } from '../../lib/dates';
import type { CaseValues } from '../../lib/deadlines';
import { launchExtension, startPortal, type E2EPage, type ExtensionSession, type Portal } from './harness';
import { mergeFiles, waitUntilAddedToStore } from './workbenchSteps';

const TODAY = '2026-11-25' as IsoDate;
const ROWS = 4500;

type Chrome = { runtime: { sendMessage(message: unknown): Promise<unknown> } };

describe('chromium: a full disk', () => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let page: E2EPage;
  let worker: Worker;
  let csvPath: string;
  let references: string[];

  /** From the `after`-th IndexedDB put on, the background's puts throw QuotaExceededError; `null` undoes it. */
  const refusePutsAfter = (after: number | null) =>
    worker.evaluate((after) => {
      const scope = globalThis as unknown as { occOriginalPut?: IDBObjectStore['put'] };
      scope.occOriginalPut ??= IDBObjectStore.prototype.put;
      const put = scope.occOriginalPut;
      let calls = 0;
      IDBObjectStore.prototype.put =
        after === null
          ? put
          : function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
              calls += 1;
              if (calls > after) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
              return put.apply(this, args);
            };
    }, after);

  const send = (message: unknown) => page.evaluate((message) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(message), message);
  const stored = async (references: string[]) =>
    ((await send({ type: 'occ:case-dates', references, fields: 'all' })) as { dates: Record<string, CaseValues> }).dates;

  beforeAll(async () => {
    portal = await startPortal({ port: 0 });
    session = await launchExtension('chromium');
    page = await session.newPage();
    const context = (page.raw as PlaywrightPage).context();
    worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(session!.extensionBase))!;
    const [file] = generateExportFiles({ seed: 21, rows: ROWS, files: 1, overlap: 0, today: TODAY });
    const merger = new CaseMerger();
    merger.addFile({ name: file!.name, text: file!.csv });
    references = [0, 1, 2].map((index) => merger.referenceOf(index));
    csvPath = path.join(mkdtempSync(path.join(tmpdir(), 'occ-quota-')), file!.name);
    writeFileSync(csvPath, file!.csv);
  });

  afterAll(async () => {
    await session?.close();
    await portal?.close();
  });

  async function mergeAndAdd(): Promise<void> {
    await mergeFiles(page, session!.extensionBase, [csvPath]);
    // The Merge tab adds every finished merge to the case store by itself.
    await page.waitForSelector('[data-testid="store-import"]', { timeout: 60_000 });
  }

  it('the Merge tab adds a merged export to the case store', async () => {
    await mergeAndAdd();
    await waitUntilAddedToStore(page);
    expect(await page.evaluate(() => document.querySelector('[data-testid="store-import-status"]')!.textContent)).toMatch(/^Added 4,500 cases to your deadlines \(4,500 new or changed in the case store\)/);
  });

  it('a batch refused midway is rolled back whole by Chromium; the cases stored before are unchanged', async () => {
    // Refs 1-3 from before; the batch rewrites all three, and the third put is refused.
    const before = await stored(references);
    expect(Object.keys(before)).toEqual(references);
    await refusePutsAfter(2);
    const answer = await send({ type: 'occ:import', name: 'changed.csv', rows: references.map((caseReference) => ({ caseReference, caseStage: 'Changed stage', yourCaseOwner: 'Someone Else' })) });
    await refusePutsAfter(null);
    expect(answer).toEqual({ ok: false, reason: 'quota', message: QUOTA_MESSAGE });
    expect(await stored(references)).toEqual(before);
  });

  it('the Merge tab shows the message and how much went in before the refusal', async () => {
    // Batches are 500 cases: six go in, the seventh is refused at its first case.
    await refusePutsAfter(3000);
    await mergeAndAdd();
    await page.waitForSelector('[data-testid="store-import-error"]', { timeout: 60_000 });
    await refusePutsAfter(null);
    expect(await page.evaluate(() => document.querySelector('[data-testid="store-import-error"]')!.textContent)).toBe(
      `${QUOTA_MESSAGE} 3,000 of 4,500 cases were added before it stopped; adding again is safe (a case already stored is not counted twice).`,
    );
  });

  it('browsing the portal with a full disk: the page is untouched, the popup says what happened', async () => {
    const portalPage = await session!.newPage();
    const messages: string[] = [];
    const raw = portalPage.raw as PlaywrightPage;
    raw.on('console', (message: ConsoleMessage) => {
      // The simulated portal serves no favicon: Chromium logs its 404 as an error.
      if (!message.location().url.endsWith('/favicon.ico')) messages.push(`${message.type()}: ${message.text()} (${message.location().url})`);
    });
    raw.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
    await refusePutsAfter(0);
    await portalPage.goto(`${portal!.url}/cases?flavour=table`);
    await portalPage.waitForSelector('.occ-badge[data-occ-kind]');
    await page.goto(`${session!.extensionBase}popup.html`);
    await page.waitForSelector('[data-occ-write-failure="quota"]', { timeout: 15_000 });
    expect(await page.evaluate(() => document.querySelector('[data-occ-write-failure]')!.textContent)).toMatch(
      new RegExp(`^${QUOTA_MESSAGE.replace(/[().]/g, '\\$&')} \\(portal page View case list, `),
    );
    expect(messages.filter((message) => /^(error|warning|pageerror):/.test(message))).toEqual([]);
    await portalPage.close();

    // Room again: the next write succeeds and the note goes.
    await refusePutsAfter(null);
    await mergeAndAdd();
    await waitUntilAddedToStore(page);
    await page.goto(`${session!.extensionBase}popup.html`);
    await page.waitForSelector('[data-occ-summary="filled"]');
    expect(await page.evaluate(() => document.querySelector('[data-occ-write-failure]'))).toBeNull();
  });
});
