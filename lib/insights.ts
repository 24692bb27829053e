/**
 * The Insights tab's figures (issue 7): pure aggregation of case values into the numbers each chart
 * draws and each data table lists. No DOM, no chart library: "today", the settings, the outcome
 * mapping and the filter are parameters, so the same figures come out in Node, in tests and in the
 * workbench. One pass over the cases, built for 200,000 of them.
 *
 * What counts as what:
 * - A case is *open* when its Closure date is empty or absent.
 * - Outcomes: a closed case's Closure outcome; an open case's Latest Outcome. Cases with neither
 *   have no outcome yet and are left out of the outcome chart.
 * - Case age (open cases): the Case age column when it is a whole number of days (the guide does
 *   not state the unit; days is what the portal shows), otherwise the days from the Enquiry date
 *   to today. A case with neither is counted as "age unknown".
 * - "Six months or older": the age reaches the days from the same date six calendar months ago
 *   to today (the 6mth+ Case Flag's meaning), so the line moves between 181 and 184 days.
 * - Deadlines come from lib/deadlines.ts (the one place days are counted); the weekly chart counts
 *   those still to meet (open or due soon) whose last day falls in the next eight weeks, week 1
 *   being today and the six days after it.
 * - Cases without a Your Case Owner are counted under "Unassigned" (as the Deadlines tab shows them).
 */
import { addCalendarDays, calendarDate, formatLongDate, calendarDaysBetween, dayNumberOf, daysInMonth, exactDayNumber, parsePortalDate, type IsoDate } from './dates';
import { DEADLINE_KINDS, DEADLINE_RULES, daysLeftToMeet, type CaseValues, type DeadlineKind } from './deadlines';
import { DEFAULT_SETTINGS, type DeadlineSettings } from './settings';

// ---------------------------------------------------------------------------------------------
// Outcome mapping

export type OutcomeGroup = 'change' | 'no-change';

/** One editable rule: an outcome text containing `phrase` (as whole words) belongs to `group`. */
export interface OutcomeRule {
  readonly phrase: string;
  readonly group: OutcomeGroup;
}

export interface OutcomeMapping {
  readonly rules: readonly OutcomeRule[];
}

/**
 * The default mapping. The portal's outcome texts are not standardised ("Change - complaint
 * upheld", "View - partially upheld", "Final decision - not upheld", "No change - withdrawn by
 * consumer"), so a rule matches a phrase anywhere in the text at word boundaries, ignoring case and
 * spacing, and when several rules match, the longest phrase wins ("not upheld" over "upheld",
 * "no change" over "change"); equal lengths go to the rule listed first. A text no rule matches is
 * shown as itself.
 */
export const DEFAULT_OUTCOME_MAPPING: OutcomeMapping = Object.freeze({
  rules: Object.freeze([
    { phrase: 'Upheld', group: 'change' },
    { phrase: 'Change', group: 'change' },
    { phrase: 'Partially upheld', group: 'change' },
    { phrase: 'Not upheld', group: 'no-change' },
    { phrase: 'No change', group: 'no-change' },
  ] as OutcomeRule[]),
});

export const OUTCOME_GROUP_TEXT: Readonly<Record<OutcomeGroup, string>> = Object.freeze({ change: 'Change', 'no-change': 'No change' });

function foldText(text: string): string {
  return text.replace(/[\s\u00A0]+/g, ' ').trim().toLowerCase();
}

/** Whatever storage holds, as a valid mapping: rules with an empty phrase or unknown group dropped. */
export function normaliseOutcomeMapping(stored: unknown): OutcomeMapping {
  const rules = (stored && typeof stored === 'object' ? (stored as { rules?: unknown }).rules : undefined);
  if (!Array.isArray(rules)) return DEFAULT_OUTCOME_MAPPING;
  const kept: OutcomeRule[] = [];
  for (const rule of rules) {
    if (!rule || typeof rule !== 'object') continue;
    const { phrase, group } = rule as { phrase?: unknown; group?: unknown };
    if (typeof phrase !== 'string' || foldText(phrase) === '') continue;
    if (group !== 'change' && group !== 'no-change') continue;
    kept.push({ phrase: phrase.trim(), group });
  }
  return { rules: kept };
}

export type OutcomeClass = { readonly group: OutcomeGroup; readonly rule: OutcomeRule } | { readonly group: 'other'; readonly label: string };

const WORD = /[\p{L}\p{N}]/u;

function matchesAt(text: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + phrase.length] ?? '';
    if (!WORD.test(before) && !WORD.test(after)) return true;
    from = at + 1;
  }
}

/** A classifier for one mapping, remembering each text it has seen (a few dozen distinct texts). */
export function outcomeClassifier(mapping: OutcomeMapping = DEFAULT_OUTCOME_MAPPING): (outcome: string) => OutcomeClass {
  const rules = mapping.rules.map((rule) => ({ rule, phrase: foldText(rule.phrase) })).filter(({ phrase }) => phrase !== '');
  const seen = new Map<string, OutcomeClass>();
  return (outcome) => {
    let found = seen.get(outcome);
    if (found) return found;
    const text = foldText(outcome);
    let best: { rule: OutcomeRule; phrase: string } | undefined;
    for (const candidate of rules) {
      if ((!best || candidate.phrase.length > best.phrase.length) && matchesAt(text, candidate.phrase)) best = candidate;
    }
    found = best ? { group: best.rule.group, rule: best.rule } : { group: 'other', label: outcome.replace(/\s+/g, ' ').trim() };
    seen.set(outcome, found);
    return found;
  };
}

