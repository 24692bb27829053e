import { describe, expect, it } from 'vitest';
import {
  addCalendarDays, asIsoDate, calendarDate, calendarDaysBetween, dayNumberOf, exactDayNumber, formatLongDate, formatPortalDate, parsePortalDate, today,
  type IsoDate,
} from '../../lib/dates';

const iso = (text: string) => text as IsoDate;

// The suite runs under TZ=Europe/London, America/New_York and Pacific/Auckland (scripts/test-all.mjs):
// nothing here may depend on the computer's own zone.
describe('parsePortalDate', () => {
  it.each([
    { description: 'the portal screen form', input: '19-01-2026', date: '2026-01-19', format: 'dd-MM-yyyy', hasTime: false },
    { description: 'slashes, as Excel writes in Britain', input: '19/01/2026', date: '2026-01-19', format: 'dd/MM/yyyy', hasTime: false },
    { description: 'dots', input: '19.01.2026', date: '2026-01-19', format: 'dd.MM.yyyy', hasTime: false },
    { description: 'ISO', input: '2026-01-19', date: '2026-01-19', format: 'yyyy-MM-dd', hasTime: false },
    { description: 'a day-first date with a time', input: '19-01-2026 14:30', date: '2026-01-19', format: 'dd-MM-yyyy', hasTime: true },
    { description: 'a day-first date with seconds', input: '19/01/2026 09:05:59', date: '2026-01-19', format: 'dd/MM/yyyy', hasTime: true },
    { description: 'single digits, still day first', input: '2/3/2026', date: '2026-03-02', format: 'dd/MM/yyyy', hasTime: false },
    { description: 'an ISO local time', input: '2026-01-19T23:30:00', date: '2026-01-19', format: 'yyyy-MM-dd', hasTime: true },
    { description: 'an ISO UTC instant in winter (GMT)', input: '2026-01-19T23:30:00Z', date: '2026-01-19', format: 'yyyy-MM-dd', hasTime: true },
    { description: 'an ISO UTC instant in summer lands on the London day after', input: '2026-06-19T23:30:00Z', date: '2026-06-20', format: 'yyyy-MM-dd', hasTime: true },
    { description: 'an offset instant', input: '2026-06-20T00:30:00+02:00', date: '2026-06-19', format: 'yyyy-MM-dd', hasTime: true },
    { description: '29 February in a leap year', input: '29-02-2028', date: '2028-02-29', format: 'dd-MM-yyyy', hasTime: false },
    { description: 'surrounding spaces', input: '  31-12-2026 ', date: '2026-12-31', format: 'dd-MM-yyyy', hasTime: false },
  ])('reads $description', ({ input, date, format, hasTime }) => {
    expect(parsePortalDate(input)).toEqual({ date, format, hasTime });
  });

  it.each([
    { description: 'a day that does not exist', input: '31-02-2026' },
    { description: '29 February outside a leap year', input: '29-02-2026' },
    { description: 'a month-first date (never guessed)', input: '01/31/2026' },
    { description: 'month 13', input: '13-13-2026' },
    { description: 'mixed separators', input: '19-01/2026' },
    { description: 'a two-digit year', input: '19-01-26' },
    { description: 'an impossible time', input: '19-01-2026 25:00' },
    { description: 'words', input: 'next Tuesday' },
    { description: 'empty', input: '' },
    { description: 'an ISO date that does not exist', input: '2026-02-30' },
    { description: 'a year-first date with slashes (ambiguous order)', input: '2026/19/01' },
  ])('refuses $description', ({ input }) => {
    expect(parsePortalDate(input)).toBeUndefined();
  });
});

describe('formatting', () => {
  it.each([
    { date: '2026-01-19', portal: '19-01-2026', long: 'Mon 19 Jan 2026' },
    { date: '2028-02-29', portal: '29-02-2028', long: 'Tue 29 Feb 2028' },
    // "Sep", never ICU's newer "Sept": the same in every browser.
    { date: '2026-09-01', portal: '01-09-2026', long: 'Tue 1 Sep 2026' },
    { date: '2026-12-31', portal: '31-12-2026', long: 'Thu 31 Dec 2026' },
    { date: '1969-12-31', portal: '31-12-1969', long: 'Wed 31 Dec 1969' },
    { date: '2026-03-29', portal: '29-03-2026', long: 'Sun 29 Mar 2026' },
  ])('writes $date as $portal and $long', ({ date, portal, long }) => {
    expect(formatPortalDate(iso(date))).toBe(portal);
    expect(formatLongDate(iso(date))).toBe(long);
    expect(parsePortalDate(portal)?.date).toBe(date);
  });
});

describe('calendar arithmetic in London', () => {
  it.each([
    { description: 'within a month', from: '2026-01-19', days: 14, to: '2026-02-02' },
    { description: 'across a year end', from: '2026-12-20', days: 14, to: '2027-01-03' },
    { description: 'onto 29 February', from: '2028-02-15', days: 14, to: '2028-02-29' },
    { description: 'across the March clock change (BST starts 29 Mar 2026)', from: '2026-03-22', days: 14, to: '2026-04-05' },
    { description: 'across the October clock change (BST ends 25 Oct 2026)', from: '2026-10-18', days: 14, to: '2026-11-01' },
    { description: 'backwards', from: '2026-03-01', days: -1, to: '2026-02-28' },
  ])('adds days $description', ({ from, days, to }) => {
    expect(addCalendarDays(iso(from), days)).toBe(to);
    expect(calendarDaysBetween(iso(from), iso(to))).toBe(days);
  });
});

