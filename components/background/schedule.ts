/**
 * Daily work on `browser.alarms`: a refresh just after London midnight (the days-left figures and
 * the badge change with the date, and old cases are swept) and the optional reminder. Each alarm
 * fires once and is set again for the next London day, so both keep their London time across the
 * clock changes (a fixed 24-hour period would drift by an hour).
 */
import type { WxtBrowser as Browser } from 'wxt/browser';
import { nextLondonTime, type DataSettings } from '../../lib/dataSettings';
import type { CaseStoreService } from './caseStoreService';

export const DAILY_ALARM = 'occ-daily';
export const REMINDER_ALARM = 'occ-reminder';
/** A minute past midnight: "today" has certainly changed in London. */
const DAILY_TIME = '00:01';

export async function scheduleAlarms(browser: Browser, settings: DataSettings, now: Date = new Date()): Promise<void> {
  await browser.alarms.create(DAILY_ALARM, { when: nextLondonTime(now, DAILY_TIME).getTime() });
  if (settings.reminderEnabled) {
    await browser.alarms.create(REMINDER_ALARM, { when: nextLondonTime(now, settings.reminderTime).getTime() });
  } else {
    await browser.alarms.clear(REMINDER_ALARM);
  }
}

/**
 * What an alarm does: the daily sweep and refresh, or the reminder; then both alarms are set again
 * for the next London day. Set again even when the work fails (its error still goes to the caller):
 * each alarm fires once, so a sweep that threw would otherwise have stopped the daily refresh and
 * the reminder until the service worker next started.
 */
export async function handleAlarm(
  alarm: { readonly name: string },
  browser: Browser,
  service: Pick<CaseStoreService, 'sweep' | 'remind' | 'newDay'>,
  loadSettings: () => Promise<DataSettings>,
): Promise<void> {
  if (alarm.name !== DAILY_ALARM && alarm.name !== REMINDER_ALARM) return;
  try {
    if (alarm.name === DAILY_ALARM) {
      // First, whatever the sweep does: open portal tabs count their badges for the new day.
      service.newDay();
      await service.sweep();
    } else await service.remind();
  } finally {
    await scheduleAlarms(browser, await loadSettings());
  }
}
