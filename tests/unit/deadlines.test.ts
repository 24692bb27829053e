// The deadline rules, as tables. Run also under TZ=America/New_York and TZ=Pacific/Auckland:
// nothing here may depend on the computer's own zone.
import { describe, expect, it } from 'vitest';
import { asIsoDate, dayNumberOf, formatLongDate, today as londonToday, type IsoDate } from '../../lib/dates';
import { generateCases } from '../../scripts/portal/generator';
import {
  badgeText,
  challengeWindow,
  countDeadlineDays,
  daysLeftToMeet,
  deadlineDaysBuffer,
  DEADLINE_KINDS,
  deadlinesFor,
  deadlineTooltip,
  lastDayToChallenge,
  stateFor,
  type CaseValues,
  type Deadline,
} from '../../lib/deadlines';
import { FIELD_BY_KEY } from '../../lib/glossary';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../lib/settings';

const d = (text: string): IsoDate => {
  const date = asIsoDate(text);
  if (!date) throw new Error(`bad test date ${text}`);
  return date;
};
const label = (key: keyof typeof FIELD_BY_KEY) => FIELD_BY_KEY[key].label;

describe('lastDayToChallenge: start + 14 calendar days', () => {
  it.each([
    { description: 'ordinary', start: '2026-01-05', lastDay: '2026-01-19' },
    { description: 'across a month end', start: '2026-01-20', lastDay: '2026-02-03' },
    { description: 'across a year end', start: '2025-12-25', lastDay: '2026-01-08' },
    { description: 'onto 29 February in a leap year', start: '2028-02-15', lastDay: '2028-02-29' },
    { description: 'from 29 February', start: '2028-02-29', lastDay: '2028-03-14' },
    { description: 'over the end of February in a common year', start: '2026-02-20', lastDay: '2026-03-06' },
    { description: 'across the spring BST change (29 Mar 2026)', start: '2026-03-20', lastDay: '2026-04-03' },
    { description: 'across the autumn BST change (25 Oct 2026)', start: '2026-10-18', lastDay: '2026-11-01' },
    { description: 'starting on the spring change day', start: '2026-03-29', lastDay: '2026-04-12' },
    { description: 'ending on the autumn change day', start: '2026-10-11', lastDay: '2026-10-25' },
  ])('$description: $start -> $lastDay', ({ start, lastDay }) => {
    expect(lastDayToChallenge(d(start))).toBe(lastDay);
  });

  it.each([
    { length: 7, start: '2026-03-25', lastDay: '2026-04-01' },
    { length: 28, start: '2026-02-01', lastDay: '2026-03-01' },
  ])('a window of $length days from $start ends $lastDay', ({ length, start, lastDay }) => {
    expect(lastDayToChallenge(d(start), length)).toBe(lastDay);
  });
});

