import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { openCaseDb, type CaseDb } from '../../components/case-db';
import { REVISION_SETTLE_MS, badgeText, createCaseStoreService, reminderMessage } from '../../components/background/caseStoreService';
import { deadlineSummaryItem } from '../../components/background/summary';
import type { StoreRequest } from '../../components/background/messages';
import { caseStoreRevisionItem } from '../../components/caseStoreRevision';
import { caseDatesByMessage } from '../../components/page/caseDates';
import { DEFAULT_DATA_SETTINGS, type DataSettings } from '../../lib/dataSettings';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import type { CaseValues } from '../../lib/deadlines';

// 25 Nov 2026, 10:00 in London.
let clock = new Date('2026-11-25T10:00:00Z');
let counter = 0;

const EXPORT_ROWS: CaseValues[] = [
  // Challenge set-up closes today (last day 25 Nov): due soon, 0 days.
  { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '11-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Alice' },
  // Closes in 3 days: due soon.
  { caseReference: 'PNX-2-BBBB', dateMovedToInvestigation: '14-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Bob' },
  // Closes in 4 days: open, not on the badge.
  { caseReference: 'PNX-3-CCCC', dateMovedToInvestigation: '15-11-2026', closureDate: '', businessFileRequiredByDate: '' },
  // Business file due in 2 days and not received: due soon.
  { caseReference: 'PNX-4-DDDD', dateMovedToInvestigation: '', closureDate: '', businessFileRequiredByDate: '27-11-2026', businessFileReceivedDate: '' },
  // Closed yesterday: not due any more.
  { caseReference: 'PNX-5-EEEE', dateMovedToInvestigation: '', closureDate: '10-11-2026', businessFileRequiredByDate: '' },
];

function setup(data: Partial<DataSettings> = {}, onDeleteAll?: () => Promise<void>) {
  const name = `occ-bg-${++counter}`;
  let db: Promise<CaseDb> | undefined;
  const service = createCaseStoreService({
    browser: fakeBrowser as unknown as WxtBrowser,
    db: () => (db ??= openCaseDb(name)),
    deadlineSettings: async () => DEFAULT_SETTINGS,
    dataSettings: async () => ({ ...DEFAULT_DATA_SETTINGS, ...data }),
    now: () => clock,
    ...(onDeleteAll ? { onDeleteAll } : {}),
  });
  services.push(service);
  return service;
}

// A service's pending timers die with its test: one firing in a later test would bump the shared
// store revision there (its tests count bumps exactly).
const services: ReturnType<typeof createCaseStoreService>[] = [];
afterEach(() => services.splice(0).forEach((service) => service.dispose()));

async function badge(): Promise<string> {
  return fakeBrowser.action.getBadgeText({});
}

beforeEach(() => {
  fakeBrowser.reset();
  clock = new Date('2026-11-25T10:00:00Z');
});

describe('the toolbar badge counts deadlines due within the threshold, closing-today included', () => {
  it.each([
    { dueSoon: 0, text: '' },
    { dueSoon: 3, text: '3' },
    { dueSoon: 1000, text: '999+' },
  ])('$dueSoon -> "$text"', ({ dueSoon, text }) => {
    expect(badgeText(dueSoon)).toBe(text);
  });

  it('shows the count after an import, and the popup figures are stored', async () => {
    const service = setup();
    const result = await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS, final: true, totalRows: 5, names: ['a.csv', 'b.csv'] });
    expect(result).toMatchObject({ ok: true, written: 5, changed: 5 });
    await service.refresh();
    expect(await badge()).toBe('3');
    const summary = await deadlineSummaryItem.getValue();
    expect(summary).toMatchObject({ today: '2026-11-25', challengeClosingSoon: 2, challengeClosingToday: 1, businessFilesDue: 1, businessFilesOverdue: 0, dueSoon: 3, cases: 5 });
    expect(summary?.lastImport).toMatchObject({ names: ['a.csv', 'b.csv'], rows: 5 });
    expect(summary?.nearest.map((entry) => entry.reference)).toEqual(['PNX-1-AAAA', 'PNX-4-DDDD', 'PNX-2-BBBB', 'PNX-3-CCCC']);
  });

  it('changes with the date: the next day one window has closed and another is due soon', async () => {
    const service = setup();
    await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS, final: true });
    await service.refresh();
    clock = new Date('2026-11-26T00:05:00Z');
    await service.refresh();
    // PNX-1 closed at the end of 25 Nov; PNX-3 now has 3 days left.
    expect(await badge()).toBe('3');
    clock = new Date('2026-11-29T00:05:00Z');
    await service.refresh();
    // PNX-3 closes today; PNX-2 and PNX-4 are past.
    expect(await badge()).toBe('1');
  });

  it('updates when a page shows a newer value, and empties when all data is deleted', async () => {
    const service = setup();
    await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS, final: true });
    await service.refresh();
    await service.handle({ type: 'occ:observe', page: 'View case list', rows: [{ caseReference: 'PNX-4-DDDD', businessFileReceivedDate: '24-11-2026' }] });
    await service.refresh();
    expect(await badge()).toBe('2');
    await service.handle({ type: 'occ:delete-all' });
    expect(await badge()).toBe('');
    expect((await deadlineSummaryItem.getValue())?.cases).toBe(0);
  });

  it('"delete all" answers only once the case data kept elsewhere (collected exports) is gone too, and says when it could not be', async () => {
    const gone: string[] = [];
    const service = setup({}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gone.push('collected exports');
    });
    await service.handle({ type: 'occ:delete-all' });
    expect(gone).toEqual(['collected exports']);
    const failing = setup({}, async () => {
      throw new Error('the collected exports could not be deleted');
    });
    await expect(failing.handle({ type: 'occ:delete-all' })).rejects.toThrow('could not be deleted');
  });
});

