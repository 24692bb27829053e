/**
 * Deadlines as an iCalendar file (RFC 5545) for Outlook, Google Calendar and Apple Calendar: one
 * all-day event per deadline on its last day, with a reminder the warning threshold's days before
 * while something can still be done (none for a closed window or a received business file).
 * Each event's UID is made of the case reference and the deadline kind, so importing a newer file
 * updates the events it already made instead of adding copies. Pure: "now" is a parameter.
 */
import { caseKey } from './caseStore';
import { addCalendarDays, formatPortalDate, type IsoDate } from './dates';
import { DEADLINE_RULES } from './deadlines';
import type { DeadlineEntry } from './deadlineList';

export interface CalendarOptions {
  /** Days before the last day that the reminder fires: the warning threshold. */
  readonly warningDays: number;
  /** The file's time stamp (DTSTAMP): when it was made. */
  readonly now: Date;
  /** A link for each case (the portal's case list search), when the portal host is known. */
  readonly caseLink?: (reference: string) => string | undefined;
}

const CRLF = '\r\n';
const UID_DOMAIN = 'connect-companion.invalid';

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and new lines are escaped. */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (match) => `\\${match}`).replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and one space. Splits only
 * between characters (never inside a UTF-8 sequence or a surrogate pair).
 */
export function foldLine(line: string): string {
  if (line.length <= 75 && (line.length <= 18 || encoder.encode(line).length <= 75)) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    // The first line may hold 75 octets; continuation lines 74 after their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function basicDate(date: IsoDate): string {
  return date.replaceAll('-', '');
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The event's UID: stable for a case and a kind, whatever else changes. The reference is
 * percent-encoded, so a hostile one cannot bring control characters or separators into it.
 */
export function deadlineUid(entry: Pick<DeadlineEntry, 'reference' | 'kind'>): string {
  return `${encodeURIComponent(caseKey(entry.reference))}/${entry.kind}@${UID_DOMAIN}`;
}

// A received business file keeps its event, titled as received rather than left out: a calendar
// never deletes an event missing from a newer file, so leaving it out would leave the "due" event
// of an earlier import standing; the same UID turns it into "received" instead, which is what a
// team lead reading the calendar expects to see.
function summary(entry: DeadlineEntry): string {
  const label = DEADLINE_RULES[entry.kind].label;
  if (entry.kind !== 'business-file') return `${label} window ${entry.state === 'closed' ? 'closed' : 'closes'}: ${entry.reference}`;
  if (entry.state === 'done') return `${label} received${entry.receivedLate ? ' late' : ''}: ${entry.reference}`;
  return `${label} ${entry.state === 'closed' ? 'overdue' : 'due'}: ${entry.reference}`;
}

/** The first line of the description: the date as British readers (and the portal) write it, dd-MM-yyyy. */
function when(entry: DeadlineEntry): string {
  const day = formatPortalDate(entry.lastDay);
  if (entry.kind === 'business-file') return entry.state === 'done' ? `It was required by ${day}.` : `Required by ${day} (Business file required by date).`;
  return entry.state === 'closed'
    ? `The last day was ${day}; the window closed at the end of that day, UK time.`
    : `Last day ${day}; the window closes at the end of that day, UK time.`;
}

function description(entry: DeadlineEntry, link: string | undefined): string {
  const lines = [
    `${summary(entry)}. ${when(entry)}`,
    `Your Case Owner: ${entry.owner || 'unassigned'}`,
    `Case stage: ${entry.stage || '-'}`,
    `Product type: ${entry.product || '-'}`,
  ];
  if (link) lines.push(link);
  return lines.join('\n');
}

/** A reminder only while something can still be done: never for a closed window or a received file. */
function wantsReminder(entry: DeadlineEntry): boolean {
  return entry.state === 'open' || entry.state === 'due-soon';
}

function trigger(days: number): string {
  return days > 0 ? `-P${days}D` : 'PT0S';
}

/** The events as one VCALENDAR text, CRLF line ends, every line folded. */
export function deadlinesToICalendar(entries: readonly DeadlineEntry[], options: CalendarOptions): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Connect Companion (unofficial)//Deadlines//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Ombudsman case deadlines',
  ];
  const dtstamp = stamp(options.now);
  const seen = new Set<string>();
  for (const entry of entries) {
    const uid = deadlineUid(entry);
    if (seen.has(uid)) continue;
    seen.add(uid);
    const link = options.caseLink?.(entry.reference);
    const title = escapeText(summary(entry));
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(uid)}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${basicDate(entry.lastDay)}`,
      `DTEND;VALUE=DATE:${basicDate(addCalendarDays(entry.lastDay, 1))}`,
      `SUMMARY:${title}`,
      `DESCRIPTION:${escapeText(description(entry, link))}`,
      `CATEGORIES:${escapeText(DEADLINE_RULES[entry.kind].label)}`,
      'TRANSP:TRANSPARENT',
      ...(link ? [`URL:${link.replace(/[\r\n]/g, '')}`] : []),
      ...(wantsReminder(entry) ? ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${title}`, `TRIGGER:${trigger(options.warningDays)}`, 'END:VALARM'] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
