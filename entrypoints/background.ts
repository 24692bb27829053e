import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { startCaseStore } from '../components/background';
import { readSettings, watchSettings } from '../components/storage';
import { startPanelLoader } from '../components/challenge/lazyPanel';
import { startCollecting } from '../components/collect/collector';
import { startContentScriptHandover } from '../components/background/contentScriptHandover';

export default defineBackground(() => {
  // The case store (issue 6): occ:case-dates for the countdowns, occ:observe, occ:import, the
  // popup's summary, the badge, daily alarms, retention, reminders and extra portal hosts.
  // Collecting (issue 5): a finished portal CSV download is offered in the popup, then kept for the workbench.
  const collector = startCollecting(browser);
  // Collected exports are case data too: "delete all case data" takes them with the store's.
  const caseStore = startCaseStore(browser, { deadlineSettings: readSettings, ...(collector ? { onDeleteAll: () => collector.clearAll() } : {}) });
  // The window length and threshold change every figure: rebuild them.
  watchSettings(() => void caseStore.refresh());
  // "Draft challenge": the panel's code goes into the page only when first used.
  startPanelLoader(browser);
  // After an install or update, open portal tabs get the new content script (issue 8).
  startContentScriptHandover(browser);

  browser.runtime.onMessage.addListener((message: unknown) => {
    const type = (message as { type?: unknown } | null)?.type;
    // The countdown column's header links here: a web page may not open an extension page itself.
    if (type === 'occ:open-options') return browser.runtime.openOptionsPage().then(() => ({ ok: true }));
    return undefined;
  });
});
