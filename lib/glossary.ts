/**
 * The portal's 28 case fields, in the order of the guide's glossary
 * (shared/seed/case-data-guide.txt). Everything that reads a header — the page reader, the CSV
 * importer, the merge — maps it to a field through `fieldForHeader`, so the portal's names live
 * here and nowhere else.
 */

export type FieldType = 'key' | 'text' | 'category' | 'date' | 'flag' | 'person' | 'email' | 'number';

export interface Field {
  /** Stable key used in code, storage and tests. Never shown to users. */
  readonly key: FieldKey;
  /** The portal's own label, as the guide writes it. */
  readonly label: string;
  readonly type: FieldType;
  /** Other header texts seen or plausible for the same field (exports, older screens). */
  readonly aliases: readonly string[];
  /** The guide's one-line explanation. */
  readonly explanation: string;
}

export const FIELD_KEYS = [
  'caseReference',
  'migratedReference',
  'businessName',
  'tradingName',
  'businessReference',
  'complaintIssue',
  'productType',
  'caseStage',
  'caseProgress',
  'enquiryDate',
  'professionalRepresentativeName',
  'dateMovedToInvestigation',
  'businessFileRequiredByDate',
  'businessFileReceivedDate',
  'latestOutcomeDate',
  'latestOutcome',
  'actionRequired',
  'sixMonthPlusCaseFlag',
  'ourCaseOwner',
  'yourCaseOwner',
  'respondentContactEmail',
  'caseAge',
  'eventDate',
  'priorityCaseFlag',
  'finalResponseDate',
  'closureDate',
  'closureOutcome',
  'noFinalResponseProgressionFlag',
] as const;

export type FieldKey = (typeof FIELD_KEYS)[number];

type FieldRow = readonly [FieldKey, string, FieldType, readonly string[], string];

// [key, label, type, aliases, explanation] — the guide's glossary, in its order.
const ROWS: readonly FieldRow[] = [
  ['caseReference', 'Case reference', 'key', ['Case ref', 'Case reference number', 'PNX reference', 'Case number'], 'The Financial Ombudsman case reference, which will begin with PNX-'],
  ['migratedReference', 'Migrated reference', 'text', ['Migrated ref', 'Historic reference'], 'Our historic case reference (where applicable)'],
  ['businessName', 'Business name', 'text', ['Business'], "Your organisation's name"],
  ['tradingName', 'Trading name', 'text', [], "Your organisation's trading name (where applicable)"],
  ['businessReference', 'Business reference', 'text', ['Business ref', 'Your reference'], "Your organisation's complaint reference"],
  ['complaintIssue', 'Complaint issue', 'category', ['Issue'], 'The main complaint issue'],
  ['productType', 'Product type', 'category', ['Product'], 'The product the complaint relates to'],
  ['caseStage', 'Case stage', 'category', ['Stage'], "The stage of the complaint – 'investigation', 'view' or 'decision'"],
  ['caseProgress', 'Case Progress', 'text', ['Progress'], 'The progress of the complaint in our case management system'],
  ['enquiryDate', 'Enquiry date', 'date', [], 'The date the complaint was first registered with our service'],
  ['professionalRepresentativeName', 'Professional representative name', 'text', ['Professional representative', 'Representative name'], 'The name of the professional representative (where applicable)'],
  ['dateMovedToInvestigation', 'Date moved to investigation', 'date', ['Moved to investigation', 'Date moved to investigation date'], 'The date the complaint moved to investigation and became chargeable'],
  ['businessFileRequiredByDate', 'Business file required by date', 'date', ['Business file required by', 'Business file due date'], 'The deadline for providing your business file'],
  ['businessFileReceivedDate', 'Business File Received Date', 'date', ['Business file received'], 'The date we received your business file (where applicable)'],
  ['latestOutcomeDate', 'Latest Outcome date', 'date', [], 'The date of the most recent outcome'],
  ['latestOutcome', 'Latest Outcome', 'text', [], 'The most recent outcome on the complaint'],
  ['actionRequired', 'Action Required', 'flag', ['Action required flag'], 'If there is an action outstanding on the complaint for you to complete'],
  ['sixMonthPlusCaseFlag', '6mth+ Case Flag', 'flag', ['6 month+ case flag', '6mth+ Case', '6 months+ case flag'], 'If the case is older than six months in our case management system'],
  ['ourCaseOwner', 'Our case owner once allocated', 'person', ['Our case owner', 'Case owner once allocated'], 'The name of the person handling the complaint at our service'],
  ['yourCaseOwner', 'Your Case Owner', 'person', [], 'The individual handling the case at your firm (where applicable)'],
  ['respondentContactEmail', 'Respondent Contact Email Address', 'email', ['Respondent contact email', 'Respondent email address'], 'The email address for the individual at your firm (where applicable)'],
  ['caseAge', 'Case age', 'number', ['Case age (days)'], 'The age of the complaint on our case management system'],
  ['eventDate', 'Event date', 'date', [], 'The date at which the events of the complaint took place or began'],
  ['priorityCaseFlag', 'Priority Case flag', 'flag', ['Priority case', 'Priority'], "Applied where our service feels there's a reason to prioritise the complaint"],
  ['finalResponseDate', 'Final response date', 'date', [], 'The date of the final response letter (where applicable)'],
  ['closureDate', 'Closure date', 'date', ['Date closed', 'Closed date'], 'The date the complaint closed on our system'],
  ['closureOutcome', 'Closure outcome', 'text', [], 'The closure outcome we will publish'],
  ['noFinalResponseProgressionFlag', 'No final response progression flag', 'flag', ['No final response progression'], 'An alert applied to cases without a final response letter'],
];

export const FIELDS: readonly Field[] = ROWS.map(([key, label, type, aliases, explanation]) =>
  Object.freeze({ key, label, type, aliases, explanation }),
);

export const FIELD_BY_KEY: Readonly<Record<FieldKey, Field>> = Object.freeze(
  Object.fromEntries(FIELDS.map((field) => [field.key, field])) as Record<FieldKey, Field>,
);

/** The ten columns the portal's case list shows by default (guide, step 5). */
export const DEFAULT_CASE_LIST_KEYS: readonly FieldKey[] = [
  'caseReference',
  'migratedReference',
  'businessName',
  'tradingName',
  'businessReference',
  'complaintIssue',
  'productType',
  'caseStage',
  'caseProgress',
  'enquiryDate',
];

/** The six columns of the Dashboard's *Recently added cases* table. */
export const RECENTLY_ADDED_KEYS: readonly FieldKey[] = [
  'caseReference',
  'businessReference',
  'enquiryDate',
  'dateMovedToInvestigation',
  'eventDate',
  'businessFileRequiredByDate',
];

/**
 * Folds a header to the form we compare: a leading BOM dropped, any run of white space (including
 * non-breaking spaces) made one space, trimmed, lower case.
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u00A0\u2007\u202F]+/g, ' ')
    .trim()
    .toLowerCase();
}

const FIELD_BY_HEADER: ReadonlyMap<string, Field> = new Map(
  FIELDS.flatMap((field) => [field.label, ...field.aliases].map((name) => [normaliseHeader(name), field] as const)),
);

/** The field a header names, or undefined for a column we do not know. */
export function fieldForHeader(header: string): Field | undefined {
  return FIELD_BY_HEADER.get(normaliseHeader(header));
}
