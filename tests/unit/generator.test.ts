// The seeded case generator behind the simulated portal, the tests and the benchmarks. Deadline states
// are recomputed here with plain UTC day arithmetic, independent of lib/ and of the generator's code.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FIELDS, FIELD_KEYS } from '../../lib/glossary.ts';
import { parsePortalDate, type IsoDate } from '../../lib/dates.ts';
import { casesToCsv, generateCases, generateExportFiles, type CaseRecord } from '../../scripts/portal/generator.ts';
import { writeExportFiles } from '../../scripts/portal/generate.ts';

const LABELS = FIELDS.map((field) => field.label);
const DATE_KEYS = FIELDS.filter((field) => field.type === 'date').map((field) => field.key);
const FLAG_KEYS = FIELDS.filter((field) => field.type === 'flag').map((field) => field.key);

/** Days since 1970-01-01 of a dd-MM-yyyy or yyyy-MM-dd date (calendar dates: UTC is exact). */
function day(text: string): number {
  const [a, b, c] = text.split('-').map(Number) as [number, number, number];
  return text.indexOf('-') === 4 ? Date.UTC(a, b - 1, c) / 86_400_000 : Date.UTC(c, b - 1, a) / 86_400_000;
}

function windowState(start: string, todayDay: number): string {
  const left = day(start) + 14 - todayDay;
  return left > 3 ? 'open' : left > 0 ? 'due-soon' : left === 0 ? 'closes-today' : 'closed';
}

function fileState(record: CaseRecord, todayDay: number): string | undefined {
  if (!record.businessFileRequiredByDate) return undefined;
  const required = day(record.businessFileRequiredByDate);
  if (record.businessFileReceivedDate) return day(record.businessFileReceivedDate) <= required ? 'received-on-time' : 'received-late';
  const left = required - todayDay;
  return left > 3 ? 'due' : left > 0 ? 'due-soon' : left === 0 ? 'due-today' : 'overdue';
}

function statesOf(cases: readonly CaseRecord[], today: string) {
  const todayDay = day(today);
  return {
    setup: new Set(cases.map((record) => (record.dateMovedToInvestigation ? windowState(record.dateMovedToInvestigation, todayDay) : 'unknown'))),
    outcome: new Set(cases.filter((record) => record.closureDate).map((record) => windowState(record.closureDate, todayDay))),
    file: new Set(cases.map((record) => fileState(record, todayDay)).filter(Boolean)),
  };
}

// Plain days, a leap day, the two British Summer Time changes of 2026 and a year end.
const TODAYS = ['2026-11-25', '2028-02-29', '2026-03-29', '2026-10-25', '2026-12-31'] as IsoDate[];