describe('occ:case-dates answers the content script', () => {
  it('with the deadline fields the store knows, by the reference asked for', async () => {
    const service = setup();
    await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS });
    const answer = await service.handle({ type: 'occ:case-dates', references: ['pnx-1-aaaa', 'PNX-9-ZZZZ'] });
    expect(answer).toEqual({ dates: { 'pnx-1-aaaa': { dateMovedToInvestigation: '11-11-2026', closureDate: '', businessFileRequiredByDate: '' } } });
  });

  it('with every field it knows when asked for all (selection rules and drafts on hidden columns)', async () => {
    const service = setup();
    await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS });
    const answer = await service.handle({ type: 'occ:case-dates', references: ['PNX-2-BBBB'], fields: 'all' });
    expect(answer).toEqual({
      dates: { 'PNX-2-BBBB': { caseReference: 'PNX-2-BBBB', dateMovedToInvestigation: '14-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Bob' } },
    });
  });
});

describe('open portal tabs are told when the store\'s cases change (the store revision)', () => {
  const batch = (rows: CaseValues[], final = false, exportedAt?: number): StoreRequest => ({ type: 'occ:import', name: 'merged.csv', rows, ...(final ? { final: true } : {}), ...(exportedAt ? { exportedAt } : {}) });
  const PNX_4_RECEIVED: StoreRequest = { type: 'occ:observe', page: 'View case list', rows: [{ caseReference: 'PNX-4-DDDD', businessFileReceivedDate: '24-11-2026' }] };
  type Step = StoreRequest | 'sweep' | 'newDay';

  it.each<{ description: string; before?: Step[]; steps: Step[]; bumps: number[] }>([
    { description: 'an import in batches: once, at its end', steps: [batch(EXPORT_ROWS.slice(0, 2)), batch(EXPORT_ROWS.slice(2, 4)), batch(EXPORT_ROWS.slice(4), true)], bumps: [0, 0, 1] },
    { description: 'an import that changes nothing: not at all', before: [batch(EXPORT_ROWS, true)], steps: [batch(EXPORT_ROWS.slice(0, 2)), batch(EXPORT_ROWS.slice(2), true)], bumps: [0, 0] },
    { description: 'a page showing a new value: once; the same again: not', before: [batch(EXPORT_ROWS, true)], steps: [PNX_4_RECEIVED, PNX_4_RECEIVED], bumps: [1, 1] },
    { description: '"delete all case data"', before: [batch(EXPORT_ROWS, true)], steps: [{ type: 'occ:delete-all' }], bumps: [1] },
    { description: 'a sweep that removes cases: once; one that removes none: not', before: [batch(EXPORT_ROWS, true, Date.parse('2026-01-01T00:00:00Z'))], steps: ['sweep', 'sweep'], bumps: [1, 1] },
    { description: 'a new day (the daily alarm): once, so open tabs count again', before: [batch(EXPORT_ROWS, true)], steps: ['newDay'], bumps: [1] },
    { description: 'the figures asked for, or a settings change: not', before: [batch(EXPORT_ROWS, true)], steps: [{ type: 'occ:summary' }, { type: 'occ:settings-changed' }, { type: 'occ:case-dates', references: ['PNX-1-AAAA'] }], bumps: [0, 0, 0] },
  ])('$description', async ({ before = [], steps, bumps }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const service = setup({ retentionDays: 30 });
      // Each step, then the time the background gathers changes in before it tells the tabs.
      const run = async (step: Step) => {
        await (step === 'sweep' ? service.sweep() : step === 'newDay' ? service.newDay() : service.handle(step));
        await vi.advanceTimersByTimeAsync(REVISION_SETTLE_MS);
      };
      for (const step of before) await run(step);
      const start = await caseStoreRevisionItem.getValue();
      const seen: number[] = [];
      for (const step of steps) {
        await run(step);
        seen.push((await caseStoreRevisionItem.getValue()) - start);
      }
      expect(seen).toEqual(bumps);
    } finally {
      vi.useRealTimers();
    }
  });

  it('changes within a second are told once (several tabs showing new values at once)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const service = setup();
      await service.handle(batch(EXPORT_ROWS, true));
      await vi.advanceTimersByTimeAsync(REVISION_SETTLE_MS);
      expect(await caseStoreRevisionItem.getValue()).toBe(1);
      await service.handle(PNX_4_RECEIVED);
      await vi.advanceTimersByTimeAsync(REVISION_SETTLE_MS / 2);
      await service.handle({ type: 'occ:observe', page: 'View case list', rows: [{ caseReference: 'PNX-5-EEEE', closureDate: '11-11-2026' }] });
      expect(await caseStoreRevisionItem.getValue()).toBe(1);
      await vi.advanceTimersByTimeAsync(REVISION_SETTLE_MS);
      expect(await caseStoreRevisionItem.getValue()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an import whose last batch never comes is told with the late refresh', async () => {
    const service = setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await service.handle(batch(EXPORT_ROWS));
      await vi.advanceTimersByTimeAsync(14_000 + REVISION_SETTLE_MS);
      expect(await caseStoreRevisionItem.getValue()).toBe(0);
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(async () => expect(await caseStoreRevisionItem.getValue()).toBe(1));
  });

  it("reaches the content script's case-date source", async () => {
    const service = setup();
    const changes = vi.fn();
    const unwatch = caseDatesByMessage.watch!(changes);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await service.handle(batch(EXPORT_ROWS, true));
      await vi.advanceTimersByTimeAsync(REVISION_SETTLE_MS - 1);
      expect(changes).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() => expect(changes).toHaveBeenCalledTimes(1));
    unwatch();
  });
});

