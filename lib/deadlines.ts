/**
 * The deadline rules: the one place the project counts days (PORTAL.md, "How this project counts").
 * Dates are calendar dates in Europe/London; "today" is a parameter (see `today()` in dates.ts),
 * so nothing here depends on the computer's clock or zone.
 */
import { addCalendarDays, calendarDaysBetween, dateOfDayNumber, dayNumberOf, exactDayNumber, formatLongDate, parsePortalDate, type IsoDate } from './dates';
import type { FieldKey } from './glossary';
import { DEFAULT_SETTINGS, type DeadlineSettings } from './settings';

export const DEADLINE_KINDS = ['challenge-setup', 'challenge-outcome', 'business-file'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** States a badge can show; 'unknown' has no badge state, only an explanation. */
export type DeadlineState = 'open' | 'due-soon' | 'closed' | 'done';

export interface DeadlineRule {
  readonly kind: DeadlineKind;
  /** Short name for badges: "Challenge set-up". */
  readonly label: string;
  /** The date the deadline is counted from (challenge windows) or falls on (business file). */
  readonly startField: FieldKey;
  /** A date that marks the deadline met. */
  readonly doneField?: FieldKey;
  /** The rule in words, for tooltips. */
  readonly rule: (settings: DeadlineSettings) => string;
}

export const DEADLINE_RULES: Readonly<Record<DeadlineKind, DeadlineRule>> = Object.freeze({
  // Guide: "You have 14 days from the point a complaint becomes chargeable to challenge how we
  // have set it up" — it becomes chargeable on the Date moved to investigation.
  'challenge-setup': {
    kind: 'challenge-setup',
    label: 'Challenge set-up',
    startField: 'dateMovedToInvestigation',
    rule: (s) => `You may challenge how the case was set up within ${s.windowLengthDays} days of it becoming chargeable (Date moved to investigation).`,
  },
  // Guide: "a second opportunity to challenge case data within 14 days from when we send you the
  // closure correspondence" — counted from the Closure date.
  'challenge-outcome': {
    kind: 'challenge-outcome',
    label: 'Challenge outcome',
    startField: 'closureDate',
    rule: (s) => `You may challenge the case data and outcome within ${s.windowLengthDays} days of the closure correspondence (Closure date).`,
  },
  // Guide: "Business file required by date — the deadline for providing your business file".
  'business-file': {
    kind: 'business-file',
    label: 'Business file',
    startField: 'businessFileRequiredByDate',
    doneField: 'businessFileReceivedDate',
    rule: () => 'The business file is due by the Business file required by date; it is done once the Business File Received Date is set.',
  },
});

/** Portal values of one case by field, as read from a row, an export or the case store. */
export type CaseValues = Partial<Record<FieldKey, string>>;

export interface KnownDeadline {
  readonly kind: DeadlineKind;
  readonly state: DeadlineState;
  /** The field the deadline was counted from, and its date. */
  readonly startField: FieldKey;
  readonly start: IsoDate;
  /** The last day to act: the window closes at the end of this day (London). */
  readonly lastDay: IsoDate;
  /** lastDay − today: 0 on the last day itself, negative once past. */
  readonly daysLeft: number;
  /** Business file: the day it was received, when known. */
  readonly receivedOn?: IsoDate;
  /** Business file: received after its due date. */
  readonly receivedLate?: boolean;
  /** Business file: the received-date column was not available, so "done" could not be checked. */
  readonly receivedUnknown?: boolean;
  /**
   * Business file: the received date holds text that is not a date we can read, so "done" could not
   * be checked either; the file is counted as not received (never guessed done) and the tooltip says why.
   */
  readonly receivedUnreadable?: boolean;
}

export interface UnknownDeadline {
  readonly kind: DeadlineKind;
  readonly state: 'unknown';
  /** The field whose date is needed: the column to add in the portal's column chooser. */
  readonly missingField: FieldKey;
  /** 'missing': no such value at all; 'unreadable': a value that is not a date. */
  readonly reason: 'missing' | 'unreadable';
}

export type Deadline = KnownDeadline | UnknownDeadline;

export function isKnown(deadline: Deadline): deadline is KnownDeadline {
  return deadline.state !== 'unknown';
}

/** The last day of a challenge window that starts on `start`. */
export function lastDayToChallenge(start: IsoDate, windowLengthDays: number = DEFAULT_SETTINGS.windowLengthDays): IsoDate {
  return addCalendarDays(start, windowLengthDays);
}

/** open, due-soon or closed for a deadline with `daysLeft` days to go. */
export function stateFor(daysLeft: number, warningDays: number = DEFAULT_SETTINGS.warningDays): Exclude<DeadlineState, 'done'> {
  if (daysLeft < 0) return 'closed';
  return daysLeft <= warningDays ? 'due-soon' : 'open';
}

/** A challenge window opened on `start`, as it stands on `today`. */
export function challengeWindow(
  start: IsoDate,
  today: IsoDate,
  settings: DeadlineSettings = DEFAULT_SETTINGS,
): { start: IsoDate; lastDay: IsoDate; daysLeft: number; state: Exclude<DeadlineState, 'done'> } {
  const lastDay = lastDayToChallenge(start, settings.windowLengthDays);
  const daysLeft = calendarDaysBetween(today, lastDay);
  return { start, lastDay, daysLeft, state: stateFor(daysLeft, settings.warningDays) };
}

// What a cell's text means as a day number; these two are not days (NaN is "not a date").
const MISSING = -Infinity;
const EMPTY = Infinity;

// Pages and stores repeat the same few thousand date texts over 200,000 cases: each text is read
// (and turned into its London day number) once.
const dayReadings = new Map<string, number>();

function readDay(value: string | undefined): number {
  if (value === undefined) return MISSING;
  if (value === '') return EMPTY;
  // A date as the portal writes it is read from its characters (no look-up, no string made).
  const exact = exactDayNumber(value);
  if (exact === exact) return exact;
  let day = dayReadings.get(value);
  if (day === undefined) {
    const text = value.trim();
    const parsed = text === '' ? undefined : parsePortalDate(text);
    day = text === '' ? EMPTY : parsed ? dayNumberOf(parsed.date) : Number.NaN;
    if (dayReadings.size >= 50_000) dayReadings.clear();
    dayReadings.set(value, day);
  }
  return day;
}

/**
 * One deadline of a case in day numbers (days since 1970-01-01, see dayNumberOf): what both
 * `deadlinesFor` and the deadline list are made from, so the rules are written once. Mutable and
 * reused: `countDeadlineDays` refills the same few objects for every case.
 */
export interface DeadlineDays {
  kind: DeadlineKind;
  state: DeadlineState | 'unknown';
  /** Unknown deadlines only: why the start date is not known. */
  reason: 'missing' | 'unreadable' | undefined;
  start: number;
  lastDay: number;
  daysLeft: number;
  /** Business file: the day it was received, NaN when not. */
  received: number;
  /** Business file: the received-date field is absent, so "done" could not be checked. */
  receivedUnknown: boolean;
  /** Business file: the received-date field holds text that is not a date. */
  receivedUnreadable: boolean;
}

/** Room for one case's deadlines (one per kind), for `countDeadlineDays` to fill. */
export function deadlineDaysBuffer(): DeadlineDays[] {
  return DEADLINE_KINDS.map((kind) => ({ kind, state: 'unknown', reason: undefined, start: 0, lastDay: 0, daysLeft: 0, received: Number.NaN, receivedUnknown: false, receivedUnreadable: false }));
}

/**
 * The rules. Fills `into` with every deadline of one case on day `today` (a day number), in rule
 * order, and returns how many. A start field that is absent (`undefined`: the column is not shown
 * and the store does not know it) or not a date gives an unknown deadline; an empty one (the case
 * is not yet chargeable, not closed, or no file is asked for) gives no deadline at all.
 */
export function countDeadlineDays(values: CaseValues, today: number, settings: DeadlineSettings, into: DeadlineDays[]): number {
  let count = 0;
  for (const kind of DEADLINE_KINDS) {
    const rule = DEADLINE_RULES[kind];
    const start = readDay(values[rule.startField]);
    if (start === EMPTY) continue;
    const out = into[count++]!;
    out.kind = kind;
    out.received = Number.NaN;
    out.receivedUnknown = false;
    out.receivedUnreadable = false;
    if (start === MISSING || Number.isNaN(start)) {
      out.state = 'unknown';
      out.reason = start === MISSING ? 'missing' : 'unreadable';
      continue;
    }
    out.reason = undefined;
    out.start = start;
    if (kind !== 'business-file') {
      // lastDayToChallenge and challengeWindow, on day numbers.
      out.lastDay = start + settings.windowLengthDays;
      out.daysLeft = out.lastDay - today;
      out.state = stateFor(out.daysLeft, settings.warningDays);
      continue;
    }
    out.lastDay = start;
    out.daysLeft = start - today;
    const received = readDay(values[rule.doneField!]);
    if (received !== MISSING && received !== EMPTY && !Number.isNaN(received)) {
      out.state = 'done';
      out.received = received;
      continue;
    }
    out.state = stateFor(out.daysLeft, settings.warningDays);
    out.receivedUnknown = received === MISSING;
    out.receivedUnreadable = Number.isNaN(received);
  }
  return count;
}

/**
 * The rules above in their shortest form, for counting many cases (the Insights tab): the days
 * left of each deadline still to meet (open or due soon) on day `today`, written to
 * `into[at + k]` for the k-th of DEADLINE_KINDS, and `none` for a deadline that is closed, done,
 * unknown or absent. The same answers as countDeadlineDays (a test holds them together) with the
 * fields read by name and no object filled per deadline.
 */
export function daysLeftToMeet(values: CaseValues, today: number, settings: DeadlineSettings, into: Int32Array, at: number, none: number): void {
  // Challenge windows: open from the start date to the window's last day. NaN (not a date),
  // MISSING and EMPTY all fail `left >= 0 && left < Infinity`.
  const setup = readDay(values.dateMovedToInvestigation) + settings.windowLengthDays - today;
  into[at] = setup >= 0 && setup < Infinity ? setup : none;
  const outcome = readDay(values.closureDate) + settings.windowLengthDays - today;
  into[at + 1] = outcome >= 0 && outcome < Infinity ? outcome : none;
  // Business file: due on its date, done once a received date is read.
  const file = readDay(values.businessFileRequiredByDate) - today;
  into[at + 2] = file >= 0 && file < Infinity && !Number.isFinite(readDay(values.businessFileReceivedDate)) ? file : none;
}

const buffer = deadlineDaysBuffer();

/** Every deadline of one case on `today` (see countDeadlineDays for what is known and what is not). */
export function deadlinesFor(values: CaseValues, today: IsoDate, settings: DeadlineSettings = DEFAULT_SETTINGS): Deadline[] {
  const count = countDeadlineDays(values, dayNumberOf(today), settings, buffer);
  const deadlines: Deadline[] = [];
  for (let index = 0; index < count; index += 1) {
    const { kind, state, reason, start, lastDay, daysLeft, received, receivedUnknown, receivedUnreadable } = buffer[index]!;
    const startField = DEADLINE_RULES[kind].startField;
    if (state === 'unknown') {
      deadlines.push({ kind, state, missingField: startField, reason: reason! });
    } else if (kind !== 'business-file') {
      deadlines.push({ kind, startField, start: dateOfDayNumber(start), lastDay: dateOfDayNumber(lastDay), daysLeft, state });
    } else if (state === 'done') {
      const due = dateOfDayNumber(lastDay);
      deadlines.push({ kind, state, startField, start: due, lastDay: due, daysLeft, receivedOn: dateOfDayNumber(received), receivedLate: received > lastDay });
    } else {
      const due = dateOfDayNumber(lastDay);
      deadlines.push({ kind, state, startField, start: due, lastDay: due, daysLeft, ...(receivedUnknown ? { receivedUnknown: true } : {}), ...(receivedUnreadable ? { receivedUnreadable: true } : {}) });
    }
  }
  return deadlines;
}

/** The fields the rules read: what to ask the case store for when a row lacks them. */
export const DEADLINE_FIELDS: readonly FieldKey[] = [
  'dateMovedToInvestigation',
  'closureDate',
  'businessFileRequiredByDate',
  'businessFileReceivedDate',
];

function days(count: number): string {
  return `${count} ${count === 1 ? 'day' : 'days'}`;
}

/** The badge's short text: "Challenge set-up: 3 days left", "closes today", "closed 2 days ago". */
export function badgeText(deadline: Deadline): string {
  const label = DEADLINE_RULES[deadline.kind].label;
  if (!isKnown(deadline)) return `${label}: date unknown`;
  const { daysLeft } = deadline;
  if (deadline.kind === 'business-file') {
    if (deadline.state === 'done') return `${label}: ${deadline.receivedLate ? 'received late' : 'file received'}`;
    if (daysLeft > 0) return `${label}: due in ${days(daysLeft)}`;
    if (daysLeft === 0) return `${label}: due today`;
    return `${label}: overdue by ${days(-daysLeft)}`;
  }
  if (daysLeft > 0) return `${label}: ${days(daysLeft)} left`;
  if (daysLeft === 0) return `${label}: closes today`;
  return `${label}: closed ${days(-daysLeft)} ago`;
}

/**
 * The tooltip: the rule, the date it was counted from and the last day. `fieldLabel` turns a
 * field key into the portal's column name (the glossary's label).
 */
export function deadlineTooltip(deadline: Deadline, fieldLabel: (key: FieldKey) => string, settings: DeadlineSettings = DEFAULT_SETTINGS): string {
  const rule = DEADLINE_RULES[deadline.kind];
  if (!isKnown(deadline)) {
    const column = fieldLabel(deadline.missingField);
    const problem = deadline.reason === 'missing' ? `The ${column} is not shown` : `The ${column} could not be read as a date`;
    return `${rule.label}: ${problem}. Add the column "${column}" with the column view chooser of View case list (or import an export) to see this deadline.\n${rule.rule(settings)}`;
  }
  const lines = [`${rule.label}: ${rule.rule(settings)}`];
  if (deadline.kind === 'business-file') {
    lines.push(`Due: ${formatLongDate(deadline.lastDay)} (${fieldLabel(deadline.startField)}).`);
    if (deadline.receivedOn) lines.push(`Received: ${formatLongDate(deadline.receivedOn)}${deadline.receivedLate ? ', after the due date' : ''}.`);
    else if (deadline.receivedUnknown) lines.push(`Add the column "${fieldLabel('businessFileReceivedDate')}" to see whether the file has arrived.`);
    else if (deadline.receivedUnreadable) lines.push(`The ${fieldLabel('businessFileReceivedDate')} could not be read as a date, so the file is counted as not received: check the case in the portal.`);
  } else {
    lines.push(`Started: ${formatLongDate(deadline.start)} (${fieldLabel(deadline.startField)}).`);
    lines.push(`Last day: ${formatLongDate(deadline.lastDay)}; the window closes at the end of that day, UK time.`);
  }
  return lines.join('\n');
}