describe('challengeWindow: days left = last day − today, and the state', () => {
  it.each([
    { description: 'first day of the window', start: '2026-06-01', today: '2026-06-01', daysLeft: 14, state: 'open' },
    { description: 'one day more than the threshold', start: '2026-06-01', today: '2026-06-11', daysLeft: 4, state: 'open' },
    { description: 'at the threshold', start: '2026-06-01', today: '2026-06-12', daysLeft: 3, state: 'due-soon' },
    { description: 'one day left', start: '2026-06-01', today: '2026-06-14', daysLeft: 1, state: 'due-soon' },
    { description: 'the last day itself: 0 days, still open', start: '2026-06-01', today: '2026-06-15', daysLeft: 0, state: 'due-soon' },
    { description: 'one day after the last day', start: '2026-06-01', today: '2026-06-16', daysLeft: -1, state: 'closed' },
    { description: 'long past', start: '2025-01-01', today: '2026-06-16', daysLeft: -517, state: 'closed' },
    { description: 'today before the start (a future date)', start: '2026-07-01', today: '2026-06-16', daysLeft: 29, state: 'open' },
    { description: 'last day 31 Jan, today 30 Jan', start: '2026-01-17', today: '2026-01-30', daysLeft: 1, state: 'due-soon' },
    { description: 'last day 1 Jan, today 31 Dec', start: '2026-12-18', today: '2026-12-31', daysLeft: 1, state: 'due-soon' },
    { description: 'last day 29 Feb 2028, today 29 Feb', start: '2028-02-15', today: '2028-02-29', daysLeft: 0, state: 'due-soon' },
    { description: 'last day 29 Feb 2028, today 1 Mar', start: '2028-02-15', today: '2028-03-01', daysLeft: -1, state: 'closed' },
    { description: 'today is the spring BST change, last day after it', start: '2026-03-20', today: '2026-03-29', daysLeft: 5, state: 'open' },
    { description: 'spring BST change: a 23-hour day still counts as one', start: '2026-03-15', today: '2026-03-28', daysLeft: 1, state: 'due-soon' },
    { description: 'last day is the spring BST change', start: '2026-03-15', today: '2026-03-29', daysLeft: 0, state: 'due-soon' },
    { description: 'autumn BST change: a 25-hour day still counts as one', start: '2026-10-11', today: '2026-10-24', daysLeft: 1, state: 'due-soon' },
    { description: 'the day after the autumn change', start: '2026-10-11', today: '2026-10-26', daysLeft: -1, state: 'closed' },
  ])('$description', ({ start, today, daysLeft, state }) => {
    const window = challengeWindow(d(start), d(today));
    expect(window.daysLeft).toBe(daysLeft);
    expect(window.state).toBe(state);
  });

  it.each([
    { warningDays: 0, daysLeft: 0, state: 'due-soon' },
    { warningDays: 0, daysLeft: 1, state: 'open' },
    { warningDays: 7, daysLeft: 7, state: 'due-soon' },
    { warningDays: 7, daysLeft: 8, state: 'open' },
    { warningDays: 7, daysLeft: -1, state: 'closed' },
  ])('threshold $warningDays, $daysLeft days left: $state', ({ warningDays, daysLeft, state }) => {
    expect(stateFor(daysLeft, warningDays)).toBe(state);
  });
});

describe("today is London's calendar date, whatever the machine's zone", () => {
  it.each([
    { description: 'winter, just before midnight UTC = London', now: '2026-01-19T23:59:59Z', today: '2026-01-19' },
    { description: 'summer: 23:30 UTC is already tomorrow in London (BST)', now: '2026-06-14T23:30:00Z', today: '2026-06-15' },
    { description: 'the spring change night: 00:30 UTC is 01:30 GMT... then 02:30 BST', now: '2026-03-29T00:30:00Z', today: '2026-03-29' },
    { description: 'after the spring change: 23:30 UTC is 00:30 BST next day', now: '2026-03-29T23:30:00Z', today: '2026-03-30' },
    { description: 'the autumn change night: 23:30 UTC on the Saturday is 00:30 BST Sunday', now: '2026-10-24T23:30:00Z', today: '2026-10-25' },
    { description: 'after the autumn change: 23:30 UTC is 23:30 GMT the same day', now: '2026-10-25T23:30:00Z', today: '2026-10-25' },
    { description: 'new year in London', now: '2026-12-31T23:59:59Z', today: '2026-12-31' },
  ])('$description', ({ now, today }) => {
    expect(londonToday(new Date(now))).toBe(today);
  });

  it('a window whose last day is 15 Jun still has 0 days left at 00:30 BST on 15 Jun (23:30 UTC on 14 Jun)', () => {
    const window = challengeWindow(d('2026-06-01'), londonToday(new Date('2026-06-14T23:30:00Z')));
    expect(window.daysLeft).toBe(0);
  });
});

const caseWith = (values: CaseValues) => values;
const byKind = (deadlines: Deadline[]) => Object.fromEntries(deadlines.map((x) => [x.kind, x]));

