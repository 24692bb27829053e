/** The case store's settings, declared once (read by the options page and the background). */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { TEST_MATCHES } from '../../lib/hosts';
import { DEFAULT_DATA_SETTINGS, normaliseDataSettings, type DataSettings, type HostRules } from '../../lib/dataSettings';

export const dataSettingsItem = storage.defineItem<DataSettings>('local:dataSettings', {
  fallback: DEFAULT_DATA_SETTINGS,
  version: 1,
});

/**
 * Which hosts this build lets the user add: loopback only where the manifest grants it (the
 * `--mode e2e` builds, lib/hosts.ts), never in a production build.
 */
export function hostRules(): HostRules {
  const granted = browser.runtime.getManifest().host_permissions ?? [];
  return { loopback: TEST_MATCHES.some((pattern) => granted.includes(pattern)) };
}

export async function loadDataSettings(): Promise<DataSettings> {
  return normaliseDataSettings(await dataSettingsItem.getValue(), hostRules());
}
