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
import { addCalendarDays, calendarDate, calendarDaysBetween, parsePortalDate, type IsoDate } from './dates';
import { DEADLINE_KINDS, DEADLINE_RULES, challengeWindow, longDate, stateFor, type CaseValues, type DeadlineKind } from './deadlines';
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

export function ownerOf(values: CaseValues): string {
  return values.yourCaseOwner?.trim() || UNASSIGNED;
}
function productOf(values: CaseValues): string {
  return values.productType?.trim() || NONE;
}
function stageOf(values: CaseValues): string {
  return values.caseStage?.trim() || NONE;
}
function issueOf(values: CaseValues): string {
  return values.complaintIssue?.trim() || NONE;
}
export function isOpenCase(values: CaseValues): boolean {
  return (values.closureDate?.trim() ?? '') === '';
}

const COLLATOR = new Intl.Collator('en-GB');

/** The values each filter can take, sorted, from every case (before filtering). */
export function insightFilterChoices(cases: readonly CaseValues[]): { owners: string[]; products: string[]; stages: string[] } {
  const owners = new Set<string>();
  const products = new Set<string>();
  const stages = new Set<string>();
  for (const values of cases) {
    owners.add(ownerOf(values));
    products.add(productOf(values));
    stages.add(stageOf(values));
  }
  const sorted = (set: Set<string>) => [...set].sort(COLLATOR.compare);
  return { owners: sorted(owners), products: sorted(products), stages: sorted(stages) };
}

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
  const lastDay = new Date(Date.UTC(backYear, backMonth, 0)).getUTCDate();
  return calendarDaysBetween(calendarDate(backYear, backMonth, Math.min(day, lastDay))!, today);
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

const WHOLE_DAYS = /^\d+$/;

/** An open case's age in days, or undefined when neither Case age nor Enquiry date tells it. */
export function caseAgeDays(values: CaseValues, today: IsoDate): number | undefined {
  const age = values.caseAge?.trim() ?? '';
  if (WHOLE_DAYS.test(age)) return Number(age);
  const enquiry = dateOf(values.enquiryDate);
  if (!enquiry) return undefined;
  const days = calendarDaysBetween(enquiry, today);
  return days >= 0 ? days : undefined;
}

/** Whether a case passes the filter. */
export function matchesInsightFilter(values: CaseValues, filter: InsightFilter): boolean {
  if (filter.owners?.length && !filter.owners.includes(ownerOf(values))) return false;
  if (filter.products?.length && !filter.products.includes(productOf(values))) return false;
  if (filter.stages?.length && !filter.stages.includes(stageOf(values))) return false;
  if (filter.enquiryFrom || filter.enquiryTo) {
    const enquiry = dateOf(values.enquiryDate);
    if (!enquiry) return false;
    if (filter.enquiryFrom && enquiry < filter.enquiryFrom) return false;
    if (filter.enquiryTo && enquiry > filter.enquiryTo) return false;
  }
  return true;
}

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

