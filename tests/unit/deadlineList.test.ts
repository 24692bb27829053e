import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../lib/dates';
import type { CaseValues } from '../../lib/deadlines';
import {
  buildDeadlineList,
  closingTodayOrTomorrow,
  filterChoices,
  filterDeadlines,
  groupByOwner,
  sortDeadlines,
  summarise,
  type DeadlineFilter,
} from '../../lib/deadlineList';

const today = '2026-11-25' as IsoDate;

const CASES: CaseValues[] = [
  { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '15-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Alice', caseStage: 'Investigation', productType: 'Credit Broking' },
  { caseReference: 'PNX-2-BBBB', dateMovedToInvestigation: '11-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Bob', caseStage: 'View', productType: 'Current Accounts' },
  { caseReference: 'PNX-3-CCCC', dateMovedToInvestigation: '', closureDate: '01-11-2026', businessFileRequiredByDate: '', yourCaseOwner: 'Alice', caseStage: 'Decision', productType: 'Credit Broking' },
  { caseReference: 'PNX-4-DDDD', dateMovedToInvestigation: '', closureDate: '', businessFileRequiredByDate: '27-11-2026', businessFileReceivedDate: '', yourCaseOwner: '', caseStage: 'Investigation', productType: 'Current Accounts' },
  { caseReference: 'PNX-5-EEEE', dateMovedToInvestigation: '', closureDate: '', businessFileRequiredByDate: '20-11-2026', businessFileReceivedDate: '', yourCaseOwner: 'Bob', caseStage: 'Investigation', productType: 'Credit Broking' },
  { caseReference: 'PNX-6-FFFF', dateMovedToInvestigation: '', closureDate: '', businessFileRequiredByDate: '20-11-2026', businessFileReceivedDate: '21-11-2026', yourCaseOwner: 'Bob', caseStage: 'View', productType: 'Credit Broking' },
  { caseReference: '', dateMovedToInvestigation: '20-11-2026' },
  // Start date never seen: no deadline to list (the page shows "?" for these, the list does not).
  { caseReference: 'PNX-8-HHHH', closureDate: '', businessFileRequiredByDate: '' },
  { caseReference: 'PNX-9-JJJJ', dateMovedToInvestigation: '24-11-2026', closureDate: '', businessFileRequiredByDate: '', yourCaseOwner: 'Carol', caseStage: 'Investigation', productType: 'Mortgages' },
];

const list = buildDeadlineList(CASES, today);
const row = (entry: (typeof list)[number]) => `${entry.reference} ${entry.kind} ${entry.state} ${entry.lastDay} ${entry.daysLeft}`;

describe('buildDeadlineList', () => {
  it('lists every known deadline nearest first: still to meet by last day, then closed (latest first), then met', () => {
    expect(list.map(row)).toEqual([
      'PNX-2-BBBB challenge-setup due-soon 2026-11-25 0',
      'PNX-4-DDDD business-file due-soon 2026-11-27 2',
      'PNX-1-AAAA challenge-setup open 2026-11-29 4',
      'PNX-9-JJJJ challenge-setup open 2026-12-08 13',
      'PNX-5-EEEE business-file closed 2026-11-20 -5',
      'PNX-3-CCCC challenge-outcome closed 2026-11-15 -10',
      'PNX-6-FFFF business-file done 2026-11-20 -5',
    ]);
  });

  it('keeps the order cases came in (the store gives them in reference order) for equal last days, kinds in rule order', () => {
    const same = buildDeadlineList(
      [
        { caseReference: 'PNX-9-ZZZZ', dateMovedToInvestigation: '20-11-2026' },
        { caseReference: 'PNX-1-AAAA', closureDate: '20-11-2026', dateMovedToInvestigation: '20-11-2026' },
      ],
      today,
    );
    expect(same.map((entry) => `${entry.reference} ${entry.kind}`)).toEqual(['PNX-9-ZZZZ challenge-setup', 'PNX-1-AAAA challenge-setup', 'PNX-1-AAAA challenge-outcome']);
  });

  it('carries owner, stage, product and a late receipt', () => {
    expect(list.find((entry) => entry.reference === 'PNX-6-FFFF')).toMatchObject({ owner: 'Bob', stage: 'View', product: 'Credit Broking', receivedLate: true });
  });

  it('follows the settings: a longer window and a wider warning', () => {
    const wider = buildDeadlineList(CASES, today, { windowLengthDays: 21, warningDays: 12 });
    expect(wider.filter((entry) => entry.kind === 'challenge-setup').map(row)).toEqual([
      'PNX-2-BBBB challenge-setup due-soon 2026-12-02 7',
      'PNX-1-AAAA challenge-setup due-soon 2026-12-06 11',
      'PNX-9-JJJJ challenge-setup open 2026-12-15 20',
    ]);
  });
});

