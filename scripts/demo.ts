/**
 * `npm run demo`: builds the extension (test mode, so it may run on the simulated portal on 127.0.0.1),
 * starts the simulated portal with demo data and opens Chromium with the extension loaded on the case list.
 *
 * - With a display (DISPLAY or WAYLAND_DISPLAY set): a normal Chromium window that stays open until Ctrl+C
 *   or until you close it.
 * - Without one (or with --headless): headless Chromium writes screenshots of the dashboard, the annotated
 *   case list in both markup flavours (with the default columns, and with the date columns shown), the
 *   popup offering an export just downloaded from the portal, and the workbench merging it, into
 *   demo-output/ and says where.
 *
 *   npm run demo [-- --headless] [--port 8080] [--seed 1] [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page as PlaywrightPage } from 'playwright-core';
import { FIELDS } from '../lib/glossary.ts';
import { ROOT, launchExtension, startPortal, type E2EPage, type ExtensionSession, type Portal } from '../tests/e2e/harness.ts';
import { exportAndDownload, mergeCollected } from '../tests/e2e/workbenchSteps.ts';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'demo-output') },
  },
});

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = values.headless || !hasDisplay;
/** Set on <html> by the content script once it has run on a portal page. */
const CONTENT_SCRIPT_MARK = 'html[data-occ-loaded="true"]';
/** Any mark the extension puts into the portal's page (badges, toolbars) carries the occ- prefix. */
const ANNOTATION = '[class^="occ-"], [class*=" occ-"], [data-occ-state], [data-occ-badge]';

function build(): void {
  if (values['no-build']) return;
  console.log('Building the extension for Chromium (npx wxt build --mode e2e)…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function screenshots(session: ExtensionSession, portal: Portal): Promise<void> {
  mkdirSync(values.out, { recursive: true });
  const written: string[] = [];
  const page = await session.newPage();
  await page.setViewport({ width: 1366, height: 900 });
  const portalShots = [
    { file: 'dashboard.png', path: '/', dates: false },
    { file: 'case-list-table.png', path: '/cases?flavour=table', dates: false },
    { file: 'case-list-grid.png', path: '/cases?flavour=grid', dates: false },
    { file: 'case-list-table-with-dates.png', path: '/cases?flavour=table', dates: true },
    { file: 'case-list-grid-with-dates.png', path: '/cases?flavour=grid', dates: true },
  ];
  for (const shot of portalShots) {
    await page.goto(`${portal.url}${shot.path}`);
    await page.waitForSelector(CONTENT_SCRIPT_MARK);
    if (shot.dates) await showDateColumns(page);
    await waitForAnnotations(page);
    written.push(await page.screenshot(join(values.out, shot.file), { fullPage: true }));
  }
  // The analyst's path: export from the portal, download it, and the popup offers it to the workbench.
  const exportName = (await exportAndDownload(page, portal.url, 'chromium')).name;
  const popup = await session.newPage();
  await popup.setViewport({ width: 400, height: 600 });
  await popup.goto(`${session.extensionBase}popup.html`);
  await popup.waitForFunction(() => (document.getElementById('app')?.childElementCount ?? 0) > 0);
  await popup.waitForSelector('[data-occ-offer-action="add"]');
  written.push(await popup.screenshot(join(values.out, 'popup.png')));
  await popup.click('[data-occ-offer-action="add"]');
  await popup.waitForSelector('[data-occ-collect-added]');
  // The collected export, merged in the workbench.
  const workbench = await session.newPage();
  await workbench.setViewport({ width: 1366, height: 900 });
  await workbench.goto(`${session.extensionBase}workbench.html#merge`);
  await mergeCollected(workbench, exportName);
  written.push(await workbench.screenshot(join(values.out, 'workbench-merge.png'), { fullPage: true }));
  console.log(`\nScreenshots written to ${values.out}/:`);
  for (const file of written) console.log(`  ${relative(ROOT, file)}`);
}

/** The portal's default columns hold no dates; ticking the date columns in its *Column view* lets the
 * countdowns work from the dates on the page, as a user who shows those columns would see them. */
async function showDateColumns(page: E2EPage): Promise<void> {
  const dateKeys = FIELDS.filter((field) => field.type === 'date').map((field) => field.key);
  await page.evaluate((keys: string[]) => {
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="column"]')) {
      if (keys.includes(input.value) && !input.checked && !input.disabled) input.click();
    }
  }, dateKeys);
  await new Promise((done) => setTimeout(done, 500));
}

/** Badges appear once the content script has read the rows; a case list with none is still worth a picture. */
async function waitForAnnotations(page: E2EPage): Promise<void> {
  try {
    await page.waitForSelector(ANNOTATION, { timeout: 5_000 });
    await new Promise((done) => setTimeout(done, 300));
  } catch {
    console.log(`  (no occ- annotations on ${await page.evaluate(() => location.pathname + location.search)})`);
  }
}

async function openWindow(session: ExtensionSession, portal: Portal): Promise<void> {
  const page = await session.newPage();
  await page.goto(`${portal.url}/cases`);
  // The persistent context opens with one blank tab; keep only ours.
  const context = (page.raw as PlaywrightPage).context();
  for (const other of context.pages()) if (other !== page.raw && other.url() === 'about:blank') await other.close();
  console.log(`\nChromium is open on ${portal.url}/cases with the extension loaded.`);
  console.log(`Grid flavour: ${portal.url}/cases?flavour=grid   Dashboard: ${portal.url}/`);
  console.log(`Popup as a page: ${session.extensionBase}popup.html`);
  console.log('Press Ctrl+C here (or close the window) to stop.');
  await Promise.race([stopRequested, new Promise<void>((done) => context.on('close', () => done()))]);
}

/**
 * Ctrl+C (SIGINT) or SIGTERM: stop cleanly, closing Chromium and removing its temporary profile. Listening
 * from the start, with `on` rather than `once`, because Ctrl+C reaches this process both from the terminal
 * and relayed by tsx, and a SIGINT that found no listener of ours would end the process before clean-up.
 */
const stopRequested = new Promise<void>((done) => {
  process.on('SIGINT', () => done());
  process.on('SIGTERM', () => done());
});

async function main(): Promise<void> {
  build();
  const portal = await startPortal({ port: Number(values.port), seed: Number(values.seed) });
  console.log(`Simulated portal with demo data: ${portal.url}/`);
  let session: ExtensionSession | undefined;
  try {
    if (!hasDisplay && !values.headless) console.log('No display (DISPLAY/WAYLAND_DISPLAY unset): running headless.');
    session = await launchExtension('chromium', { headless });
    const stopped = stopRequested.then(() => console.log('\nStopping…'));
    await Promise.race([stopped, headless ? screenshots(session, portal) : openWindow(session, portal)]);
  } finally {
    await session?.close();
    await portal.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