describe('generateCases', () => {
  it('gives the same cases for the same seed and other cases for another seed', () => {
    const today = '2026-11-25' as IsoDate;
    expect(generateCases({ seed: 7, today })).toEqual(generateCases({ seed: 7, today }));
    expect(generateCases({ seed: 7, today, hostile: true })).toEqual(generateCases({ seed: 7, today, hostile: true }));
    expect(generateCases({ seed: 8, today })).not.toEqual(generateCases({ seed: 7, today }));
  });

  it.each(TODAYS.flatMap((today) => [1, 2, 99].map((seed) => [today, seed] as const)))(
    'has every deadline state of each kind (today %s, seed %i)',
    (today, seed) => {
      const states = statesOf(generateCases({ seed, today }), today);
      expect([...states.setup].sort()).toEqual(['closed', 'closes-today', 'due-soon', 'open', 'unknown']);
      expect([...states.outcome].sort()).toEqual(['closed', 'closes-today', 'due-soon', 'open']);
      expect([...states.file].sort()).toEqual(['due', 'due-soon', 'due-today', 'overdue', 'received-late', 'received-on-time']);
    },
  );

  it('covers every state with as few as 15 cases', () => {
    const today = '2026-11-25' as IsoDate;
    const cases = generateCases({ seed: 3, count: 15, today });
    expect(cases).toHaveLength(15);
    const states = statesOf(cases, today);
    expect(states.setup.size + states.outcome.size + states.file.size).toBe(5 + 4 + 6);
  });

  it.each(TODAYS)('writes consistent values (today %s)', (today) => {
    const cases = generateCases({ seed: 5, today, hostile: true });
    const todayDay = day(today);
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const lastDayOfMonthSixBack = new Date(Date.UTC(y, m - 1 - 6 + 1, 0)).getUTCDate();
    const sixMonthsAgo = Date.UTC(y, m - 1 - 6, Math.min(d, lastDayOfMonthSixBack)) / 86_400_000;
    // Problems are collected (one expect per case would be slow and stop at the first).
    const problems: string[] = [];
    const check = (ok: boolean, record: CaseRecord, what: string) => {
      if (!ok) problems.push(`${record.caseReference}: ${what}`);
    };
    for (const record of cases) {
      check(Object.keys(record).join() === FIELD_KEYS.join(), record, 'fields not the 28 in order');
      for (const key of DATE_KEYS) {
        const value = record[key];
        if (value === '') continue;
        check(/^\d{2}-\d{2}-\d{4}$/.test(value) && parsePortalDate(value)?.format === 'dd-MM-yyyy', record, `${key} ${value} is not dd-MM-yyyy`);
        if (key !== 'businessFileRequiredByDate') check(day(value) <= todayDay, record, `${key} ${value} after today`);
      }
      for (const key of FLAG_KEYS) check(record[key] === 'Yes' || record[key] === 'No', record, `${key} = ${record[key]}`);
      check(['Investigation', 'View', 'Decision'].includes(record.caseStage), record, `stage ${record.caseStage}`);
      const enquiry = day(record.enquiryDate);
      check(record.caseAge === String(todayDay - enquiry), record, `case age ${record.caseAge} for enquiry ${record.enquiryDate}`);
      check(record.sixMonthPlusCaseFlag === (enquiry <= sixMonthsAgo ? 'Yes' : 'No'), record, `6mth+ ${record.sixMonthPlusCaseFlag} for ${record.enquiryDate}`);
      if (record.eventDate) check(day(record.eventDate) <= enquiry, record, 'event after enquiry');
      if (record.dateMovedToInvestigation) {
        check(day(record.dateMovedToInvestigation) >= enquiry, record, 'moved to investigation before enquiry');
        check(day(record.businessFileRequiredByDate) > day(record.dateMovedToInvestigation), record, 'file due before investigation');
      } else {
        check(record.businessFileRequiredByDate === '', record, 'file due without investigation');
      }
      if (record.closureDate) {
        check(record.closureOutcome !== '', record, 'closed without outcome');
        check(day(record.closureDate) >= day(record.dateMovedToInvestigation), record, 'closed before investigation');
      } else check(record.closureOutcome === '', record, 'outcome without closure');
      check(record.noFinalResponseProgressionFlag === (record.finalResponseDate ? 'No' : 'Yes'), record, 'no final response flag');
    }
    expect(problems).toEqual([]);
  });

  it('looks like the portal: references, names, categories, owners, empty fields, commas and quotes', () => {
    const cases = generateCases({ seed: 1, today: '2026-11-25' as IsoDate });
    expect(cases).toHaveLength(250);
    const references = cases.map((record) => record.caseReference);
    expect(new Set(references).size).toBe(references.length);
    for (const reference of references) expect(reference).toMatch(/^PNX-(\d{7}|\d{5})-[A-Z][A-Z0-9]{3}$/);
    expect(references.some((reference) => /^PNX-\d{5}-/.test(reference))).toBe(true);
    expect(references[0]).toMatch(/^PNX-4302137-/);
    // Newest enquiry first.
    const enquiries = cases.map((record) => day(record.enquiryDate));
    expect(enquiries).toEqual([...enquiries].sort((a, b) => b - a));
    expect(new Set(cases.map((record) => record.businessName))).toEqual(new Set(['Demo Business 1', 'Demo Business 2']));
    expect(cases.map((record) => record.complaintIssue)).toContain('Motor Finance Commission - Fixed Commission');
    expect(cases.map((record) => record.productType)).toContain('Credit Broking');
    expect(new Set(cases.map((record) => record.caseStage))).toEqual(new Set(['Investigation', 'View', 'Decision']));
    expect(cases.map((record) => record.caseProgress)).toContain('The complaint is waiting for an Ombudsman to review it');
    expect(cases.map((record) => record.yourCaseOwner)).toContain('');
    expect(cases.map((record) => record.yourCaseOwner)).toContain('Unassigned');
    expect(cases.some((record) => /^\d+[a-z]+$/.test(record.businessReference))).toBe(true);
    expect(cases.filter((record) => record.closureDate === '').length).toBeGreaterThan(cases.length / 2);
    for (const key of ['migratedReference', 'tradingName', 'businessReference', 'professionalRepresentativeName', 'ourCaseOwner', 'eventDate'] as const) {
      expect(cases.some((record) => record[key] === ''), key).toBe(true);
    }
    const values = cases.flatMap((record) => Object.values(record));
    expect(values.some((value) => value.includes(','))).toBe(true);
    expect(values.some((value) => value.includes('"'))).toBe(true);
  });

  it('adds hostile values only when asked', () => {
    const today = '2026-11-25' as IsoDate;
    const values = (hostile: boolean) => generateCases({ seed: 2, today, hostile }).flatMap((record) => Object.values(record));
    const hostile = values(true);
    expect(hostile).toContain('<img src=x onerror=alert(1)>');
    expect(hostile).toContain('=HYPERLINK("http://x")');
    expect(hostile.some((value) => value.length === 5000)).toBe(true);
    expect(hostile.some((value) => value.includes('\n'))).toBe(true);
    expect(hostile.some((value) => value.includes('£') && value.includes('“') && /\p{Extended_Pictographic}/u.test(value))).toBe(true);
    expect(generateCases({ seed: 2, today, hostile: true })).toHaveLength(256);
    const calm = values(false);
    expect(calm.some((value) => /[<>\n£“]|^=/.test(value) || value.length > 200)).toBe(false);
  });
});

