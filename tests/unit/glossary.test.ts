import { describe, expect, it } from 'vitest';
import { DEFAULT_CASE_LIST_KEYS, FIELDS, FIELD_KEYS, RECENTLY_ADDED_KEYS, fieldForHeader, normaliseHeader } from '../../lib/glossary';

// The guide's glossary, in its order, as written there: the source of truth for labels.
const GUIDE_LABELS = [
  'Case reference', 'Migrated reference', 'Business name', 'Trading name', 'Business reference',
  'Complaint issue', 'Product type', 'Case stage', 'Case Progress', 'Enquiry date',
  'Professional representative name', 'Date moved to investigation', 'Business file required by date',
  'Business File Received Date', 'Latest Outcome date', 'Latest Outcome', 'Action Required', '6mth+ Case Flag',
  'Our case owner once allocated', 'Your Case Owner', 'Respondent Contact Email Address', 'Case age',
  'Event date', 'Priority Case flag', 'Final response date', 'Closure date', 'Closure outcome',
  'No final response progression flag',
];

describe('the glossary', () => {
  it('holds the 28 fields of the guide in its order', () => {
    expect(FIELDS.map((field) => field.label)).toEqual(GUIDE_LABELS);
    expect(FIELDS.map((field) => field.key)).toEqual([...FIELD_KEYS]);
  });

  it('gives every field a type from the portal page', () => {
    const types = Object.fromEntries(FIELDS.map((field) => [field.key, field.type]));
    expect(types).toMatchObject({
      caseReference: 'key', enquiryDate: 'date', dateMovedToInvestigation: 'date', closureDate: 'date',
      actionRequired: 'flag', yourCaseOwner: 'person', respondentContactEmail: 'email', caseAge: 'number',
      caseStage: 'category', productType: 'category', complaintIssue: 'category',
    });
  });

  it('never lets two fields claim the same header', () => {
    const names = FIELDS.flatMap((field) => [field.label, ...field.aliases].map(normaliseHeader));
    expect(new Set(names).size).toBe(names.length);
  });

  it('names the default columns and the dashboard table with known fields', () => {
    expect(DEFAULT_CASE_LIST_KEYS).toHaveLength(10);
    expect(RECENTLY_ADDED_KEYS).toHaveLength(6);
  });
});

describe('fieldForHeader', () => {
  it.each([
    { description: 'the label itself', header: 'Case reference', key: 'caseReference' },
    { description: 'another case', header: 'CASE REFERENCE', key: 'caseReference' },
    { description: 'stray and doubled spaces', header: '  Date   moved to\tinvestigation ', key: 'dateMovedToInvestigation' },
    { description: 'a leading byte-order mark', header: '\uFEFFCase reference', key: 'caseReference' },
    { description: 'a non-breaking space', header: 'Closure\u00A0date', key: 'closureDate' },
    { description: 'the mixed-case label', header: 'business file received date', key: 'businessFileReceivedDate' },
    { description: 'an alias', header: 'Case ref', key: 'caseReference' },
    { description: 'the symbol-laden label', header: '6MTH+ case flag', key: 'sixMonthPlusCaseFlag' },
  ])('maps $description', ({ header, key }) => {
    expect(fieldForHeader(header)?.key).toBe(key);
  });

  it.each(['', '   ', 'Countdown', 'Case', 'reference', 'Select all'])('knows no field for %j', (header) => {
    expect(fieldForHeader(header)).toBeUndefined();
  });
});
