/**
 * The case store end to end: an export's rows go into the store (the `occ:import` message the
 * workbench sends), the popup shows the team's counts, the toolbar badge counts what is due soon,
 * and the portal's case list with its default columns (no date column at all) shows countdowns
 * whose dates came from the store; the workbench's Deadlines dashboard lists every open deadline
 * of the store, grouped by Your Case Owner with counts. Expected figures are computed here from the
 * portal's own records with plain UTC day arithmetic, independently of lib/. Runs in Chromium and
 * Firefox (issue 6: "the popup and the dashboard render with a filled store").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, artifactPath, launchExtension, startPortal, type E2EPage, type ExtensionSession, type Portal } from './harness';
import { deadlinesOf, expectedCounts, type CaseDates } from './independent-days';
import { expectTabOpenedAt } from './workbenchSteps';


type CaseRecord = Portal['cases'][number];
/** The two calls made from an extension page; Chromium names the API `chrome`, Firefox `browser`. */
interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  action: { getBadgeText(details: object): Promise<string> };
}
type ExtensionGlobals = { browser?: ExtensionApi; chrome?: ExtensionApi };
/** A portal record's dates, as the independent day counting reads them. */
const datesOf = (record: CaseRecord): CaseDates => ({
  movedToInvestigation: record.dateMovedToInvestigation,
  closure: record.closureDate,
  fileRequiredBy: record.businessFileRequiredByDate,
  fileReceived: record.businessFileReceivedDate,
});

