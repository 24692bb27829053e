/**
 * Every deadline of every stored case, for the team lead's views (dashboard, popup, badge,
 * reminders and calendar). Pure: the cases, "today" and the settings are parameters. Built to
 * rebuild from 200,000 cases well inside a second: one pass through the rules, one numeric sort.
 */
import { caseKey } from './caseStore';
import { calendarDaysBetween, dateOfDayNumber, dayNumberOf, type IsoDate } from './dates';
import { countDeadlineDays, deadlineDaysBuffer, type CaseValues, type DeadlineKind, type DeadlineState } from './deadlines';
import { DEFAULT_SETTINGS, type DeadlineSettings } from './settings';

export interface DeadlineEntry {
  /** The Case reference as the store holds it. */
  readonly reference: string;
  readonly kind: DeadlineKind;
  readonly state: DeadlineState;
  readonly lastDay: IsoDate;
  readonly daysLeft: number;
  /** Your Case Owner ('' when the case has none). */
  readonly owner: string;
  readonly stage: string;
  readonly product: string;
  /** Business file received after its due date. */
  readonly receivedLate?: boolean;
}

const STATE_RANK: Record<DeadlineState, number> = { 'due-soon': 0, open: 0, closed: 1, done: 2 };
const DAY_SPAN = 1_000_000;

/**
 * Nearest first: deadlines still to meet by last day (soonest first), then closed ones (most
 * recently closed first), then met business files. A small non-negative integer.
 */
function orderKeyOf(state: DeadlineState, daysLeft: number): number {
  const rank = STATE_RANK[state];
  return rank * DAY_SPAN * 2 + (rank === 1 ? -daysLeft : daysLeft) + DAY_SPAN;
}

function orderKey(entry: DeadlineEntry): number {
  return orderKeyOf(entry.state, entry.daysLeft);
}

const KIND_ORDER: Record<DeadlineKind, number> = { 'challenge-setup': 0, 'challenge-outcome': 1, 'business-file': 2 };

