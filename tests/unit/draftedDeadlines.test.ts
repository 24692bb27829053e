import { describe, expect, it } from 'vitest';
import { latestDrafts, type ChallengeKind } from '../../lib/challengeDraft';
import type { IsoDate } from '../../lib/dates';
import type { CaseValues } from '../../lib/deadlines';
import { buildDeadlineList } from '../../lib/deadlineList';
import { draftAge, isOpenChallenge, openNotDrafted } from '../../lib/draftedDeadlines';

const today = '2026-11-25' as IsoDate;
const WINDOW = 14;
const at = (iso: string) => Date.parse(iso);

const CASES: CaseValues[] = [
  // Set-up window open (last day 29 Nov), drafted two days ago.
  { caseReference: 'PNX-1-AAAA', dateMovedToInvestigation: '15-11-2026' },
  // Set-up window closes today, never drafted.
  { caseReference: 'PNX-2-BBBB', dateMovedToInvestigation: '11-11-2026' },
  // Outcome window open since 20 Nov; the only draft was made before it opened (an earlier window).
  { caseReference: 'PNX-3-CCCC', closureDate: '20-11-2026' },
  // Set-up window closed on 15 Nov: not open, whatever the drafts.
  { caseReference: 'PNX-4-DDDD', dateMovedToInvestigation: '01-11-2026' },
  // A business file due soon: not a challenge window.
  { caseReference: 'PNX-5-EEEE', businessFileRequiredByDate: '27-11-2026' },
  // Both windows open; only the set-up was drafted (today, recorded in lower case).
  { caseReference: 'PNX-6-FFFF', dateMovedToInvestigation: '20-11-2026', closureDate: '24-11-2026' },
];
const DRAFTS = latestDrafts([
  { reference: 'PNX-1-AAAA', kind: 'challenge-setup', at: at('2026-11-23T09:00:00Z') },
  { reference: 'PNX-3-CCCC', kind: 'challenge-outcome', at: at('2026-11-10T09:00:00Z') },
  { reference: 'PNX-4-DDDD', kind: 'challenge-setup', at: at('2026-11-20T09:00:00Z') },
  { reference: 'pnx-6-ffff', kind: 'challenge-setup', at: at('2026-11-25T08:00:00Z') },
  // Another case's outcome: must not count for PNX-6-FFFF.
  { reference: 'PNX-1-AAAA', kind: 'challenge-outcome', at: at('2026-11-24T09:00:00Z') },
]);
const list = buildDeadlineList(CASES, today);
const entry = (reference: string, kind: string) => list.find((candidate) => candidate.reference === reference && candidate.kind === kind)!;

describe('open, not drafted', () => {
  it.each([
    { reference: 'PNX-1-AAAA', kind: 'challenge-setup', open: true, age: 2, listed: false },
    { reference: 'PNX-2-BBBB', kind: 'challenge-setup', open: true, age: undefined, listed: true },
    { reference: 'PNX-3-CCCC', kind: 'challenge-outcome', open: true, age: undefined, listed: true },
    { reference: 'PNX-4-DDDD', kind: 'challenge-setup', open: false, age: 5, listed: false },
    { reference: 'PNX-5-EEEE', kind: 'business-file', open: false, age: undefined, listed: false },
    { reference: 'PNX-6-FFFF', kind: 'challenge-setup', open: true, age: 0, listed: false },
    { reference: 'PNX-6-FFFF', kind: 'challenge-outcome', open: true, age: undefined, listed: true },
  ] satisfies { reference: string; kind: ChallengeKind | 'business-file'; open: boolean; age: number | undefined; listed: boolean }[])(
    '$reference $kind: open $open, drafted $age days ago, listed $listed',
    ({ reference, kind, open, age, listed }) => {
      const subject = entry(reference, kind);
      expect(subject).toBeDefined();
      expect(isOpenChallenge(subject)).toBe(open);
      expect(draftAge(subject, DRAFTS, today, WINDOW)).toBe(age);
      expect(openNotDrafted(list, DRAFTS, today, WINDOW).includes(subject)).toBe(listed);
    },
  );

  it('keeps the nearest-first order and lists everything open when nothing was drafted', () => {
    expect(openNotDrafted(list, DRAFTS, today, WINDOW).map((e) => `${e.reference} ${e.kind}`)).toEqual([
      'PNX-2-BBBB challenge-setup',
      'PNX-3-CCCC challenge-outcome',
      'PNX-6-FFFF challenge-outcome',
    ]);
    expect(openNotDrafted(list, new Map(), today, WINDOW)).toEqual(list.filter(isOpenChallenge));
  });

  it.each([
    // 23:30 UTC on 24 Nov is still the 24th in London (GMT): one day ago, in the window that opened on the 24th.
    { name: 'London calendar day of the draft', draftAt: '2026-11-24T23:30:00Z', zone: undefined, age: 1 },
    // The same instant is already the 25th in Auckland.
    { name: 'zone as a parameter', draftAt: '2026-11-24T23:30:00Z', zone: 'Pacific/Auckland', age: 0 },
    { name: 'the day before the window opened', draftAt: '2026-11-23T12:00:00Z', zone: undefined, age: undefined },
  ])('$name', ({ draftAt, zone, age }) => {
    const outcome = entry('PNX-6-FFFF', 'challenge-outcome');
    const drafts = latestDrafts([{ reference: 'PNX-6-FFFF', kind: 'challenge-outcome', at: at(draftAt) }]);
    expect(draftAge(outcome, drafts, today, WINDOW, zone)).toBe(age);
  });
});