describe('deadlinesFor: every deadline of a case', () => {
  const today = d('2026-06-10');

  it.each([
    {
      description: 'default view: no date columns at all, every deadline unknown',
      values: caseWith({ caseReference: 'PNX-1-ABCD', enquiryDate: '19-01-2026' }),
      expected: {
        'challenge-setup': { state: 'unknown', missingField: 'dateMovedToInvestigation', reason: 'missing' },
        'challenge-outcome': { state: 'unknown', missingField: 'closureDate', reason: 'missing' },
        'business-file': { state: 'unknown', missingField: 'businessFileRequiredByDate', reason: 'missing' },
      },
    },
    {
      description: 'empty dates: not chargeable yet, not closed, no file asked: no deadline',
      values: caseWith({ dateMovedToInvestigation: '', closureDate: ' ', businessFileRequiredByDate: '' }),
      expected: {},
    },
    {
      description: 'set-up window open, outcome window due soon, file due soon',
      values: caseWith({ dateMovedToInvestigation: '01-06-2026', closureDate: '27-05-2026', businessFileRequiredByDate: '12-06-2026', businessFileReceivedDate: '' }),
      expected: {
        'challenge-setup': { state: 'open', lastDay: '2026-06-15', daysLeft: 5, start: '2026-06-01' },
        'challenge-outcome': { state: 'due-soon', lastDay: '2026-06-10', daysLeft: 0 },
        'business-file': { state: 'due-soon', lastDay: '2026-06-12', daysLeft: 2 },
      },
    },
    {
      description: 'closed windows and an overdue file',
      values: caseWith({ dateMovedToInvestigation: '01-05-2026', closureDate: '26-05-2026', businessFileRequiredByDate: '09-06-2026', businessFileReceivedDate: '' }),
      expected: {
        'challenge-setup': { state: 'closed', lastDay: '2026-05-15', daysLeft: -26 },
        'challenge-outcome': { state: 'closed', lastDay: '2026-06-09', daysLeft: -1 },
        'business-file': { state: 'closed', lastDay: '2026-06-09', daysLeft: -1 },
      },
    },
    {
      description: 'file received on time: done',
      values: caseWith({ businessFileRequiredByDate: '09-06-2026', businessFileReceivedDate: '09-06-2026', dateMovedToInvestigation: '', closureDate: '' }),
      expected: { 'business-file': { state: 'done', receivedOn: '2026-06-09', receivedLate: false, daysLeft: -1 } },
    },
    {
      description: 'file received late: done, flagged late',
      values: caseWith({ businessFileRequiredByDate: '01-06-2026', businessFileReceivedDate: '2026-06-03', dateMovedToInvestigation: '', closureDate: '' }),
      expected: { 'business-file': { state: 'done', receivedOn: '2026-06-03', receivedLate: true } },
    },
    {
      description: 'received column not shown: counted from the due date, noted',
      values: caseWith({ businessFileRequiredByDate: '20-06-2026', dateMovedToInvestigation: '', closureDate: '' }),
      expected: { 'business-file': { state: 'open', daysLeft: 10, receivedUnknown: true } },
    },
    // Set but not a date we read: never guessed done, and flagged so the tooltip says why.
    ...['19 May 2026', '19/05/26', 'n/a'].map((received) => ({
      description: `received date "${received}" unreadable: counted from the due date, flagged`,
      values: caseWith({ businessFileRequiredByDate: '01-06-2026', businessFileReceivedDate: received, dateMovedToInvestigation: '', closureDate: '' }),
      expected: { 'business-file': { state: 'closed', daysLeft: -9, receivedUnreadable: true } },
    })),
    {
      description: 'a value that is not a date (hostile cell) is unknown, never guessed',
      values: caseWith({ dateMovedToInvestigation: '<img src=x onerror=alert(1)>', closureDate: '06/13/2026', businessFileRequiredByDate: '' }),
      expected: {
        'challenge-setup': { state: 'unknown', reason: 'unreadable' },
        'challenge-outcome': { state: 'unknown', reason: 'unreadable' },
      },
    },
  ])('$description', ({ values, expected }) => {
    const found = byKind(deadlinesFor(values, today));
    expect(Object.keys(found).sort()).toEqual(Object.keys(expected).sort());
    for (const [kind, fields] of Object.entries(expected)) expect(found[kind]).toMatchObject(fields);
  });

  it('reads the window length and the threshold from the settings', () => {
    const settings = normaliseSettings({ windowLengthDays: 28, warningDays: 10 });
    const [setup] = deadlinesFor({ dateMovedToInvestigation: '01-06-2026', closureDate: '', businessFileRequiredByDate: '' }, today, settings);
    expect(setup).toMatchObject({ lastDay: '2026-06-29', daysLeft: 19, state: 'open' });
    const [soon] = deadlinesFor({ dateMovedToInvestigation: '15-05-2026', closureDate: '', businessFileRequiredByDate: '' }, today, settings);
    expect(soon).toMatchObject({ lastDay: '2026-06-12', daysLeft: 2, state: 'due-soon' });
  });
});