/** Nearest first; ties by `aTie`/`bTie` (a reference or its case key), then kind. */
function compareByDays(a: DeadlineEntry, aTie: string, b: DeadlineEntry, bTie: string): number {
  return orderKey(a) - orderKey(b) || (aTie < bTie ? -1 : aTie > bTie ? 1 : 0) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/** Nearest first; ties by reference, then kind. */
export function compareNearestFirst(a: DeadlineEntry, b: DeadlineEntry): number {
  return compareByDays(a, a.reference, b, b.reference);
}

// One collator, reused: String.prototype.localeCompare builds one per call.
const COLLATOR = new Intl.Collator('en-GB');

const scratch = deadlineDaysBuffer();

/** Appends one case's known deadlines to `into`, in rule order. */
function appendEntries(values: CaseValues, today: number, settings: DeadlineSettings, into: DeadlineEntry[]): void {
  const reference = values.caseReference?.trim() ?? '';
  if (reference === '') return;
  const count = countDeadlineDays(values, today, settings, scratch);
  let owner: string | undefined;
  let stage = '';
  let product = '';
  for (let index = 0; index < count; index += 1) {
    const deadline = scratch[index]!;
    if (deadline.state === 'unknown') continue;
    if (owner === undefined) {
      owner = values.yourCaseOwner?.trim() ?? '';
      stage = values.caseStage?.trim() ?? '';
      product = values.productType?.trim() ?? '';
    }
    into.push({
      reference,
      kind: deadline.kind,
      state: deadline.state,
      lastDay: dateOfDayNumber(deadline.lastDay),
      daysLeft: deadline.daysLeft,
      owner,
      stage,
      product,
      // Always present: one object shape for every entry keeps 500,000 of them cheap.
      receivedLate: deadline.received > deadline.lastDay,
    });
  }
}

/**
 * Every known deadline of every case, nearest first. Deadlines whose start date is unknown are
 * left out. Equal last days keep the order the cases came in (the store hands them over in
 * caseKey order, which `foldChangedCases` relies on) and each case's kinds in rule order. One pass
 * through the rules on integer day numbers (each distinct date text is read once), then one sort
 * of plain numbers: the order key and the entry's position packed into one float. Keeps nothing of
 * the objects it is given: a caller may hand over one object refilled for each case.
 */
export function buildDeadlineList(cases: Iterable<CaseValues>, today: IsoDate, settings: DeadlineSettings = DEFAULT_SETTINGS): DeadlineEntry[] {
  const day = dayNumberOf(today);
  const entries: DeadlineEntry[] = [];
  for (const values of cases) appendEntries(values, day, settings, entries);
  const count = entries.length;
  // orderKey < 6·10⁶ and count < 10⁸, so key·count + position stays an exact integer (< 2⁵³).
  const packed = new Float64Array(count);
  for (let index = 0; index < count; index += 1) {
    const entry = entries[index]!;
    packed[index] = orderKeyOf(entry.state, entry.daysLeft) * count + index;
  }
  packed.sort();
  const sorted = new Array<DeadlineEntry>(count);
  for (let index = 0; index < count; index += 1) sorted[index] = entries[packed[index]! % count]!;
  return sorted;
}

/**
 * The deadline list after some cases changed, without rebuilding it: `previous` loses every
 * deadline of the changed cases and gains their new ones, each put where a full rebuild would put
 * it. `previous` must have been built by `buildDeadlineList` from the cases in caseKey order with
 * the same `today` and settings (otherwise rebuild). `changed` maps each changed case's caseKey to
 * its values now, or to undefined when the case was deleted. Returns a new array; `previous` is
 * not changed.
 */
export function foldChangedCases(
  previous: readonly DeadlineEntry[],
  changed: ReadonlyMap<string, CaseValues | undefined>,
  today: IsoDate,
  settings: DeadlineSettings = DEFAULT_SETTINGS,
): DeadlineEntry[] {
  if (changed.size === 0) return [...previous];
  const day = dayNumberOf(today);
  const added: DeadlineEntry[] = [];
  for (const values of changed.values()) if (values) appendEntries(values, day, settings, added);
  const keyOf = new Map(added.map((entry) => [entry, caseKey(entry.reference)]));
  added.sort((a, b) => compareByDays(a, keyOf.get(a)!, b, keyOf.get(b)!));
  // The new entries' order keys and caseKeys side by side: the pass below reads them for every kept entry.
  const addedOrder = added.map(orderKey);
  const addedKey = added.map((entry) => keyOf.get(entry)!);
  const result = new Array<DeadlineEntry>(previous.length + added.length);
  let length = 0;
  let next = 0;
  for (let index = 0; index < previous.length; index += 1) {
    const entry = previous[index]!;
    const key = caseKey(entry.reference);
    if (changed.has(key)) continue;
    if (next < added.length) {
      const order = orderKey(entry);
      while (next < added.length && (addedOrder[next]! < order || (addedOrder[next] === order && compareByDays(added[next]!, addedKey[next]!, entry, key) < 0))) {
        result[length++] = added[next++]!;
      }
    }
    result[length++] = entry;
  }
  while (next < added.length) result[length++] = added[next++]!;
  result.length = length;
  return result;
}

/**
 * Whether folding `changed` cases into a kept list of `cases` cases costs more than a rebuild: a
 * fold reads each changed case on its own, a rebuild reads every case in one go, so past a tenth
 * of the store (and a floor for small stores) rebuilding is cheaper.
 */
export function shouldRebuildFully(changed: number, cases: number): boolean {
  return changed > Math.max(2_000, cases / 10);
}

export interface DeadlineFilter {
  readonly owners?: readonly string[];
  readonly stages?: readonly string[];
  readonly products?: readonly string[];
  readonly kinds?: readonly DeadlineKind[];
  readonly states?: readonly DeadlineState[];
}

/** An empty or absent list means "any". */
export function filterDeadlines(entries: readonly DeadlineEntry[], filter: DeadlineFilter): DeadlineEntry[] {
  const set = <T,>(list?: readonly T[]) => (list && list.length ? new Set(list) : undefined);
  const owners = set(filter.owners);
  const stages = set(filter.stages);
  const products = set(filter.products);
  const kinds = set(filter.kinds);
  const states = set(filter.states);
  return entries.filter(
    (entry) =>
      (!owners || owners.has(entry.owner)) &&
      (!stages || stages.has(entry.stage)) &&
      (!products || products.has(entry.product)) &&
      (!kinds || kinds.has(entry.kind)) &&
      (!states || states.has(entry.state)),
  );
}

/** Still to meet: open or due soon (a window on its last day is due soon with 0 days left). */
export function isOutstanding(entry: DeadlineEntry): boolean {
  return entry.state === 'open' || entry.state === 'due-soon';
}

export interface OwnerGroup {
  /** Your Case Owner; '' for cases without one (shown as "Unassigned"). */
  readonly owner: string;
  readonly entries: readonly DeadlineEntry[];
  readonly counts: Readonly<Record<DeadlineState, number>>;
}

/** Groups by Your Case Owner, keeping each group's order; owners A–Z with the unassigned last. */
export function groupByOwner(entries: readonly DeadlineEntry[]): OwnerGroup[] {
  const groups = new Map<string, { entries: DeadlineEntry[]; counts: Record<DeadlineState, number> }>();
  for (const entry of entries) {
    let group = groups.get(entry.owner);
    if (!group) groups.set(entry.owner, (group = { entries: [], counts: { open: 0, 'due-soon': 0, closed: 0, done: 0 } }));
    group.entries.push(entry);
    group.counts[entry.state] += 1;
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : COLLATOR.compare(a, b)))
    .map(([owner, group]) => ({ owner, ...group }));
}