describe('filterDeadlines', () => {
  it.each<{ filter: DeadlineFilter; expected: string[] }>([
    { filter: {}, expected: ['PNX-2-BBBB', 'PNX-4-DDDD', 'PNX-1-AAAA', 'PNX-9-JJJJ', 'PNX-5-EEEE', 'PNX-3-CCCC', 'PNX-6-FFFF'] },
    { filter: { owners: ['Alice'] }, expected: ['PNX-1-AAAA', 'PNX-3-CCCC'] },
    { filter: { owners: [''] }, expected: ['PNX-4-DDDD'] },
    { filter: { stages: ['View'] }, expected: ['PNX-2-BBBB', 'PNX-6-FFFF'] },
    { filter: { products: ['Credit Broking'], kinds: ['business-file'] }, expected: ['PNX-5-EEEE', 'PNX-6-FFFF'] },
    { filter: { states: ['open', 'due-soon'] }, expected: ['PNX-2-BBBB', 'PNX-4-DDDD', 'PNX-1-AAAA', 'PNX-9-JJJJ'] },
    { filter: { owners: ['Bob'], states: ['closed'] }, expected: ['PNX-5-EEEE'] },
    { filter: { owners: ['Nobody'] }, expected: [] },
  ])('$filter', ({ filter, expected }) => {
    expect(filterDeadlines(list, filter).map((entry) => entry.reference)).toEqual(expected);
  });

  it('offers each distinct owner, stage and product', () => {
    expect(filterChoices(list)).toEqual({
      owners: ['', 'Alice', 'Bob', 'Carol'],
      stages: ['Decision', 'Investigation', 'View'],
      products: ['Credit Broking', 'Current Accounts', 'Mortgages'],
    });
  });
});

describe('groupByOwner', () => {
  it('groups by Your Case Owner with counts per state, owners A–Z and the unassigned last', () => {
    expect(groupByOwner(list).map((group) => [group.owner, group.entries.length, group.counts])).toEqual([
      ['Alice', 2, { open: 1, 'due-soon': 0, closed: 1, done: 0 }],
      ['Bob', 3, { open: 0, 'due-soon': 1, closed: 1, done: 1 }],
      ['Carol', 1, { open: 1, 'due-soon': 0, closed: 0, done: 0 }],
      ['', 1, { open: 0, 'due-soon': 1, closed: 0, done: 0 }],
    ]);
  });
});

describe('sortDeadlines', () => {
  it.each([
    { column: 'lastDay' as const, descending: false, expected: ['PNX-3-CCCC', 'PNX-5-EEEE', 'PNX-6-FFFF', 'PNX-2-BBBB', 'PNX-4-DDDD', 'PNX-1-AAAA', 'PNX-9-JJJJ'] },
    { column: 'owner' as const, descending: false, expected: ['PNX-4-DDDD', 'PNX-1-AAAA', 'PNX-3-CCCC', 'PNX-2-BBBB', 'PNX-5-EEEE', 'PNX-6-FFFF', 'PNX-9-JJJJ'] },
    { column: 'reference' as const, descending: true, expected: ['PNX-9-JJJJ', 'PNX-6-FFFF', 'PNX-5-EEEE', 'PNX-4-DDDD', 'PNX-3-CCCC', 'PNX-2-BBBB', 'PNX-1-AAAA'] },
  ])('by $column (descending $descending)', ({ column, descending, expected }) => {
    expect(sortDeadlines(list, column, descending).map((entry) => entry.reference)).toEqual(expected);
  });
});

describe('summarise', () => {
  it('counts what the popup and the badge show', () => {
    const summary = summarise(list, today, 8);
    expect(summary).toMatchObject({
      challengeClosingSoon: 1,
      challengeClosingToday: 1,
      businessFilesDue: 1,
      businessFilesOverdue: 1,
      dueSoon: 2,
      cases: 8,
    });
    expect(summary.nearest.map((entry) => entry.reference)).toEqual(['PNX-2-BBBB', 'PNX-4-DDDD', 'PNX-1-AAAA', 'PNX-9-JJJJ']);
  });

  it('keeps only the ten nearest', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ caseReference: `PNX-${100 + i}-ZZZZ`, dateMovedToInvestigation: '20-11-2026', closureDate: '', businessFileRequiredByDate: '' }));
    expect(summarise(buildDeadlineList(many, today), today, 30).nearest).toHaveLength(10);
  });

  it('lists challenge windows closing today or tomorrow for the reminder', () => {
    const soon = buildDeadlineList(
      [
        { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '11-11-2026' },
        { caseReference: 'PNX-2-BBBB', closureDate: '12-11-2026' },
        { caseReference: 'PNX-3-CCCC', dateMovedToInvestigation: '13-11-2026' },
        { caseReference: 'PNX-4-DDDD', businessFileRequiredByDate: '25-11-2026', businessFileReceivedDate: '' },
        { caseReference: 'PNX-5-EEEE', closureDate: '10-11-2026' },
      ],
      today,
    );
    expect(closingTodayOrTomorrow(soon).map((entry) => `${entry.reference} ${entry.daysLeft}`)).toEqual(['PNX-1-AAAA 0', 'PNX-2-BBBB 1']);
  });
});
