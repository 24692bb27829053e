/**
 * Everything the case store asks of the background, started from entrypoints/background.ts:
 * message handling, the badge, daily alarms, retention, reminders and extra portal hosts.
 */
import type { WxtBrowser as Browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, type DeadlineSettings } from '../../lib/settings';
import { openCaseDb } from '../case-db';
import { dataSettingsItem, loadDataSettings } from '../data-options/dataSettingsItem';
import { badgeText, createCaseStoreService, type CaseStoreService } from './caseStoreService';
import type { StoredSummary } from './summary';
import { isStoreRequest } from './messages';
import { syncPortalContentScript } from './portalHosts';
import { handleAlarm, scheduleAlarms } from './schedule';
import { openOnce } from '../openOnce';

export interface BackgroundOptions {
  /** The countdown's settings (window length, warning threshold); defaults when not given. */
  readonly deadlineSettings?: () => Promise<DeadlineSettings>;
  /** Deletes the case data kept outside the store (collected exports) with "delete all case data". */
  readonly onDeleteAll?: () => Promise<void>;
}

export function startCaseStore(browser: Browser, options: BackgroundOptions = {}): CaseStoreService {
  const db = openOnce(() => openCaseDb());
  const service = createCaseStoreService({
    browser,
    db,
    deadlineSettings: options.deadlineSettings ?? (async () => DEFAULT_SETTINGS),
    dataSettings: loadDataSettings,
    ...(options.onDeleteAll ? { onDeleteAll: options.onDeleteAll } : {}),
  });

  // Returning a promise answers the sender (webextension-polyfill); other messages are left alone.
  browser.runtime.onMessage.addListener((message: unknown) => (isStoreRequest(message) ? service.handle(message) : undefined));

  browser.alarms.onAlarm.addListener((alarm: { name: string }) =>
    void handleAlarm(alarm, browser, service, loadDataSettings).catch((error: unknown) => console.error(`Connect Companion: the ${alarm.name} alarm failed`, error)),
  );

  const applySettings = async () => {
    const settings = await loadDataSettings();
    await scheduleAlarms(browser, settings);
    await syncPortalContentScript(browser, settings.portalHosts);
  };
  dataSettingsItem.watch(() => void applySettings().then(() => service.sweep()));
  browser.permissions.onRemoved.addListener(() => void applySettings());

  // The service worker starts on install, on browser start and whenever a message wakes it: rebuild
  // the figures only when they are not today's (a rebuild reads every stored case).
  void applySettings();
  // The badge is set again too: a browser restart clears it.
  void service.handle({ type: 'occ:summary' }).then((summary) => browser.action.setBadgeText({ text: badgeText((summary as StoredSummary).dueSoon) }));
  return service;
}
