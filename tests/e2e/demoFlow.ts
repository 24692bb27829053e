/**
 * The demo's path through the extension, walked by the network checks of both browsers
 * (trust-network*.e2e.ts): the portal's case list with countdowns in both flavours, the workbench
 * merging exports (and adding them to the deadlines), each workbench tab, the popup, the options and
 * the case list again. Each browser's check then adds what only it can watch.
 */
import type { E2EPage } from './harness';
import { mergeFiles, waitUntilAddedToStore } from './workbenchSteps';

export async function walkTheDemoFlow(page: E2EPage, portalUrl: string, extensionBase: string, exportPaths: readonly string[]): Promise<void> {
  for (const flavour of ['table', 'grid']) {
    await page.goto(`${portalUrl}/cases?flavour=${flavour}`);
    await page.waitForSelector('.occ-badge[data-occ-kind]');
  }
  await page.goto(`${portalUrl}/`);

  await mergeFiles(page, extensionBase, exportPaths);
  await waitUntilAddedToStore(page);
  for (const name of ['Deadlines', 'Insights']) {
    await page.evaluate((tab) => [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find((element) => element.textContent?.startsWith(tab))?.click(), name);
    await page.waitForFunction((tab) => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent?.startsWith(tab), name);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  await page.goto(`${extensionBase}popup.html`);
  await page.waitForSelector('[data-occ-summary="filled"]');
  await page.goto(`${extensionBase}options.html`);
  await page.goto(`${portalUrl}/cases?flavour=table`);
  await page.waitForSelector('.occ-badge[data-occ-kind]');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
