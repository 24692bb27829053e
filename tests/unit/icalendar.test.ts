import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../lib/dates';
import type { DeadlineEntry } from '../../lib/deadlineList';
import { deadlinesToICalendar, deadlineUid, escapeText, foldLine } from '../../lib/icalendar';

const entry = (over: Partial<DeadlineEntry>): DeadlineEntry => ({
  reference: 'PNX-4302137-CSP5',
  kind: 'challenge-setup',
  state: 'open',
  lastDay: '2026-11-29' as IsoDate,
  daysLeft: 4,
  owner: 'Alice Smith',
  stage: 'Investigation',
  product: 'Credit Broking',
  ...over,
});

const ENTRIES = [
  entry({}),
  entry({ kind: 'challenge-outcome', lastDay: '2026-12-31' as IsoDate }),
  entry({ reference: 'PNX-12345-AB12', kind: 'business-file', lastDay: '2027-02-28' as IsoDate, owner: '' }),
];
const now = new Date('2026-11-25T10:00:00Z');

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    uid: event.getFirstPropertyValue('uid'),
    start: String(event.getFirstPropertyValue('dtstart')),
    end: String(event.getFirstPropertyValue('dtend')),
    summary: event.getFirstPropertyValue('summary'),
    description: String(event.getFirstPropertyValue('description')),
    trigger: String(event.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')),
  }));
}

describe('deadlinesToICalendar parsed back with ical.js', () => {
  const text = deadlinesToICalendar(ENTRIES, { warningDays: 3, now });
  const events = parse(text);

  it('has one all-day event per deadline on its last day, with a reminder the threshold before', () => {
    expect(events.map(({ uid, start, end, trigger }) => ({ uid, start, end, trigger }))).toEqual([
      { uid: 'PNX-4302137-CSP5/challenge-setup@connect-companion.invalid', start: '2026-11-29', end: '2026-11-30', trigger: '-P3D' },
      { uid: 'PNX-4302137-CSP5/challenge-outcome@connect-companion.invalid', start: '2026-12-31', end: '2027-01-01', trigger: '-P3D' },
      { uid: 'PNX-12345-AB12/business-file@connect-companion.invalid', start: '2027-02-28', end: '2027-03-01', trigger: '-P3D' },
    ]);
    expect(events[0]!.summary).toBe('Challenge set-up window closes: PNX-4302137-CSP5');
    expect(events[2]!.description).toContain('Your Case Owner: unassigned');
  });

  it('uses CRLF line ends and no line longer than 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('keeps UIDs stable across two exports made on different days with changed details', () => {
    const later = deadlinesToICalendar(
      ENTRIES.map((e) => ({ ...e, owner: 'Bob', lastDay: '2027-01-05' as IsoDate })),
      { warningDays: 5, now: new Date('2026-12-01T08:00:00Z') },
    );
    expect(parse(later).map((event) => event.uid)).toEqual(events.map((event) => event.uid));
    expect(deadlineUid({ reference: ' pnx-4302137-csp5 ', kind: 'challenge-setup' })).toBe(events[0]!.uid);
  });

  it('writes one event for a deadline listed twice', () => {
    expect(parse(deadlinesToICalendar([entry({}), entry({})], { warningDays: 3, now }))).toHaveLength(1);
  });

  it('reminds on the day itself when the threshold is 0', () => {
    expect(parse(deadlinesToICalendar([entry({})], { warningDays: 0, now }))[0]!.trigger).toBe('PT0S');
  });
});