/** The group (or the text itself) of one outcome: "change", "no-change" or the trimmed text. */
export function classifyOutcome(outcome: string, mapping: OutcomeMapping = DEFAULT_OUTCOME_MAPPING): OutcomeGroup | string {
  const found = outcomeClassifier(mapping)(outcome);
  return found.group === 'other' ? found.label : found.group;
}

// ---------------------------------------------------------------------------------------------
// Filters

/** The filters every chart shares. An empty or absent list means "any"; dates are inclusive. */
export interface InsightFilter {
  readonly enquiryFrom?: IsoDate;
  readonly enquiryTo?: IsoDate;
  /** Your Case Owner as the charts name them ("Unassigned" for none). */
  readonly owners?: readonly string[];
  readonly products?: readonly string[];
  readonly stages?: readonly string[];
}

export const UNASSIGNED = 'Unassigned';
export const NONE = '(none)';

const COLLATOR = new Intl.Collator('en-GB');

// ---------------------------------------------------------------------------------------------
// Figures

export const INSIGHT_IDS = ['open-by-stage', 'by-product', 'by-issue', 'outcomes', 'age', 'deadlines-by-week', 'owners'] as const;
export type InsightId = (typeof INSIGHT_IDS)[number];

export interface InsightSeries {
  readonly key: string;
  readonly label: string;
  /** One value per category: what the chart draws (a count, or a share in per cent). */
  readonly values: readonly number[];
  /** The counts behind a share, when `values` are shares. */
  readonly counts?: readonly number[];
}

/** One chart's figures: what it draws, what its accessible name says and what its table lists. */
export interface InsightChart {
  readonly id: InsightId;
  readonly title: string;
  /** The main figure in words: the chart's accessible name. */
  readonly summary: string;
  readonly categoryLabel: string;
  readonly valueLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly InsightSeries[];
  readonly stacked: boolean;
  /** Bars along the category axis (false: horizontal bars, one row per category). */
  readonly vertical: boolean;
  /** Values are per cent (0–100). */
  readonly percent: boolean;
  /** The age chart: the index of the first category at or over six months. */
  readonly lineBefore?: number;
  readonly lineLabel?: string;
  /** The data table (and the CSV): header and rows of text. */
  readonly table: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

export interface Insights {
  readonly today: IsoDate;
  /** Cases after the filter. */
  readonly cases: number;
  readonly openCases: number;
  readonly charts: Readonly<Record<InsightId, InsightChart>>;
}

export interface InsightOptions {
  readonly today: IsoDate;
  readonly settings?: DeadlineSettings;
  readonly mapping?: OutcomeMapping;
  readonly filter?: InsightFilter;
  /** Categories shown before the rest become "Other" (products, issues). Default 10. */
  readonly top?: number;
}

export const WEEKS_AHEAD = 8;

/** Days from the same date six calendar months earlier to `today` (the 6mth+ line). */
export function sixMonthsInDays(today: IsoDate): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));
  const backMonth = ((month - 7 + 12) % 12) + 1;
  const backYear = month > 6 ? year : year - 1;
  return calendarDaysBetween(calendarDate(backYear, backMonth, Math.min(day, daysInMonth(backYear, backMonth)))!, today);
}

/** Age buckets (inclusive lower bounds in days); the six-month bound is today's. */
export function ageBuckets(today: IsoDate): { from: number; to: number | undefined; label: string; overSixMonths: boolean }[] {
  const six = sixMonthsInDays(today);
  const bounds = [0, 30, 60, 90, 120, 150, six, 270, 365, 730];
  return bounds.map((from, index) => {
    const next = bounds[index + 1];
    const to = next === undefined ? undefined : next - 1;
    return { from, to, label: to === undefined ? `${from}+ days` : `${from}–${to} days`, overSixMonths: from >= six };
  });
}

const number = new Intl.NumberFormat('en-GB');
const fmt = (value: number) => number.format(value);
const plural = (count: number, one: string, many: string) => `${fmt(count)} ${count === 1 ? one : many}`;
const percentText = (value: number) => `${value.toFixed(1)}%`;

/** Counts sorted largest first (ties A–Z), the first `top` kept and the rest summed as "Other". */
export function topWithOther(counts: ReadonlyMap<string, number>, top = 10): { label: string; count: number }[] {
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || COLLATOR.compare(a, b));
  const kept = sorted.slice(0, top).map(([label, count]) => ({ label, count }));
  const rest = sorted.slice(top);
  if (rest.length) kept.push({ label: `Other (${plural(rest.length, 'more', 'more')})`, count: rest.reduce((sum, [, count]) => sum + count, 0) });
  return kept;
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

// Exports repeat the same few thousand dates: remember each text's date.
const portalDates = new Map<string, IsoDate | null>();
function dateOf(text: string | undefined): IsoDate | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  let date = portalDates.get(trimmed);
  if (date === undefined) {
    date = parsePortalDate(trimmed)?.date ?? null;
    if (portalDates.size > 20_000) portalDates.clear();
    portalDates.set(trimmed, date);
  }
  return date ?? undefined;
}

