/**
 * The Insights tab end to end in Chromium and Firefox: the generator's cases go into the case store (the
 * `occ:import` message the workbench's Merge tab sends), the workbench's Insights tab draws them,
 * and every chart's data table is checked against figures computed here from the generator's own
 * records — with plain UTC day arithmetic and a hard-coded outcome table, independently of lib/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { casesToCsv, generateCases, type CaseRecord } from '../../scripts/portal/generator';
import type { IsoDate } from '../../lib/dates';
import { BROWSERS, artifactPath, launchExtension, type E2EPage, type ExtensionSession } from './harness';
import { mergeFiles, waitUntilAddedToStore } from './workbenchSteps';

type ExtensionApi = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
type ExtensionGlobals = { browser?: ExtensionApi; chrome?: ExtensionApi };

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 14;
const WARNING_DAYS = 3;
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()) as IsoDate;
const dayOfIso = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const dayOfPortal = (text: string) => {
  const [day, month, year] = text.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day!) / DAY_MS;
};
const todayDay = dayOfIso(TODAY);

// Every outcome text the generator writes, grouped by hand (the issue's mapping).
const OUTCOME_GROUP: Record<string, 'change' | 'no-change'> = {
  'Change - complaint upheld': 'change',
  'Change - settled, business offer accepted': 'change',
  'No change - complaint not upheld': 'no-change',
  'No change - withdrawn by consumer': 'no-change',
  'View - upheld': 'change',
  'View - partially upheld': 'change',
  'View - not upheld': 'no-change',
  'Provisional decision - upheld': 'change',
  'Final decision - upheld': 'change',
  'Final decision - not upheld': 'no-change',
};

const count = <K extends string>(keys: K[]) => keys.reduce((map, key) => map.set(key, (map.get(key) ?? 0) + 1), new Map<K, number>());
const owner = (record: CaseRecord) => record.yourCaseOwner.trim() || 'Unassigned';
const isOpen = (record: CaseRecord) => record.closureDate.trim() === '';

function topTen(counts: Map<string, number>): string[][] {
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b, 'en-GB'));
  const rows = sorted.slice(0, 10).map(([label, n]) => [label, String(n)]);
  const rest = sorted.slice(10);
  if (rest.length) rows.push([`Other (${rest.length} more)`, String(rest.reduce((sum, [, n]) => sum + n, 0))]);
  return rows;
}

/** Deadlines still to meet: [kind, days left, due soon]. */
function outstanding(record: CaseRecord): [string, number, boolean][] {
  const result: [string, number, boolean][] = [];
  const add = (kind: string, lastDay: number) => {
    const left = lastDay - todayDay;
    if (left >= 0) result.push([kind, left, left <= WARNING_DAYS]);
  };
  if (record.dateMovedToInvestigation) add('setup', dayOfPortal(record.dateMovedToInvestigation) + WINDOW_DAYS);
  if (record.closureDate) add('outcome', dayOfPortal(record.closureDate) + WINDOW_DAYS);
  if (record.businessFileRequiredByDate && !record.businessFileReceivedDate) add('file', dayOfPortal(record.businessFileRequiredByDate));
  return result;
}

function sixMonthDays(): number {
  const [year, month, day] = TODAY.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(year, month - 1 - 6, 1));
  const lastDay = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  back.setUTCDate(Math.min(day, lastDay));
  return todayDay - back.getTime() / DAY_MS;
}

