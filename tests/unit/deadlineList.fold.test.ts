/**
 * The deadline list kept up to date case by case (foldChangedCases) must be exactly the list a full
 * rebuild gives: tables of single changes, then a property test over random sequences of batches of
 * changes (new cases, changed dates, cases deleted, a reference written in another case) against a
 * model of the store, which hands its cases over in caseKey order as IndexedDB does. Also the
 * deadlines the list is made of against deadlinesFor, the rules as the page uses them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseKey } from '../../lib/caseStore';
import type { IsoDate } from '../../lib/dates';
import { deadlinesFor, isKnown, type CaseValues } from '../../lib/deadlines';
import { buildDeadlineList, foldChangedCases, shouldRebuildFully } from '../../lib/deadlineList';
import type { DeadlineSettings } from '../../lib/settings';

const today = '2026-03-27' as IsoDate;
const SETTINGS: DeadlineSettings = { windowLengthDays: 14, warningDays: 3 };

/** The store: caseKey -> the case's values, handed over in key order. */
type Store = Map<string, CaseValues>;

function inKeyOrder(store: Store): CaseValues[] {
  return [...store.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, values]) => values);
}

function rebuild(store: Store, day: IsoDate = today, settings: DeadlineSettings = SETTINGS) {
  return buildDeadlineList(inKeyOrder(store), day, settings);
}

const row = (entry: { reference: string; kind: string; state: string; lastDay: string }) => `${entry.reference} ${entry.kind} ${entry.state} ${entry.lastDay}`;

const BASE: CaseValues[] = [
  { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '20-03-2026', closureDate: '', businessFileRequiredByDate: '' },
  { caseReference: 'PNX-2-BBBB', dateMovedToInvestigation: '20-03-2026', closureDate: '20-03-2026', businessFileRequiredByDate: '' },
  { caseReference: 'PNX-3-CCCC', dateMovedToInvestigation: '', closureDate: '', businessFileRequiredByDate: '25-03-2026', businessFileReceivedDate: '' },
  { caseReference: 'PNX-4-DDDD', dateMovedToInvestigation: '01-03-2026', closureDate: '', businessFileRequiredByDate: '' },
];
const storeOf = (cases: CaseValues[]): Store => new Map(cases.map((values) => [caseKey(values.caseReference!), values]));

describe('foldChangedCases: single changes', () => {
  it.each<{ description: string; change: [string, CaseValues | undefined][] }>([
    { description: 'nothing changed', change: [] },
    { description: 'a new case between two with the same last day', change: [['PNX-1-ZZZZ', { caseReference: 'PNX-1-ZZZZ', dateMovedToInvestigation: '20-03-2026' }]] },
    { description: 'a date moved later', change: [['PNX-1-AAAA', { ...BASE[0], dateMovedToInvestigation: '26-03-2026' }]] },
    { description: 'a case closed: a second deadline', change: [['PNX-1-AAAA', { ...BASE[0], closureDate: '27-03-2026' }]] },
    { description: 'a business file received', change: [['PNX-3-CCCC', { ...BASE[2], businessFileReceivedDate: '26-03-2026' }]] },
    { description: 'a case deleted', change: [['PNX-2-BBBB', undefined]] },
    { description: 'a case whose dates went unknown', change: [['PNX-4-DDDD', { caseReference: 'PNX-4-DDDD', dateMovedToInvestigation: 'soon' }]] },
    { description: 'the reference written in lower case', change: [['PNX-2-BBBB', { ...BASE[1], caseReference: 'pnx-2-bbbb' }]] },
    {
      description: 'several at once',
      change: [
        ['PNX-1-AAAA', undefined],
        ['PNX-0-AAAA', { caseReference: 'PNX-0-AAAA', closureDate: '13-03-2026', businessFileRequiredByDate: '27-03-2026' }],
        ['PNX-3-CCCC', { ...BASE[2], businessFileRequiredByDate: '2026-03-30T23:30:00Z' }],
      ],
    },
  ])('$description', ({ change }) => {
    const store = storeOf(BASE);
    const kept = rebuild(store);
    for (const [key, values] of change) {
      if (values) store.set(key, values);
      else store.delete(key);
    }
    const folded = foldChangedCases(kept, new Map(change), today, SETTINGS);
    expect(folded.map(row)).toEqual(rebuild(store).map(row));
    expect(folded).toEqual(rebuild(store));
  });

  it('leaves the kept list as it was', () => {
    const kept = rebuild(storeOf(BASE));
    const copy = [...kept];
    foldChangedCases(kept, new Map([['PNX-1-AAAA', undefined]]), today, SETTINGS);
    expect(kept).toEqual(copy);
  });
});