describe('badge text', () => {
  const base = { startField: 'dateMovedToInvestigation', start: d('2026-06-01'), lastDay: d('2026-06-15') } as const;
  it.each<{ deadline: Deadline; text: string }>([
    { deadline: { ...base, kind: 'challenge-setup', state: 'open', daysLeft: 5 }, text: 'Challenge set-up: 5 days left' },
    { deadline: { ...base, kind: 'challenge-setup', state: 'due-soon', daysLeft: 1 }, text: 'Challenge set-up: 1 day left' },
    { deadline: { ...base, kind: 'challenge-outcome', state: 'due-soon', daysLeft: 0 }, text: 'Challenge outcome: closes today' },
    { deadline: { ...base, kind: 'challenge-outcome', state: 'closed', daysLeft: -2 }, text: 'Challenge outcome: closed 2 days ago' },
    { deadline: { ...base, kind: 'challenge-setup', state: 'closed', daysLeft: -1 }, text: 'Challenge set-up: closed 1 day ago' },
    { deadline: { ...base, kind: 'business-file', state: 'open', daysLeft: 9 }, text: 'Business file: due in 9 days' },
    { deadline: { ...base, kind: 'business-file', state: 'due-soon', daysLeft: 0 }, text: 'Business file: due today' },
    { deadline: { ...base, kind: 'business-file', state: 'closed', daysLeft: -3 }, text: 'Business file: overdue by 3 days' },
    { deadline: { ...base, kind: 'business-file', state: 'done', daysLeft: -3, receivedLate: false }, text: 'Business file: file received' },
    { deadline: { ...base, kind: 'business-file', state: 'done', daysLeft: -3, receivedLate: true }, text: 'Business file: received late' },
    { deadline: { kind: 'challenge-setup', state: 'unknown', missingField: 'dateMovedToInvestigation', reason: 'missing' }, text: 'Challenge set-up: date unknown' },
  ])('$text', ({ deadline, text }) => {
    expect(badgeText(deadline)).toBe(text);
  });
});

describe('tooltip', () => {
  it('names the rule, the start date and the last day', () => {
    const [setup] = deadlinesFor({ dateMovedToInvestigation: '29-03-2026', closureDate: '', businessFileRequiredByDate: '' }, d('2026-04-01'));
    const text = deadlineTooltip(setup!, label);
    expect(text).toContain('14 days');
    expect(text).toContain('Started: Sun 29 Mar 2026 (Date moved to investigation)');
    expect(text).toContain('Last day: Sun 12 Apr 2026');
  });

  it.each([
    { received: '19 May 2026', note: 'The Business File Received Date could not be read as a date, so the file is counted as not received' },
    { received: undefined, note: 'Add the column "Business File Received Date" to see whether the file has arrived.' },
  ])('says why a file is not known to be received ($received)', ({ received, note }) => {
    const values = { dateMovedToInvestigation: '', closureDate: '', businessFileRequiredByDate: '01-06-2026', ...(received === undefined ? {} : { businessFileReceivedDate: received }) };
    const [file] = deadlinesFor(values, d('2026-06-10'));
    expect(file).toMatchObject({ kind: 'business-file', state: 'closed' });
    expect(deadlineTooltip(file!, label)).toContain(note);
  });

  it('names the column to add when the date is unknown', () => {
    const [outcome] = deadlinesFor({ dateMovedToInvestigation: '' }, d('2026-04-01'));
    expect(deadlineTooltip(outcome!, label)).toContain('Add the column "Closure date"');
  });

  it.each([
    { date: '2026-03-29', text: 'Sun 29 Mar 2026' },
    { date: '2026-10-25', text: 'Sun 25 Oct 2026' },
    { date: '2028-02-29', text: 'Tue 29 Feb 2028' },
    { date: '2026-12-31', text: 'Thu 31 Dec 2026' },
    { date: '2026-09-15', text: 'Tue 15 Sep 2026' },
  ])('long date $date is $text', ({ date, text }) => {
    expect(formatLongDate(d(date))).toBe(text);
  });
});

