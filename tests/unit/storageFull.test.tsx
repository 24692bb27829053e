/**
 * Issue 8, storage limits: when IndexedDB refuses a write (QuotaExceededError), the user is told where
 * they acted and nothing already stored is changed. The refusal is made by a put that throws midway
 * through a batch (fake-indexeddb has no quota of its own); tests/e2e/trust-quota.e2e.ts shows the
 * real quota path in Chromium.
 */
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { openCaseDb, QUOTA_MESSAGE, type CaseDb } from '../../components/case-db';
import { createCaseStoreService } from '../../components/background/caseStoreService';
import { importIntoCaseStore, type RowSource } from '../../components/background/importClient';
import type { ImportRequest } from '../../components/background/messages';
import { storeWriteFailureItem } from '../../components/background/writeFailure';
import { PopupSummary } from '../../components/popup-summary/PopupSummary';
import { StoreImport } from '../../entrypoints/workbench/StoreImport';
import { DEFAULT_DATA_SETTINGS } from '../../lib/dataSettings';
import type { CaseValues } from '../../lib/deadlines';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { mountPoint, settle } from './preact-helpers';

const now = () => new Date('2026-11-25T10:00:00Z');
let counter = 0;

function setup() {
  const name = `occ-full-${++counter}`;
  let db: Promise<CaseDb> | undefined;
  return createCaseStoreService({
    browser: fakeBrowser as unknown as WxtBrowser,
    db: () => (db ??= openCaseDb(name)),
    deadlineSettings: async () => DEFAULT_SETTINGS,
    dataSettings: async () => DEFAULT_DATA_SETTINGS,
    now,
  });
}

/** From the `after`-th put on, every put throws QuotaExceededError (as a full disk does). */
function refusePutsAfter(after: number): void {
  const put = IDBObjectStore.prototype.put;
  let calls = 0;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    calls += 1;
    if (calls > after) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  });
}

const rows = (stage: string, count = 3): CaseValues[] => Array.from({ length: count }, (_, i) => ({ caseReference: `PNX-${i + 1}-AAAA`, caseStage: stage }));

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('the background refuses a write the disk cannot hold, and says so', () => {
  it('an import batch: the answer carries the message, the earlier values stay, the popup is told', async () => {
    const service = setup();
    expect(await service.handle({ type: 'occ:import', name: 'old.csv', rows: rows('View'), final: true })).toMatchObject({ ok: true, written: 3 });
    refusePutsAfter(2);
    const answer = await service.handle({ type: 'occ:import', name: 'new.csv', rows: rows('Decision', 4), final: true });
    vi.restoreAllMocks();
    expect(answer).toEqual({ ok: false, reason: 'quota', message: QUOTA_MESSAGE });
    // The two puts that went through were in the aborted transaction: none of the batch is kept.
    const stored = (await service.handle({ type: 'occ:case-dates', references: ['PNX-1-AAAA', 'PNX-2-AAAA', 'PNX-3-AAAA', 'PNX-4-AAAA'], fields: 'all' })) as { dates: Record<string, CaseValues> };
    expect(Object.fromEntries(Object.entries(stored.dates).map(([reference, values]) => [reference, values.caseStage]))).toEqual({
      'PNX-1-AAAA': 'View',
      'PNX-2-AAAA': 'View',
      'PNX-3-AAAA': 'View',
    });
    expect(await storeWriteFailureItem.getValue()).toEqual({ at: now().getTime(), reason: 'quota', message: QUOTA_MESSAGE, source: 'import of new.csv' });
    // Once the disk has room again, the next write succeeds and the popup's note goes.
    expect(await service.handle({ type: 'occ:import', name: 'new.csv', rows: rows('Decision', 4), final: true })).toMatchObject({ ok: true, written: 4 });
    expect(await storeWriteFailureItem.getValue()).toBeNull();
  });

  it('a portal page observation: answered, never thrown back into the page', async () => {
    const service = setup();
    await service.handle({ type: 'occ:observe', page: 'View case list', url: 'https://portal.example/cases', rows: rows('View') });
    refusePutsAfter(0);
    const answer = service.handle({ type: 'occ:observe', page: 'View case list', url: 'https://portal.example/cases', rows: rows('Decision') });
    await expect(answer).resolves.toEqual({ ok: false, reason: 'quota', message: QUOTA_MESSAGE });
    vi.restoreAllMocks();
    expect(await storeWriteFailureItem.getValue()).toMatchObject({ reason: 'quota', source: 'portal page View case list' });
    const stored = (await service.handle({ type: 'occ:case-dates', references: ['PNX-1-AAAA'], fields: 'all' })) as { dates: Record<string, CaseValues> };
    expect(stored.dates['PNX-1-AAAA']?.caseStage).toBe('View');
  });
});

