/**
 * Portal dates. The portal is British: it writes `19-01-2026`, and a date is never month-first.
 * A date is held as a calendar date (`IsoDate`, yyyy-MM-dd) with no time and no zone; "today" is
 * always the calendar date in Europe/London, whatever the computer's own zone.
 */

/** A calendar date written yyyy-MM-dd. Made only by this module's functions. */
export type IsoDate = string & { readonly __isoDate: unique symbol };

/** The zone every deadline is counted in. */
export const PORTAL_ZONE = 'Europe/London';

/** How a date was written: reported by the CSV importer ("date format seen"). */
export type DateFormat = 'dd-MM-yyyy' | 'dd/MM/yyyy' | 'dd.MM.yyyy' | 'yyyy-MM-dd';

export interface ParsedDate {
  readonly date: IsoDate;
  readonly format: DateFormat;
  /** True when a time of day followed the date (it is not used for deadlines). */
  readonly hasTime: boolean;
}

// Day first: 19-01-2026, 19/01/2026, 19.01.2026, optionally "14:30" or "14:30:00" (and a 12-hour "2:30 PM").
const DAY_FIRST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:[AaPp][Mm])?)?$/;
// ISO: 2026-01-19, optionally with a time and an offset.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

const SEPARATOR_FORMAT: Record<string, DateFormat> = { '-': 'dd-MM-yyyy', '/': 'dd/MM/yyyy', '.': 'dd.MM.yyyy' };

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The calendar date for y-m-d, or undefined when there is no such day (31-02-2026). */
export function calendarDate(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}` as IsoDate;
}

/**
 * Reads a date as the portal or a spreadsheet writes it. Returns undefined for anything that is
 * not a real, unambiguous, day-first or ISO date: `02/31/2026` is refused, never read as 31 Feb or
 * as month-first. An ISO time with an offset is moved to the London calendar date it falls on.
 */
export function parsePortalDate(text: string): ParsedDate | undefined {
  const value = text.trim();
  if (value.length < 8 || value.length > 40) return undefined;

  const dayFirst = DAY_FIRST.exec(value);
  if (dayFirst) {
    const [, day, separator, month, year, hours, minutes] = dayFirst;
    if (hours !== undefined && !validTime(Number(hours), Number(minutes))) return undefined;
    const date = calendarDate(Number(year), Number(month), Number(day));
    return date && { date, format: SEPARATOR_FORMAT[separator!]!, hasTime: hours !== undefined };
  }

  const iso = ISO.exec(value);
  if (iso) {
    const [, year, month, day, hours, minutes, seconds, offset] = iso;
    if (hours !== undefined && !validTime(Number(hours), Number(minutes))) return undefined;
    const date = calendarDate(Number(year), Number(month), Number(day));
    if (!date) return undefined;
    if (offset === undefined) return { date, format: 'yyyy-MM-dd', hasTime: hours !== undefined };
    const instant = new Date(`${date}T${hours}:${minutes}:${seconds ?? '00'}${offset === 'Z' ? 'Z' : normaliseOffset(offset)}`);
    if (Number.isNaN(instant.getTime())) return undefined;
    return { date: londonDateOf(instant), format: 'yyyy-MM-dd', hasTime: true };
  }
  return undefined;
}

function validTime(hours: number, minutes: number): boolean {
  return hours <= 23 && minutes <= 59;
}

function normaliseOffset(offset: string): string {
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** The calendar date, as the portal shows it: dd-MM-yyyy. */
export function formatPortalDate(date: IsoDate): string {
  return `${date.slice(8, 10)}-${date.slice(5, 7)}-${date.slice(0, 4)}`;
}

// Fixed English names: Intl's short months differ between ICU versions ("Sep" or "Sept"), and a
// date should read the same in every browser. Day 0 of the UTC day count, 1 Jan 1970, was a Thursday.
const WEEKDAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A short British long form for tooltips and notes: "Mon 19 Jan 2026". */
export function formatLongDate(date: IsoDate): string {
  const weekday = WEEKDAYS[((dayNumber(date) % 7) + 7) % 7];
  return `${weekday} ${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

const calendarFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date in London at an instant: "today" for every deadline. */
export function londonDateOf(instant: Date, zone: string = PORTAL_ZONE): IsoDate {
  // The platform's own zone database (Intl) rather than TZDate: the content script needs only
  // today's date, and its bundle has a size budget (30 KB gzipped).
  let formatter = calendarFormats.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    calendarFormats.set(zone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return `${value('year').padStart(4, '0')}-${value('month')}-${value('day')}` as IsoDate;
}

/** Today in London (or `zone`), for `now` (a parameter, so tests and the bench choose it). */
export function today(now: Date = new Date(), zone: string = PORTAL_ZONE): IsoDate {
  return londonDateOf(now, zone);
}

const DAY_MS = 86_400_000;

/** Days in a month (1–12) of a year of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return 30 + ((month + (month >> 3)) & 1);
}

/**
 * Days since 1970-01-01 of a real day (year, month 1–12, day of the month): the one place day
 * numbers are made (H. Hinnant's days-from-civil: March-based years, 400-year eras).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// A calendar date has no zone, so counting days between two of them is exact on day numbers —
// and ~100x cheaper than TZDate (≈50 µs a call), which the page's countdowns call thousands of times.
function dayNumber(date: IsoDate): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/**
 * The day number (see dayNumberOf) of a date written exactly as the portal and its exports write
 * it — `dd-MM-yyyy`, `dd/MM/yyyy`, `dd.MM.yyyy` or `yyyy-MM-dd`, ten characters, nothing around
 * them — read from its character codes with no string made; NaN for any other text, which the
 * caller reads with parsePortalDate instead. A text this reads is read to the same day as
 * parsePortalDate (years 1900–2999, a real day of the month); one it refuses parsePortalDate
 * refuses too, or reads through its slower path. 200,000 cases carry a million such dates.
 */
export function exactDayNumber(text: string): number {
  if (text.length !== 10) return Number.NaN;
  // Each character's digit value (a non-digit is outside 0–9); straight-line, no call per digit.
  const c0 = text.charCodeAt(0) - 48;
  const c1 = text.charCodeAt(1) - 48;
  const c2 = text.charCodeAt(2) - 48;
  const c3 = text.charCodeAt(3) - 48;
  const c4 = text.charCodeAt(4) - 48;
  const c5 = text.charCodeAt(5) - 48;
  const c6 = text.charCodeAt(6) - 48;
  const c7 = text.charCodeAt(7) - 48;
  const c8 = text.charCodeAt(8) - 48;
  const c9 = text.charCodeAt(9) - 48;
  let year: number;
  let month: number;
  let day: number;
  // '-' '.' '/' are 45, 46, 47: digit values -3, -2, -1.
  if (c2 >= -3 && c2 <= -1) {
    // dd-MM-yyyy (or / or .): the same separator twice.
    if (c5 !== c2 || !isDigits(c0, c1, c3, c4) || !isDigits(c6, c7, c8, c9)) return Number.NaN;
    day = c0 * 10 + c1;
    month = c3 * 10 + c4;
    year = c6 * 1000 + c7 * 100 + c8 * 10 + c9;
  } else {
    if (c4 !== -3 || c7 !== -3 || !isDigits(c0, c1, c2, c3) || !isDigits(c5, c6, c8, c9)) return Number.NaN;
    year = c0 * 1000 + c1 * 100 + c2 * 10 + c3;
    month = c5 * 10 + c6;
    day = c8 * 10 + c9;
  }
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** All four digit values 0–9 (small enough to be inlined). */
function isDigits(a: number, b: number, c: number, d: number): boolean {
  return (a | b | c | d) >= 0 && a <= 9 && b <= 9 && c <= 9 && d <= 9;
}

/** Days since 1970-01-01 of a calendar date: the integer the deadline rules count with. */
export function dayNumberOf(date: IsoDate): number {
  return dayNumber(date);
}

// 200,000 cases share a few thousand last days: each is written out once.
const datesOfDays = new Map<number, IsoDate>();

/** The calendar date of a day number (the inverse of dayNumberOf). */
export function dateOfDayNumber(day: number): IsoDate {
  let date = datesOfDays.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10) as IsoDate;
    if (datesOfDays.size >= 50_000) datesOfDays.clear();
    datesOfDays.set(day, date);
  }
  return date;
}

/** `date` plus `days` calendar days (days may be negative). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** Narrows a stored string back to an IsoDate, checking it. */
export function asIsoDate(text: string): IsoDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match ? calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}
