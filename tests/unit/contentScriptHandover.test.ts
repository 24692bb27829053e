import { describe, expect, it, vi } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { injectIntoOpenPortalTabs } from '../../components/background/contentScriptHandover';

/**
 * A stand-in for the few APIs the handover uses (WXT's fakeBrowser has no `scripting`): open tabs,
 * which of them answer the ping, and which refuse an injection.
 */
function stubBrowser(tabs: { id: number; url: string; status?: string; answers?: boolean; refuses?: boolean }[], registered: string[] = []) {
  const executeScript = vi.fn(async ({ target }: { target: { tabId: number } }) => {
    if (tabs.find((tab) => tab.id === target.tabId)?.refuses) throw new Error('Cannot access contents of the page');
    return [];
  });
  const query = vi.fn(async ({ url }: { url: string[] }) => tabs.filter((tab) => url.some((pattern) => tab.url.startsWith(pattern.replace(/\*.*$/, '')))));
  const browser = {
    runtime: { getManifest: () => ({ content_scripts: [{ matches: ['https://portal.example/*'], js: ['content-scripts/portal.js'] }] }) },
    scripting: {
      getRegisteredContentScripts: async () => registered.map((pattern) => ({ id: 'occ-portal-extra-hosts', matches: [pattern], js: ['content-scripts/portal.js'] })),
      executeScript,
      insertCSS: vi.fn(),
    },
    tabs: {
      query,
      sendMessage: async (tabId: number) => {
        if (tabs.find((tab) => tab.id === tabId)?.answers) return true;
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    },
  };
  return { browser: browser as unknown as WxtBrowser, executeScript, query };
}

describe('after an install or update, open portal tabs get the content script', () => {
  it.each([
    { description: 'a tab with no live script gets it', tabs: [{ id: 1, url: 'https://portal.example/cases' }], injected: [1] },
    { description: 'a tab whose script answers is left alone', tabs: [{ id: 1, url: 'https://portal.example/cases', answers: true }], injected: [] },
    { description: 'a tab still loading is left to the manifest script, a loaded one is done', tabs: [{ id: 1, url: 'https://portal.example/a', status: 'loading' }, { id: 2, url: 'https://portal.example/b', status: 'complete' }], injected: [2] },
    { description: 'a tab that refuses is skipped, the next still done', tabs: [{ id: 1, url: 'https://portal.example/a', refuses: true }, { id: 2, url: 'https://portal.example/b' }], injected: [2] },
    { description: 'a tab on a host added in the options is done too', tabs: [{ id: 3, url: 'https://extra.example/cases' }], registered: ['https://extra.example/*'], injected: [3] },
  ])('$description', async ({ tabs, registered, injected }) => {
    const { browser, executeScript, query } = stubBrowser(tabs, registered);
    expect(await injectIntoOpenPortalTabs(browser)).toEqual(injected);
    expect(query).toHaveBeenCalledWith({ url: ['https://portal.example/*', ...(registered ?? [])] });
    for (const tabId of injected) expect(executeScript).toHaveBeenCalledWith({ target: { tabId }, files: ['content-scripts/portal.js'] });
  });
});
