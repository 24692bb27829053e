/**
 * Seeded case data for the simulated portal, the tests and the benchmarks.
 *
 * Values are written exactly as the portal writes them: dates dd-MM-yyyy, flags 'Yes'/'No', an empty
 * string for an empty field. Dates are placed relative to `today`, so that every deadline state occurs:
 * - challenge window 1 (set-up), last day = Date moved to investigation + 14;
 * - challenge window 2 (outcome), last day = Closure date + 14 (a case is open until it has one);
 * - the business file, due on Business file required by date, done once Business File Received Date is set.
 * Pure: no I/O, no clock. The same seed and `today` give the same cases.
 */
import Papa from 'papaparse';
import { FIELDS, FIELD_KEYS, type FieldKey } from '../../lib/glossary.ts';
import { addCalendarDays, asIsoDate, formatPortalDate, type IsoDate } from '../../lib/dates.ts';

export type CaseRecord = Record<FieldKey, string>;

/** Deadline states the generator guarantees (one case at least each, see SCENARIOS). */
export const SETUP_WINDOW_STATES = ['open', 'due-soon', 'closes-today', 'closed', 'unknown'] as const;
export const OUTCOME_WINDOW_STATES = ['open', 'due-soon', 'closes-today', 'closed'] as const;
export const BUSINESS_FILE_STATES = ['due', 'due-soon', 'due-today', 'overdue', 'received-on-time', 'received-late'] as const;
export type SetupWindowState = (typeof SETUP_WINDOW_STATES)[number];
export type OutcomeWindowState = (typeof OUTCOME_WINDOW_STATES)[number];
export type BusinessFileState = (typeof BUSINESS_FILE_STATES)[number];

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a tiny, fast, well-spread 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes two integers into one seed (so case N of seed S can be made without making cases 0..N-1). */
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

type Rng = () => number;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

// ---------------------------------------------------------------------------------------------
// Vocabulary (categories and texts from the guide, and plausible neighbours)

export const COMPLAINT_ISSUES = [
  'Motor Finance Commission - Fixed Commission',
  'Motor Finance Commission - Discretionary Commission',
  'Administration or Customer Service',
  'Affordability or Suitability',
  'Charges and Fees',
  'Delays in Claim Handling',
  'Fraud or Scam',
  'Arrears, Collections and Debt Recovery',
  'Incorrect Information on Credit File',
  'Mis-selling, Advice or Misleading Information',
  'Closure, Termination or Suspension of Account',
  'Interest Rates',
] as const;

export const PRODUCT_TYPES = [
  'Credit Broking',
  'Current Accounts',
  'Hire Purchase',
  'Personal Loans',
  'Credit Cards',
  'Savings Accounts',
  'Mortgages',
  'Car or Motorcycle Insurance',
  'Buildings, Contents and Home Emergency',
  'Overdrafts',
] as const;

export const CASE_STAGES = ['Investigation', 'View', 'Decision'] as const;

const PROGRESS: Record<(typeof CASE_STAGES)[number] | 'Closed', readonly string[]> = {
  Investigation: [
    'We are waiting for the business file',
    'An investigator is looking into the complaint',
    'Further information is required from business and consumer',
    'The complaint is waiting to be allocated to an investigator',
  ],
  View: [
    'Further information is required from business and consumer',
    'The investigator has issued a view, and is waiting for both sides to respond',
    'The consumer has asked for an Ombudsman to review the "view"',
  ],
  Decision: [
    'The complaint is waiting for an Ombudsman to review it',
    'An Ombudsman has issued a provisional decision',
    'The Ombudsman has issued a final decision',
  ],
  Closed: ['The complaint has been closed'],
};

const VIEW_OUTCOMES = ['View - upheld', 'View - not upheld', 'View - partially upheld'] as const;
const DECISION_OUTCOMES = ['Provisional decision - upheld', 'Final decision - upheld', 'Final decision - not upheld'] as const;
const CLOSURE_OUTCOMES = ['Change - complaint upheld', 'No change - complaint not upheld', 'Change - settled, business offer accepted', 'No change - withdrawn by consumer'] as const;

