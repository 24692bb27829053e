/** The case store's settings, declared once (read by the options page and the background). */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_DATA_SETTINGS, normaliseDataSettings, type DataSettings } from '../../lib/dataSettings';

export const dataSettingsItem = storage.defineItem<DataSettings>('local:dataSettings', {
  fallback: DEFAULT_DATA_SETTINGS,
  version: 1,
});

export async function loadDataSettings(): Promise<DataSettings> {
  return normaliseDataSettings(await dataSettingsItem.getValue());
}
