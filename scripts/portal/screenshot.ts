/**
 * Screenshots of the simulated portal's pages in headless Chromium, to look at it:
 *   npx tsx scripts/portal/screenshot.ts [--out tests/artifacts/portal] [--hostile]
 * Writes dashboard.png, cases-table.png, cases-grid.png, cases-unknown.png and export.png (the
 * export flow: selection, notification, bell and the download list).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { FIELD_KEYS } from '../../lib/glossary.ts';
import { startPortal } from './server.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'tests/artifacts/portal' },
    hostile: { type: 'boolean', default: false },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

const portal = await startPortal({ hostile: values.hostile, exportDelayMs: 800 });
const browser = await chromium.launch({
  executablePath: values.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  mkdirSync(values.out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const shots: [string, string][] = [
    ['dashboard.png', '/'],
    ['cases-table.png', '/cases'],
    ['cases-grid.png', '/cases?flavour=grid'],
    ['cases-unknown.png', '/cases?flavour=unknown'],
    ['no-table.png', '/no-table'],
  ];
  for (const [file, route] of shots) {
    const started = performance.now();
    await page.goto(portal.url + route);
    await page.waitForLoadState('load');
    console.log(`${route}: loaded in ${(performance.now() - started).toFixed(0)} ms`);
    await page.screenshot({ path: path.join(values.out, file), fullPage: true });
  }
  // Both flavours at 100 rows per page, with every column: how long a redraw takes.
  for (const flavour of ['table', 'grid']) {
    await page.goto(`${portal.url}/cases?flavour=${flavour}`);
    await page.locator('#column-chooser summary').click();
    for (const key of FIELD_KEYS) {
      const box = page.locator(`input[name="column"][value="${key}"]`);
      if (!(await box.isDisabled())) await box.check();
    }
    await page.locator('#column-chooser summary').click();
    const redraw = await page.evaluate(() => {
      const select = document.getElementById('rows-per-page') as HTMLSelectElement;
      const started = performance.now();
      select.value = '100';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const drawn = performance.now() - started;
      const next = document.getElementById('next-page') as HTMLButtonElement;
      const pageStarted = performance.now();
      next.click();
      return { drawn, paged: performance.now() - pageStarted };
    });
    console.log(`${flavour}: 100 rows x 28 columns drawn in ${redraw.drawn.toFixed(1)} ms, next page in ${redraw.paged.toFixed(1)} ms`);
    await page.screenshot({ path: path.join(values.out, `cases-${flavour}-all-columns.png`) });
  }
  // The grid flavour's role=checkbox rows, clicked like a user.
  await page.goto(`${portal.url}/cases?flavour=grid`);
  await page.locator('.portal-grid-body [role="checkbox"]').nth(1).click();
  await page.locator('.portal-grid-body [role="checkbox"]').nth(2).press('Space');
  console.log(`grid: after a click and a Space, ${await page.locator('#selected-count').textContent()}`);
  await page.screenshot({ path: path.join(values.out, 'cases-grid-selected.png') });

  // The export flow, as a user clicks it.
  await page.goto(`${portal.url}/cases`);
  await page.locator('tbody input[type=checkbox]').nth(0).check();
  await page.locator('tbody input[type=checkbox]').nth(2).check();
  await page.getByRole('button', { name: 'Selected Cases' }).click();
  await page.getByText('We are getting your files ready').waitFor();
  await page.screenshot({ path: path.join(values.out, 'export-modal.png') });
  await page.getByRole('button', { name: 'Close' }).click();
  await page.locator('#bell-count:not([hidden])').waitFor();
  await page.locator('#bell').click();
  await page.screenshot({ path: path.join(values.out, 'export-bell.png'), fullPage: true });
  console.log(`Screenshots in ${values.out}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`);
} finally {
  await browser.close();
  await portal.close();
}
