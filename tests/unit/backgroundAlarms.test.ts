/**
 * The background's alarms fire once and are set again by their handler: whatever the sweep or the
 * reminder does, even throw, both are set for the next London day, and the error still reaches the caller.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { DAILY_ALARM, handleAlarm, REMINDER_ALARM } from '../../components/background/schedule';
import { DEFAULT_DATA_SETTINGS } from '../../lib/dataSettings';

const browser = fakeBrowser as unknown as WxtBrowser;
const settings = async () => ({ ...DEFAULT_DATA_SETTINGS, reminderEnabled: true });
const failure = new Error('IndexedDB is closing');

function service(fails: 'sweep' | 'remind' | 'nothing') {
  return {
    sweep: vi.fn(async () => (fails === 'sweep' ? Promise.reject(failure) : 0)),
    remind: vi.fn(async () => (fails === 'remind' ? Promise.reject(failure) : false)),
    newDay: vi.fn(),
  };
}

async function scheduled(): Promise<string[]> {
  return (await fakeBrowser.alarms.getAll()).map((alarm) => alarm.name).sort();
}

beforeEach(() => fakeBrowser.reset());

describe('handleAlarm sets both alarms again, even when the work fails', () => {
  it.each([
    { alarm: DAILY_ALARM, fails: 'nothing', ran: 'sweep' },
    { alarm: DAILY_ALARM, fails: 'sweep', ran: 'sweep' },
    { alarm: REMINDER_ALARM, fails: 'nothing', ran: 'remind' },
    { alarm: REMINDER_ALARM, fails: 'remind', ran: 'remind' },
  ] as const)('$alarm when $fails fails', async ({ alarm, fails, ran }) => {
    const store = service(fails);
    const handled = handleAlarm({ name: alarm }, browser, store, settings);
    if (fails === 'nothing') await expect(handled).resolves.toBeUndefined();
    else await expect(handled).rejects.toBe(failure);
    expect(store[ran]).toHaveBeenCalledOnce();
    // The daily alarm tells the portal tabs of the new day (their only midnight signal), even when the sweep fails.
    expect(store.newDay).toHaveBeenCalledTimes(alarm === DAILY_ALARM ? 1 : 0);
    expect(await scheduled()).toEqual([DAILY_ALARM, REMINDER_ALARM].sort());
    for (const { scheduledTime } of await fakeBrowser.alarms.getAll()) expect(scheduledTime).toBeGreaterThan(Date.now());
  });

  it('leaves an alarm that is not ours alone', async () => {
    const store = service('nothing');
    await handleAlarm({ name: 'someone-else' }, browser, store, settings);
    expect([store.sweep.mock.calls.length, store.remind.mock.calls.length, ...(await scheduled())]).toEqual([0, 0]);
  });
});
