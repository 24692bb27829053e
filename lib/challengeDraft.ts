/**
 * The text of a challenge to a case's set-up or outcome, and the `mailto:` link that carries it.
 * The guide: a firm challenges wrongly recorded case data by writing to the investigator, "within
 * 14 days from the point a complaint becomes chargeable" (set-up) and again within 14 days of the
 * closure correspondence (outcome). Pure: the window's last day and "now" come in as parameters.
 */
import { calendarDaysBetween, formatLongDate, today as londonToday, type IsoDate } from './dates';
import type { CaseValues } from './deadlines';
import { FIELDS } from './glossary';

export type ChallengeKind = 'challenge-setup' | 'challenge-outcome';

export interface DraftInput {
  readonly kind: ChallengeKind;
  /** Every field known for the case, from the row or the local case store. */
  readonly values: CaseValues;
  /** The window's last day: it closes at the end of that day, UK time. */
  readonly lastDay: IsoDate;
  /** The firm's signature block (options); several lines allowed. */
  readonly signature?: string;
}

export interface ChallengeDraft {
  readonly subject: string;
  readonly body: string;
}

/** Where the firm writes its reason: the user replaces this line. */
export const REASON_PLACEHOLDER = '[Say here what is recorded wrongly, what it should be, and why.]';

/** A value from a cell or a file on one line: no line breaks or other control characters. */
export function oneLine(value: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function challengeDraft(input: DraftInput): ChallengeDraft {
  const reference = oneLine(input.values.caseReference) || 'case reference not known';
  const setup = input.kind === 'challenge-setup';
  const subject = `Challenge to ${setup ? 'case set-up' : 'outcome'} — ${reference}`;
  const recorded: string[] = [];
  for (const field of FIELDS) {
    const value = oneLine(input.values[field.key]);
    if (value) recorded.push(`- ${field.label}: ${value}`);
  }
  const signature = (input.signature ?? '').replace(/\r\n?/g, '\n').trim();
  const lines = [
    'Dear investigator,',
    '',
    setup
      ? `We wish to challenge how case ${reference} has been set up.`
      : `We wish to challenge the outcome recorded for case ${reference}.`,
    '',
    `Case reference: ${reference}`,
    `Our reference: ${oneLine(input.values.businessReference) || 'not recorded'}`,
    `This ${setup ? 'set-up' : 'outcome'} challenge window closes at the end of ${formatLongDate(input.lastDay)} (UK time).`,
    '',
    'The case as recorded:',
    ...(recorded.length > 0 ? recorded : ['- (no fields known)']),
    '',
    'Our reason for this challenge:',
    REASON_PLACEHOLDER,
    '',
    signature || 'Kind regards,',
  ];
  return { subject, body: lines.join('\n') };
}

/** Mail programs and browsers accept links up to about this length; longer ones are copied instead. */
export const MAILTO_LIMIT = 2000;

export type MailtoResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly length: number };

/** A plausible single address, or '' (a hostile "recipient" must not add headers). */
export function recipientOf(address: string | undefined): string {
  const text = (address ?? '').trim();
  return /^[^\s@,;?&%<>"()]+@[^\s@,;?&%<>"()]+\.[^\s@,;?&%<>"()]+$/.test(text) ? text : '';
}

/**
 * `mailto:` with the subject and body (RFC 6068): every value through encodeURIComponent, so a
 * new line or a literal "%0A" in a field stays text and never starts a header; line breaks in the
 * body are sent as CRLF.
 */
export function mailtoUrl(draft: ChallengeDraft, to?: string, limit: number = MAILTO_LIMIT): MailtoResult {
  const address = encodeURIComponent(recipientOf(to)).replace('%40', '@');
  const body = draft.body.replace(/\r\n?|\n/g, '\r\n');
  const url = `mailto:${address}?subject=${encodeURIComponent(oneLine(draft.subject))}&body=${encodeURIComponent(body)}`;
  return url.length <= limit ? { ok: true, url } : { ok: false, length: url.length };
}

/** The text for the clipboard: subject line, then the body. */
export function clipboardText(draft: ChallengeDraft): string {
  return `Subject: ${draft.subject}\n\n${draft.body}`;
}

/** One draft made: when, for which case and window. Never its text. */
export interface DraftRecord {
  readonly reference: string;
  readonly kind: ChallengeKind;
  /** ms since the epoch. */
  readonly at: number;
}

/** Records older than this are dropped: every window has long closed by then. */
export const DRAFT_RECORD_DAYS = 120;
const MAX_RECORDS = 5000;

export function draftKey(reference: string): string {
  return oneLine(reference).toUpperCase();
}

/** `records` with `record` added (replacing the same case and window), old ones dropped. */
export function addDraftRecord(records: readonly DraftRecord[], record: DraftRecord, now: number): DraftRecord[] {
  const oldest = now - DRAFT_RECORD_DAYS * 86_400_000;
  const key = draftKey(record.reference);
  const kept = records.filter((r) => r.at >= oldest && !(draftKey(r.reference) === key && r.kind === record.kind));
  kept.push({ reference: key, kind: record.kind, at: record.at });
  return kept.slice(-MAX_RECORDS);
}

/** The latest draft per case and window: key `REFERENCE|kind`. */
export function latestDrafts(records: readonly DraftRecord[] | undefined): Map<string, number> {
  const latest = new Map<string, number>();
  for (const record of Array.isArray(records) ? records : []) {
    if (!record || typeof record.reference !== 'string' || typeof record.at !== 'number') continue;
    const key = `${draftKey(record.reference)}|${record.kind}`;
    if ((latest.get(key) ?? -Infinity) < record.at) latest.set(key, record.at);
  }
  return latest;
}

/**
 * Calendar days (London) since a draft made within the window that starts on `windowStart`: 0 for
 * today; undefined when no draft was made in this window (a draft of an earlier window of the same
 * case and kind does not count).
 */
export function draftedDaysAgo(at: number | undefined, windowStart: IsoDate, today: IsoDate, zone?: string): number | undefined {
  if (at === undefined) return undefined;
  const day = londonToday(new Date(at), zone);
  if (calendarDaysBetween(windowStart, day) < 0) return undefined;
  return Math.max(0, calendarDaysBetween(day, today));
}

/** "drafted today", "drafted 1 day ago", "drafted 2 days ago". */
export function draftedAgoText(daysAgo: number): string {
  return daysAgo <= 0 ? 'drafted today' : `drafted ${daysAgo} ${daysAgo === 1 ? 'day' : 'days'} ago`;
}

/**
 * "challenge drafted 2 days ago" (calendar days in London), for a draft made within the window
 * that starts on `windowStart`; undefined when none was.
 */
export function draftedNote(at: number | undefined, windowStart: IsoDate, now: Date, zone?: string): string | undefined {
  const ago = draftedDaysAgo(at, windowStart, londonToday(now, zone), zone);
  return ago === undefined ? undefined : `challenge ${draftedAgoText(ago)}`;
}
