import ICAL from 'ical.js';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DeadlinesDashboard } from '../../components/deadlines-dashboard/DeadlinesDashboard';
import { DataOptions, type DataOptionsApi } from '../../components/data-options/DataOptions';
import { PopupSummary } from '../../components/popup-summary/PopupSummary';
import type { StoredSummary } from '../../components/background/summary';
import { DEFAULT_DATA_SETTINGS, type DataSettings } from '../../lib/dataSettings';
import { latestDrafts } from '../../lib/challengeDraft';
import type { CaseValues } from '../../lib/deadlines';
import { buildDeadlineList, summarise } from '../../lib/deadlineList';
import type { IsoDate } from '../../lib/dates';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { mountPoint, settle } from './preact-helpers';

const now = () => new Date('2026-11-25T10:00:00Z');
const today = '2026-11-25' as IsoDate;
const CASES: CaseValues[] = [
  { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '11-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Alice', caseStage: 'View', productType: 'Credit Broking' },
  { caseReference: 'PNX-2-BBBB', dateMovedToInvestigation: '14-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: '=HYPERLINK("http://x")', caseStage: 'Investigation', productType: 'Current Accounts' },
  { caseReference: 'PNX-3-CCCC', dateMovedToInvestigation: '20-11-2026', closureDate: '', businessFileRequiredByDate: '27-11-2026', businessFileReceivedDate: '', yourCaseOwner: 'Alice', caseStage: 'Investigation', productType: 'Credit Broking' },
  { caseReference: 'PNX-4-DDDD', dateMovedToInvestigation: '', closureDate: '01-11-2026', businessFileRequiredByDate: '', yourCaseOwner: 'Bob' },
];

const root = mountPoint(() => fakeBrowser.reset());


describe('PopupSummary', () => {
  it('says how to fill an empty store', async () => {
    await act(() => render(<PopupSummary load={async () => null} refresh={async () => null} now={now} />, root()));
    await settle();
    expect(root().querySelector('[data-occ-summary="empty"]')?.textContent).toMatch(/No cases stored yet.*import a case-list export/);
    expect(root().querySelector('#occ-open-workbench')).not.toBeNull();
  });

  it('shows the counts, the nearest deadlines with days left for today, the last import, and opens the workbench', async () => {
    const list = buildDeadlineList(CASES, today);
    const summary: StoredSummary = { ...summarise(list, today, CASES.length), computedAt: 0, warningDays: 3, lastImport: { at: Date.UTC(2026, 10, 25, 9, 30), names: ['merged.csv'], rows: 4 } };
    const openWorkbench = vi.fn();
    const refresh = vi.fn(async () => null);
    await act(() => render(<PopupSummary load={async () => summary} refresh={refresh} now={now} openWorkbench={openWorkbench} />, root()));
    await settle();
    const count = (name: string) => root().querySelector(`[data-occ-count="${name}"] strong`)?.textContent;
    expect([count('challenge-closing-soon'), count('challenge-closing-today'), count('business-files-due'), count('business-files-overdue')]).toEqual(['2', '1', '1', '0']);
    const rows = [...root().querySelectorAll('tbody tr')].map((row) => [row.children[0]!.textContent, row.getAttribute('data-occ-days-left')]);
    expect(rows).toEqual([['PNX-1-AAAA', '0'], ['PNX-3-CCCC', '2'], ['PNX-2-BBBB', '3'], ['PNX-3-CCCC', '9']]);
    expect(root().querySelector('[data-occ-last-import]')?.textContent).toContain('25 Nov 2026, 09:30, 4 rows from merged.csv');
    expect(refresh).not.toHaveBeenCalled();
    (root().querySelector('#occ-open-workbench') as HTMLButtonElement).click();
    expect(openWorkbench).toHaveBeenCalledOnce();
  });

  it('asks for fresh figures when the stored ones are from another day', async () => {
    const stale: StoredSummary = { ...summarise([], '2026-11-20' as IsoDate, 1), computedAt: 0, warningDays: 3 };
    const fresh: StoredSummary = { ...summarise(buildDeadlineList(CASES, today), today, 4), computedAt: 1, warningDays: 3 };
    await act(() => render(<PopupSummary load={async () => stale} refresh={async () => fresh} now={now} />, root()));
    await settle();
    expect(root().querySelector('[data-occ-count="challenge-closing-soon"] strong')?.textContent).toBe('2');
  });
});

describe('DeadlinesDashboard', () => {
  async function mount(save = vi.fn()) {
    await act(() => render(<DeadlinesDashboard load={async () => ({ cases: CASES, settings: DEFAULT_SETTINGS, caseListUrl: 'https://portal.example.org/cases' })} now={now} save={save} />, root()));
    await settle();
    return save;
  }
  const shown = () => root().querySelector('[data-occ-shown]')?.getAttribute('data-occ-shown');

  it('shows the open deadlines grouped by owner, with counts and links to the case list', async () => {
    await mount();
    expect(shown()).toBe('4');
    expect([...root().querySelectorAll('details.occ-owner')].map((group) => group.getAttribute('data-occ-owner'))).toEqual(['=HYPERLINK("http://x")', 'Alice']);
    expect(root().querySelector('details[data-occ-owner="Alice"] summary')?.textContent).toContain('Alice — 3 (2 due soon, 1 open, 0 closed, 0 done)');
    expect(root().querySelector('a')?.getAttribute('href')).toMatch(/^https:\/\/portal\.example\.org\/cases#occ-search=PNX-/);
  });

  it.each([
    { select: '#occ-filter-owner', values: ['Alice'], expected: '3' },
    { select: '#occ-filter-kind', values: ['business-file'], expected: '1' },
    { select: '#occ-filter-state', values: ['closed'], expected: '1' },
    { select: '#occ-filter-stage', values: ['View'], expected: '1' },
  ])('filters by $select', async ({ select, values, expected }) => {
    await mount();
    const element = root().querySelector(select) as HTMLSelectElement;
    for (const option of element.options) option.selected = values.includes(option.value);
    await act(() => void element.dispatchEvent(new Event('change', { bubbles: true })));
    expect(shown()).toBe(expected);
  });

  it('"open, not drafted" leaves out windows drafted in, and says when each was drafted', async () => {
    // PNX-1's set-up window (opened 11 Nov) was drafted on 23 Nov; PNX-2's only draft was before its window opened.
    const drafts = latestDrafts([
      { reference: 'PNX-1-AAAA', kind: 'challenge-setup', at: Date.parse('2026-11-23T10:00:00Z') },
      { reference: 'PNX-2-BBBB', kind: 'challenge-setup', at: Date.parse('2026-11-13T10:00:00Z') },
    ]);
    await act(() => render(<DeadlinesDashboard load={async () => ({ cases: CASES, settings: DEFAULT_SETTINGS, drafts })} now={now} />, root()));
    await settle();
    const rows = () => [...root().querySelectorAll('tbody tr')].map((row) => `${row.children[0]!.textContent} ${row.getAttribute('data-occ-kind')} ${row.children[8]!.textContent}`.trim());
    await act(() => (root().querySelector('#occ-group-owner') as HTMLInputElement).click());
    expect(rows()).toEqual(['PNX-1-AAAA challenge-setup drafted 2 days ago', 'PNX-3-CCCC business-file', 'PNX-2-BBBB challenge-setup', 'PNX-3-CCCC challenge-setup']);
    const box = root().querySelector('#occ-filter-not-drafted') as HTMLInputElement;
    expect(box.labels?.[0]?.textContent).toMatch(/^ ?Open, not drafted/);
    await act(() => box.click());
    expect(shown()).toBe('2');
    expect(rows()).toEqual(['PNX-2-BBBB challenge-setup', 'PNX-3-CCCC challenge-setup']);
    await act(() => box.click());
    expect(shown()).toBe('4');
  });

  it('sorts by a column when its header is pressed', async () => {
    await mount();
    await act(() => (root().querySelector('#occ-group-owner') as HTMLInputElement).click());
    const header = [...root().querySelectorAll('th button')].find((button) => button.textContent === 'Case reference') as HTMLButtonElement;
    await act(() => header.click());
    await act(() => header.click());
    expect([...root().querySelectorAll('tbody tr td:first-child')].map((cell) => cell.textContent)).toEqual(['PNX-3-CCCC', 'PNX-3-CCCC', 'PNX-2-BBBB', 'PNX-1-AAAA']);
    expect(header.parentElement?.getAttribute('aria-sort')).toBe('descending');
  });

  it('exports the filtered list as CSV safe for Excel and as iCalendar', async () => {
    const save = await mount();
    await act(() => (root().querySelector('#occ-export-csv') as HTMLButtonElement).click());
    const [name, , csv] = save.mock.calls[0] as [string, string, string];
    expect(name).toBe('deadlines-2026-11-25.csv');
    expect(csv.startsWith('\uFEFFCase reference,Deadline,State,Last day,Days left,Your Case Owner')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.split('\r\n')).toHaveLength(6);
    await act(() => (root().querySelector('#occ-export-ics') as HTMLButtonElement).click());
    const ics = save.mock.calls[1]![2] as string;
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(4);
    expect(String(events[0]!.getFirstPropertyValue('url'))).toBe('https://portal.example.org/cases#occ-search=PNX-1-AAAA');
  });
});

describe('DeadlinesDashboard left open past London midnight', () => {
  // The set-up window opened 1 Jun 2026: its last day is 15 Jun. 23:50 BST on 15 Jun is 22:50 UTC.
  const JUNE: CaseValues[] = [{ caseReference: 'PNX-9-JUNE', dateMovedToInvestigation: '01-06-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Alice' }];
  const row = () => root().querySelector('tr[data-occ-kind="challenge-setup"]');
  const flush = async () => {
    for (let i = 0; i < 5; i += 1) await act(async () => await Promise.resolve());
  };

  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-06-15T22:50:00Z') }));
  afterEach(() => vi.useRealTimers());

  it.each([
    // The tab stays awake: the timer to London midnight fires.
    { how: 'the midnight timer', pass: async () => await act(async () => void (await vi.advanceTimersByTimeAsync(11 * 60_000))) },
    // The laptop slept through midnight (its timers suspended): the page is shown or focused again next morning.
    { how: 'visibilitychange after a sleep', pass: async () => (vi.setSystemTime(new Date('2026-06-16T07:30:00Z')), await act(() => void document.dispatchEvent(new Event('visibilitychange')))) },
    { how: 'focus after a sleep', pass: async () => (vi.setSystemTime(new Date('2026-06-16T07:30:00Z')), await act(() => void window.dispatchEvent(new Event('focus')))) },
  ])('moves to the next day by $how: the window shows closed, and the exports use the new day', async ({ pass }) => {
    const save = vi.fn();
    await act(() => render(<DeadlinesDashboard load={async () => ({ cases: JUNE, settings: DEFAULT_SETTINGS })} save={save} />, root()));
    await flush();
    await act(() => [...root().querySelectorAll('button')].find((button) => button.textContent === 'Show every deadline')!.click());
    expect([row()?.getAttribute('data-occ-state'), row()?.getAttribute('data-occ-days-left')]).toEqual(['due-soon', '0']);

    await pass();
    await flush();
    expect([row()?.getAttribute('data-occ-state'), row()?.getAttribute('data-occ-days-left')]).toEqual(['closed', '-1']);
    await act(() => (root().querySelector('#occ-export-csv') as HTMLButtonElement).click());
    const [name, , csv] = save.mock.calls[0] as [string, string, string];
    expect(name).toBe('deadlines-2026-06-16.csv');
    expect(csv.split('\r\n')[1]).toBe('PNX-9-JUNE,Challenge set-up,closed,2026-06-15,-1,Alice,,');
    await act(() => (root().querySelector('#occ-export-ics') as HTMLButtonElement).click());
    expect(save.mock.calls[1]![0]).toBe('deadlines-2026-06-16.ics');
    // Closed by then: the calendar event says so and carries no reminder.
    expect(save.mock.calls[1]![2]).toContain('SUMMARY:Challenge set-up window closed: PNX-9-JUNE');
    expect(save.mock.calls[1]![2]).not.toContain('BEGIN:VALARM');
  });

  it('sets its timer again each night', async () => {
    await act(() => render(<DeadlinesDashboard load={async () => ({ cases: JUNE, settings: DEFAULT_SETTINGS })} />, root()));
    await flush();
    await act(() => [...root().querySelectorAll('button')].find((button) => button.textContent === 'Show every deadline')!.click());
    const daysLeft = [];
    for (const minutes of [11, 24 * 60, 24 * 60]) {
      await act(async () => void (await vi.advanceTimersByTimeAsync(minutes * 60_000)));
      await flush();
      daysLeft.push(row()?.getAttribute('data-occ-days-left'));
    }
    expect(daysLeft).toEqual(['-1', '-2', '-3']);
  });
});

describe('DataOptions', () => {
  function fakeApi(granted = true, stored: DataSettings = DEFAULT_DATA_SETTINGS) {
    const api = {
      load: vi.fn(async () => stored),
      save: vi.fn(async (_settings: DataSettings) => undefined),
      requestPermission: vi.fn(async () => granted),
      removePermission: vi.fn(async () => true),
      caseCount: vi.fn(async () => 12),
      deleteAll: vi.fn(async () => undefined),
    } satisfies DataOptionsApi;
    return api;
  }
  const message = () => root().querySelector('#occ-data-message')?.textContent ?? '';

  async function addHost(text: string) {
    const input = root().querySelector('#occ-host-input') as HTMLInputElement;
    input.value = text;
    await act(() => void input.dispatchEvent(new Event('input', { bubbles: true })));
    await act(() => void root().querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await settle();
  }

  it.each([
    { input: 'portal.example.org', granted: true, requested: true, saved: ['https://portal.example.org/*'], note: /Added/ },
    { input: 'portal.example.org', granted: false, requested: true, saved: undefined, note: /not granted/ },
    { input: 'http://insecure.example.org', granted: true, requested: false, saved: undefined, note: /not a host name/ },
    // Never even asked: the browser would grant every site under the shared domain.
    { input: '*.co.uk', granted: true, requested: false, saved: undefined, note: /every site under a shared domain/ },
  ])('adding $input (granted $granted)', async ({ input, granted, requested, saved, note }) => {
    const api = fakeApi(granted);
    await act(() => render(<DataOptions api={api} />, root()));
    await settle();
    await addHost(input);
    expect(api.requestPermission).toHaveBeenCalledTimes(requested ? 1 : 0);
    if (requested) expect(api.requestPermission).toHaveBeenCalledWith({ origins: ['https://portal.example.org/*'] });
    expect(api.save.mock.calls.at(-1)?.[0]?.portalHosts).toEqual(saved);
    expect(message()).toMatch(note);
  });

  it.each([
    { loopback: true, saved: ['http://localhost/*'], note: /Added http:\/\/localhost\/\*/ },
    { loopback: false, saved: undefined, note: /not a host name/ },
  ])('a loopback host is taken only where the build grants loopback ($loopback)', async ({ loopback, saved, note }) => {
    const api = { ...fakeApi(true), hostRules: () => ({ loopback }) };
    await act(() => render(<DataOptions api={api} />, root()));
    await settle();
    await addHost('http://localhost/*');
    expect(api.requestPermission).toHaveBeenCalledTimes(loopback ? 1 : 0);
    expect(api.save.mock.calls.at(-1)?.[0]?.portalHosts).toEqual(saved);
    expect(message()).toMatch(note);
  });

  it('removing a host saves without it and gives the permission back', async () => {
    const api = fakeApi(true, { ...DEFAULT_DATA_SETTINGS, portalHosts: ['https://portal.example.org/*'] });
    await act(() => render(<DataOptions api={api} />, root()));
    await settle();
    await act(() => (root().querySelector('[aria-label="Remove https://portal.example.org/*"]') as HTMLButtonElement).click());
    await settle();
    expect(api.save.mock.calls.at(-1)?.[0]?.portalHosts).toEqual([]);
    expect(api.removePermission).toHaveBeenCalledWith({ origins: ['https://portal.example.org/*'] });
  });

  it.each([
    { granted: true, enabled: true },
    { granted: false, enabled: undefined },
  ])('turning the reminder on asks for notifications (granted $granted)', async ({ granted, enabled }) => {
    const api = fakeApi(granted);
    await act(() => render(<DataOptions api={api} />, root()));
    await settle();
    const box = root().querySelector('#occ-reminder-on') as HTMLInputElement;
    box.checked = true;
    await act(() => void box.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    expect(api.requestPermission).toHaveBeenCalledWith({ permissions: ['notifications'] });
    expect(api.save.mock.calls.at(-1)?.[0]?.reminderEnabled).toBe(enabled);
  });

  it('deletes all case data only after confirmation', async () => {
    const api = fakeApi();
    await act(() => render(<DataOptions api={api} />, root()));
    await settle();
    await act(() => (root().querySelector('#occ-delete-all') as HTMLButtonElement).click());
    await settle();
    expect(root().querySelector('#occ-delete-question')?.textContent).toContain('Delete all 12 stored cases');
    await act(() => (root().querySelector('#occ-delete-cancel') as HTMLButtonElement).click());
    expect(api.deleteAll).not.toHaveBeenCalled();
    await act(() => (root().querySelector('#occ-delete-all') as HTMLButtonElement).click());
    await settle();
    await act(() => (root().querySelector('#occ-delete-confirm') as HTMLButtonElement).click());
    await settle();
    expect(api.deleteAll).toHaveBeenCalledOnce();
    expect(message()).toBe('Every stored case was deleted.');
  });
});
