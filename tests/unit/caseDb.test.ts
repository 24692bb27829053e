import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  allCases,
  countCases,
  deadlineListValues,
  deleteAllCaseData,
  eachDeadlineListValues,
  forEachCase,
  getCases,
  lastImport,
  openCaseDb,
  putObservations,
  recordImport,
  recordValues,
  sweepExpired,
  type CaseDb,
} from '../../components/case-db';
import { caseValues, type CaseObservation } from '../../lib/caseStore';

const DAY = 24 * 60 * 60 * 1000;
const exportA = { kind: 'export', name: 'a.csv' } as const;
const exportB = { kind: 'export', name: 'b.csv' } as const;
const page = { kind: 'page', name: 'View case list' } as const;
let counter = 0;
const open: CaseDb[] = [];

async function freshDb(): Promise<{ db: CaseDb; name: string }> {
  const name = `occ-test-${++counter}`;
  const db = await openCaseDb(name);
  open.push(db);
  return { db, name };
}

function observe(reference: string, values: CaseObservation['values'], seenAt: number, source: CaseObservation['source'] = exportA): CaseObservation {
  return { reference, values, source, seenAt };
}

afterEach(() => {
  open.splice(0).forEach((db) => db.close());
  vi.restoreAllMocks();
});

describe('case store in IndexedDB: per-field merge through the database', () => {
  it.each([
    {
      description: 'a later page observation adds its field and keeps the export fields',
      batches: [
        [observe('PNX-1-AAAA', { dateMovedToInvestigation: '10-11-2026', caseStage: 'Investigation' }, 1)],
        [observe('PNX-1-AAAA', { caseStage: 'View', dateMovedToInvestigation: '' }, 2, page)],
      ],
      expected: { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '10-11-2026', caseStage: 'View' },
    },
    {
      description: 'an older export imported later loses field by field',
      batches: [
        [observe('PNX-1-AAAA', { caseStage: 'Decision' }, 5, exportB)],
        [observe('PNX-1-AAAA', { caseStage: 'View', productType: 'Credit Broking' }, 1)],
      ],
      expected: { caseReference: 'PNX-1-AAAA', caseStage: 'Decision', productType: 'Credit Broking' },
    },
    {
      description: 'two observations of one case in one batch fold in time order',
      batches: [[observe('PNX-1-AAAA', { caseStage: 'Decision' }, 5), observe(' pnx-1-aaaa ', { caseStage: 'View' }, 1)]],
      expected: { caseReference: 'PNX-1-AAAA', caseStage: 'Decision' },
    },
  ])('$description', async ({ batches, expected }) => {
    const { db } = await freshDb();
    for (const batch of batches) expect((await putObservations(db, batch)).ok).toBe(true);
    const found = await getCases(db, ['pnx-1-aaaa']);
    expect(caseValues(found.get('PNX-1-AAAA')!)).toEqual(expected);
    expect(await countCases(db)).toBe(1);
  });

  it('reports which cases changed their values, and none when a page shows the same again', async () => {
    const { db } = await freshDb();
    const first = await putObservations(db, [observe('PNX-1-AAAA', { caseStage: 'View' }, 1), observe('PNX-2-BBBB', { caseStage: 'View' }, 1)]);
    expect(first).toMatchObject({ ok: true, written: 2, changed: 2 });
    const again = await putObservations(db, [observe('PNX-1-AAAA', { caseStage: 'View' }, 2, page)]);
    expect(again).toMatchObject({ ok: true, written: 1, changed: 0 });
    const moved = await putObservations(db, [observe('PNX-2-BBBB', { caseStage: 'Decision' }, 3, page)]);
    expect(moved).toMatchObject({ ok: true, changed: 1, changedKeys: ['PNX-2-BBBB'] });
  });

  it('tells "shown empty" from "never seen" so an export without a Closure date means not closed', async () => {
    const { db } = await freshDb();
    await putObservations(db, [observe('PNX-1-AAAA', { closureDate: '', dateMovedToInvestigation: '01-11-2026' }, 1)]);
    const record = (await getCases(db, ['PNX-1-AAAA'])).get('PNX-1-AAAA')!;
    expect(recordValues(record)).toEqual({ caseReference: 'PNX-1-AAAA', closureDate: '', dateMovedToInvestigation: '01-11-2026' });
    await putObservations(db, [observe('PNX-1-AAAA', { closureDate: '20-11-2026' }, 2)]);
    const closed = (await getCases(db, ['PNX-1-AAAA'])).get('PNX-1-AAAA')!;
    expect(recordValues(closed).closureDate).toBe('20-11-2026');
    expect(closed.knownEmpty ?? []).not.toContain('closureDate');
  });

  it('gives the deadline list only the fields it reads, empty where a source showed them empty', async () => {
    const { db } = await freshDb();
    await putObservations(db, [observe('PNX-1-AAAA', { closureDate: '', dateMovedToInvestigation: '01-11-2026', yourCaseOwner: 'Alice', respondentContactEmail: 'a@b.c' }, 1)]);
    const record = (await getCases(db, ['PNX-1-AAAA'])).get('PNX-1-AAAA')!;
    expect(Object.fromEntries(Object.entries(deadlineListValues(record)).filter(([, value]) => value !== undefined))).toEqual({
      caseReference: 'PNX-1-AAAA',
      closureDate: '',
      dateMovedToInvestigation: '01-11-2026',
      yourCaseOwner: 'Alice',
    });
  });

  it('refills one object per record for the deadline list, with the same values', async () => {
    const { db } = await freshDb();
    await putObservations(db, [
      observe('PNX-1-AAAA', { closureDate: '', dateMovedToInvestigation: '01-11-2026', yourCaseOwner: 'Alice' }, 1),
      observe('PNX-2-BBBB', { businessFileRequiredByDate: '03-11-2026', caseStage: 'View' }, 1),
    ]);
    const records = await allCases(db);
    const seen = [...eachDeadlineListValues(records)].map((values) => ({ ...values }));
    expect([...new Set([...eachDeadlineListValues(records)])]).toHaveLength(1);
    const each = [];
    for (const values of eachDeadlineListValues(records)) each.push({ ...values });
    expect(each).toEqual(records.map(deadlineListValues));
    expect(seen[1]).toEqual(each[1]);
  });

  it('reads every case, at once or by cursor', async () => {
    const { db } = await freshDb();
    await putObservations(db, Array.from({ length: 50 }, (_, i) => observe(`PNX-${i}-AAAA`, { caseStage: 'View' }, 1)));
    expect((await allCases(db)).length).toBe(50);
    let visited = 0;
    await forEachCase(db, () => (visited += 1));
    expect(visited).toBe(50);
  });
});

