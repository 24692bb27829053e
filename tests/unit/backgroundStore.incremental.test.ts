/**
 * The background keeps its deadline list between changes: a page's observation is folded in (the
 * store is not read whole), an import is rebuilt once at its end, and a new day or new settings
 * rebuild from every case. Each step's figures are checked against a fresh service's full rebuild.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { openCaseDb, type CaseDb } from '../../components/case-db';
import { createCaseStoreService } from '../../components/background/caseStoreService';
import type { StoredSummary } from '../../components/background/summary';
import type { StoreRequest } from '../../components/background/messages';
import { DEFAULT_DATA_SETTINGS } from '../../lib/dataSettings';
import type { CaseValues } from '../../lib/deadlines';
import type { DeadlineSettings } from '../../lib/settings';

let counter = 0;
let clock: Date;
let settings: DeadlineSettings;

function rows(from: number, count: number, date = '12-11-2026'): CaseValues[] {
  return Array.from({ length: count }, (_, index) => ({
    caseReference: `PNX-${from + index}-AAAA`,
    dateMovedToInvestigation: date,
    closureDate: '',
    businessFileRequiredByDate: index % 2 ? '27-11-2026' : '',
    businessFileReceivedDate: '',
    yourCaseOwner: `Owner ${index % 3}`,
  }));
}

async function setup() {
  const opened = await openCaseDb(`occ-incremental-${++counter}`);
  // Counts the reads of every case (allCases is the one caller of getAll).
  const getAll = vi.fn();
  const db = new Proxy(opened, {
    get(target, property) {
      if (property === 'getAll') getAll();
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const service = (database: CaseDb) =>
    createCaseStoreService({
      browser: fakeBrowser as unknown as WxtBrowser,
      db: async () => database,
      deadlineSettings: async () => settings,
      dataSettings: async () => DEFAULT_DATA_SETTINGS,
      now: () => clock,
    });
  const kept = service(db);
  /** What a service with nothing kept computes from the same store. */
  const rebuilt = async () => {
    const { computedAt: _a, ...summary } = await service(opened).refresh();
    return summary;
  };
  const figures = (summary: StoredSummary) => {
    const { computedAt: _a, ...rest } = summary;
    return rest;
  };
  return { kept, getAll, rebuilt, figures };
}

beforeEach(() => {
  fakeBrowser.reset();
  clock = new Date('2026-11-25T10:00:00Z');
  settings = { windowLengthDays: 14, warningDays: 3 };
});

describe('the kept deadline list', () => {
  it('folds a page observation in without reading every case, with the figures of a full rebuild', async () => {
    const { kept, getAll, rebuilt, figures } = await setup();
    await kept.handle({ type: 'occ:import', name: 'a.csv', rows: rows(1, 40), final: true });
    await kept.refresh();
    const reads = getAll.mock.calls.length;
    const steps: StoreRequest[] = [
      { type: 'occ:observe', page: 'View case list', rows: [{ caseReference: 'PNX-3-AAAA', businessFileReceivedDate: '24-11-2026' }] },
      { type: 'occ:observe', page: 'View case list', rows: [{ caseReference: 'PNX-5-AAAA', closureDate: '20-11-2026' }, { caseReference: 'PNX-900-ZZZZ', dateMovedToInvestigation: '20-11-2026' }] },
      { type: 'occ:observe', page: 'View case list', rows: [{ caseReference: 'pnx-2-aaaa', dateMovedToInvestigation: '24-11-2026' }] },
    ];
    for (const step of steps) {
      await kept.handle(step);
      const summary = await kept.refresh();
      expect(getAll.mock.calls.length).toBe(reads);
      expect(figures(summary)).toEqual(await rebuilt());
    }
    expect((await kept.refresh()).cases).toBe(41);
  });

  it('rebuilds once at the end of an import sent in batches', async () => {
    const { kept, getAll, rebuilt, figures } = await setup();
    const client = { name: 'big.csv', names: ['big.csv'] };
    await kept.handle({ type: 'occ:import', ...client, rows: rows(1, 30) });
    await kept.handle({ type: 'occ:import', ...client, rows: rows(31, 30) });
    expect(getAll).not.toHaveBeenCalled();
    await kept.handle({ type: 'occ:import', ...client, rows: rows(61, 30), final: true, totalRows: 90 });
    const summary = await kept.refresh();
    expect(getAll).toHaveBeenCalledTimes(1);
    expect(figures(summary)).toEqual(await rebuilt());
    expect(summary.cases).toBe(90);
  });

  it.each([
    { description: 'a new day', change: () => void (clock = new Date('2026-11-27T00:30:00Z')) },
    { description: 'a longer window', change: () => void (settings = { ...settings, windowLengthDays: 21 }) },
    { description: 'a wider warning', change: () => void (settings = { ...settings, warningDays: 10 }) },
  ])('rebuilds from every case after $description', async ({ change }) => {
    const { kept, getAll, rebuilt, figures } = await setup();
    await kept.handle({ type: 'occ:import', name: 'a.csv', rows: rows(1, 20), final: true });
    const before = await kept.refresh();
    const reads = getAll.mock.calls.length;
    change();
    const after = await kept.refresh();
    expect(getAll.mock.calls.length).toBe(reads + 1);
    expect(figures(after)).not.toEqual(figures(before));
    expect(figures(after)).toEqual(await rebuilt());
  });
});