describe('settings', () => {
  it.each([
    { stored: undefined, expected: DEFAULT_SETTINGS },
    { stored: { warningDays: 5 }, expected: { ...DEFAULT_SETTINGS, warningDays: 5 } },
    { stored: { windowLengthDays: -1, warningDays: 2.5, showCountdown: 'no' }, expected: DEFAULT_SETTINGS },
    { stored: { windowLengthDays: 21, showCountdown: false }, expected: { ...DEFAULT_SETTINGS, windowLengthDays: 21, showCountdown: false } },
  ])('normalises $stored', ({ stored, expected }) => {
    expect(normaliseSettings(stored)).toEqual(expected);
  });
});

describe('daysLeftToMeet (the rules in short, for counting many cases)', () => {
  const iso = (text: string) => text as IsoDate;
  const NONE = -999_999;
  /** What countDeadlineDays says: days left of each kind still to meet (open or due soon), else NONE. */
  function expected(values: CaseValues, today: number, settings: { windowLengthDays: number; warningDays: number }): number[] {
    const buffer = deadlineDaysBuffer();
    const found = countDeadlineDays(values, today, settings, buffer);
    const row = DEADLINE_KINDS.map(() => NONE);
    for (const deadline of buffer.slice(0, found)) {
      if (deadline.state === 'open' || deadline.state === 'due-soon') row[DEADLINE_KINDS.indexOf(deadline.kind)] = deadline.daysLeft;
    }
    return row;
  }
  const shortForm = (values: CaseValues, today: number, settings: { windowLengthDays: number; warningDays: number }) => {
    const into = new Int32Array(DEADLINE_KINDS.length + 2).fill(7);
    daysLeftToMeet(values, today, settings, into, 1, NONE);
    expect([into[0], into[DEADLINE_KINDS.length + 1]]).toEqual([7, 7]);
    return [...into.subarray(1, DEADLINE_KINDS.length + 1)];
  };
  const today = dayNumberOf(iso('2026-11-25'));
  const settings = { windowLengthDays: 14, warningDays: 3 };

  it.each<[string, CaseValues, number[]]>([
    ['nothing known', {}, [NONE, NONE, NONE]],
    ['set-up window opened today', { dateMovedToInvestigation: '25-11-2026' }, [14, NONE, NONE]],
    ['set-up window on its last day', { dateMovedToInvestigation: '11-11-2026' }, [0, NONE, NONE]],
    ['set-up window closed yesterday', { dateMovedToInvestigation: '10-11-2026' }, [NONE, NONE, NONE]],
    ['closure window, slashes', { closureDate: '20/11/2026' }, [NONE, 9, NONE]],
    ['closure date blank', { closureDate: '  ' }, [NONE, NONE, NONE]],
    ['closure date not a date', { closureDate: 'soon' }, [NONE, NONE, NONE]],
    ['file due in three days, not received', { businessFileRequiredByDate: '28-11-2026', businessFileReceivedDate: '' }, [NONE, NONE, 3]],
    ['file due, received column absent', { businessFileRequiredByDate: '28-11-2026' }, [NONE, NONE, 3]],
    ['file due, received', { businessFileRequiredByDate: '28-11-2026', businessFileReceivedDate: '20-11-2026' }, [NONE, NONE, NONE]],
    ['file due, received date unreadable', { businessFileRequiredByDate: '28-11-2026', businessFileReceivedDate: 'n/a' }, [NONE, NONE, 3]],
    ['file overdue', { businessFileRequiredByDate: '24-11-2026' }, [NONE, NONE, NONE]],
    ['file due with a time, ISO', { businessFileRequiredByDate: '2026-12-25T10:00:00' }, [NONE, NONE, 30]],
    ['all three', { dateMovedToInvestigation: '24-11-2026', closureDate: '2026-11-25', businessFileRequiredByDate: ' 01-12-2026 ' }, [13, 14, 6]],
  ])('%s', (_name, values, row) => {
    expect(shortForm(values, today, settings)).toEqual(row);
    expect(expected(values, today, settings)).toEqual(row);
  });

  it.each([1, 2, 3])('agrees with countDeadlineDays on every generated case (seed %i, hostile values, two window lengths)', (seed) => {
    const cases = generateCases({ seed, count: 600, today: iso('2026-11-25'), hostile: true });
    for (const windowLengthDays of [14, 30]) {
      const those = { windowLengthDays, warningDays: 5 };
      const wrong = cases.filter((values) => JSON.stringify(shortForm(values, today, those)) !== JSON.stringify(expected(values, today, those)));
      expect(wrong.slice(0, 3)).toEqual([]);
    }
  });
});