describe('retention and deletion', () => {
  it.each([
    { retention: 180, kept: ['PNX-NEW-0001', 'PNX-OLD-0180'] },
    { retention: 30, kept: ['PNX-NEW-0001'] },
    { retention: 365, kept: ['PNX-NEW-0001', 'PNX-OLD-0180', 'PNX-OLD-0200'] },
  ])('keeps only cases seen within $retention days', async ({ retention, kept }) => {
    const { db } = await freshDb();
    const now = 400 * DAY;
    await putObservations(db, [
      observe('PNX-NEW-0001', { caseStage: 'View' }, now - 1 * DAY),
      observe('PNX-OLD-0180', { caseStage: 'View' }, now - 180 * DAY),
      observe('PNX-OLD-0200', { caseStage: 'View' }, now - 200 * DAY),
    ]);
    const removed = await sweepExpired(db, now, retention);
    const left = (await allCases(db)).map((record) => record.key).sort();
    expect(left).toEqual(kept);
    expect(removed).toBe(3 - kept.length);
  });

  it('a case seen again is kept: retention counts from the last sighting', async () => {
    const { db } = await freshDb();
    await putObservations(db, [observe('PNX-1-AAAA', { caseStage: 'View' }, 0)]);
    await putObservations(db, [observe('PNX-1-AAAA', {}, 300 * DAY, page)]);
    expect(await sweepExpired(db, 310 * DAY, 180)).toBe(0);
  });

  it('delete all removes every case and the last import', async () => {
    const { db } = await freshDb();
    await putObservations(db, [observe('PNX-1-AAAA', { caseStage: 'View' }, 1)]);
    await recordImport(db, { at: 1, names: ['a.csv'], rows: 1 });
    await deleteAllCaseData(db);
    expect(await countCases(db)).toBe(0);
    expect(await lastImport(db)).toBeUndefined();
  });
});

describe('schema migration', () => {
  it('opens a version 1 store without losing a case, and indexes it for retention', async () => {
    const name = `occ-test-v1-${++counter}`;
    // Version 1 as the first release made it: one `cases` store, no index, no meta.
    const v1 = await openDB(name, 1, { upgrade: (db) => db.createObjectStore('cases', { keyPath: 'key' }) });
    await v1.put('cases', { key: 'PNX-1-AAAA', reference: 'PNX-1-AAAA', lastSeen: 0, fields: { caseStage: { value: 'View', source: exportA, seenAt: 0 } } });
    await v1.put('cases', { key: 'PNX-2-BBBB', reference: 'PNX-2-BBBB', lastSeen: 500 * DAY, fields: {} });
    v1.close();

    const db = await openCaseDb(name);
    open.push(db);
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['cases', 'meta']);
    expect(caseValues((await getCases(db, ['PNX-1-AAAA'])).get('PNX-1-AAAA')!)).toEqual({ caseReference: 'PNX-1-AAAA', caseStage: 'View' });
    expect(await sweepExpired(db, 501 * DAY, 180)).toBe(1);
    expect((await allCases(db)).map((record) => record.key)).toEqual(['PNX-2-BBBB']);
    await recordImport(db, { at: 2, names: ['x.csv'], rows: 1 });
    expect(await lastImport(db)).toEqual({ at: 2, names: ['x.csv'], rows: 1 });
  });
});

describe('a full disk', () => {
  it('reports QuotaExceededError and keeps what was stored before, untouched', async () => {
    const { db } = await freshDb();
    await putObservations(db, [observe('PNX-1-AAAA', { caseStage: 'View' }, 1), observe('PNX-2-BBBB', { caseStage: 'View' }, 1)]);
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      calls += 1;
      if (calls === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const result = await putObservations(db, [
      observe('PNX-1-AAAA', { caseStage: 'Decision' }, 2),
      observe('PNX-2-BBBB', { caseStage: 'Decision' }, 2),
      observe('PNX-3-CCCC', { caseStage: 'Decision' }, 2),
    ]);
    vi.restoreAllMocks();
    expect(result).toMatchObject({ ok: false, reason: 'quota' });
    expect(result.ok === false && result.message).toMatch(/refused to store more case data \(storage full\)/);
    const stored = await allCases(db);
    expect(stored.map((record) => [record.key, record.fields.caseStage?.value])).toEqual([
      ['PNX-1-AAAA', 'View'],
      ['PNX-2-BBBB', 'View'],
    ]);
    // The store still works afterwards.
    expect((await putObservations(db, [observe('PNX-3-CCCC', { caseStage: 'View' }, 3)])).ok).toBe(true);
  });
});