/** Every chart's figures for the cases that pass the filter. */
export function computeInsights(cases: Iterable<CaseValues>, options: InsightOptions): Insights {
  const { today, settings = DEFAULT_SETTINGS, mapping = DEFAULT_OUTCOME_MAPPING, filter = {}, top = 10 } = options;
  const classify = outcomeClassifier(mapping);
  const buckets = ageBuckets(today);
  const bucketFloors = buckets.map((bucket) => bucket.from);
  const filtering = Boolean(filter.owners?.length || filter.products?.length || filter.stages?.length || filter.enquiryFrom || filter.enquiryTo);

  let total = 0;
  let open = 0;
  let ageUnknown = 0;
  const openByStage = new Map<string, number>();
  const byProduct = new Map<string, number>();
  const byIssue = new Map<string, number>();
  const outcomes = new Map<string, { change: number; noChange: number; other: Map<string, number> }>();
  const otherOutcomeTotals = new Map<string, number>();
  const ages = new Array<number>(buckets.length).fill(0);
  const weeks = Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, new Array<number>(WEEKS_AHEAD).fill(0)])) as Record<DeadlineKind, number[]>;
  const owners = new Map<string, { open: number; dueSoon: number }>();
  const horizon = WEEKS_AHEAD * 7;

  // The deadline rules of lib/deadlines.ts (challengeWindow, stateFor), applied once per distinct
  // date text rather than once per case: 200,000 cases share a few thousand dates, and counting
  // calendar days for each case would cost most of the 500 ms the tab has. Tested to agree with
  // deadlinesFor case by case (tests/unit/insights.test.ts).
  const challengeDaysLeft = new Map<string, number | null>();
  const fileDaysLeft = new Map<string, number | null>();
  const daysLeftOf = (kind: DeadlineKind, text: string): number | null => {
    const known = kind === 'business-file' ? fileDaysLeft : challengeDaysLeft;
    let daysLeft = known.get(text);
    if (daysLeft === undefined) {
      const date = dateOf(text);
      daysLeft = !date ? null : kind === 'business-file' ? calendarDaysBetween(today, date) : challengeWindow(date, today, settings).daysLeft;
      known.set(text, daysLeft);
    }
    return daysLeft;
  };
  /** Days left of a deadline still to meet (open or due soon), else undefined. */
  const outstandingDaysLeft = (values: CaseValues, kind: DeadlineKind): number | undefined => {
    const text = values[DEADLINE_RULES[kind].startField];
    if (text === undefined || text.trim() === '') return undefined;
    const daysLeft = daysLeftOf(kind, text.trim());
    if (daysLeft === null || stateFor(daysLeft, settings.warningDays) === 'closed') return undefined;
    if (kind === 'business-file' && dateOf(values[DEADLINE_RULES[kind].doneField!])) return undefined;
    return daysLeft;
  };

  for (const values of cases) {
    if (filtering && !matchesInsightFilter(values, filter)) continue;
    total += 1;
    const product = productOf(values);
    const owner = ownerOf(values);
    const isOpen = isOpenCase(values);
    bump(byProduct, product);
    bump(byIssue, issueOf(values));
    let ownerCounts = owners.get(owner);
    if (isOpen) {
      open += 1;
      bump(openByStage, stageOf(values));
      if (!ownerCounts) owners.set(owner, (ownerCounts = { open: 0, dueSoon: 0 }));
      ownerCounts.open += 1;
      const age = caseAgeDays(values, today);
      if (age === undefined) ageUnknown += 1;
      else {
        let index = bucketFloors.length - 1;
        while (index > 0 && age < bucketFloors[index]!) index -= 1;
        ages[index]! += 1;
      }
    }
    const outcome = (isOpen ? values.latestOutcome : values.closureOutcome)?.trim() ?? '';
    if (outcome !== '') {
      let row = outcomes.get(product);
      if (!row) outcomes.set(product, (row = { change: 0, noChange: 0, other: new Map() }));
      const found = classify(outcome);
      if (found.group === 'change') row.change += 1;
      else if (found.group === 'no-change') row.noChange += 1;
      else if ('label' in found) {
        bump(row.other, found.label);
        bump(otherOutcomeTotals, found.label);
      }
    }
    for (const kind of DEADLINE_KINDS) {
      const daysLeft = outstandingDaysLeft(values, kind);
      if (daysLeft === undefined) continue;
      if (daysLeft <= settings.warningDays) {
        if (!ownerCounts) owners.set(owner, (ownerCounts = { open: 0, dueSoon: 0 }));
        ownerCounts.dueSoon += 1;
      }
      if (daysLeft < horizon) weeks[kind][Math.floor(daysLeft / 7)]! += 1;
    }
  }

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
    const from = longDate(addCalendarDays(today, week * 7)).split(' ');
    const to = longDate(addCalendarDays(today, week * 7 + 6)).split(' ');
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
