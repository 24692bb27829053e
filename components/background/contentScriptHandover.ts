/**
 * After an install or an update, the portal tabs already open get the new content script. Chrome
 * injects a manifest's content scripts only into pages loaded afterwards, so without this an update
 * (or a reload while developing) leaves open portal tabs with no countdowns until the user reloads
 * them: the old script's context is invalidated and it takes its marks away (components/page/annotate).
 *
 * The new script's WXT context tells any older one in the page to stop (a `wxt:content-script-started`
 * event), so the old one removes its marks before the new one adds its own. Tabs where a live instance
 * answers `occ:content-ping`, and tabs still loading (the manifest's script runs there when the page is
 * ready), are left alone (Firefox injects into open tabs itself on install).
 */
import type { WxtBrowser as Browser } from 'wxt/browser';
import type { ContentPingRequest } from '../page/messages';
import { portalHostPatterns } from './portalHosts';

type ScriptFiles = Extract<Parameters<Browser['scripting']['executeScript']>[0], { files: unknown }>['files'];

async function hasLiveContentScript(browser: Browser, tabId: number): Promise<boolean> {
  try {
    return (await browser.tabs.sendMessage(tabId, { type: 'occ:content-ping' } satisfies ContentPingRequest)) === true;
  } catch {
    // "Receiving end does not exist": no content script of this extension instance in the tab.
    return false;
  }
}

/**
 * Injects the manifest's content script (and its CSS, if any) into every open tab on a portal host,
 * the manifest's and those registered from the options, where none is alive. Returns the tabs done.
 */
export async function injectIntoOpenPortalTabs(browser: Browser): Promise<number[]> {
  const script = browser.runtime.getManifest().content_scripts?.[0];
  if (!script?.js?.length) return [];
  const patterns = await portalHostPatterns(browser);
  if (patterns.length === 0) return [];
  const tabs = await browser.tabs.query({ url: patterns });
  const injected: number[] = [];
  for (const tab of tabs) {
    // A tab still loading gets the manifest's script when it is ready: injecting one too would race it.
    if (tab.id === undefined || tab.discarded || tab.status === 'loading' || (await hasLiveContentScript(browser, tab.id))) continue;
    const target = { tabId: tab.id };
    try {
      if (script.css?.length) await browser.scripting.insertCSS({ target, files: script.css });
      // The manifest's own file names, known only once built (WXT types `files` as its public paths).
      await browser.scripting.executeScript({ target, files: script.js as ScriptFiles });
      injected.push(tab.id);
    } catch {
      // The tab closed, shows an error page, or its host's permission was withdrawn: nothing to take over.
    }
  }
  return injected;
}

/** Hands open portal tabs to the new content script whenever the extension is installed or updated. */
export function startContentScriptHandover(browser: Browser): void {
  browser.runtime.onInstalled.addListener((details: { reason: string }) => {
    if (details.reason === 'install' || details.reason === 'update') void injectIntoOpenPortalTabs(browser).catch(() => undefined);
  });
}