describe('occ:summary', () => {
  it('recomputes a summary from an earlier day', async () => {
    const service = setup();
    await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS, final: true });
    await service.refresh();
    clock = new Date('2026-11-27T10:00:00Z');
    expect(await service.handle({ type: 'occ:summary' })).toMatchObject({ today: '2026-11-27' });
  });
});

describe('retention and reminders', () => {
  it('sweeps cases not seen within the retention period', async () => {
    const service = setup({ retentionDays: 30 });
    await service.handle({ type: 'occ:import', name: 'old.csv', rows: EXPORT_ROWS.slice(0, 2), exportedAt: clock.getTime() - 40 * 86_400_000 });
    await service.handle({ type: 'occ:import', name: 'new.csv', rows: EXPORT_ROWS.slice(2) });
    expect(await service.sweep()).toBe(2);
    expect((await deadlineSummaryItem.getValue())?.cases).toBe(3);
  });

  it.each([
    { enabled: false, granted: true, sent: false },
    { enabled: true, granted: false, sent: false },
    { enabled: true, granted: true, sent: true },
  ])('reminder on $enabled, permission $granted: sent $sent', async ({ enabled, granted, sent }) => {
    const service = setup({ reminderEnabled: enabled });
    fakeBrowser.permissions.contains = vi.fn(async () => granted) as never;
    fakeBrowser.runtime.getManifest = vi.fn(() => ({ manifest_version: 3, name: 'x', version: '1' })) as never;
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    clock = new Date('2026-11-24T09:00:00Z');
    await service.handle({ type: 'occ:import', name: 'merged.csv', rows: EXPORT_ROWS });
    expect(await service.remind()).toBe(sent);
    expect(create).toHaveBeenCalledTimes(sent ? 1 : 0);
    if (sent) expect(create.mock.calls[0]![1]).toMatchObject({
        title: '2 challenge windows close today or tomorrow',
        message: 'PNX-5-EEEE — Challenge outcome closes today\nPNX-1-AAAA — Challenge set-up closes tomorrow (Alice)',
      });
  });

  it('lists at most six cases in the reminder', () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({ reference: `PNX-${i}-AAAA`, kind: 'challenge-outcome' as const, state: 'due-soon' as const, lastDay: '2026-11-25' as never, daysLeft: 0, owner: '', stage: '', product: '' }));
    expect(reminderMessage(entries).split('\n')).toHaveLength(7);
  });
});
