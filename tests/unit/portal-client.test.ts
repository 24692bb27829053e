// @vitest-environment node
// The simulated portal's case list script (scripts/portal/public/portal.js) in happy-dom, for both
// markup flavours: rows drawn from the embedded data, paging, sorting, searching, the open-cases toggle,
// the column chooser, selection kept across pages, the 100-case export limit, hostile values as text.
// Real browsers run the same page in the e2e tests; this checks the behaviour quickly.
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IsoDate } from '../../lib/dates.ts';
import { startPortal, type Portal } from '../../scripts/portal/server.ts';
import type { CaseRecord } from '../../scripts/portal/generator.ts';

// A shared 2-core machine can be slow: a page load in happy-dom may take a second or two.
vi.setConfig({ testTimeout: 20_000 });

const SCRIPT = readFileSync(new URL('../../scripts/portal/public/portal.js', import.meta.url), 'utf8');
let portal: Portal;
const windows: Window[] = [];

beforeAll(async () => {
  portal = await startPortal({ seed: 4, count: 130, today: '2026-11-25' as IsoDate, hostile: true, exportDelayMs: 20 });
});
afterAll(async () => {
  await Promise.all(windows.map((window) => window.happyDOM.close()));
  await portal.close();
});

type Flavour = 'table' | 'grid';

/** Loads /cases in happy-dom and runs the portal's script against it (fetch goes to the real server). */
async function openCaseList(flavour: Flavour) {
  const url = `${portal.url}/cases?flavour=${flavour}`;
  const html = await (await fetch(url)).text();
  const window = new Window({ url });
  windows.push(window);
  window.document.write(html.replace(/<script src="\/static\/portal\.js" defer><\/script>/, ''));
  const portalFetch = (input: string, init?: RequestInit) => fetch(new URL(input, portal.url), init);
  new Function('window', 'document', 'fetch', SCRIPT)(window, window.document, portalFetch);
  const document = window.document;
  const byId = (id: string) => document.getElementById(id) as unknown as HTMLElement;
  const rowSelector = flavour === 'table' ? 'tbody tr' : '.portal-grid-body [role="row"]';
  const headerSelector = flavour === 'table' ? 'thead th' : '[role="columnheader"]';
  const page = {
    document,
    rows: () => [...document.querySelectorAll(rowSelector)],
    headers: () => [...document.querySelectorAll(headerSelector)].map((cell) => cell.textContent!.trim()).filter(Boolean),
    header: (label: string) => [...document.querySelectorAll(headerSelector)].find((cell) => cell.textContent!.trim() === label) as unknown as HTMLElement,
    column: (label: string) => {
      const index = page.headers().indexOf(label) + (flavour === 'table' ? 1 : 0); // the table has a selection column
      return page.rows().map((row) => row.children[index]!.textContent!.trim());
    },
    references: () => page.rows().map((row) => /PNX-\d+-\w{4}/.exec(row.textContent!)![0]),
    range: () => byId('page-range').textContent,
    selectedText: () => byId('selected-count').textContent,
    rowBox: (index: number) => page.rows()[index]!.querySelector(flavour === 'table' ? 'input[type=checkbox]' : '[role="checkbox"]') as unknown as HTMLElement,
    selectAll: () => document.querySelector(flavour === 'table' ? 'thead input[type=checkbox]' : '[role="columnheader"] [role="checkbox"]') as unknown as HTMLElement,
    isChecked: (box: HTMLElement) => (flavour === 'table' ? (box as HTMLInputElement).checked : box.getAttribute('aria-checked') === 'true'),
    click: (id: string) => (byId(id) as unknown as HTMLElement).click(),
    setValue: (id: string, value: string, event: 'input' | 'change') => {
      const input = byId(id) as unknown as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new window.Event(event, { bubbles: true }) as unknown as Event);
    },
    toggle: (input: HTMLInputElement) => input.click(),
    byId,
  };
  return page;
}

const open = (cases: readonly CaseRecord[]) => cases.filter((record) => record.closureDate === '');
const isoOf = (date: string) => date.split('-').reverse().join('-');