/** The distinct values each filter can take, sorted, for the dashboard's pickers. */
export function filterChoices(entries: readonly DeadlineEntry[]): { owners: string[]; stages: string[]; products: string[] } {
  const owners = new Set<string>();
  const stages = new Set<string>();
  const products = new Set<string>();
  for (const entry of entries) {
    owners.add(entry.owner);
    stages.add(entry.stage);
    products.add(entry.product);
  }
  const sorted = (values: Set<string>) => [...values].sort(COLLATOR.compare);
  return { owners: sorted(owners), stages: sorted(stages), products: sorted(products) };
}

export type SortColumn = 'lastDay' | 'reference' | 'kind' | 'state' | 'owner' | 'stage' | 'product';

/** The dashboard's sort: by one column, ties nearest first. Returns a new array. */
export function sortDeadlines(entries: readonly DeadlineEntry[], column: SortColumn, descending = false): DeadlineEntry[] {
  const sign = descending ? -1 : 1;
  const compare =
    column === 'lastDay'
      ? (a: DeadlineEntry, b: DeadlineEntry) => (a.lastDay < b.lastDay ? -1 : a.lastDay > b.lastDay ? 1 : 0)
      : (a: DeadlineEntry, b: DeadlineEntry) => COLLATOR.compare(a[column], b[column]);
  return [...entries].sort((a, b) => sign * compare(a, b) || compareNearestFirst(a, b));
}

export interface DeadlineSummary {
  /** The day the counts are for. */
  readonly today: IsoDate;
  /** Challenge windows with `warningDays` or fewer days left, today included. */
  readonly challengeClosingSoon: number;
  /** Challenge windows whose last day is today: they close tonight. */
  readonly challengeClosingToday: number;
  /** Business files due within the threshold and not received. */
  readonly businessFilesDue: number;
  /** Business files past their due date and not received. */
  readonly businessFilesOverdue: number;
  /** Every deadline due within the threshold, closing-today included: the toolbar badge. */
  readonly dueSoon: number;
  /** The ten nearest deadlines still to meet. */
  readonly nearest: readonly DeadlineEntry[];
  /** How many cases the list was built from. */
  readonly cases: number;
}

/** The popup's and the badge's figures from a nearest-first list. */
export function summarise(entries: readonly DeadlineEntry[], today: IsoDate, cases: number, nearestCount = 10): DeadlineSummary {
  let challengeClosingSoon = 0;
  let challengeClosingToday = 0;
  let businessFilesDue = 0;
  let businessFilesOverdue = 0;
  let dueSoon = 0;
  const nearest: DeadlineEntry[] = [];
  for (const entry of entries) {
    const challenge = entry.kind !== 'business-file';
    if (entry.state === 'due-soon') {
      dueSoon += 1;
      if (challenge) challengeClosingSoon += 1;
      else businessFilesDue += 1;
      if (challenge && entry.daysLeft === 0) challengeClosingToday += 1;
    } else if (entry.state === 'closed' && !challenge) {
      businessFilesOverdue += 1;
    }
    if (nearest.length < nearestCount && isOutstanding(entry)) nearest.push(entry);
  }
  return { today, challengeClosingSoon, challengeClosingToday, businessFilesDue, businessFilesOverdue, dueSoon, nearest, cases };
}

/** Challenge windows that close today or tomorrow: the daily reminder's list. */
export function closingTodayOrTomorrow(entries: readonly DeadlineEntry[]): DeadlineEntry[] {
  return entries.filter((entry) => entry.kind !== 'business-file' && isOutstanding(entry) && entry.daysLeft <= 1);
}

/** Days left recomputed for another day (a stored summary read the next morning). */
export function daysLeftOn(entry: Pick<DeadlineEntry, 'lastDay'>, today: IsoDate): number {
  return calendarDaysBetween(today, entry.lastDay);
}
