/**
 * The dashboard's "open, not drafted" view: which open challenge windows nobody has drafted a
 * challenge for yet, and, where one was drafted, how long ago. The drafts are the record the
 * content script keeps (`latestDrafts()`: latest time per `REFERENCE|kind`); a draft counts only
 * for the window it was made in, the same rule as the row's "challenge drafted 2 days ago".
 * Pure: "today", the window length and the zone are parameters.
 */
import { draftedDaysAgo, draftKey } from './challengeDraft';
import { addCalendarDays, type IsoDate } from './dates';
import { isOutstanding, type DeadlineEntry } from './deadlineList';

/** Latest draft time (ms since the epoch) per `REFERENCE|kind`, as `latestDrafts()` gives it. */
export type DraftTimes = ReadonlyMap<string, number>;

/** A challenge window (set-up or outcome) that is still open: open or due soon, closing today included. */
export function isOpenChallenge(entry: DeadlineEntry): boolean {
  return entry.kind !== 'business-file' && isOutstanding(entry);
}

/**
 * Days since this entry's case and window was drafted (0: today), when a draft was made within
 * the window; undefined for none, for a draft of an earlier window, and for business files.
 */
export function draftAge(entry: DeadlineEntry, drafts: DraftTimes, today: IsoDate, windowLengthDays: number, zone?: string): number | undefined {
  // Most entries have no draft: no key to build, no window start to count, when none could match.
  if (entry.kind === 'business-file' || drafts.size === 0) return undefined;
  const at = drafts.get(`${draftKey(entry.reference)}|${entry.kind}`);
  if (at === undefined) return undefined;
  return draftedDaysAgo(at, addCalendarDays(entry.lastDay, -windowLengthDays), today, zone);
}

/** The open challenge windows of `entries` with no draft made in them, in the order given. */
export function openNotDrafted(entries: readonly DeadlineEntry[], drafts: DraftTimes, today: IsoDate, windowLengthDays: number, zone?: string): DeadlineEntry[] {
  return entries.filter((entry) => isOpenChallenge(entry) && draftAge(entry, drafts, today, windowLengthDays, zone) === undefined);
}