describe('today in London', () => {
  it.each([
    { description: 'winter, late evening UTC', now: '2026-01-19T23:59:00Z', expected: '2026-01-19' },
    { description: 'summer, after 23:00 UTC is already tomorrow in London', now: '2026-07-01T23:30:00Z', expected: '2026-07-02' },
    { description: 'the spring-forward night', now: '2026-03-29T00:59:00Z', expected: '2026-03-29' },
    { description: 'the fall-back night, just before midnight BST', now: '2026-10-24T22:59:00Z', expected: '2026-10-24' },
    { description: 'the fall-back night, just after midnight BST', now: '2026-10-24T23:00:00Z', expected: '2026-10-25' },
    { description: 'New Year in London while Auckland is a day ahead', now: '2026-12-31T12:00:00Z', expected: '2026-12-31' },
  ])('is the London date $description', ({ now, expected }) => {
    expect(today(new Date(now))).toBe(expected);
  });

  it('can be asked for another zone', () => {
    expect(today(new Date('2026-12-31T12:00:00Z'), 'Pacific/Auckland')).toBe('2027-01-01');
  });
});

describe('asIsoDate', () => {
  it.each([
    ['2026-01-19', '2026-01-19'],
    ['2026-02-31', undefined],
    ['19-01-2026', undefined],
  ])('checks %j', (input, expected) => {
    expect(asIsoDate(input)).toBe(expected);
  });
});

describe('exactDayNumber (a date as the portal writes it, read from its characters)', () => {
  const viaParse = (text: string) => {
    const parsed = parsePortalDate(text);
    return parsed ? dayNumberOf(parsed.date) : Number.NaN;
  };
  it.each([
    ['19-01-2026', dayNumberOf(iso('2026-01-19'))],
    ['19/01/2026', dayNumberOf(iso('2026-01-19'))],
    ['19.01.2026', dayNumberOf(iso('2026-01-19'))],
    ['2026-01-19', dayNumberOf(iso('2026-01-19'))],
    ['01-01-1970', 0],
    ['31-12-1969', -1],
    ['01-01-1900', -25_567],
    ['31-12-2999', dayNumberOf(iso('2999-12-31'))],
    ['29-02-2024', dayNumberOf(iso('2024-02-29'))],
    ['29-02-2000', dayNumberOf(iso('2000-02-29'))],
    ['31-07-2026', dayNumberOf(iso('2026-07-31'))],
    ['31-08-2026', dayNumberOf(iso('2026-08-31'))],
  ])('%s is day %i', (text, day) => {
    expect(exactDayNumber(text)).toBe(day);
    expect(viaParse(text)).toBe(day);
  });

  it.each([
    ['not a real day', '31-02-2026'],
    ['29 February of a common year', '29-02-2025'],
    ['1900 was not a leap year', '29-02-1900'],
    ['30 days in April', '31-04-2026'],
    ['31 days in December, no more', '32-12-2026'],
    ['month 13', '01-13-2026'],
    ['month 0', '01-00-2026'],
    ['day 0', '00-01-2026'],
    ['before 1900', '31-12-1899'],
    ['after 2999', '01-01-3000'],
    ['two separators', '01/01-2026'],
    ['a letter for a digit', '0a-01-2026'],
    ['ISO with slashes', '2026/01/19'],
    ['ISO, a letter', '2026-0x-19'],
    ['a colon for a digit', '1:-01-2026'],
    ['a space in front', ' 1-01-2026'],
    ['single digits (read by parsePortalDate)', '2/3/2026'],
    ['eleven characters', '19-01-2026 '],
    ['with a time', '19-01-2026 14:30'],
    ['empty', ''],
  ])('%s: NaN (%s)', (_name, text) => {
    expect(exactDayNumber(text)).toBeNaN();
  });

  it('every day 1900–2999, in the four forms in turn, reads as its day number (and dayNumberOf and calendarDate agree with Date)', () => {
    const wrong: string[] = [];
    for (let day = -25_567; day <= 376_199; day += 1) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const [year, month, dayOfMonth] = date.split('-');
      // One form a day, in turn (each form meets every month, leap day and century).
      const forms = [date, `${dayOfMonth}-${month}-${year}`, `${dayOfMonth}/${month}/${year}`, `${dayOfMonth}.${month}.${year}`];
      const text = forms[((day % 4) + 4) % 4]!;
      if (exactDayNumber(text) !== day) wrong.push(text);
      if (dayNumberOf(iso(date)) !== day) wrong.push(`dayNumberOf ${date}`);
      if (calendarDate(Number(year), Number(month), Number(dayOfMonth)) !== date) wrong.push(`calendarDate ${date}`);
      // The day after the month's last is no day.
      const next = new Date((day + 1) * 86_400_000).toISOString().slice(0, 10);
      if (next.slice(5, 7) !== month && calendarDate(Number(year), Number(month), Number(dayOfMonth) + 1) !== undefined) wrong.push(`calendarDate after ${date}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(new Date(376_199 * 86_400_000).toISOString().slice(0, 10)).toBe('2999-12-31');
  });
});