describe.each(BROWSERS)('case store in %s', (browserName) => {
  let portal: Portal;
  let session: ExtensionSession;
  let page: E2EPage;

  beforeAll(async () => {
    portal = await startPortal({ seed: 11, count: 80 });
    // STORE_E2E_EXTENSION_DIR pins a copy of the build while other work rebuilds .output/ meanwhile.
    const pinned = process.env.STORE_E2E_EXTENSION_DIR;
    session = await launchExtension(browserName, pinned ? { extensionDir: pinned } : {});
    page = await session.newPage();
  });
  afterAll(async () => {
    await session?.close();
    await portal?.close();
  });

  it('the popup says how to fill an empty store', async () => {
    await page.goto(`${session.extensionBase}popup.html`);
    await page.waitForSelector('[data-occ-summary="empty"]');
    expect(await page.evaluate(() => document.querySelector('[data-occ-summary="empty"]')!.textContent)).toMatch(/No cases stored yet/);
  });

  it('after an import the popup shows the counts and the badge the number due soon', async () => {
    const rows = portal.cases.map((record) => ({ ...record }));
    const answer = await page.evaluate(
      async (request) => {
        const api = (globalThis as unknown as ExtensionGlobals).browser ?? (globalThis as unknown as ExtensionGlobals).chrome!;
        return api.runtime.sendMessage(request);
      },
      { type: 'occ:import', name: 'export.csv', rows, final: true, totalRows: rows.length, names: ['export.csv'] },
    );
    expect(answer).toMatchObject({ ok: true, written: portal.cases.length });

    const expected = expectedCounts(portal.cases.map(datesOf), portal.today);
    await page.goto(`${session.extensionBase}popup.html`);
    await page.waitForSelector('[data-occ-summary="filled"]');
    const counts = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('[data-occ-count]')].map((item) => [item.getAttribute('data-occ-count'), Number(item.querySelector('strong')!.textContent)])),
    );
    expect(counts).toEqual(expected.popup);
    expect(await page.evaluate(() => document.querySelectorAll('.occ-nearest tbody tr').length)).toBe(10);
    expect(await page.evaluate(() => document.querySelector('[data-occ-last-import]')!.textContent)).toContain(`${portal.cases.length} rows from export.csv`);
    await page.screenshot(artifactPath(`${browserName}/store-popup.png`), { fullPage: true });

    await page.waitForFunction(
      async (want) => {
        const api = (globalThis as unknown as ExtensionGlobals).browser ?? (globalThis as unknown as ExtensionGlobals).chrome!;
        return (await api.action.getBadgeText({})) === want;
      },
      expected.badge > 0 ? String(expected.badge) : '',
      { timeout: 15_000 },
    );
  });

  it("the popup's button opens the workbench on its Deadlines tab", async () => {
    await page.goto(`${session.extensionBase}popup.html`);
    await page.waitForSelector('#occ-open-workbench');
    await page.click('#occ-open-workbench');
    await expectTabOpenedAt(session, `${session.extensionBase}workbench.html#deadlines`);
  });

  it('the dashboard lists every open deadline of the store, grouped by owner, with counts', async () => {
    // The dashboard's default view: deadlines still to meet (open and due soon), grouped by Your Case Owner.
    const expected = portal.cases.flatMap((record) =>
      deadlinesOf(datesOf(record), portal.today)
        .filter((deadline) => deadline.state === 'open' || deadline.state === 'due-soon')
        .map((deadline) => ({ owner: record.yourCaseOwner.trim(), state: deadline.state, row: `${record.caseReference} ${deadline.kind} ${deadline.state} ${deadline.daysLeft}` })),
    );
    const expectedGroups: Record<string, string> = {};
    for (const owner of new Set(expected.map((entry) => entry.owner))) {
      const rows = expected.filter((entry) => entry.owner === owner);
      const count = (state: string) => rows.filter((entry) => entry.state === state).length;
      expectedGroups[owner] = `${rows.length} (${count('due-soon')} due soon, ${count('open')} open, 0 closed, 0 done)`;
    }
    expect(expected.length).toBeGreaterThan(0);

    await page.goto(`${session.extensionBase}workbench.html#deadlines`);
    await page.waitForSelector('[data-occ-dashboard="filled"]');
    const shown = await page.evaluate(() => ({
      count: Number(document.querySelector('[data-occ-shown]')!.getAttribute('data-occ-shown')),
      stored: document.querySelector('.occ-dashboard .occ-muted')!.textContent ?? '',
      groups: Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('details.occ-owner')].map((group) => [group.dataset.occOwner ?? '', (group.querySelector('summary')!.textContent ?? '').replace(/^.* — /, '')]),
      ),
      rows: [...document.querySelectorAll<HTMLTableRowElement>('details.occ-owner tbody tr[data-occ-kind]')].map((row) => ({
        owner: row.closest<HTMLElement>('details.occ-owner')!.dataset.occOwner ?? '',
        row: `${row.cells[0]!.textContent} ${row.dataset.occKind} ${row.dataset.occState} ${row.dataset.occDaysLeft}`,
      })),
    }));
    expect(shown.stored).toContain(`of ${portal.cases.length} stored cases`);
    expect(shown.count).toBe(expected.length);
    expect(shown.groups).toEqual(expectedGroups);
    const sorted = (rows: { owner: string; row: string }[]) => rows.map((entry) => `${entry.owner} | ${entry.row}`).sort();
    expect(sorted(shown.rows)).toEqual(sorted(expected));
    await page.screenshot(artifactPath(`${browserName}/store-dashboard.png`));
  });

  it('the case list with its default columns shows countdowns filled from the store', async () => {
    const portalPage = await session.newPage();
    await portalPage.goto(`${portal.url}/cases?flavour=table`);
    await portalPage.waitForSelector('.occ-badge[data-occ-kind]');
    // The first badges may say "?" until the store answers; wait for none to.
    await portalPage.waitForFunction(() => document.querySelectorAll('.occ-badge[data-occ-kind]').length > 0 && document.querySelectorAll('.occ-badge[data-occ-state="unknown"]').length === 0, undefined, {
      timeout: 15_000,
    });
    const seen = await portalPage.evaluate(() =>
      [...document.querySelectorAll('table.portal-case-table tbody tr')].map((row) => ({
        text: row.textContent ?? '',
        badges: [...row.querySelectorAll('.occ-badge[data-occ-kind]')].map((badge) => ({
          kind: badge.getAttribute('data-occ-kind')!,
          state: badge.getAttribute('data-occ-state')!,
          daysLeft: Number(badge.getAttribute('data-occ-days-left')),
        })),
      })),
    );
    const headers = await portalPage.evaluate(() => [...document.querySelectorAll('table.portal-case-table thead th')].map((cell) => (cell.textContent ?? '').trim()));
    expect(headers).not.toContain('Date moved to investigation');
    expect(headers).not.toContain('Closure date');
    expect(seen.length).toBeGreaterThan(0);
    let checked = 0;
    for (const row of seen) {
      const record = portal.cases.find((candidate) => row.text.includes(candidate.caseReference));
      expect(record).toBeDefined();
      const expected = deadlinesOf(datesOf(record!), portal.today).map(({ kind, state, daysLeft }) => ({ kind, state, daysLeft }));
      expect(row.badges.map(({ kind, state, daysLeft }) => ({ kind, state, daysLeft }))).toEqual(expected);
      checked += expected.length;
    }
    expect(checked).toBeGreaterThan(0);
    await portalPage.screenshot(artifactPath(`${browserName}/store-case-list.png`));

    // An import while the tab stays open (the workbench's merged export): the tab asks the store
    // again and redraws, with no reload, once the background tells it the store changed.
    const overdue = seen
      .map((row) => ({ row, record: portal.cases.find((candidate) => row.text.includes(candidate.caseReference))! }))
      .find(({ row, record }) => record.businessFileRequiredByDate && row.badges.some((badge) => badge.kind === 'business-file' && badge.state !== 'done'));
    expect(overdue).toBeDefined();
    const { record } = overdue!;
    const received = { ...record, businessFileReceivedDate: record.businessFileRequiredByDate };
    const answer = await page.evaluate(
      async (request) => {
        const api = (globalThis as unknown as ExtensionGlobals).browser ?? (globalThis as unknown as ExtensionGlobals).chrome!;
        return api.runtime.sendMessage(request);
      },
      { type: 'occ:import', name: 'merged.csv', rows: [received], final: true, totalRows: 1, names: ['merged.csv'] },
    );
    expect(answer).toMatchObject({ ok: true, changed: 1 });
    await portalPage.waitForFunction(
      (reference) => {
        const row = [...document.querySelectorAll('table.portal-case-table tbody tr')].find((candidate) => (candidate.textContent ?? '').includes(reference));
        return row?.querySelector('.occ-badge[data-occ-kind="business-file"]')?.getAttribute('data-occ-state') === 'done';
      },
      record.caseReference,
      { timeout: 10_000 },
    );
    await portalPage.close();
  });
});
