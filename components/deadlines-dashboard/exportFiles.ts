/** The dashboard's downloads: the filtered deadlines as CSV (opens right in Excel) and as .ics. */
import Papa from 'papaparse';
import { DEADLINE_RULES } from '../../lib/deadlines';
import type { DeadlineEntry } from '../../lib/deadlineList';
import { deadlinesToICalendar } from '../../lib/icalendar';

const STATE_TEXT = { open: 'open', 'due-soon': 'due soon', closed: 'closed', done: 'done' } as const;

/** UTF-8 with BOM, CRLF, RFC 4180 quoting; cells a spreadsheet would run as formulas are neutralised. */
export function deadlinesCsv(entries: readonly DeadlineEntry[]): string {
  const rows = entries.map((entry) => [
    entry.reference,
    DEADLINE_RULES[entry.kind].label,
    STATE_TEXT[entry.state],
    entry.lastDay,
    entry.daysLeft,
    entry.owner,
    entry.stage,
    entry.product,
  ]);
  const fields = ['Case reference', 'Deadline', 'State', 'Last day', 'Days left', 'Your Case Owner', 'Case stage', 'Product type'];
  // Days left stays a number ("-3" is not a formula); every text cell starting = + - @ tab or CR gets a leading '.
  const csv = Papa.unparse({ fields, data: rows }, { newline: '\r\n', escapeFormulae: true });
  return `\uFEFF${csv}\r\n`;
}

export function deadlinesIcs(entries: readonly DeadlineEntry[], warningDays: number, now: Date, caseLink?: (reference: string) => string | undefined): string {
  return deadlinesToICalendar(entries, { warningDays, now, ...(caseLink ? { caseLink } : {}) });
}