/** Case age in whole days (the unit the portal shows; the guide does not state it). */
const WHOLE_DAYS = /^\d+$/;

function countTable(categoryLabel: string, rows: readonly { label: string; count: number }[], total: number): InsightChart['table'] {
  return {
    header: [categoryLabel, 'Cases', 'Share'],
    rows: rows.map(({ label, count }) => [label, String(count), total ? percentText((100 * count) / total) : '0.0%']),
  };
}

function countChart(id: InsightId, title: string, categoryLabel: string, rows: { label: string; count: number }[], total: number, summary: string, vertical: boolean): InsightChart {
  return {
    id, title, summary, categoryLabel, valueLabel: 'Cases', vertical, stacked: false, percent: false,
    categories: rows.map((row) => row.label),
    series: [{ key: 'cases', label: 'Cases', values: rows.map((row) => row.count) }],
    table: countTable(categoryLabel, rows, total),
  };
}

function largest(rows: readonly { label: string; count: number }[]): { label: string; count: number } | undefined {
  return rows.reduce<{ label: string; count: number } | undefined>((best, row) => (!best || row.count > best.count ? row : best), undefined);
}

/** Stage order as the guide lists them, then any other stage A–Z. */
const STAGE_ORDER = ['Investigation', 'View', 'Decision'];
function compareStages(a: string, b: string): number {
  const x = STAGE_ORDER.indexOf(a);
  const y = STAGE_ORDER.indexOf(b);
  return (x < 0 ? 99 : x) - (y < 0 ? 99 : y) || COLLATOR.compare(a, b);
}

/** Most distinct unmapped outcome texts shown as their own series; the rest as one. */
const OTHER_OUTCOME_SERIES = 4;

// ---------------------------------------------------------------------------------------------
// Prepared cases: the case values read once, then every figure counted from small arrays

/** No date, no deadline still to meet. */
const NOTHING = -0x80000000;

/** Slots of a Dictionary's quick look-up (a power of two). */
const SLOTS = 512;

/** The labels of one field, each with a small code; texts that trim to the same label share it. */
class Dictionary {
  readonly labels: string[] = [];
  private readonly byText = new Map<string, number>();
  private readonly byLabel = new Map<string, number>();
  constructor(private readonly labelOf: (text: string) => string) {}

  /**
   * Texts seen, by a cheap key of their length and two character codes (no hash of the whole
   * text: every case brings its own copy of the same few texts). Each slot holds its last text.
   */
  private readonly slotText: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly slotCode = new Int32Array(SLOTS);

  codeOf(text: string | undefined): number {
    const raw = text ?? '';
    const length = raw.length;
    const slot = length === 0 ? 0 : (length * 61 + raw.charCodeAt(length - 1) * 7 + raw.charCodeAt(length >> 1)) & (SLOTS - 1);
    if (this.slotText[slot] === raw) return this.slotCode[slot]!;
    const code = this.byText.get(raw);
    const found = code === undefined ? this.add(raw) : code;
    this.slotText[slot] = raw;
    this.slotCode[slot] = found;
    return found;
  }

  private add(raw: string): number {
    const label = this.labelOf(raw);
    let code = this.byLabel.get(label);
    if (code === undefined) {
      code = this.labels.length;
      this.labels.push(label);
      this.byLabel.set(label, code);
    }
    this.byText.set(raw, code);
    return code;
  }
}

/**
 * The cases reduced, in one pass, to what the charts count: per case its owner, product, stage,
 * issue and outcome text as a code into that field's labels, whether it is open, its age bucket,
 * its Enquiry date as days from today and the days left of each deadline still to meet. Every
 * date text is read once (200,000 cases share a few thousand), never once per case and chart.
 * It depends on `today` and the settings only, so a filter change or an edited outcome mapping
 * counts again (insightsOf) without reading a case.
 */
export interface PreparedInsightCases {
  readonly today: IsoDate;
  readonly settings: DeadlineSettings;
  readonly count: number;
  /** Labels by code: Your Case Owner ("Unassigned" for none), Product type, Case stage, Complaint issue ("(none)"). */
  readonly owners: readonly string[];
  readonly products: readonly string[];
  readonly stages: readonly string[];
  readonly issues: readonly string[];
  /** Outcome texts by code, trimmed; code 0 is the empty text (no outcome). */
  readonly outcomes: readonly string[];
  readonly owner: Int32Array;
  readonly product: Int32Array;
  readonly stage: Int32Array;
  readonly issue: Int32Array;
  /** Closure outcome for a closed case, Latest Outcome for an open one. */
  readonly outcome: Int32Array;
  readonly open: Uint8Array;
  /** Open cases: the index into ageBuckets(today), or -1 when the age is unknown. */
  readonly ageBucket: Int8Array;
  /** Enquiry date minus today, in calendar days; NOTHING when absent or unreadable. */
  readonly enquiryDay: Int32Array;
  /** DEADLINE_KINDS.length entries per case: days left of a deadline still to meet, else NOTHING. */
  readonly daysLeft: Int32Array;
}

export interface PrepareOptions {
  readonly today: IsoDate;
  readonly settings?: DeadlineSettings;
}