/** The tables, first column -> the figures the test checks, computed from the generator's records. */
function expectedTables(cases: readonly CaseRecord[], groups: Record<string, 'change' | 'no-change'> = OUTCOME_GROUP) {
  const open = cases.filter(isOpen);
  const outcomes = new Map<string, { change: number; noChange: number; all: number }>();
  for (const record of cases) {
    const text = (isOpen(record) ? record.latestOutcome : record.closureOutcome).trim();
    if (!text) continue;
    const product = record.productType;
    const row = outcomes.get(product) ?? { change: 0, noChange: 0, all: 0 };
    row.all += 1;
    if (groups[text] === 'change') row.change += 1;
    if (groups[text] === 'no-change') row.noChange += 1;
    outcomes.set(product, row);
  }
  const six = sixMonthDays();
  const bounds = [0, 30, 60, 90, 120, 150, six, 270, 365, 730];
  const ages = bounds.map(() => 0);
  for (const record of open) {
    const age = Number(record.caseAge);
    let index = bounds.length - 1;
    while (age < bounds[index]!) index -= 1;
    ages[index]! += 1;
  }
  const weeks = Array.from({ length: 8 }, () => ({ setup: 0, outcome: 0, file: 0 } as Record<string, number>));
  const owners = new Map<string, { open: number; dueSoon: number }>();
  const ownerRow = (name: string) => owners.get(name) ?? owners.set(name, { open: 0, dueSoon: 0 }).get(name)!;
  for (const record of open) ownerRow(owner(record)).open += 1;
  for (const record of cases) {
    for (const [kind, left, dueSoon] of outstanding(record)) {
      if (left < 56) weeks[Math.floor(left / 7)]![kind]! += 1;
      if (dueSoon) ownerRow(owner(record)).dueSoon += 1;
    }
  }
  return {
    'open-by-stage': [...count(open.map((record) => record.caseStage))].map(([stage, n]) => [stage, String(n)]),
    'by-product': topTen(count(cases.map((record) => record.productType))),
    'by-issue': topTen(count(cases.map((record) => record.complaintIssue))),
    outcomes: [...outcomes].map(([product, row]) => [product, String(row.change), String(row.noChange), String(row.all)]),
    age: ages.map((n, index) => [String(bounds[index]), String(n)]),
    'deadlines-by-week': weeks.map((week, index) => [String(index + 1), String(week.setup), String(week.outcome), String(week.file)]),
    owners: [...owners].map(([name, row]) => [name, String(row.open), String(row.dueSoon)]),
  };
}

const portalDay = (day: number) => {
  const date = new Date(day * DAY_MS);
  return `${String(date.getUTCDate()).padStart(2, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${date.getUTCFullYear()}`;
};

/**
 * Two exports for the Merge tab: the older holds cases 0–199, the newer 100–299, where cases
 * 100–199 have moved on (to Decision, closed three days ago with an outcome: values replaced or
 * filled, never emptied). So the merge, the later file winning, is cases 0–99 as first exported and
 * 100–299 as in the newer file — worked out here without lib/csv.
 */
/** Table rows ordered by their first cell (a label), for tables whose shown order is not under test. */
const byLabel = (rows: readonly string[][]): string[][] => [...rows].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

/** Every chart's data table as shown equals the figures worked out here (rows in the tab's order). */
function expectEveryTable(shown: Awaited<ReturnType<typeof shownTables>>, expected: ReturnType<typeof expectedTables>): void {
  expect(shown['open-by-stage'].sort()).toEqual(expected['open-by-stage'].sort());
  expect(shown['by-product']).toEqual(expected['by-product']);
  expect(shown['by-issue']).toEqual(expected['by-issue']);
  expect(shown.outcomes).toEqual(byLabel(expected.outcomes));
  expect(shown.age).toEqual(expected.age);
  expect(shown['deadlines-by-week']).toEqual(expected['deadlines-by-week']);
  expect(shown.owners).toEqual(byLabel(expected.owners));
}

function writeMergeExports(): { paths: string[]; merged: CaseRecord[] } {
  const records = generateCases({ seed: 8, count: 300, today: TODAY });
  const movedOn = records.slice(100, 200).map((record) => ({
    ...record,
    caseStage: 'Decision',
    closureDate: record.closureDate || portalDay(todayDay - 3),
    closureOutcome: record.closureOutcome || 'Final decision - upheld',
  }));
  const older = records.slice(0, 200);
  const newer = [...movedOn, ...records.slice(200)];
  const dir = mkdtempSync(path.join(tmpdir(), 'occ-insights-'));
  const paths = [
    ['cases-2026-11-20-0900.csv', older],
    ['cases-2026-11-24-0900.csv', newer],
  ].map(([name, rows]) => {
    const target = path.join(dir, name as string);
    writeFileSync(target, casesToCsv(rows as CaseRecord[]));
    return target;
  });
  return { paths, merged: [...records.slice(0, 100), ...newer] };
}

