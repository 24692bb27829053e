/**
 * The bulk-selection model behind the toolbar on *View case list*: plain data in, plain data out.
 *
 * The portal's guide: "tick the boxes next to the PNX numbers … You can only select 100 cases for
 * each download." Everything here exists to keep that bound whatever the user does: the model only
 * ever proposes ticks for cases the user asked for (this page's rows, a pasted reference, a rule),
 * never more than there is room for under the limit, and remembers larger sets as numbered batches.
 * The page layer clicks the portal's own checkboxes one at a time and reports back what happened.
 */
import type { FieldKey } from './glossary';
import type { IsoDate } from './dates';
import { deadlinesFor, isKnown } from './deadlines';
import { DEFAULT_SETTINGS, type DeadlineSettings } from './settings';

/** The portal exports at most this many selected cases at a time. */
export const EXPORT_LIMIT = 100;
/** From this many selected cases the toolbar warns that the limit is near. */
export const WARN_FROM = 90;

// ---------------------------------------------------------------------------------------------
// References and pasted lists

/** Quote marks people paste around references (straight, curly, back-ticks). */
const QUOTES = /^["'`\u2018\u2019\u201C\u201D]+|["'`\u2018\u2019\u201C\u201D]+$/g;
/** New lines, commas, semicolons, tabs and spaces (including non-breaking ones) separate references. */
const SEPARATORS = /[\s\u00A0\u2007\u202F,;]+/;

/** The form references are compared in: no surrounding quotes or spaces, upper case. */
export function normaliseReference(text: string): string {
  return text.trim().replace(QUOTES, '').trim().toUpperCase();
}

export interface PastedList {
  /** Every distinct reference, normalised, in the order first pasted. */
  readonly references: readonly string[];
  /** References pasted more than once (each named once), in the order first repeated. */
  readonly duplicates: readonly string[];
}

/** Splits a pasted list of references. Nothing that looks like a reference is dropped. */
export function parseReferenceList(text: string): PastedList {
  const references: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(SEPARATORS)) {
    const reference = normaliseReference(piece);
    if (reference === '') continue;
    if (!seen.has(reference)) {
      seen.add(reference);
      references.push(reference);
    } else if (!duplicates.includes(reference)) {
      duplicates.push(reference);
    }
  }
  return { references, duplicates };
}

/** The three references a pasted token may name, as the page or the case store shows them. */
export interface CaseIdentity {
  readonly caseReference: string;
  readonly businessReference?: string | undefined;
  readonly migratedReference?: string | undefined;
}

/** The normalised references (case, business, migrated) that name this case. */
export function referencesOf(identity: CaseIdentity): string[] {
  return [identity.caseReference, identity.businessReference, identity.migratedReference]
    .map((value) => normaliseReference(value ?? ''))
    .filter((value) => value !== '');
}

/** The case's key: its Case reference, normalised. */
export function caseKey(caseReference: string): string {
  return normaliseReference(caseReference);
}

/**
 * Every case seen on any page in this tab, indexed by each of its references, so a pasted list can
 * say which references are "on no page seen".
 */
export class SeenCases {
  private readonly byReference = new Map<string, Set<string>>();