describe.each<Flavour>(['table', 'grid'])('the case list, %s flavour', (flavour) => {
  it('draws the first ten open cases with the ten default columns, and the summary cards', async () => {
    const page = await openCaseList(flavour);
    const openCases = open(portal.cases);
    expect(page.headers()).toEqual([
      'Case reference', 'Migrated reference', 'Business name', 'Trading name', 'Business reference',
      'Complaint issue', 'Product type', 'Case stage', 'Case Progress', 'Enquiry date',
    ]);
    expect(page.references()).toEqual(openCases.slice(0, 10).map((record) => record.caseReference));
    expect(page.range()).toBe(`1-10 of ${openCases.length}`);
    expect(page.byId('card-total').textContent).toBe(String(openCases.length));
    expect(page.byId('card-priority').textContent).toBe(String(openCases.filter((record) => record.priorityCaseFlag === 'Yes').length));
    expect(page.column('Enquiry date')).toEqual(openCases.slice(0, 10).map((record) => record.enquiryDate));
    expect(page.selectedText()).toBe('Cases selected: 0');
  });

  it('pages, changes rows per page and shows closed cases when the toggle is off, redrawing the same body', async () => {
    const page = await openCaseList(flavour);
    const body = page.rows()[0]!.parentElement;
    const openCases = open(portal.cases);
    page.click('next-page');
    expect(page.references()).toEqual(openCases.slice(10, 20).map((record) => record.caseReference));
    expect(page.range()).toBe(`11-20 of ${openCases.length}`);
    expect(page.rows()[0]!.parentElement).toBe(body);
    page.setValue('rows-per-page', '100', 'change');
    expect(page.rows()).toHaveLength(100);
    expect(page.range()).toBe(`1-100 of ${openCases.length}`);
    page.toggle(page.byId('open-only') as unknown as HTMLInputElement);
    expect(page.range()).toBe(`1-100 of ${portal.cases.length}`);
    expect(page.references()).toEqual(portal.cases.slice(0, 100).map((record) => record.caseReference));
    page.click('reset-view');
    expect(page.range()).toBe(`1-10 of ${openCases.length}`);
  });

  it('sorts by a clicked header, both ways', async () => {
    const page = await openCaseList(flavour);
    page.header('Enquiry date').click();
    const ascending = page.column('Enquiry date').map(isoOf);
    expect(ascending).toEqual([...ascending].sort());
    expect(page.header('Enquiry date').getAttribute('aria-sort')).toBe('ascending');
    const oldest = [...open(portal.cases)].sort((a, b) => isoOf(a.enquiryDate).localeCompare(isoOf(b.enquiryDate)))[0]!;
    expect(page.column('Enquiry date')[0]).toBe(oldest.enquiryDate);
    page.header('Enquiry date').click();
    const descending = page.column('Enquiry date').map(isoOf);
    expect(descending).toEqual([...descending].sort().reverse());
  });

  it('searches within the cases and changes columns from the chooser', async () => {
    const page = await openCaseList(flavour);
    const target = open(portal.cases)[37]!;
    page.setValue('case-search', target.caseReference.toLowerCase(), 'input');
    expect(page.references()).toEqual([target.caseReference]);
    expect(page.range()).toBe('1-1 of 1');
    page.setValue('case-search', '', 'input');
    const closure = page.document.querySelector('input[name="column"][value="closureDate"]') as unknown as HTMLInputElement;
    closure.click();
    expect(page.headers()).toContain('Closure date');
    expect(page.headers()).toHaveLength(11);
    const trading = page.document.querySelector('input[name="column"][value="tradingName"]') as unknown as HTMLInputElement;
    trading.click();
    expect(page.headers()).not.toContain('Trading name');
  });

  it('keeps the selection by case across pages and counts it', async () => {
    const page = await openCaseList(flavour);
    page.rowBox(0).click();
    page.rowBox(3).click();
    expect(page.selectedText()).toBe('Cases selected: 2');
    page.click('next-page');
    page.selectAll().click();
    expect(page.selectedText()).toBe('Cases selected: 12');
    expect(page.rows().every((_, i) => page.isChecked(page.rowBox(i)))).toBe(true);
    page.click('prev-page');
    expect([0, 1, 2, 3].map((i) => page.isChecked(page.rowBox(i)))).toEqual([true, false, false, true]);
    page.rowBox(0).click();
    expect(page.selectedText()).toBe('Cases selected: 11');
  });

  it('refuses a Selected Cases export of more than 100 with a visible message, and accepts 100', async () => {
    const page = await openCaseList(flavour);
    page.setValue('rows-per-page', '100', 'change');
    page.selectAll().click();
    page.click('next-page');
    page.rowBox(0).click();
    expect(page.selectedText()).toBe('Cases selected: 101');
    page.click('export-selected');
    const message = page.byId('export-message');
    expect(message.hidden).toBe(false);
    expect(message.textContent).toContain('You can only select 100 cases for each download');
    page.rowBox(0).click();
    page.click('export-selected');
    await expect.poll(() => page.byId('export-modal').hidden, { timeout: 5000 }).toBe(false);
    expect(page.byId('export-modal').textContent).toContain('We are getting your files ready for download.');
    await expect.poll(() => page.document.querySelectorAll('#download-list a[href^="/download/"]').length, { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => page.byId('notification-list').textContent, { timeout: 5000 }).toContain('Case list exported file is ready for download');
  });

  it('shows hostile values as text, never as markup', async () => {
    const page = await openCaseList(flavour);
    page.setValue('rows-per-page', '100', 'change');
    page.toggle(page.byId('open-only') as unknown as HTMLInputElement);
    page.setValue('case-search', 'onerror', 'input');
    expect(page.range()).toBe('1-1 of 1');
    expect(page.rows()[0]!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(page.document.querySelector('.portal-table-wrap img, .portal-table-wrap script')).toBeNull();
  });
});