/** A PNG of one element (the harness's screenshot takes the page). */
async function screenshotElement(page: E2EPage, selector: string, file: string): Promise<void> {
  if (page.browserName === 'chromium') {
    await (page.raw as PlaywrightPage).locator(selector).screenshot({ path: file });
  } else {
    const element = await (page.raw as PuppeteerPage).$(selector);
    if (!element) throw new Error(`no ${selector}`);
    await element.screenshot({ path: file as `${string}.png` });
  }
}

/** Reads every chart's table as shown, reduced to the same columns as expectedTables. */
async function shownTables(page: E2EPage) {
  const tables = await page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLTableElement>('table[data-occ-table]')].map((table) => [
        table.dataset.occTable!,
        {
          header: [...table.querySelectorAll('thead th')].map((cell) => cell.textContent ?? ''),
          rows: [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
        },
      ]),
    ),
  );
  const column = (id: string, name: string) => tables[id]!.header.indexOf(name);
  const pick = (id: string, names: string[]) => tables[id]!.rows.map((row) => names.map((name) => row[column(id, name)]!));
  return {
    raw: tables,
    'open-by-stage': pick('open-by-stage', ['Case stage', 'Cases']),
    'by-product': pick('by-product', ['Product type', 'Cases']),
    'by-issue': pick('by-issue', ['Complaint issue', 'Cases']),
    outcomes: byLabel(pick('outcomes', ['Product type', 'Change (cases)', 'No change (cases)', 'Cases with an outcome'])),
    age: pick('age', ['Case age', 'Open cases']).filter(([label]) => label !== 'Age unknown').map(([label, n]) => [label!.split('–')[0]!.replace('+ days', ''), n!]),
    'deadlines-by-week': pick('deadlines-by-week', ['Week', 'Challenge set-up', 'Challenge outcome', 'Business file']).map(([label, ...rest]) => [label!.replace(/^Week (\d+).*$/, '$1'), ...rest]),
    owners: byLabel(pick('owners', ['Your Case Owner', 'Open cases', 'Deadlines due soon'])),
  };
}