  add(identities: Iterable<CaseIdentity>): void {
    for (const identity of identities) {
      const key = caseKey(identity.caseReference);
      if (key === '') continue;
      for (const reference of referencesOf(identity)) {
        let keys = this.byReference.get(reference);
        if (!keys) this.byReference.set(reference, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  /** Case keys a normalised reference names (usually one; a shared business reference may name more). */
  casesFor(reference: string): string[] {
    return [...(this.byReference.get(reference) ?? [])];
  }

  get size(): number {
    return new Set([...this.byReference.values()].flatMap((keys) => [...keys])).size;
  }
}

// ---------------------------------------------------------------------------------------------
// Rules

export type SelectionRule =
  | { readonly kind: 'actionRequired' }
  | { readonly kind: 'priority' }
  | { readonly kind: 'caseStage'; readonly value: string }
  | { readonly kind: 'productType'; readonly value: string }
  | { readonly kind: 'complaintIssue'; readonly value: string }
  | { readonly kind: 'challengeWindowWithin'; readonly days: number }
  | { readonly kind: 'businessFileOverdue' };

export type RuleKind = SelectionRule['kind'];

/** A case's values by field, as read from the page row or from the local case store. */
export type CaseValues = Readonly<Partial<Record<FieldKey, string>>>;

export type RuleVerdict =
  | { readonly verdict: 'match' }
  | { readonly verdict: 'no-match' }
  /** The columns the rule needs are neither on the page nor in the case store. */
  | { readonly verdict: 'unknown'; readonly missing: readonly FieldKey[] };

export interface RuleContext {
  /** Today in Europe/London. */
  readonly today: IsoDate;
  /** The window length the deadline rules use (lib/deadlines.ts); defaults to the settings' defaults. */
  readonly settings?: DeadlineSettings;
}

/** The columns a rule reads, in the order the user should add them with the column chooser. */
export function fieldsForRule(rule: SelectionRule): readonly FieldKey[] {
  switch (rule.kind) {
    case 'actionRequired':
      return ['actionRequired'];
    case 'priority':
      return ['priorityCaseFlag'];
    case 'caseStage':
      return ['caseStage'];
    case 'productType':
      return ['productType'];
    case 'complaintIssue':
      return ['complaintIssue'];
    case 'challengeWindowWithin':
      return ['dateMovedToInvestigation', 'closureDate'];
    case 'businessFileOverdue':
      return ['businessFileRequiredByDate', 'businessFileReceivedDate'];
  }
}

/** A short English description of a rule, for the toolbar's messages. */
export function describeRule(rule: SelectionRule): string {
  switch (rule.kind) {
    case 'actionRequired':
      return 'Action Required';
    case 'priority':
      return 'Priority case';
    case 'caseStage':
      return `Case stage is ${rule.value}`;
    case 'productType':
      return `Product type is ${rule.value}`;
    case 'complaintIssue':
      return `Complaint issue is ${rule.value}`;
    case 'challengeWindowWithin':
      return `challenge window closes within ${rule.days} day${rule.days === 1 ? '' : 's'}`;
    case 'businessFileOverdue':
      return 'business file overdue';
  }
}

/** Yes/No flags as the portal and spreadsheets write them; an empty flag cell means "no". */
export function readFlag(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const value = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', '\u2713', '\u2714'].includes(value)) return true;
  if (['no', 'n', 'false', '0', ''].includes(value)) return false;
  return undefined;
}

function sameCategory(a: string, b: string): boolean {
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return fold(a) === fold(b);
}

/**
 * Whether a case meets a rule. Reads only what is known: a rule whose column is absent answers
 * `unknown` rather than guessing, so no case is ever selected on a guess.
 */
export function evaluateRule(rule: SelectionRule, values: CaseValues, context: RuleContext): RuleVerdict {
  const unknown = (missing: readonly FieldKey[]): RuleVerdict => ({ verdict: 'unknown', missing });
  const answer = (yes: boolean): RuleVerdict => ({ verdict: yes ? 'match' : 'no-match' });
  switch (rule.kind) {
    case 'actionRequired':
    case 'priority': {
      const key: FieldKey = rule.kind === 'actionRequired' ? 'actionRequired' : 'priorityCaseFlag';
      const flag = readFlag(values[key]);
      return flag === undefined ? unknown([key]) : answer(flag);
    }
    case 'caseStage':
    case 'productType':
    case 'complaintIssue': {
      const text = values[rule.kind];
      return text === undefined ? unknown([rule.kind]) : answer(sameCategory(text, rule.value));
    }
    case 'challengeWindowWithin':
    case 'businessFileOverdue': {
      // Counted by the deadline rules, the one place the project counts days.
      const deadlines = deadlinesFor(values, context.today, context.settings ?? DEFAULT_SETTINGS);
      const missing: FieldKey[] = [];
      let matches = false;
      for (const deadline of deadlines) {
        const wanted = rule.kind === 'businessFileOverdue' ? deadline.kind === 'business-file' : deadline.kind !== 'business-file';
        if (!wanted) continue;
        if (!isKnown(deadline)) {
          missing.push(deadline.missingField); // absent, or not a date we can read: never guessed
        } else if (rule.kind === 'challengeWindowWithin') {
          if (deadline.daysLeft >= 0 && deadline.daysLeft <= rule.days) matches = true;
        } else if (deadline.state !== 'done' && deadline.daysLeft < 0) {
          // Not known to be received: the column is absent, or its text is not a date.
          if (deadline.receivedUnknown || deadline.receivedUnreadable) missing.push('businessFileReceivedDate');
          else matches = true;
        }
      }
      if (matches) return answer(true);
      return missing.length > 0 ? unknown(missing) : answer(false);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The page, as the model sees it

export type CheckboxState = 'ticked' | 'unticked' | 'disabled' | 'missing';

export interface PageCase extends CaseIdentity {
  /** Values by field from the row's visible columns. */
  readonly values: CaseValues;
  readonly checkbox: CheckboxState;
}

export interface PageView {
  readonly cases: readonly PageCase[];
  /** The portal's own "Cases selected: N", when the page shows it. */
  readonly portalCount?: number | undefined;
}

/** What the toolbar counts as selected: the portal's own counter, or else the ticked rows here. */
export function selectedCount(view: PageView): number {
  const tickedHere = view.cases.filter((row) => row.checkbox === 'ticked').length;
  return Math.max(view.portalCount ?? 0, tickedHere);
}

export type CounterLevel = 'ok' | 'warn' | 'full';

export function counterLevel(count: number): CounterLevel {
  return count >= EXPORT_LIMIT ? 'full' : count >= WARN_FROM ? 'warn' : 'ok';
}

/** One click on one portal checkbox. */
export interface TickOp {
  readonly key: string;
  readonly action: 'tick' | 'untick';
}

export interface Reconciliation {
  /** Clicks to make, unticks first, in page order; applying them never exceeds the limit. */
  readonly ops: readonly TickOp[];
  /** Cases asked for that stayed unticked because the limit was reached. */
  readonly refusedAtLimit: readonly string[];
  /** Cases asked for whose checkbox is missing or disabled. */
  readonly unavailable: readonly string[];
}

/**
 * The clicks that bring this page towards `tick` and `untick` (sets of case keys) without ever
 * going over the limit: unticks are made first and free room; ticks are cut at the room left.
 */
export function reconcile(
  view: PageView,
  want: { readonly tick?: ReadonlySet<string>; readonly untick?: ReadonlySet<string> },
  limit: number = EXPORT_LIMIT,
): Reconciliation {
  const unticks: TickOp[] = [];
  const ticks: TickOp[] = [];
  const refusedAtLimit: string[] = [];
  const unavailable: string[] = [];
  const done = new Set<string>();
  for (const row of view.cases) {
    const key = caseKey(row.caseReference);
    if (done.has(key)) continue; // a case drawn twice is clicked once
    done.add(key);
    const wantsTick = want.tick?.has(key) ?? false;
    const wantsUntick = !wantsTick && (want.untick?.has(key) ?? false);
    if (!wantsTick && !wantsUntick) continue;
    if (row.checkbox === 'missing' || row.checkbox === 'disabled') {
      unavailable.push(key);
    } else if (wantsUntick && row.checkbox === 'ticked') {
      unticks.push({ key, action: 'untick' });
    } else if (wantsTick && row.checkbox === 'unticked') {
      ticks.push({ key, action: 'tick' });
    }
  }
  const room = Math.max(0, limit - (selectedCount(view) - unticks.length));
  for (const op of ticks.slice(room)) refusedAtLimit.push(op.key);
  return { ops: [...unticks, ...ticks.slice(0, room)], refusedAtLimit, unavailable };
}

const keysOf = (rows: readonly PageCase[]) => new Set(rows.map((row) => caseKey(row.caseReference)));
const tickable = (rows: readonly PageCase[]) => rows.filter((row) => row.checkbox === 'ticked' || row.checkbox === 'unticked');

/** Ticks every row on this page (as far as the limit allows). */
export function selectAllOnPage(view: PageView, limit = EXPORT_LIMIT): Reconciliation {
  return reconcile(view, { tick: keysOf(view.cases) }, limit);
}

/** Unticks every ticked row on this page. */
export function clearPage(view: PageView, limit = EXPORT_LIMIT): Reconciliation {
  return reconcile(view, { untick: keysOf(view.cases) }, limit);
}

/** Unticks the ticked rows and ticks the others (as far as the limit allows, after the unticks). */
export function invertPage(view: PageView, limit = EXPORT_LIMIT): Reconciliation {
  const rows = tickable(view.cases);
  return reconcile(
    view,
    {
      tick: keysOf(rows.filter((row) => row.checkbox === 'unticked')),
      untick: keysOf(rows.filter((row) => row.checkbox === 'ticked')),
    },
    limit,
  );
}

// ---------------------------------------------------------------------------------------------
// Plans: a rule or a list, possibly larger than the limit, walked through in batches

export type PlanSource =
  | { readonly kind: 'list'; readonly references: readonly string[]; readonly duplicates: readonly string[] }
  | { readonly kind: 'rule'; readonly rule: SelectionRule };

/** Stored (WXT storage) so that it survives a page change and a reload; plain JSON. */
export interface SelectionPlan {
  readonly version: 1;
  readonly source: PlanSource;
  readonly batchSize: number;
  /** Case keys matched so far on the pages visited, in the order found; never shrinks. */
  readonly matched: readonly string[];
  /** For a list: pasted references not yet found on any page seen. */
  readonly notFound: readonly string[];
  /** For a rule: cases seen whose columns could not decide it, and the columns missing. */
  readonly undecided: readonly string[];
  readonly missingFields: readonly FieldKey[];
  /** Index of the current batch (0-based). */
  readonly batch: number;
  /** Cases of the current batch already ticked by the toolbar: never re-ticked if the user unticks one. */
  readonly tickedInBatch: readonly string[];
  /** Cases of earlier batches still to untick when their page is seen. */
  readonly toUntick: readonly string[];
}

export function batchCount(plan: SelectionPlan): number {
  return Math.max(1, Math.ceil(plan.matched.length / plan.batchSize));
}

export function batchMembers(plan: SelectionPlan, batch: number = plan.batch): readonly string[] {
  return plan.matched.slice(batch * plan.batchSize, (batch + 1) * plan.batchSize);
}

/** "batch 1 of 3: 100 cases" */
export function describeBatch(plan: SelectionPlan): string {
  const size = batchMembers(plan).length;
  return `batch ${plan.batch + 1} of ${batchCount(plan)}: ${size} case${size === 1 ? '' : 's'}`;
}

export function hasNextBatch(plan: SelectionPlan): boolean {
  return plan.batch + 1 < batchCount(plan);
}

function emptyPlan(source: PlanSource, batchSize: number): SelectionPlan {
  return {
    version: 1,
    source,
    batchSize,
    matched: [],
    notFound: source.kind === 'list' ? source.references : [],
    undecided: [],
    missingFields: [],
    batch: 0,
    tickedInBatch: [],
    toUntick: [],
  };
}

export interface ListReport {
  /** Pasted references matched by a case on this page. */
  readonly matchedHere: readonly string[];
  /** Pasted references matched on a page seen earlier (not this one). */
  readonly matchedElsewhere: readonly string[];
  /** Pasted references on no page seen so far. */
  readonly notFound: readonly string[];
  readonly duplicates: readonly string[];
  /** Pasted references that name more than one case (a shared business reference). */
  readonly ambiguous: readonly string[];
}

export interface RuleReport {
  readonly matchedHere: number;
  readonly undecidedHere: number;
  readonly missingFields: readonly FieldKey[];
}

export interface PlanContext extends RuleContext {
  /** The local case store's values for a case, where a column is not on the page (issue 6). */
  readonly storedValues?: ((caseKey: string) => CaseValues | undefined) | undefined;
}

function valuesFor(row: PageCase, context: PlanContext): CaseValues {
  const stored = context.storedValues?.(caseKey(row.caseReference));
  return stored ? { ...stored, ...row.values } : row.values;
}

/**
 * Folds one page's rows into the plan: adds the cases that match its list or rule (in page
 * order), and for a list forgets the references now found.
 */
export function observePage(plan: SelectionPlan, view: PageView, context: PlanContext): SelectionPlan {
  const matched = [...plan.matched];
  const known = new Set(matched);
  const add = (key: string) => {
    if (!known.has(key)) {
      known.add(key);
      matched.push(key);
    }
  };
  if (plan.source.kind === 'list') {
    const wanted = new Set(plan.source.references);
    const found = new Set<string>();
    for (const row of view.cases) {
      const hits = referencesOf(row).filter((reference) => wanted.has(reference));
      if (hits.length === 0) continue;
      hits.forEach((reference) => found.add(reference));
      add(caseKey(row.caseReference));
    }
    return { ...plan, matched, notFound: plan.notFound.filter((reference) => !found.has(reference)) };
  }
  const undecided = new Set(plan.undecided);
  const missingFields = new Set(plan.missingFields);
  for (const row of view.cases) {
    const key = caseKey(row.caseReference);
    const verdict = evaluateRule(plan.source.rule, valuesFor(row, context), context);
    if (verdict.verdict === 'match') {
      add(key);
      undecided.delete(key);
    } else if (verdict.verdict === 'unknown' && !known.has(key)) {
      undecided.add(key);
      verdict.missing.forEach((field) => missingFields.add(field));
    }
  }
  return { ...plan, matched, undecided: [...undecided], missingFields: [...missingFields] };
}

/** Starts a plan from a pasted list, matching it against this page and every page seen before. */
export function startListPlan(
  text: string,
  view: PageView,
  seen: SeenCases,
  batchSize = EXPORT_LIMIT,
): { plan: SelectionPlan; report: ListReport } {
  const pasted = parseReferenceList(text);
  const source: PlanSource = { kind: 'list', references: pasted.references, duplicates: pasted.duplicates };
  const here = new SeenCases();
  here.add(view.cases);
  const matched: string[] = [];
  const known = new Set<string>();
  const matchedHere: string[] = [];
  const matchedElsewhere: string[] = [];
  const notFound: string[] = [];
  const ambiguous: string[] = [];
  for (const reference of pasted.references) {
    const cases = new Set([...here.casesFor(reference), ...seen.casesFor(reference)]);
    if (cases.size === 0) {
      notFound.push(reference);
      continue;
    }
    if (cases.size > 1) ambiguous.push(reference);
    (here.casesFor(reference).length > 0 ? matchedHere : matchedElsewhere).push(reference);
    for (const key of cases) {
      if (known.has(key)) continue;
      known.add(key);
      matched.push(key);
    }
  }
  const plan: SelectionPlan = { ...emptyPlan(source, batchSize), matched, notFound };
  return {
    plan,
    report: { matchedHere, matchedElsewhere, notFound, duplicates: pasted.duplicates, ambiguous },
  };
}

/** Starts a plan from a rule, evaluated on this page; other pages join as the user visits them. */
export function startRulePlan(
  rule: SelectionRule,
  view: PageView,
  context: PlanContext,
  batchSize = EXPORT_LIMIT,
): { plan: SelectionPlan; report: RuleReport } {
  const plan = observePage(emptyPlan({ kind: 'rule', rule }, batchSize), view, context);
  const here = keysOf(view.cases);
  return {
    plan,
    report: {
      matchedHere: plan.matched.filter((key) => here.has(key)).length,
      undecidedHere: plan.undecided.filter((key) => here.has(key)).length,
      missingFields: plan.missingFields,
    },
  };
}

/** The clicks this page needs for the plan's current batch: untick earlier batches, tick this one. */
export function planClicks(plan: SelectionPlan, view: PageView, limit = EXPORT_LIMIT): Reconciliation {
  const done = new Set(plan.tickedInBatch);
  const tick = new Set(batchMembers(plan).filter((key) => !done.has(key)));
  return reconcile(view, { tick, untick: new Set(plan.toUntick) }, limit);
}

/** Records the clicks the page layer made and confirmed (read back from the portal). */
export function recordClicks(plan: SelectionPlan, confirmed: readonly TickOp[]): SelectionPlan {
  const members = new Set(batchMembers(plan));
  const ticked = confirmed.filter((op) => op.action === 'tick' && members.has(op.key)).map((op) => op.key);
  const unticked = new Set(confirmed.filter((op) => op.action === 'untick').map((op) => op.key));
  return {
    ...plan,
    tickedInBatch: [...new Set([...plan.tickedInBatch, ...ticked])],
    toUntick: plan.toUntick.filter((key) => !unticked.has(key)),
  };
}

/** After an export: the current batch is to be unticked and the next one ticked. */
export function nextBatch(plan: SelectionPlan): SelectionPlan {
  if (!hasNextBatch(plan)) return plan;
  return {
    ...plan,
    batch: plan.batch + 1,
    toUntick: [...new Set([...plan.toUntick, ...plan.tickedInBatch])],
    tickedInBatch: [],
  };
}

/** Checks a stored value is a plan this version understands (storage may hold anything). */
export function isSelectionPlan(value: unknown): value is SelectionPlan {
  if (typeof value !== 'object' || value === null) return false;
  const plan = value as Partial<SelectionPlan>;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return (
    plan.version === 1 &&
    typeof plan.source === 'object' &&
    plan.source !== null &&
    (plan.source.kind === 'list' || plan.source.kind === 'rule') &&
    typeof plan.batchSize === 'number' &&
    plan.batchSize >= 1 &&
    plan.batchSize <= EXPORT_LIMIT &&
    typeof plan.batch === 'number' &&
    strings(plan.matched) &&
    strings(plan.notFound) &&
    strings(plan.undecided) &&
    strings(plan.missingFields) &&
    strings(plan.tickedInBatch) &&
    strings(plan.toUntick)
  );
}