describe('shouldRebuildFully', () => {
  it.each([
    { changed: 100, cases: 200_000, full: false },
    { changed: 20_000, cases: 200_000, full: false },
    { changed: 20_001, cases: 200_000, full: true },
    { changed: 2_000, cases: 0, full: false },
    { changed: 2_001, cases: 0, full: true },
    { changed: 5_000, cases: 5_000, full: true },
  ])('$changed changed of $cases: full $full', ({ changed, cases, full }) => {
    expect(shouldRebuildFully(changed, cases)).toBe(full);
  });
});

// Small pools, so random cases collide on references and last days (the ties are what can go wrong).
const REFERENCES = ['PNX-1-AAAA', 'pnx-1-aaaa', 'PNX-2-BBBB', 'PNX-3-CCCC', 'PNX-10-AAAA', 'PNX-4-DDDD', 'PNX-5-EEEE', ' PNX-6-FFFF ', 'PNX-7-GGGG', 'PNX-8-HHHH'];
const DATES = [undefined, '', '   ', 'not a date', '12-03-2026', '13-03-2026', '20-03-2026', '23-03-2026', '27-03-2026', '28/03/2026', '2026-03-29', '2026-03-29T23:30:00Z', '30-03-2026', '10-04-2026', '31-02-2026'];
const OWNERS = [undefined, '', 'Alice', ' Bob ', 'Carol'];

const caseArb = fc.record({
  caseReference: fc.constantFrom(...REFERENCES),
  dateMovedToInvestigation: fc.constantFrom(...DATES),
  closureDate: fc.constantFrom(...DATES),
  businessFileRequiredByDate: fc.constantFrom(...DATES),
  businessFileReceivedDate: fc.constantFrom(...DATES),
  yourCaseOwner: fc.constantFrom(...OWNERS),
  caseStage: fc.constantFrom(undefined, 'Investigation', 'View'),
}).map((values) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as CaseValues);

const changeArb = fc.oneof(
  { weight: 4, arbitrary: caseArb.map((values) => ({ put: values })) },
  { weight: 1, arbitrary: fc.constantFrom(...REFERENCES).map((reference) => ({ remove: reference })) },
);

describe('foldChangedCases: property', () => {
  it('equals a full rebuild after any sequence of batches of changes', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { maxLength: 12 }),
        fc.array(fc.array(changeArb, { maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.record({ windowLengthDays: fc.integer({ min: 1, max: 30 }), warningDays: fc.integer({ min: 0, max: 10 }) }),
        (initial, batches, settings) => {
          const store: Store = new Map();
          for (const values of initial) store.set(caseKey(values.caseReference!), values);
          let kept = rebuild(store, today, settings);
          for (const batch of batches) {
            const changed = new Map<string, CaseValues | undefined>();
            for (const change of batch) {
              const key = caseKey('put' in change ? change.put.caseReference! : change.remove);
              if ('put' in change) store.set(key, change.put);
              else store.delete(key);
            }
            for (const change of batch) {
              const key = caseKey('put' in change ? change.put.caseReference! : change.remove);
              changed.set(key, store.get(key));
            }
            kept = foldChangedCases(kept, changed, today, settings);
            expect(kept).toEqual(rebuild(store, today, settings));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists exactly the known deadlines deadlinesFor gives, each case once per kind', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 12 }), (cases) => {
        const store = storeOf(cases);
        const expected = inKeyOrder(store)
          .flatMap((values) => deadlinesFor(values, today, SETTINGS).filter(isKnown).map((deadline) => `${values.caseReference!.trim()} ${deadline.kind} ${deadline.state} ${deadline.lastDay}`))
          .sort();
        expect(rebuild(store).map(row).sort()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