describe.each(BROWSERS)('Insights tab in %s', (browserName) => {
  let session: ExtensionSession;
  let page: E2EPage;
  const cases = generateCases({ seed: 7, count: 400, today: TODAY, hostile: true });
  /** Every case of the case store: the imported cases, then also a merge's (the Merge tab stores it). */
  let stored: CaseRecord[] = cases;

  beforeAll(async () => {
    session = await launchExtension(browserName);
    page = await session.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${session.extensionBase}workbench.html`);
    const answer = await page.evaluate(
      async (request) => {
        const api = (globalThis as unknown as ExtensionGlobals).browser ?? (globalThis as unknown as ExtensionGlobals).chrome!;
        return api.runtime.sendMessage(request);
      },
      { type: 'occ:import', name: 'export.csv', rows: cases.map((record) => ({ ...record })), final: true, totalRows: cases.length, names: ['export.csv'] },
    );
    expect(answer).toMatchObject({ ok: true, written: cases.length });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('every chart is drawn from the store with an accessible name and a data table matching independent figures', async () => {
    await page.goto(`${session.extensionBase}workbench.html`);
    await page.waitForSelector('#tab-insights');
    await page.click('#tab-insights');
    await page.waitForSelector('[data-occ-insights="filled"][data-occ-drawn-ms]', { timeout: 30_000 });

    const shown = await shownTables(page);
    expectEveryTable(shown, expectedTables(cases));
    // The hostile Latest Outcome is shown as itself, as text.
    expect(shown.raw.outcomes!.header.some((cell) => cell.startsWith('He said "no"'))).toBe(true);

    // Every chart: a drawn canvas whose accessible name states the main figure.
    const canvases = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-occ-canvas]')].map((canvas) => ({ id: canvas.dataset.occCanvas, role: canvas.getAttribute('role'), name: canvas.getAttribute('aria-label'), width: canvas.width })),
    );
    expect(canvases).toHaveLength(7);
    for (const canvas of canvases) {
      expect(canvas.role).toBe('img');
      expect(canvas.name).toMatch(/\d/);
      expect(canvas.width).toBeGreaterThan(100);
    }
    const openCount = cases.filter(isOpen).length;
    expect(canvases.find((canvas) => canvas.id === 'open-by-stage')!.name).toContain(`${openCount.toLocaleString('en-GB')} open cases`);

    // The data-table toggle shows and hides the table.
    expect(await page.evaluate(() => (document.querySelector('table[data-occ-table="age"]') as HTMLTableElement).hidden)).toBe(true);
    await page.click('[data-occ-toggle="age"]');
    expect(await page.evaluate(() => (document.querySelector('table[data-occ-table="age"]') as HTMLTableElement).hidden)).toBe(false);
    expect(await page.evaluate(() => document.querySelector('[data-occ-toggle="age"]')!.getAttribute('aria-expanded'))).toBe('true');

    // A chart as PNG: canvas.toBlob gives a real PNG.
    const png = await page.evaluate(
      () => new Promise<number[]>((resolve) => (document.querySelector('canvas[data-occ-canvas="outcomes"]') as HTMLCanvasElement).toBlob(async (blob) => resolve([...new Uint8Array(await blob!.arrayBuffer()).slice(0, 4)]), 'image/png')),
    );
    expect(png).toEqual([0x89, 0x50, 0x4e, 0x47]);

    await page.screenshot(artifactPath(`${browserName}/insights-tab.png`), { fullPage: true });
    expect(await page.errors()).toEqual([]);
  });

  it('the charts follow the window\'s width: each canvas takes its box\'s new size and is drawn again', async () => {
    // Each chart's box and canvas (CSS and pixel widths), once the canvases have followed their boxes
    // (up to two seconds; the last measurement otherwise).
    const sizes = () =>
      page.evaluate(
        () =>
          new Promise<{ box: number; css: number; pixels: number; expected: number }[]>((resolve) => {
            const started = performance.now();
            const measure = () => {
              const ratio = globalThis.devicePixelRatio || 1;
              const found = [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-occ-canvas]')].map((canvas) => {
                const box = Math.round(canvas.parentElement!.getBoundingClientRect().width * 10) / 10;
                return { box, css: Math.round(canvas.getBoundingClientRect().width * 10) / 10, pixels: canvas.width, expected: Math.floor(box * ratio) };
              });
              if (found.every((size) => size.css === size.box && size.pixels === size.expected) || performance.now() - started > 2000) resolve(found);
              else requestAnimationFrame(measure);
            };
            requestAnimationFrame(measure);
          }),
      );
    const wide = await sizes();
    await page.setViewport({ width: 480, height: 900 });
    const narrow = await sizes();
    await page.setViewport({ width: 1280, height: 900 });
    const again = await sizes();
    expect(narrow).toHaveLength(7);
    for (const [index, size] of narrow.entries()) {
      expect(size.box).toBeLessThan(wide[index]!.box);
      expect(size.css).toBe(size.box);
      expect(size.pixels).toBe(size.expected);
    }
    expect(again).toEqual(wide);
    expect(await page.errors()).toEqual([]);
  });

  it('a filter applies to every chart at once', async () => {
    await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#occ-insights-owner')!;
      for (const option of select.options) option.selected = option.value === 'Caseworkerone Portal';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForSelector('[data-occ-insights="filled"][data-occ-drawn-ms]');
    const mine = cases.filter((record) => record.yourCaseOwner === 'Caseworkerone Portal');
    const expected = expectedTables(mine);
    const shown = await shownTables(page);
    expect(shown['by-product']).toEqual(expected['by-product']);
    expect(shown.age).toEqual(expected.age);
    expect(shown['deadlines-by-week']).toEqual(expected['deadlines-by-week']);
    expect(shown.owners).toEqual(expected.owners.filter(([name]) => name === 'Caseworkerone Portal'));
  });

  it('after a merge in the Merge tab it charts that merge, and the whole store on request', async () => {
    const { paths, merged } = writeMergeExports();
    await mergeFiles(page, session.extensionBase, paths, async () => {
      await page.waitForFunction(() => document.querySelectorAll('.wb-file').length === 2);
      expect(await page.evaluate(() => [...document.querySelectorAll('.wb-file')].map((item) => item.getAttribute('data-file-name')))).toEqual(paths.map((file) => path.basename(file)));
    });
    // The Merge tab adds every finished merge to the case store as well (issue 6): once it has, the
    // store holds the cases imported above and the merged ones, which share no reference with them.
    await waitUntilAddedToStore(page);
    const key = (record: CaseRecord) => record.caseReference.trim().toUpperCase();
    const imported = new Set(cases.map(key));
    expect(merged.filter((record) => imported.has(key(record)))).toEqual([]);
    stored = [...cases, ...merged];

    await page.click('#tab-insights');
    await page.waitForSelector('[data-occ-source="merge"] ~ [data-occ-insights="filled"][data-occ-drawn-ms]', { timeout: 30_000 });
    expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name="occ-insights-source"][value="merge"]')!.checked)).toBe(true);
    expect(await page.evaluate(() => Number(document.querySelector('[data-occ-insights-count]')!.getAttribute('data-occ-insights-count')))).toBe(merged.length);
    expectEveryTable(await shownTables(page), expectedTables(merged));
    await page.screenshot(artifactPath(`${page.browserName}/insights-merge.png`), { fullPage: true });

    // The other source: every stored case (the 406 imported above and the merge's 300), not the merge alone.
    await page.click('input[name="occ-insights-source"][value="store"]');
    await page.waitForSelector('[data-occ-source="store"] ~ [data-occ-insights="filled"][data-occ-drawn-ms]', { timeout: 30_000 });
    expect(await page.evaluate(() => Number(document.querySelector('[data-occ-insights-count]')!.getAttribute('data-occ-insights-count')))).toBe(stored.length);
    expect((await shownTables(page))['by-product']).toEqual(expectedTables(stored)['by-product']);
    expect(await page.errors()).toEqual([]);
  });

  it('editing the outcome groups in the options regroups the open Insights tab', async () => {
    await page.goto(`${session.extensionBase}workbench.html`);
    await page.waitForSelector('#tab-insights');
    await page.click('#tab-insights');
    await page.waitForSelector('[data-occ-insights="filled"][data-occ-drawn-ms]', { timeout: 30_000 });
    const outcomeRows = () => shownTables(page).then((shown) => shown.outcomes);
    const before = byLabel(expectedTables(stored).outcomes);
    expect(await outcomeRows()).toEqual(before);

    // In the options page: "Not upheld" now counts as a change.
    const options = await session.newPage();
    await options.setViewport({ width: 1024, height: 900 });
    await options.goto(`${session.extensionBase}options.html`);
    const section = 'section[aria-labelledby="outcome-mapping-heading"]';
    await options.waitForSelector(`${section} form.occ-outcome-mapping [data-occ-rule]`);
    const edited = await options.evaluate((selector) => {
      const row = [...document.querySelectorAll(`${selector} [data-occ-rule]`)].find((tr) => tr.querySelector('input')!.value === 'Not upheld');
      if (!row) return false;
      const group = row.querySelector('select')!;
      group.value = 'change';
      group.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, section);
    expect(edited).toBe(true);
    await options.click(`${section} button[type="submit"]`);
    await options.waitForFunction((selector) => document.querySelector(`${selector} [role="status"]`)?.textContent === 'Saved 5 rules.', section);
    await screenshotElement(options, section, artifactPath(`${options.browserName}/options-outcome-groups.png`));
    expect(await options.errors()).toEqual([]);
    await options.close();

    // Worked out here: every text with "not upheld" in it is now a change (the longer phrase beats "No change").
    const regrouped = Object.fromEntries(Object.entries(OUTCOME_GROUP).map(([text, group]) => [text, /not upheld/i.test(text) ? 'change' : group])) as typeof OUTCOME_GROUP;
    const expected = byLabel(expectedTables(stored, regrouped).outcomes);
    expect(expected).not.toEqual(before);
    for (let tries = 0; tries < 50 && JSON.stringify(await outcomeRows()) !== JSON.stringify(expected); tries += 1) await new Promise((done) => setTimeout(done, 100));
    expect(await outcomeRows()).toEqual(expected);
    expect(await page.errors()).toEqual([]);
  });
});
