/**
 * The user's settings in WXT storage: declared once, versioned. `sync:` so a user's window length
 * and threshold follow them between their browsers. Whatever is stored is read through
 * normaliseSettings, so a partial or older object still gives whole, valid settings.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../lib/settings';

export const settingsItem = storage.defineItem<Settings>('sync:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export async function readSettings(): Promise<Settings> {
  return normaliseSettings(await settingsItem.getValue());
}

/** Saves a change to some settings, keeping the others. */
export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
  const next = normaliseSettings({ ...(await readSettings()), ...change });
  await settingsItem.setValue(next);
  return next;
}

/** Calls `onChange` with whole settings whenever they change; returns the unwatch function. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(normaliseSettings(value)));
}