describe('the workbench import stops at the refused batch', () => {
  it('keeps the batches before it and returns the store message', async () => {
    const service = setup();
    const source: RowSource = { total: 5, read: async (start, count) => rows('View', 5).slice(start, start + count) };
    let batches = 0;
    const send = async (request: ImportRequest) => {
      batches += 1;
      if (batches === 2) refusePutsAfter(0);
      return service.handle(request);
    };
    const result = await importIntoCaseStore(source, { name: 'merged.csv', batchSize: 2, send });
    vi.restoreAllMocks();
    expect(result).toEqual({ ok: false, written: 2, reason: 'quota', message: QUOTA_MESSAGE });
    const stored = (await service.handle({ type: 'occ:case-dates', references: rows('', 5).map((row) => row.caseReference!) })) as { dates: Record<string, CaseValues> };
    expect(Object.keys(stored.dates)).toEqual(['PNX-1-AAAA', 'PNX-2-AAAA']);
  });
});

describe('where the user is told', () => {
  const root = mountPoint();

  it('the Merge tab shows the message, and how much went in before it stopped', async () => {
    const importRows = vi.fn(async () => ({ ok: false as const, written: 2000, reason: 'quota', message: QUOTA_MESSAGE }));
    const source: RowSource = { total: 5000, read: async () => [] };
    await act(() => render(<StoreImport source={source} names={['a.csv', 'b.csv']} importRows={importRows} />, root()));
    const button = root().querySelector<HTMLButtonElement>('[data-testid="store-import"]')!;
    expect(button.textContent).toBe('Add to the case store (5,000 cases)');
    await act(() => button.click());
    await settle();
    expect(importRows).toHaveBeenCalledWith(source, expect.objectContaining({ name: 'merge of 2 files', names: ['a.csv', 'b.csv'] }));
    const alert = root().querySelector('[role="alert"][data-testid="store-import-error"]');
    expect(alert?.textContent).toContain(QUOTA_MESSAGE);
    expect(alert?.textContent).toContain('2,000 of 5,000 cases were added before it stopped');
    expect(button.disabled).toBe(false);
  });

  it('the Merge tab says what was added when the store took it all', async () => {
    const importRows = vi.fn(async () => ({ ok: true as const, written: 3, changed: 2 }));
    await act(() => render(<StoreImport source={{ total: 3, read: async () => [] }} names={['a.csv']} importRows={importRows} />, root()));
    await act(() => root().querySelector<HTMLButtonElement>('[data-testid="store-import"]')!.click());
    await settle();
    expect(root().querySelector('[data-testid="store-import-status"]')?.textContent).toMatch(/^Added 3 cases to your deadlines \(2 new or changed in the case store\)/);
    expect(importRows).toHaveBeenCalledTimes(1);
    expect(root().querySelector('[role="alert"]')).toBeNull();
  });

  it('the Merge tab adds a finished merge by itself (auto), and says so', async () => {
    const importRows = vi.fn(async () => ({ ok: true as const, written: 3, changed: 3 }));
    const source: RowSource = { total: 3, read: async () => [] };
    await act(() => render(<StoreImport auto source={source} names={['a.csv']} importRows={importRows} />, root()));
    await settle();
    expect(importRows).toHaveBeenCalledTimes(1);
    expect(importRows).toHaveBeenCalledWith(source, expect.objectContaining({ name: 'a.csv', names: ['a.csv'] }));
    expect(root().querySelector('[data-testid="store-import-status"]')?.textContent).toMatch(/^Added 3 cases to your deadlines/);
  });

  it('a failed automatic import is shown as an error, and the button tries again', async () => {
    const importRows = vi.fn(async () => ({ ok: false as const, written: 0, message: 'The case store did not answer. Nothing already stored was changed.' }));
    await act(() => render(<StoreImport auto source={{ total: 3, read: async () => [] }} names={['a.csv']} importRows={importRows} />, root()));
    await settle();
    expect(root().querySelector('[role="alert"][data-testid="store-import-error"]')?.textContent).toBe('The case store did not answer. Nothing already stored was changed.');
    await act(() => root().querySelector<HTMLButtonElement>('[data-testid="store-import"]')!.click());
    await settle();
    expect(importRows).toHaveBeenCalledTimes(2);
    expect(root().querySelector('[role="alert"]')).not.toBeNull();
  });

  it.each([
    { state: 'an empty store', summary: null },
    { state: 'a filled store', summary: { today: '2026-11-25', cases: 3, nearest: [], challengeClosingSoon: 0, challengeClosingToday: 0, businessFilesDue: 0, businessFilesOverdue: 0, dueSoon: 0, computedAt: 0, warningDays: 5 } },
  ])('the popup shows the last refused write above $state', async ({ summary }) => {
    const failure = { at: now().getTime(), reason: 'quota' as const, message: QUOTA_MESSAGE, source: 'portal page View case list' };
    await act(() =>
      render(<PopupSummary load={async () => summary as never} refresh={async () => null} now={now} loadWriteFailure={async () => failure} />, root()),
    );
    await settle();
    const note = root().querySelector('[role="alert"][data-occ-write-failure="quota"]');
    expect(note?.textContent).toBe(`${QUOTA_MESSAGE} (portal page View case list, 25 Nov 2026, 10:00)`);
  });

  it('the popup shows no note when every write went in', async () => {
    await act(() => render(<PopupSummary load={async () => null} refresh={async () => null} now={now} loadWriteFailure={async () => null} />, root()));
    await settle();
    expect(root().querySelector('[data-occ-write-failure]')).toBeNull();
  });
});