describe('casesToCsv', () => {
  const cases = generateCases({ seed: 4, count: 60, today: '2026-11-25' as IsoDate, hostile: true });

  it('round-trips through Papa.parse with the 28 labels as header', () => {
    const parsed = Papa.parse<Record<string, string>>(casesToCsv(cases), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(LABELS);
    expect(parsed.data).toEqual(cases.map((record) => Object.fromEntries(FIELDS.map((field) => [field.label, record[field.key]]))));
  });

  it.each([
    { delimiter: ';', newline: '\n' as const, bom: true },
    { delimiter: '\t', newline: '\r\n' as const, bom: false },
  ])('writes delimiter, line end and BOM as asked: %o', (options) => {
    const csv = casesToCsv(cases, options);
    expect(csv.startsWith('\uFEFF')).toBe(options.bom);
    const firstLine = csv.slice(0, csv.indexOf(options.newline));
    expect(firstLine.replace(/^\uFEFF/, '').split(options.delimiter)).toEqual(LABELS);
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: options.delimiter, newline: options.newline });
    expect(parsed.data.slice(1).map((row) => row[0])).toEqual(cases.map((record) => record.caseReference));
  });

  it('writes only the chosen columns, in the chosen order', () => {
    const csv = casesToCsv(cases.slice(0, 2), { columns: ['enquiryDate', 'caseReference'] });
    expect(csv.split('\r\n')).toEqual(['Enquiry date,Case reference', ...cases.slice(0, 2).map((record) => `${record.enquiryDate},${record.caseReference}`)]);
  });
});

describe('generateExportFiles', () => {
  const today = '2026-11-20' as IsoDate;
  const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

  it('splits the rows over the files, names them like the portal, and repeats the asked share with changes', () => {
    const files = generateExportFiles({ seed: 9, rows: 1003, files: 4, overlap: 0.2, today });
    expect(files.map((file) => file.name)).toEqual([
      'case-list-export-2026-11-17T09-15-00.csv',
      'case-list-export-2026-11-18T09-16-00.csv',
      'case-list-export-2026-11-19T09-17-00.csv',
      'case-list-export-2026-11-20T09-18-00.csv',
    ]);
    const tables = files.map((file) => parse(file.csv));
    expect(tables.map((rows) => rows.length)).toEqual([251, 251, 251, 250]);
    for (let i = 0; i < tables.length; i += 1) {
      const references = tables[i]!.map((row) => row['Case reference']!);
      expect(new Set(references).size).toBe(references.length);
      if (i === 0) continue;
      const previous = new Map(tables[i - 1]!.map((row) => [row['Case reference'], row]));
      const shared = tables[i]!.filter((row) => previous.has(row['Case reference']));
      expect(shared.length).toBe(Math.round(tables[i]!.length * 0.2));
      for (const row of shared) expect(row).not.toEqual(previous.get(row['Case reference']));
    }
    expect(generateExportFiles({ seed: 9, rows: 1003, files: 4, overlap: 0.2, today })).toEqual(files);
  });

  it('shares no case between files when overlap is 0', () => {
    const files = generateExportFiles({ seed: 9, rows: 600, files: 3, overlap: 0, today });
    const references = files.flatMap((file) => parse(file.csv).map((row) => row['Case reference']));
    expect(references).toHaveLength(600);
    expect(new Set(references).size).toBe(600);
  });

  it('streams to disk exactly what it makes in memory (the CLI path)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'occ-exports-'));
    try {
      const options = { seed: 11, rows: 4500, files: 2, overlap: 0.3, today };
      const written = writeExportFiles({ ...options, out: dir });
      expect(readdirSync(dir).sort()).toEqual(written.map((file) => path.basename(file.file)).sort());
      const inMemory = generateExportFiles(options);
      written.forEach((file, i) => {
        expect(readFileSync(file.file, 'utf8')).toBe(`${inMemory[i]!.csv}\r\n`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
