import { browser } from 'wxt/browser';

/** The workbench's tabs, as its address names them (workbench.html#merge opens the Merge tab). */
export type WorkbenchTab = 'merge' | 'deadlines' | 'insights';

/** Opens the workbench in a new browser tab, on one of its own tabs. */
export function openWorkbench(tab: WorkbenchTab): void {
  void browser.tabs.create({ url: `${browser.runtime.getURL('/workbench.html')}#${tab}` });
}