const KINDS = DEADLINE_KINDS.length;
/** Days ahead the weekly deadline chart counts. */
const HORIZON = WEEKS_AHEAD * 7;

/** A Case age of plain digits (at most seven) as a number, read from its character codes; -1 otherwise. */
function wholeDays(text: string): number {
  const length = text.length;
  if (length === 0 || length > 7) return -1;
  let value = 0;
  for (let index = 0; index < length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Reads the cases into PreparedInsightCases' arrays, one case per call of `read`. The pass runs
 * once per load, before the engine has optimised any of it: a method called once per case is
 * optimised after a few hundred cases, where the body of a loop inside a large function waited
 * for on-stack replacement (and was thrown back to the interpreter when that code met a new
 * shape). The figures are counted afterwards, from the arrays (Tally).
 */
class CaseReader {
  readonly owners = new Dictionary((text) => text.trim() || UNASSIGNED);
  readonly products = new Dictionary((text) => text.trim() || NONE);
  readonly stages = new Dictionary((text) => text.trim() || NONE);
  readonly issues = new Dictionary((text) => text.trim() || NONE);
  readonly outcomes = new Dictionary((text) => text.trim());
  readonly owner: Int32Array;
  readonly product: Int32Array;
  readonly stage: Int32Array;
  readonly issue: Int32Array;
  readonly outcome: Int32Array;
  readonly open: Uint8Array;
  readonly ageBucket: Int8Array;
  readonly enquiryDay: Int32Array;
  readonly daysLeft: Int32Array;
  private readonly todayDay: number;
  /** Age bucket by whole days (ages past the last floor share the last bucket). */
  private readonly bucketByAge: Int8Array;
  /** Texts that are not plain digits or exact dates, read once each: Case age → bucket (-2: not whole days), Enquiry date → days from today. */
  private readonly ageBucketByText = new Map<string, number>();
  private readonly enquiryByText = new Map<string, number>();

  constructor(
    count: number,
    private readonly today: IsoDate,
    private readonly settings: DeadlineSettings,
  ) {
    this.outcomes.codeOf('');
    this.owner = new Int32Array(count);
    this.product = new Int32Array(count);
    this.stage = new Int32Array(count);
    this.issue = new Int32Array(count);
    this.outcome = new Int32Array(count);
    this.open = new Uint8Array(count);
    this.ageBucket = new Int8Array(count).fill(-1);
    this.enquiryDay = new Int32Array(count);
    this.daysLeft = new Int32Array(count * KINDS);
    this.todayDay = dayNumberOf(today);
    const floors = ageBuckets(today).map((bucket) => bucket.from);
    this.bucketByAge = new Int8Array(floors[floors.length - 1]! + 1);
    for (let age = 0, bucket = 0; age < this.bucketByAge.length; age += 1) {
      while (bucket + 1 < floors.length && age >= floors[bucket + 1]!) bucket += 1;
      this.bucketByAge[age] = bucket;
    }
  }

  read(values: CaseValues, index: number): void {
    this.owner[index] = this.owners.codeOf(values.yourCaseOwner);
    this.product[index] = this.products.codeOf(values.productType);
    this.stage[index] = this.stages.codeOf(values.caseStage);
    this.issue[index] = this.issues.codeOf(values.complaintIssue);
    const closure = values.closureDate;
    const isOpen = closure === undefined || closure === '' || closure.trim() === '';
    const enquiry = this.enquiryDayOf(values.enquiryDate);
    this.enquiryDay[index] = enquiry;
    if (isOpen) {
      this.open[index] = 1;
      this.ageBucket[index] = this.ageBucketOf(values.caseAge ?? '', enquiry);
    }
    this.outcome[index] = this.outcomes.codeOf(isOpen ? values.latestOutcome : values.closureOutcome);
    // Deadlines: lib/deadlines' rules (on day numbers), kept while still to meet.
    daysLeftToMeet(values, this.todayDay, this.settings, this.daysLeft, index * KINDS, NOTHING);
  }

  /** Enquiry date minus today in days, or NOTHING. */
  private enquiryDayOf(text: string | undefined): number {
    if (text === undefined) return NOTHING;
    const day = exactDayNumber(text);
    if (day === day) return day - this.todayDay;
    let days = this.enquiryByText.get(text);
    if (days === undefined) {
      const date = dateOf(text);
      days = date ? calendarDaysBetween(this.today, date) : NOTHING;
      this.enquiryByText.set(text, days);
    }
    return days;
  }

  /** An open case's age bucket: Case age in whole days, else the days since the Enquiry date when it is not in the future; -1 unknown. */
  private ageBucketOf(text: string, enquiry: number): number {
    let age = wholeDays(text);
    if (age < 0) {
      age = this.ageBucketByText.get(text) ?? -3;
      if (age === -3) {
        const trimmed = text.trim();
        this.ageBucketByText.set(text, (age = WHOLE_DAYS.test(trimmed) ? Number(trimmed) : -2));
      }
      if (age === -2) {
        if (enquiry === NOTHING || enquiry > 0) return -1;
        age = -enquiry;
      }
    }
    const last = this.bucketByAge.length - 1;
    return age >= last ? this.bucketByAge[last]! : this.bucketByAge[age]!;
  }
}

/** Reads every case once; see PreparedInsightCases. */
export function prepareInsightCases(cases: Iterable<CaseValues>, options: PrepareOptions): PreparedInsightCases {
  const { today, settings = DEFAULT_SETTINGS } = options;
  const list = Array.isArray(cases) ? (cases as readonly CaseValues[]) : [...cases];
  const count = list.length;
  const reader = new CaseReader(count, today, settings);
  for (let index = 0; index < count; index += 1) reader.read(list[index]!, index);
  const { owners, products, stages, issues, outcomes, owner, product, stage, issue, outcome, open, ageBucket, enquiryDay, daysLeft } = reader;
  return {
    today, settings, count,
    owners: owners.labels, products: products.labels, stages: stages.labels, issues: issues.labels, outcomes: outcomes.labels,
    owner, product, stage, issue, outcome, open, ageBucket, enquiryDay, daysLeft,
  };
}

/** The values each filter can take, sorted: every label of the prepared cases (before filtering). */
export function preparedFilterChoices(prepared: PreparedInsightCases): { owners: string[]; products: string[]; stages: string[] } {
  const sorted = (labels: readonly string[]) => [...labels].sort(COLLATOR.compare);
  return { owners: sorted(prepared.owners), products: sorted(prepared.products), stages: sorted(prepared.stages) };
}

export type InsightCountOptions = Pick<InsightOptions, 'mapping' | 'filter' | 'top'>;

/** Every chart's figures for the cases that pass the filter. */
export function computeInsights(cases: Iterable<CaseValues>, options: InsightOptions): Insights {
  return insightsOf(prepareInsightCases(cases, options), options);
}

/** Which codes of a dictionary a filter lets through; undefined when it lets all through. */
function allowedCodes(labels: readonly string[], wanted: readonly string[] | undefined): Uint8Array | undefined {
  if (!wanted?.length) return undefined;
  const allowed = new Uint8Array(labels.length);
  labels.forEach((label, code) => {
    if (wanted.includes(label)) allowed[code] = 1;
  });
  return allowed;
}

/** The filter's choices on the prepared cases; `keeps(index)` says whether a case is counted. */
class CaseFilter {
  private readonly owner: Int32Array;
  private readonly product: Int32Array;
  private readonly stage: Int32Array;
  private readonly enquiryDay: Int32Array;
  constructor(
    prepared: PreparedInsightCases,
    private readonly ownerAllowed: Uint8Array | undefined,
    private readonly productAllowed: Uint8Array | undefined,
    private readonly stageAllowed: Uint8Array | undefined,
    /** Enquiry days (from today) kept, inclusive; NOTHING when not filtered by date. */
    private readonly from: number,
    private readonly to: number,
  ) {
    ({ owner: this.owner, product: this.product, stage: this.stage, enquiryDay: this.enquiryDay } = prepared);
  }

  /** Undefined when the filter keeps every case. */
  static of(prepared: PreparedInsightCases, filter: InsightFilter): CaseFilter | undefined {
    const owners = allowedCodes(prepared.owners, filter.owners);
    const products = allowedCodes(prepared.products, filter.products);
    const stages = allowedCodes(prepared.stages, filter.stages);
    const from = filter.enquiryFrom ? calendarDaysBetween(prepared.today, filter.enquiryFrom) : NOTHING;
    const to = filter.enquiryTo ? calendarDaysBetween(prepared.today, filter.enquiryTo) : NOTHING;
    if (!owners && !products && !stages && from === NOTHING && to === NOTHING) return undefined;
    return new CaseFilter(prepared, owners, products, stages, from, to);
  }

  keeps(index: number): boolean {
    if (this.ownerAllowed && !this.ownerAllowed[this.owner[index]!]) return false;
    if (this.productAllowed && !this.productAllowed[this.product[index]!]) return false;
    if (this.stageAllowed && !this.stageAllowed[this.stage[index]!]) return false;
    if (this.from === NOTHING && this.to === NOTHING) return true;
    const day = this.enquiryDay[index]!;
    return day !== NOTHING && (this.from === NOTHING || day >= this.from) && (this.to === NOTHING || day <= this.to);
  }
}

/**
 * What the charts count over the cases a filter keeps (all with none), by code, one case per call
 * of `add` (see CaseReader for why a method). outcomeKind: per outcome code 0 none, 1 change, 2 no
 * change, 3 + j the j-th of otherCount other labels.
 */
class Tally {
  total = 0;
  open = 0;
  ageUnknown = 0;
  readonly productCounts: Int32Array;
  readonly issueCounts: Int32Array;
  readonly stageOpen: Int32Array;
  readonly ownerOpen: Int32Array;
  readonly ownerDueSoon: Int32Array;
  readonly ownerSeen: Uint8Array;
  readonly ageCounts: Int32Array;
  readonly changeCounts: Int32Array;
  readonly noChangeCounts: Int32Array;
  readonly withOutcome: Uint8Array;
  /** product × other label → cases (other outcomes are few), in the order the cases bring them. */
  readonly otherCounts = new Map<number, number>();
  readonly weekCounts = new Int32Array(KINDS * WEEKS_AHEAD);
  private readonly prepared: PreparedInsightCases;

  constructor(
    prepared: PreparedInsightCases,
    bucketCount: number,
    private readonly outcomeKind: Int32Array,
    private readonly otherCount: number,
  ) {
    this.prepared = prepared;
    this.productCounts = new Int32Array(prepared.products.length);
    this.issueCounts = new Int32Array(prepared.issues.length);
    this.stageOpen = new Int32Array(prepared.stages.length);
    this.ownerOpen = new Int32Array(prepared.owners.length);
    this.ownerDueSoon = new Int32Array(prepared.owners.length);
    this.ownerSeen = new Uint8Array(prepared.owners.length);
    this.ageCounts = new Int32Array(bucketCount);
    this.changeCounts = new Int32Array(prepared.products.length);
    this.noChangeCounts = new Int32Array(prepared.products.length);
    this.withOutcome = new Uint8Array(prepared.products.length);
  }

  add(index: number): void {
    const { owner: owners, product: products, open, daysLeft } = this.prepared;
    const owner = owners[index]!;
    const product = products[index]!;
    this.total += 1;
    this.productCounts[product]! += 1;
    this.issueCounts[this.prepared.issue[index]!]! += 1;
    if (open[index]) {
      this.open += 1;
      this.stageOpen[this.prepared.stage[index]!]! += 1;
      this.ownerOpen[owner]! += 1;
      this.ownerSeen[owner] = 1;
      const bucket = this.prepared.ageBucket[index]!;
      if (bucket < 0) this.ageUnknown += 1;
      else this.ageCounts[bucket]! += 1;
    }
    const kind = this.outcomeKind[this.prepared.outcome[index]!]!;
    if (kind !== 0) {
      this.withOutcome[product] = 1;
      if (kind === 1) this.changeCounts[product]! += 1;
      else if (kind === 2) this.noChangeCounts[product]! += 1;
      else {
        const key = product * this.otherCount + (kind - 3);
        this.otherCounts.set(key, (this.otherCounts.get(key) ?? 0) + 1);
      }
    }
    const at = index * KINDS;
    for (let deadline = 0; deadline < KINDS; deadline += 1) {
      const left = daysLeft[at + deadline]!;
      if (left === NOTHING) continue;
      if (left <= this.prepared.settings.warningDays) {
        this.ownerDueSoon[owner]! += 1;
        this.ownerSeen[owner] = 1;
      }
      if (left < HORIZON) this.weekCounts[deadline * WEEKS_AHEAD + Math.floor(left / 7)]! += 1;
    }
  }
}

/** The one loop over the prepared cases: every case the filter keeps (all with none), tallied. */
function tallyCases(prepared: PreparedInsightCases, filter: CaseFilter | undefined, tally: Tally): Tally {
  for (let index = 0; index < prepared.count; index += 1) {
    if (!filter || filter.keeps(index)) tally.add(index);
  }
  return tally;
}

/** Every chart's figures for the prepared cases that pass the filter. */
export function insightsOf(prepared: PreparedInsightCases, options: InsightCountOptions = {}): Insights {
  const { today, settings } = prepared;
  const { mapping = DEFAULT_OUTCOME_MAPPING, filter = {}, top = 10 } = options;
  const buckets = ageBuckets(today);

  // Each distinct outcome text classified once: 0 none, 1 change, 2 no change, 3 + j the j-th other label.
  const classify = outcomeClassifier(mapping);
  const otherTexts: string[] = [];
  const otherCode = new Map<string, number>();
  const outcomeKind = new Int32Array(prepared.outcomes.length);
  prepared.outcomes.forEach((text, code) => {
    if (text === '') return;
    const found = classify(text);
    if (found.group === 'change') outcomeKind[code] = 1;
    else if (found.group === 'no-change') outcomeKind[code] = 2;
    else if ('label' in found) {
      let other = otherCode.get(found.label);
      if (other === undefined) otherCode.set(found.label, (other = otherTexts.push(found.label) - 1));
      outcomeKind[code] = 3 + other;
    }
  });

  const { total, open, ageUnknown, productCounts, issueCounts, stageOpen, ownerOpen, ownerDueSoon, ownerSeen, ageCounts, changeCounts, noChangeCounts, withOutcome, otherCounts, weekCounts } =
    tallyCases(prepared, CaseFilter.of(prepared, filter), new Tally(prepared, buckets.length, outcomeKind, otherTexts.length));

  // The counts by label, for the charts below.
  const byLabel = (labels: readonly string[], counts: Int32Array) => {
    const map = new Map<string, number>();
    counts.forEach((value, code) => {
      if (value > 0) map.set(labels[code]!, value);
    });
    return map;
  };
  const openByStage = byLabel(prepared.stages, stageOpen);
  const byProduct = byLabel(prepared.products, productCounts);
  const byIssue = byLabel(prepared.issues, issueCounts);
  const outcomes = new Map<string, { change: number; noChange: number; other: Map<string, number> }>();
  withOutcome.forEach((has, product) => {
    if (has) outcomes.set(prepared.products[product]!, { change: changeCounts[product]!, noChange: noChangeCounts[product]!, other: new Map() });
  });
  const otherOutcomeTotals = new Map<string, number>();
  for (const [key, value] of otherCounts) {
    const product = Math.floor(key / otherTexts.length);
    const label = otherTexts[key % otherTexts.length]!;
    outcomes.get(prepared.products[product]!)!.other.set(label, value);
    bump(otherOutcomeTotals, label, value);
  }
  const ages = [...ageCounts];
  const weeks = Object.fromEntries(DEADLINE_KINDS.map((kind, index) => [kind, [...weekCounts.subarray(index * WEEKS_AHEAD, (index + 1) * WEEKS_AHEAD)]])) as Record<DeadlineKind, number[]>;
  const owners = new Map<string, { open: number; dueSoon: number }>();
  ownerSeen.forEach((seen, code) => {
    if (seen) owners.set(prepared.owners[code]!, { open: ownerOpen[code]!, dueSoon: ownerDueSoon[code]! });
  });
  // Open cases by stage
  const stageRows = [...openByStage].sort(([a], [b]) => compareStages(a, b)).map(([label, count]) => ({ label, count }));
  const topStage = largest(stageRows);
  const openByStageChart = countChart(
    'open-by-stage', 'Open cases by Case stage', 'Case stage', stageRows, open,
    `Open cases by Case stage: ${plural(open, 'open case', 'open cases')}${topStage ? `; most at ${topStage.label} (${fmt(topStage.count)})` : ''}.`,
    true,
  );

  // Products and issues, top ten and Other
  const productRows = topWithOther(byProduct, top);
  const issueRows = topWithOther(byIssue, top);
  const describeTop = (rows: { label: string; count: number }[]) => (rows[0] ? `; most ${rows[0].label} (${fmt(rows[0].count)})` : '');
  const byProductChart = countChart('by-product', 'Cases by Product type', 'Product type', productRows, total, `Cases by Product type: ${plural(total, 'case', 'cases')}${describeTop(productRows)}.`, false);
  const byIssueChart = countChart('by-issue', 'Cases by Complaint issue', 'Complaint issue', issueRows, total, `Cases by Complaint issue: ${plural(total, 'case', 'cases')}${describeTop(issueRows)}.`, false);

  // Outcomes per product
  const otherLabels = [...otherOutcomeTotals].sort(([a, x], [b, y]) => y - x || COLLATOR.compare(a, b)).map(([label]) => label);
  const shownOther = otherLabels.length > OTHER_OUTCOME_SERIES + 1 ? otherLabels.slice(0, OTHER_OUTCOME_SERIES) : otherLabels;
  const restOther = otherLabels.slice(shownOther.length);
  const outcomeProducts = [...outcomes.keys()].sort(COLLATOR.compare);
  let changeTotal = 0;
  let noChangeTotal = 0;
  const outcomeColumns: { key: string; label: string; counts: number[] }[] = [
    { key: 'change', label: OUTCOME_GROUP_TEXT.change, counts: [] },
    { key: 'no-change', label: OUTCOME_GROUP_TEXT['no-change'], counts: [] },
    ...shownOther.map((label) => ({ key: `other:${label}`, label, counts: [] as number[] })),
    ...(restOther.length ? [{ key: 'other-rest', label: `Other outcomes (${restOther.length})`, counts: [] as number[] }] : []),
  ];
  const rowTotals: number[] = [];
  for (const product of outcomeProducts) {
    const row = outcomes.get(product)!;
    changeTotal += row.change;
    noChangeTotal += row.noChange;
    outcomeColumns[0]!.counts.push(row.change);
    outcomeColumns[1]!.counts.push(row.noChange);
    shownOther.forEach((label, index) => outcomeColumns[2 + index]!.counts.push(row.other.get(label) ?? 0));
    if (restOther.length) outcomeColumns[outcomeColumns.length - 1]!.counts.push(restOther.reduce((sum, label) => sum + (row.other.get(label) ?? 0), 0));
    rowTotals.push(row.change + row.noChange + [...row.other.values()].reduce((sum, count) => sum + count, 0));
  }
  const share = (count: number, of: number) => (of ? Math.round((1000 * count) / of) / 10 : 0);
  const decided = changeTotal + noChangeTotal;
  const outcomesChart: InsightChart = {
    id: 'outcomes',
    title: 'Outcomes by Product type: change and no change',
    summary: decided
      ? `Outcomes by Product type: ${percentText((100 * changeTotal) / decided)} change (${fmt(changeTotal)} of ${plural(decided, 'case', 'cases')} with a change or no-change outcome)${otherOutcomeTotals.size ? `; ${fmt([...otherOutcomeTotals.values()].reduce((a, b) => a + b, 0))} with other outcomes` : ''}.`
      : `Outcomes by Product type: no case has a change or no-change outcome${otherOutcomeTotals.size ? `; ${fmt([...otherOutcomeTotals.values()].reduce((a, b) => a + b, 0))} with other outcomes` : ''}.`,
    categoryLabel: 'Product type',
    valueLabel: 'Share of cases with an outcome (%)',
    vertical: false,
    stacked: true,
    percent: true,
    categories: outcomeProducts,
    series: outcomeColumns.map((column) => ({ key: column.key, label: column.label, counts: column.counts, values: column.counts.map((count, index) => share(count, rowTotals[index]!)) })),
    table: {
      header: ['Product type', ...outcomeColumns.flatMap((column) => [`${column.label} (cases)`, `${column.label} (share)`]), 'Cases with an outcome'],
      rows: outcomeProducts.map((product, index) => [
        product,
        ...outcomeColumns.flatMap((column) => [String(column.counts[index]), percentText(share(column.counts[index]!, rowTotals[index]!))]),
        String(rowTotals[index]),
      ]),
    },
  };

  // Age of open cases
  const sixIndex = buckets.findIndex((bucket) => bucket.overSixMonths);
  const overSix = ages.slice(sixIndex).reduce((sum, count) => sum + count, 0);
  const six = buckets[sixIndex]!.from;
  const ageChart: InsightChart = {
    id: 'age',
    title: 'Age of open cases',
    summary: `Age of open cases: ${fmt(overSix)} of ${plural(open, 'open case', 'open cases')} are six months or older (${six} days or more)${ageUnknown ? `; ${fmt(ageUnknown)} of unknown age` : ''}.`,
    categoryLabel: 'Case age',
    valueLabel: 'Open cases',
    vertical: true,
    stacked: true,
    percent: false,
    lineBefore: sixIndex,
    lineLabel: `Six months (${six} days)`,
    categories: buckets.map((bucket) => bucket.label),
    series: [
      { key: 'under', label: 'Under six months', values: ages.map((count, index) => (index < sixIndex ? count : 0)) },
      { key: 'over', label: 'Six months or older', values: ages.map((count, index) => (index >= sixIndex ? count : 0)) },
    ],
    table: {
      header: ['Case age', 'Open cases', 'Six months or older'],
      rows: [
        ...buckets.map((bucket, index) => [bucket.label, String(ages[index]), bucket.overSixMonths ? 'Yes' : 'No']),
        ...(ageUnknown ? [['Age unknown', String(ageUnknown), '']] : []),
      ],
    },
  };

  // Deadlines per week by kind
  const weekLabels = Array.from({ length: WEEKS_AHEAD }, (_, week) => {
    const from = formatLongDate(addCalendarDays(today, week * 7)).split(' ');
    const to = formatLongDate(addCalendarDays(today, week * 7 + 6)).split(' ');
    return `Week ${week + 1} (${from[1]} ${from[2]} – ${to[1]} ${to[2]})`;
  });
  const weekTotals = weekLabels.map((_, week) => DEADLINE_KINDS.reduce((sum, kind) => sum + weeks[kind][week]!, 0));
  const deadlineTotal = weekTotals.reduce((a, b) => a + b, 0);
  const busiest = weekTotals.reduce((best, count, week) => (count > weekTotals[best]! ? week : best), 0);
  const weeksChart: InsightChart = {
    id: 'deadlines-by-week',
    title: 'Deadlines in the next eight weeks',
    summary: `Deadlines in the next eight weeks: ${plural(deadlineTotal, 'deadline', 'deadlines')} still to meet${deadlineTotal ? `; most in week ${busiest + 1} (${fmt(weekTotals[busiest]!)})` : ''}.`,
    categoryLabel: 'Week',
    valueLabel: 'Deadlines',
    vertical: true,
    stacked: true,
    percent: false,
    categories: weekLabels,
    series: DEADLINE_KINDS.map((kind) => ({ key: kind, label: DEADLINE_RULES[kind].label, values: weeks[kind] })),
    table: {
      header: ['Week', ...DEADLINE_KINDS.map((kind) => DEADLINE_RULES[kind].label), 'All deadlines'],
      rows: weekLabels.map((label, week) => [label, ...DEADLINE_KINDS.map((kind) => String(weeks[kind][week])), String(weekTotals[week])]),
    },
  };

  // Owners
  const ownerRows = [...owners].sort(([a, x], [b, y]) => y.open - x.open || y.dueSoon - x.dueSoon || COLLATOR.compare(a, b));
  const dueSoonTotal = ownerRows.reduce((sum, [, counts]) => sum + counts.dueSoon, 0);
  const busiestOwner = ownerRows[0];
  const ownersChart: InsightChart = {
    id: 'owners',
    title: 'Open cases and deadlines due soon per Your Case Owner',
    summary: `Per Your Case Owner: ${plural(open, 'open case', 'open cases')} and ${plural(dueSoonTotal, 'deadline', 'deadlines')} due soon across ${plural(ownerRows.length, 'owner', 'owners')}${busiestOwner && busiestOwner[1].open ? `; most open cases with ${busiestOwner[0]} (${fmt(busiestOwner[1].open)})` : ''}.`,
    categoryLabel: 'Your Case Owner',
    valueLabel: 'Count',
    vertical: false,
    stacked: false,
    percent: false,
    categories: ownerRows.map(([owner]) => owner),
    series: [
      { key: 'open', label: 'Open cases', values: ownerRows.map(([, counts]) => counts.open) },
      { key: 'due-soon', label: `Deadlines due soon (${settings.warningDays} days or fewer)`, values: ownerRows.map(([, counts]) => counts.dueSoon) },
    ],
    table: {
      header: ['Your Case Owner', 'Open cases', 'Deadlines due soon'],
      rows: ownerRows.map(([owner, counts]) => [owner, String(counts.open), String(counts.dueSoon)]),
    },
  };

  return {
    today,
    cases: total,
    openCases: open,
    charts: {
      'open-by-stage': openByStageChart,
      'by-product': byProductChart,
      'by-issue': byIssueChart,
      outcomes: outcomesChart,
      age: ageChart,
      'deadlines-by-week': weeksChart,
      owners: ownersChart,
    },
  };
}