const OUR_CASE_OWNERS = ['Jordan Ellis', 'Priya Shah', 'Tom Hughes', 'Aisha Khan', "Siobhan O'Neill", 'Marek Nowak', 'Grace Adeyemi'] as const;
export const YOUR_CASE_OWNERS = ['Caseworkerfour Portal', 'Caseworkerone Portal', 'Caseworkertwo Portal', 'Caseworkerthree Portal', 'Caseworkerfive Portal'] as const;
const REPRESENTATIVES = ['Claims Direct Ltd', 'Smith, Jones & Partners LLP', 'Fair Refunds "UK" Limited', 'Courmacs Legal', 'Car Claims Hub'] as const;
const BUSINESSES = [
  { name: 'Demo Business 1', domain: 'demobusiness1.co.uk', trading: ['Demo Finance'] },
  { name: 'Demo Business 2', domain: 'demobusiness2.co.uk', trading: ['Demo Motors', 'Quick Cars "Direct"'] },
] as const;

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

// ---------------------------------------------------------------------------------------------
// Dates: whole days relative to today, written dd-MM-yyyy

type Day = number | null; // days from today (negative = past); null = empty

class DayWriter {
  private readonly cache = new Map<number, string>();
  constructor(private readonly today: IsoDate) {}
  write(day: Day): string {
    if (day === null) return '';
    let text = this.cache.get(day);
    if (text === undefined) {
      text = formatPortalDate(addCalendarDays(this.today, day));
      this.cache.set(day, text);
    }
    return text;
  }
}