describe('each state reads right, and only what can still be acted on has a reminder', () => {
  // "Show every deadline" exports closed windows and received business files too.
  it.each([
    { kind: 'challenge-setup', state: 'due-soon', summary: 'Challenge set-up window closes: PNX-1-AAAA', alarm: true, first: 'Last day 29-11-2026; the window closes at the end of that day, UK time.' },
    { kind: 'challenge-outcome', state: 'open', summary: 'Challenge outcome window closes: PNX-1-AAAA', alarm: true, first: 'Last day 29-11-2026; the window closes at the end of that day, UK time.' },
    { kind: 'challenge-setup', state: 'closed', summary: 'Challenge set-up window closed: PNX-1-AAAA', alarm: false, first: 'The last day was 29-11-2026; the window closed at the end of that day, UK time.' },
    { kind: 'business-file', state: 'open', summary: 'Business file due: PNX-1-AAAA', alarm: true, first: 'Required by 29-11-2026 (Business file required by date).' },
    { kind: 'business-file', state: 'closed', summary: 'Business file overdue: PNX-1-AAAA', alarm: false, first: 'Required by 29-11-2026 (Business file required by date).' },
    { kind: 'business-file', state: 'done', summary: 'Business file received: PNX-1-AAAA', alarm: false, first: 'It was required by 29-11-2026.' },
    { kind: 'business-file', state: 'done', receivedLate: true, summary: 'Business file received late: PNX-1-AAAA', alarm: false, first: 'It was required by 29-11-2026.' },
  ] as const)('$kind $state: "$summary", reminder $alarm', ({ kind, state, summary, alarm, first, ...rest }) => {
    const text = deadlinesToICalendar([entry({ reference: 'PNX-1-AAAA', kind, state, ...rest })], { warningDays: 3, now });
    const [event] = parse(text);
    expect(event!.summary).toBe(summary);
    expect(event!.description.split('\n')[0]).toBe(`${summary}. ${first}`);
    expect(event!.trigger).toBe(alarm ? '-P3D' : 'undefined');
    expect(text.includes('BEGIN:VALARM')).toBe(alarm);
    // The event keeps its UID whatever its state, so a newer import turns "due" into "received".
    expect(event!.uid).toBe(deadlineUid({ reference: 'PNX-1-AAAA', kind }));
  });

  it('writes no ISO date in its human text (British readers read dd-MM-yyyy)', () => {
    const text = deadlinesToICalendar(ENTRIES, { warningDays: 3, now });
    expect(parse(text).map((event) => event.description).join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('hostile values survive the round trip', () => {
  const hostile = [
    'Smith, Jones; and \\ Partners',
    'Line one\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:evil',
    '<img src=x onerror=alert(1)>',
    `Ünïcödé 😀 ${'é'.repeat(60)}`,
    'x'.repeat(5000),
  ];
  it.each(hostile)('owner %#', (owner) => {
    const text = deadlinesToICalendar([entry({ owner, reference: `PNX-1-${owner.slice(0, 40)}`, stage: owner, product: owner })], {
      warningDays: 3,
      now,
      caseLink: (reference) => `https://portal.example/cases?search=${encodeURIComponent(reference)}`,
    });
    const events = parse(text);
    expect(events).toHaveLength(1);
    expect(events[0]!.description).toContain(`Your Case Owner: ${owner.replace(/\r\n/g, '\n')}`);
    expect(events[0]!.uid).toBe(deadlineUid({ reference: `PNX-1-${owner.slice(0, 40)}`, kind: 'challenge-setup' }));
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});

describe('escapeText and foldLine', () => {
  it.each([
    { input: 'a,b;c\\d', expected: 'a\\,b\\;c\\\\d' },
    { input: 'one\r\ntwo\nthree\rfour', expected: 'one\\ntwo\\nthree\\nfour' },
    { input: 'plain', expected: 'plain' },
  ])('escapes $input', ({ input, expected }) => {
    expect(escapeText(input)).toBe(expected);
  });

  it.each([
    { line: 'A'.repeat(75), parts: 1 },
    { line: 'A'.repeat(76), parts: 2 },
    { line: 'A'.repeat(75 + 74 + 1), parts: 3 },
    { line: '€'.repeat(30), parts: 2 },
  ])('folds $line.length characters into $parts lines of at most 75 octets', ({ line, parts }) => {
    const folded = foldLine(line).split('\r\n');
    expect(folded).toHaveLength(parts);
    expect(folded.map((part, i) => (i ? part.slice(1) : part)).join('')).toBe(line);
    for (const part of folded) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
  });
});
