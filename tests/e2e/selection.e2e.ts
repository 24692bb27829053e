/**
 * The selection toolbar in real Chromium and Firefox against both markup flavours of the simulated
 * portal (issue 4): a pasted list of 150 references spread over pages gives batch 1 of 2 with 100
 * ticked and the portal's own counter at 100, the portal accepts the export, and "next batch" selects
 * the remaining 50; select all on a 100-row page; a rule; the counter in step with the user's ticks.
 * Screenshots of the toolbar go to tests/artifacts/<browser>/selection-<flavour>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, artifactPath, type E2EPage, type ExtensionSession, type Portal, closePortalSession, openPortalSession } from './harness';

const FLAVOURS = ['table', 'grid'] as const;
const HOST = '.occ-selection-host';

// ---- helpers that run in the page (no closures: each gets what it needs as its argument)

function portalCount(): number {
  const match = /Cases selected:\s*(\d+)/.exec(document.getElementById('selected-count')?.textContent ?? '');
  return match ? Number(match[1]) : -1;
}
function toolbarText(selector: string): string {
  return document.querySelector('.occ-selection-host')?.shadowRoot?.querySelector(selector)?.textContent ?? '';
}
function pressToolbar(action: string): void {
  const button = document.querySelector('.occ-selection-host')!.shadowRoot!.querySelector<HTMLButtonElement>(`[data-occ-action="${action}"]`)!;
  if (button.disabled) throw new Error(`${action} is disabled`);
  button.click();
}
function referencesOnPage(): string[] {
  return Array.from(document.querySelectorAll('.portal-case-link')).map((link) => link.textContent ?? '');
}
function tickedOnPage(): string[] {
  return Array.from(document.querySelectorAll('.portal-row-checkbox'))
    .filter((box) => (box instanceof HTMLInputElement ? box.checked : box.getAttribute('aria-checked') === 'true'))
    .map((box) => (box.getAttribute('aria-label') ?? '').replace('Select case ', ''));
}
function counterAgrees(): boolean {
  const host = document.querySelector('.occ-selection-host');
  const shown = host?.shadowRoot?.querySelector('[data-occ-counter]')?.textContent ?? '';
  const match = /Cases selected:\s*(\d+)/.exec(document.getElementById('selected-count')?.textContent ?? '');
  return match !== null && shown === `${match[1]} of 100 selected`;
}

describe.each(BROWSERS)('selection toolbar in %s', (browserName) => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let page: E2EPage;

  beforeAll(async () => {
    ({ portal, session, page } = await openPortalSession(browserName, { seed: 1, exportDelayMs: 100 }));
  });

  afterAll(() => closePortalSession({ session, portal }));

  async function open(flavour: string, rowsPerPage: number): Promise<void> {
    const url = `${portal!.url}/cases?flavour=${flavour}`;
    await page.goto(url);
    await page.waitForSelector(HOST);
    await page.waitForFunction(() => document.querySelectorAll('.portal-row-checkbox').length > 0);
    // A plan left by an earlier test survives reloads by design: cancel it, then start afresh.
    const hadPlan = await page.evaluate(() => {
      const plan = document.querySelector('.occ-selection-host')?.shadowRoot?.querySelector<HTMLElement>('[data-occ-plan]');
      if (!plan || plan.hidden) return false;
      plan.querySelector<HTMLButtonElement>('[data-occ-action="cancel-plan"]')!.click();
      return true;
    });
    if (hadPlan) {
      await page.goto(url);
      await page.waitForSelector(HOST);
      await page.waitForFunction(() => document.querySelectorAll('.portal-row-checkbox').length > 0);
    }
    await page.evaluate((size) => {
      const select = document.getElementById('rows-per-page') as HTMLSelectElement;
      select.value = String(size);
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, rowsPerPage);
    await page.waitForFunction(
      (size) => document.querySelectorAll('.portal-row-checkbox').length === size || (document.getElementById('next-page') as HTMLButtonElement).disabled,
      rowsPerPage,
    );
    await page.waitForFunction(counterAgrees);
  }

  async function turnPage(direction: 'next' | 'prev'): Promise<void> {
    const before = await page.evaluate(referencesOnPage);
    await page.click(`#${direction}-page`);
    await page.waitForFunction((first) => (document.querySelector('.portal-case-link')?.textContent ?? '') !== first, before[0] ?? '');
  }

  /** Waits until the toolbar has worked this page: the portal's counter reaches `count` and agrees with ours. */
  async function expectCount(count: number): Promise<void> {
    await page.waitForFunction((expected) => {
      const match = /Cases selected:\s*(\d+)/.exec(document.getElementById('selected-count')?.textContent ?? '');
      const shown = document.querySelector('.occ-selection-host')?.shadowRoot?.querySelector('[data-occ-counter]')?.textContent ?? '';
      return match !== null && Number(match[1]) === expected && shown === `${expected} of 100 selected`;
    }, count, { timeout: 10_000 }).catch(async () => {
      const hosts = await page.evaluate(() => document.querySelectorAll('.occ-selection-host').length);
      const report = await page.evaluate(toolbarText, '[data-occ-report]');
      const plan = await page.evaluate(toolbarText, '[data-occ-plan]');
      throw new Error(`expected ${count} selected; portal says ${await page.evaluate(portalCount)}, toolbar says "${await page.evaluate(toolbarText, '[data-occ-counter]')}" (${hosts} toolbar(s); plan: "${plan}"; report: "${report}")`);
    });
  }

  describe.each(FLAVOURS)('the %s flavour', (flavour) => {
    it('a list of 150 references over three pages: batch 1 of 2, export, then the next 50', async () => {
      await open(flavour, 100);
      // The references as listed, page by page (the user's own list would come from a spreadsheet).
      const pages: string[][] = [];
      for (;;) {
        pages.push(await page.evaluate(referencesOnPage));
        if (await page.evaluate(() => (document.getElementById('next-page') as HTMLButtonElement).disabled)) break;
        await turnPage('next');
      }
      expect(pages.length).toBe(3);
      const listed = pages.flat();
      const wanted = listed.filter((_, index) => index % 7 < 5).slice(0, 150);
      expect(wanted).toHaveLength(150);
      while (pages.length > 1 && !(await page.evaluate(() => (document.getElementById('prev-page') as HTMLButtonElement).disabled))) await turnPage('prev');

      // Pasted as people paste: mixed case, quotes, commas and new lines, one reference twice.
      const pasted = wanted.map((reference, i) => (i % 3 === 0 ? reference.toLowerCase() : i % 3 === 1 ? `"${reference}"` : ` ${reference} `)).join(',\n') + `; ${wanted[0]}`;
      await page.evaluate((value) => {
        const root = document.querySelector('.occ-selection-host')!.shadowRoot!;
        root.querySelector<HTMLDetailsElement>('[data-occ-section="list"]')!.open = true;
        root.querySelector<HTMLTextAreaElement>('[data-occ-input="list"]')!.value = value;
      }, pasted);
      await page.evaluate(pressToolbar, 'select-list');
      const [w1, w2, w3] = pages.map((rows) => rows.filter((reference) => wanted.includes(reference)).length) as [number, number, number];
      expect(w1 + w2 + w3).toBe(150);
      expect(w1).toBeLessThan(100);
      const firstPage = w1;
      await expectCount(firstPage);
      const report = await page.evaluate(toolbarText, '[data-occ-report]');
      expect(report).toContain(`Matched on this page: ${firstPage}.`);
      expect(report).toContain(`Not found on any page seen: ${150 - firstPage}`);
      expect(report).toContain(`Duplicates in the paste (counted once): 1: ${wanted[0]}.`);
      expect(await page.evaluate(tickedOnPage)).toEqual(pages[0]!.filter((reference) => wanted.includes(reference)));

      await turnPage('next');
      await expectCount(100);
      await turnPage('next');
      await expectCount(100);
      expect(await page.evaluate(toolbarText, '[data-occ-batch]')).toBe('batch 1 of 2: 100 cases');
      await page.evaluate(() => document.querySelector('.occ-selection-host')!.scrollIntoView());
      await page.screenshot(artifactPath(`${browserName}/selection-${flavour}.png`));

      // The portal accepts the export of exactly this batch.
      await page.click('#export-selected');
      await page.waitForSelector('#export-modal:not([hidden])');
      expect(await page.evaluate(() => (document.getElementById('export-message') as HTMLElement).hidden)).toBe(true);
      const exports = (await (await fetch(`${portal!.url}/api/exports`)).json()) as { exports: { id: string; count: number }[] };
      expect(exports.exports[0]!.count).toBe(100);
      await page.click('#export-modal-close');

      // Next batch, pressed on page 1, then the user pages through as the toolbar asks.
      await turnPage('prev');
      await turnPage('prev');
      await page.evaluate(pressToolbar, 'next-batch');
      expect(await page.evaluate(toolbarText, '[data-occ-batch]')).toBe('batch 2 of 2: 50 cases');
      await expectCount(100 - w1);
      await turnPage('next');
      await expectCount(50 - w3); // batch 1's rest unticked here, batch 2's share of this page ticked
      await turnPage('next');
      await expectCount(50);
      await page.click('#export-selected');
      await page.waitForSelector('#export-modal:not([hidden])');
      const second = (await (await fetch(`${portal!.url}/api/exports`)).json()) as { exports: { id: string; count: number }[] };
      expect(second.exports[0]!.count).toBe(50);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the simulated export takes 100 ms
      const csv = await (await fetch(`${portal!.url}/download/${second.exports[0]!.id}.csv`)).text();
      const exported = wanted.slice(100).filter((reference) => csv.includes(reference));
      expect(exported).toHaveLength(50);
      expect(wanted.slice(0, 100).filter((reference) => csv.includes(reference))).toEqual([]);
      await page.click('#export-modal-close');
      await page.evaluate(pressToolbar, 'cancel-plan');
      expect((await page.errors()).filter((error) => error.includes(session!.extensionBase) || error.includes('Connect Companion'))).toEqual([]);
    });

    it('select all on a 100-row page ticks all 100 and no more', async () => {
      await open(flavour, 100);
      await page.evaluate(pressToolbar, 'select-all');
      await expectCount(100);
      expect(await page.evaluate(tickedOnPage)).toHaveLength(100);
      expect(await page.evaluate(toolbarText, '[data-occ-counter]')).toBe('100 of 100 selected');
      // At the limit, ticking more on the next page is refused.
      await turnPage('next');
      expect(await page.evaluate(() => document.querySelector('.occ-selection-host')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-occ-action="select-all"]')!.disabled)).toBe(true);
      await page.evaluate(pressToolbar, 'invert').catch(() => undefined);
      await expectCount(100);
      expect(await page.evaluate(tickedOnPage)).toEqual([]);
    });

    it('selects by rule: Case stage is View on this page', async () => {
      await open(flavour, 25);
      const expected = await page.evaluate(() => {
        // The test's own reading of the page: rows whose Case stage cell says View.
        const headers = Array.from(document.querySelectorAll('th, [role="columnheader"]')).map((cell) => cell.textContent?.trim() ?? '');
        const column = headers.indexOf('Case stage');
        const rows = Array.from(document.querySelectorAll('tbody tr, .portal-grid-body [role="row"]'));
        return rows
          .filter((row) => {
            const cells = Array.from(row.querySelectorAll(':scope > td:not(.portal-select-col), :scope > [role="gridcell"]'));
            return cells[column - (headers[0] === '' ? 1 : 0)]?.textContent?.trim() === 'View';
          })
          .map((row) => row.querySelector('.portal-case-link')?.textContent ?? '');
      });
      expect(expected.length).toBeGreaterThan(0);
      await page.evaluate(() => {
        const root = document.querySelector('.occ-selection-host')!.shadowRoot!;
        root.querySelector<HTMLDetailsElement>('[data-occ-section="rule"]')!.open = true;
        const kind = root.querySelector<HTMLSelectElement>('[data-occ-input="rule-kind"]')!;
        kind.value = 'caseStage';
        kind.dispatchEvent(new Event('change'));
      });
      // The stages offered are those of the rows on the page, drawn in the frame after the page changed.
      await page.waitForFunction(() =>
        Array.from(document.querySelector('.occ-selection-host')!.shadowRoot!.querySelectorAll<HTMLOptionElement>('[data-occ-input="rule-value"] option')).some((option) => option.value === 'View'),
      );
      await page.evaluate(() => {
        const root = document.querySelector('.occ-selection-host')!.shadowRoot!;
        const value = root.querySelector<HTMLSelectElement>('[data-occ-input="rule-value"]')!;
        value.value = 'View';
        value.dispatchEvent(new Event('change'));
      });
      await page.evaluate(pressToolbar, 'select-rule');
      await expectCount(expected.length);
      expect((await page.evaluate(tickedOnPage)).sort()).toEqual([...expected].sort());
      expect(await page.evaluate(toolbarText, '[data-occ-report]')).toContain(`Rule “Case stage is View”: ${expected.length} case`);
      await page.evaluate(() => document.querySelector('.occ-selection-host')!.scrollIntoView());
      await page.screenshot(artifactPath(`${browserName}/selection-rule-${flavour}.png`));
      await page.evaluate(pressToolbar, 'cancel-plan');
    });

    it("keeps the counter in step with the user's own ticks", async () => {
      await open(flavour, 10);
      const box = (n: number) =>
        flavour === 'table' ? `#table-wrap tbody tr:nth-child(${n}) .portal-row-checkbox` : `.portal-grid-body > [role="row"]:nth-child(${n}) .portal-row-checkbox`;
      for (const [n, expected] of [[1, 1], [2, 2], [5, 3], [2, 2]] as const) {
        await page.click(box(n));
        await expectCount(expected);
      }
      await page.evaluate(pressToolbar, 'invert');
      await expectCount(8);
      await page.evaluate(pressToolbar, 'clear');
      await expectCount(0);
    });
  });

  it('every toolbar control is reachable with Tab', async () => {
    await page.goto(`${portal!.url}/cases?flavour=table`);
    await page.waitForSelector(HOST);
    await page.evaluate(() => (document.querySelector('.occ-selection-host')!.shadowRoot!.querySelector('button') as HTMLButtonElement).focus());
    const names: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      names.push(await page.evaluate(() => {
        const active = document.querySelector('.occ-selection-host')!.shadowRoot!.activeElement as HTMLElement | null;
        return active ? `${active.tagName}:${active.getAttribute('aria-label') ?? active.textContent?.trim() ?? ''}` : '';
      }));
      await page.keyboard.press('Tab');
    }
    expect(names.slice(0, 4)).toEqual([
      'BUTTON:Select all on this page',
      // Clear is disabled with nothing ticked, so Tab skips it.
      'BUTTON:Invert this page',
      'SUMMARY:Select by rule',
      'SUMMARY:Select by list',
    ]);
  });
});
