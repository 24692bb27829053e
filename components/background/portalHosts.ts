/**
 * Portal hosts the user adds in the options. The host's permission is asked for from the options
 * page (it needs the user's click); here the content script is registered on the hosts we hold
 * permission for, and unregistered from the rest. The script and style files are the manifest's
 * own content script's, so nothing here names a built file.
 */
import type { WxtBrowser as Browser } from 'wxt/browser';

export const EXTRA_HOSTS_SCRIPT_ID = 'occ-portal-extra-hosts';

/** Keeps the registered content script in line with the hosts that are both listed and permitted. */
export async function syncPortalContentScript(browser: Browser, patterns: readonly string[]): Promise<readonly string[]> {
  const permitted: string[] = [];
  for (const pattern of patterns) {
    if (await browser.permissions.contains({ origins: [pattern] })) permitted.push(pattern);
  }
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [EXTRA_HOSTS_SCRIPT_ID] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [EXTRA_HOSTS_SCRIPT_ID] });
  if (permitted.length === 0) return permitted;
  const portalScript = browser.runtime.getManifest().content_scripts?.[0];
  if (!portalScript?.js?.length) return [];
  await browser.scripting.registerContentScripts([
    {
      id: EXTRA_HOSTS_SCRIPT_ID,
      matches: permitted,
      js: portalScript.js,
      ...(portalScript.css?.length ? { css: portalScript.css } : {}),
      runAt: 'document_idle',
    },
  ]);
  return permitted;
}

/**
 * Every portal host's match pattern the extension works on now: the manifest content script's and
 * those registered for hosts added in the options (and permitted). The one list the install
 * handover and the export collector both go by.
 */
export async function portalHostPatterns(browser: Browser): Promise<string[]> {
  const manifest = browser.runtime.getManifest().content_scripts?.[0]?.matches ?? [];
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [EXTRA_HOSTS_SCRIPT_ID] }).catch(() => []);
  return [...new Set([...manifest, ...registered.flatMap((entry) => entry.matches ?? [])])];
}