/** Days from the date six calendar months before `today` to today (the 6mth+ threshold). */
function sixMonthsInDays(today: IsoDate): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));
  const back = new Date(Date.UTC(year, month - 1 - 6, 1));
  const daysInMonth = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  back.setUTCDate(Math.min(day, daysInMonth));
  return Math.round((Date.UTC(year, month - 1, day) - back.getTime()) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// One case

/** What a case must show; anything not set is drawn at random, consistently. */
interface Plan {
  setup?: SetupWindowState;
  file?: BusinessFileState;
  outcome?: OutcomeWindowState;
  /** At most this many days between enquiry and investigation (hostile cases stay recent). */
  recent?: boolean;
}

/** One case per deadline state of each kind: a seeded list always holds every state. */
export const SCENARIOS: readonly Plan[] = [
  ...SETUP_WINDOW_STATES.map((setup) => ({ setup })),
  ...BUSINESS_FILE_STATES.map((file) => ({ file })),
  ...OUTCOME_WINDOW_STATES.map((outcome) => ({ outcome })),
];

/** Days left for a window or file in `state` ("open" means more than 3 days left). */
function daysLeftFor(rng: Rng, state: 'open' | 'due-soon' | 'closes-today' | 'closed'): number {
  switch (state) {
    case 'open':
      return int(rng, 4, 14);
    case 'due-soon':
      return int(rng, 1, 3);
    case 'closes-today':
      return 0;
    case 'closed':
      return -int(rng, 1, 150);
  }
}

interface CaseShape {
  record: CaseRecord;
  /** Days from today of the enquiry date (for sorting) and whether the reference should look old. */
  enquiry: number;
  old: boolean;
}

function makeCase(rng: Rng, plan: Plan, dates: DayWriter, sixMonths: number): CaseShape {
  // 1. Closure date (outcome window 2). Most cases are open.
  let closure: Day = null;
  if (plan.outcome) closure = -14 + daysLeftFor(rng, plan.outcome);
  else if (!plan.setup && !plan.file && chance(rng, 0.15)) closure = -int(rng, 0, 300);

  // 2. Business file dates and Date moved to investigation (window 1).
  let moved: Day = null;
  let required: Day = null;
  let received: Day = null;
  if (plan.setup) {
    moved = plan.setup === 'unknown' ? null : -14 + daysLeftFor(rng, plan.setup);
  } else if (plan.file) {
    switch (plan.file) {
      case 'due':
        required = int(rng, 4, 25);
        break;
      case 'due-soon':
        required = int(rng, 1, 3);
        break;
      case 'due-today':
        required = 0;
        break;
      case 'overdue':
        required = -int(rng, 1, 60);
        break;
      case 'received-on-time':
        required = int(rng, -60, 20);
        break;
      case 'received-late':
        required = -int(rng, 2, 80);
        break;
    }
    moved = required - 28;
    if (plan.file === 'received-on-time') received = int(rng, moved + 1, Math.min(required, 0));
    if (plan.file === 'received-late') received = int(rng, required + 1, Math.min(required + 20, 0));
  } else if (closure !== null) {
    moved = closure - int(rng, 20, 400);
  } else if (!chance(rng, 0.06)) {
    // Skewed towards recent: most open cases moved to investigation in the last few months.
    moved = -Math.floor(Math.pow(rng(), 1.6) * 700);
  }
  if (moved !== null && required === null) {
    required = moved + pick(rng, [21, 28, 28, 28, 35]);
    const end = closure ?? 0;
    if (required <= end) {
      if (chance(rng, closure !== null ? 0.95 : 0.7)) {
        received = chance(rng, 0.8) || required >= end ? int(rng, moved + 1, required) : int(rng, required + 1, Math.min(required + 30, end));
      }
    } else if (chance(rng, 0.3)) {
      received = int(rng, moved, end);
    }
  }

  // 3. Enquiry date, case age and the 6mth+ flag.
  const start = moved ?? closure ?? 0;
  const enquiry = moved === null && closure === null ? -int(rng, 0, 20) : start - (plan.recent ? int(rng, 0, 5) : int(rng, 3, 90));
  const age = -enquiry;

  // 4. Event and final response dates.
  const event: Day = chance(rng, 0.08) ? null : enquiry - int(rng, 30, 1500);
  const finalResponse: Day = chance(rng, 0.12) ? null : enquiry - int(rng, 0, Math.min(56, event === null ? 56 : enquiry - event));

  // 5. Stage, outcome and progress.
  const end = closure ?? 0;
  let stage: (typeof CASE_STAGES)[number] = 'Investigation';
  if (moved !== null) {
    const since = end - moved;
    const roll = rng();
    if (since > 200) stage = roll < 0.15 ? 'Investigation' : roll < 0.6 ? 'View' : 'Decision';
    else if (since > 60) stage = roll < 0.45 ? 'Investigation' : roll < 0.85 ? 'View' : 'Decision';
    else stage = roll < 0.9 ? 'Investigation' : 'View';
  }
  let latestOutcome = '';
  let latestOutcomeDay: Day = null;
  if (stage !== 'Investigation' && moved !== null) {
    latestOutcome = pick(rng, stage === 'View' ? VIEW_OUTCOMES : DECISION_OUTCOMES);
    latestOutcomeDay = int(rng, Math.min(moved + 14, end), end);
  } else if (closure !== null && chance(rng, 0.5)) {
    latestOutcome = 'Settled - business offer accepted';
    latestOutcomeDay = closure;
  }
  const waitingForFile = closure === null && moved !== null && received === null;
  const progress =
    closure !== null
      ? pick(rng, PROGRESS.Closed)
      : stage === 'Investigation' && waitingForFile && chance(rng, 0.6)
        ? PROGRESS.Investigation[0]!
        : pick(rng, PROGRESS[stage]);

  // 6. People.
  const business = chance(rng, 0.75) ? BUSINESSES[0] : BUSINESSES[1];
  const ownerRoll = rng();
  const yourCaseOwner = ownerRoll < 0.12 ? '' : ownerRoll < 0.17 ? 'Unassigned' : pick(rng, YOUR_CASE_OWNERS);
  const email = yourCaseOwner && yourCaseOwner !== 'Unassigned' ? `${yourCaseOwner.toLowerCase().replace(/ /g, '.')}@${business.domain}` : '';
  const ourCaseOwner = moved === null || chance(rng, 0.1) ? '' : pick(rng, OUR_CASE_OWNERS);

  const old = age > 540 && chance(rng, 0.4);
  const record: CaseRecord = {
    caseReference: '',
    migratedReference: old && chance(rng, 0.7) ? `DRN${int(rng, 1_000_000, 9_999_999)}` : '',
    businessName: business.name,
    tradingName: chance(rng, business === BUSINESSES[0] ? 0.1 : 0.6) ? pick(rng, business.trading) : '',
    businessReference: businessReference(rng),
    complaintIssue: pick(rng, COMPLAINT_ISSUES),
    productType: pick(rng, PRODUCT_TYPES),
    caseStage: stage,
    caseProgress: progress,
    enquiryDate: dates.write(enquiry),
    professionalRepresentativeName: chance(rng, 0.35) ? pick(rng, REPRESENTATIVES) : '',
    dateMovedToInvestigation: dates.write(moved),
    businessFileRequiredByDate: dates.write(required),
    businessFileReceivedDate: dates.write(received),
    latestOutcomeDate: dates.write(latestOutcomeDay),
    latestOutcome,
    actionRequired: (waitingForFile ? chance(rng, 0.7) : chance(rng, 0.15)) ? 'Yes' : 'No',
    sixMonthPlusCaseFlag: age >= sixMonths ? 'Yes' : 'No',
    ourCaseOwner,
    yourCaseOwner,
    respondentContactEmail: email,
    caseAge: String(age),
    eventDate: dates.write(event),
    priorityCaseFlag: chance(rng, 0.1) ? 'Yes' : 'No',
    finalResponseDate: dates.write(finalResponse),
    closureDate: dates.write(closure),
    closureOutcome: closure === null ? '' : pick(rng, CLOSURE_OUTCOMES),
    noFinalResponseProgressionFlag: finalResponse === null ? 'Yes' : 'No',
  };
  return { record, enquiry, old };
}

function businessReference(rng: Rng): string {
  const roll = rng();
  if (roll < 0.1) return '';
  if (roll < 0.2) return `BR-${int(rng, 2019, 2026)}-${String(int(rng, 1, 9999)).padStart(4, '0')}`;
  let text = String(int(rng, 1, 999_999));
  const letters = int(rng, 1, 6);
  for (let i = 0; i < letters; i += 1) text += LOWER[Math.floor(rng() * LOWER.length)];
  return text;
}

function referenceSuffix(rng: Rng): string {
  let text = LETTERS[Math.floor(rng() * LETTERS.length)]!;
  for (let i = 0; i < 3; i += 1) text += ALNUM[Math.floor(rng() * ALNUM.length)];
  return text;
}

// ---------------------------------------------------------------------------------------------
// Hostile values: what a portal cell could hold that must never run or break a table.

export const HOSTILE_VALUES = {
  html: '<img src=x onerror=alert(1)>',
  script: '<script>alert("x")</script>',
  formula: '=HYPERLINK("http://x")',
  long: `LONG-${'0123456789abcdef'.repeat(320)}`.slice(0, 5000),
  quotes: 'He said "no", then \'yes\'',
  newline: 'Line one\nLine two, with "quotes"',
  crlf: 'Carriage\r\nreturn',
  unicode: 'Café £250 “curly” ‘quotes’ 🚀',
} as const;

const HOSTILE_OVERRIDES: readonly Partial<CaseRecord>[] = [
  { businessName: HOSTILE_VALUES.html, tradingName: HOSTILE_VALUES.script },
  { businessReference: HOSTILE_VALUES.formula, professionalRepresentativeName: '+SUM(1,2)' },
  { businessReference: HOSTILE_VALUES.long },
  { caseProgress: HOSTILE_VALUES.newline, latestOutcome: HOSTILE_VALUES.quotes, businessReference: '@cmd|calc' },
  { tradingName: HOSTILE_VALUES.unicode, yourCaseOwner: 'Zoë Ångström 😀', businessReference: '£-“ref”-🚀' },
  { businessReference: HOSTILE_VALUES.crlf, professionalRepresentativeName: '-2+3, "Claims" <b>Ltd</b>' },
];

// ---------------------------------------------------------------------------------------------
// The portal's case list

export interface GenerateCasesOptions {
  seed?: number;
  /** Cases before any hostile ones; the first 15 cover every deadline state. Default 250. */
  count?: number;
  today: IsoDate;
  /** Adds six cases whose cells hold hostile values (HTML, formulas, 5,000 characters, new lines, emoji). */
  hostile?: boolean;
}

/** The portal's cases, newest enquiry first, references descending like the guide's screenshots. */
export function generateCases(options: GenerateCasesOptions): CaseRecord[] {
  const { seed = 1, count = 250, today, hostile = false } = options;
  checkToday(today);
  const rng = mulberry32(seed);
  const dates = new DayWriter(today);
  const sixMonths = sixMonthsInDays(today);
  const shapes: CaseShape[] = [];
  for (let i = 0; i < count; i += 1) shapes.push(makeCase(rng, SCENARIOS[i] ?? {}, dates, sixMonths));
  if (hostile) {
    HOSTILE_OVERRIDES.forEach((override, i) => {
      const shape = makeCase(rng, { setup: i % 2 === 0 ? 'unknown' : 'open', recent: true }, dates, sixMonths);
      Object.assign(shape.record, override);
      shapes.push(shape);
    });
  }
  // Newest first; the sort is stable, so equal dates keep generation order.
  shapes.sort((a, b) => b.enquiry - a.enquiry);
  let modern = 4_302_137;
  let older = 98_765;
  const refs = new Set<string>();
  for (const shape of shapes) {
    let reference: string;
    do {
      // Old five-digit numbers run out after 89,999 cases; newer ones stay seven digits for 3.3 million.
      reference = shape.old && older >= 10_000 ? `PNX-${older--}-${referenceSuffix(rng)}` : `PNX-${modern--}-${referenceSuffix(rng)}`;
    } while (refs.has(reference));
    refs.add(reference);
    shape.record.caseReference = reference;
  }
  return shapes.map((shape) => shape.record);
}

function checkToday(today: IsoDate): void {
  if (!asIsoDate(today)) throw new Error(`today must be a yyyy-MM-dd date, got ${String(today)}`);
}

// ---------------------------------------------------------------------------------------------
// CSV, as the portal's export writes it

export interface CsvOptions {
  /** Columns to write, in this order; default all 28 in the glossary's order. */
  columns?: readonly FieldKey[];
  delimiter?: string;
  bom?: boolean;
  newline?: '\r\n' | '\n';
}

const LABEL: Record<FieldKey, string> = Object.fromEntries(FIELDS.map((field) => [field.key, field.label])) as Record<FieldKey, string>;

/** A CSV with the glossary labels as header (PapaParse quotes what needs quoting). */
export function casesToCsv(cases: readonly CaseRecord[], options: CsvOptions = {}): string {
  const { columns = FIELD_KEYS, delimiter = ',', bom = false, newline = '\r\n' } = options;
  const csv = Papa.unparse(
    { fields: columns.map((key) => LABEL[key]), data: cases.map((record) => columns.map((key) => record[key])) },
    { delimiter, newline },
  );
  return (bom ? '\uFEFF' : '') + csv;
}

/** CSV rows without a header, for writing a file chunk by chunk (no trailing newline). */
export function casesToCsvRows(cases: readonly CaseRecord[], options: CsvOptions = {}): string {
  const { columns = FIELD_KEYS, delimiter = ',', newline = '\r\n' } = options;
  return Papa.unparse(
    cases.map((record) => columns.map((key) => record[key])),
    { delimiter, newline },
  );
}

// ---------------------------------------------------------------------------------------------
// Export files for tests and benchmarks (many rows, several files, overlapping cases)

export interface ExportFilesOptions {
  seed?: number;
  /** Rows over all files. */
  rows: number;
  files: number;
  /** 0..1: the share of a file's rows that are also in the previous file, with fields changed. */
  overlap: number;
  today: IsoDate;
}

export interface ExportPlan {
  readonly name: string;
  readonly rows: number;
  /** Rows that repeat a case of the previous file. */
  readonly repeated: number;
}

/** The files' names and sizes: file i has its share of `rows`, `overlap` of them from file i-1. */
export function planExportFiles(options: ExportFilesOptions): ExportPlan[] {
  const { rows, files, overlap, today } = options;
  checkToday(today);
  if (!Number.isInteger(files) || files < 1) throw new Error('files must be a whole number, at least 1');
  if (!(overlap >= 0 && overlap <= 1)) throw new Error('overlap must be between 0 and 1');
  const plans: ExportPlan[] = [];
  for (let i = 0; i < files; i += 1) {
    const size = Math.floor(rows / files) + (i < rows % files ? 1 : 0);
    const previous = plans[i - 1];
    const fresh = previous ? previous.rows - previous.repeated : 0;
    const repeated = i === 0 ? 0 : Math.min(Math.round(size * overlap), fresh);
    // One export a day, the newest today, each taken at 09:15 plus a minute per file.
    const day = addCalendarDays(today, i - (files - 1));
    const minute = String(15 + (i % 45)).padStart(2, '0');
    plans.push({ name: `case-list-export-${day}T09-${minute}-00.csv`, rows: size, repeated });
  }
  return plans;
}

/**
 * The rows of file `fileIndex`, made one at a time. Case g (g counts new cases over all files) is
 * made from (seed, g) alone, so a repeated row is remade from its index instead of being held.
 */
export function* exportFileRows(options: ExportFilesOptions, fileIndex: number, plans = planExportFiles(options)): Generator<CaseRecord> {
  const { seed = 1, today } = options;
  const dates = new DayWriter(today);
  const sixMonths = sixMonthsInDays(today);
  let firstNew = 0;
  for (let i = 0; i < fileIndex; i += 1) firstNew += plans[i]!.rows - plans[i]!.repeated;
  const plan = plans[fileIndex]!;
  const previousFirstNew = fileIndex === 0 ? 0 : firstNew - (plans[fileIndex - 1]!.rows - plans[fileIndex - 1]!.repeated);
  let nextNew = firstNew;
  let nextRepeat = 0;
  for (let position = 0; position < plan.rows; position += 1) {
    // Spread the repeated rows evenly through the file.
    const repeat = Math.floor(((position + 1) * plan.repeated) / plan.rows) > Math.floor((position * plan.repeated) / plan.rows);
    if (repeat) {
      const g = previousFirstNew + nextRepeat;
      nextRepeat += 1;
      const record = caseAt(seed, g, dates, sixMonths);
      changeLater(mulberry32(mix(seed ^ 0x5bd1e995, g * 31 + fileIndex)), record, dates);
      yield record;
    } else {
      yield caseAt(seed, nextNew, dates, sixMonths);
      nextNew += 1;
    }
  }
}

/** Export files in memory (for tests; the CLI streams the same rows to disk). */
export function generateExportFiles(options: ExportFilesOptions): { name: string; csv: string }[] {
  const plans = planExportFiles(options);
  return plans.map((plan, i) => ({ name: plan.name, csv: casesToCsv([...exportFileRows(options, i, plans)]) }));
}

/** New case number g of a seed: references unique by construction (7 digits; 5 for a few old ones). */
function caseAt(seed: number, g: number, dates: DayWriter, sixMonths: number): CaseRecord {
  const rng = mulberry32(mix(seed, g));
  const { record, old } = makeCase(rng, SCENARIOS[g] ?? {}, dates, sixMonths);
  const number = old && g < 90_000 ? 99_999 - g : 1_000_000 + ((((3_302_137 - g) % 9_000_000) + 9_000_000) % 9_000_000);
  record.caseReference = `PNX-${number}-${referenceSuffix(rng)}`;
  return record;
}

/** What a later export of the same case may show: the file arrived, an owner changed, progress moved. */
function changeLater(rng: Rng, record: CaseRecord, dates: DayWriter): void {
  record.actionRequired = record.actionRequired === 'Yes' ? 'No' : 'Yes';
  if (record.businessFileRequiredByDate && !record.businessFileReceivedDate && chance(rng, 0.6)) {
    record.businessFileReceivedDate = dates.write(-int(rng, 0, 2));
  }
  if (chance(rng, 0.4)) {
    const owner = pick(rng, YOUR_CASE_OWNERS);
    const domain = record.businessName === 'Demo Business 2' ? BUSINESSES[1].domain : BUSINESSES[0].domain;
    record.yourCaseOwner = owner;
    record.respondentContactEmail = `${owner.toLowerCase().replace(/ /g, '.')}@${domain}`;
  }
  if (!record.closureDate && chance(rng, 0.5)) {
    const stage = record.caseStage as (typeof CASE_STAGES)[number];
    record.caseProgress = pick(rng, PROGRESS[stage] ?? PROGRESS.Investigation);
  }
}
