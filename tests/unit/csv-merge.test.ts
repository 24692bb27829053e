import { describe, expect, it } from 'vitest';
import { keyHash, summaryLine } from '../../lib/csv/merge';
import { mergedCsv } from '../../lib/csv/export';
import { mergeTexts, mergedRecords, utf8 } from './csv-helpers';

const older = { name: 'older.csv', text: 'Case reference,Case stage,Your Case Owner,Notes\nPNX-1-A,Investigation,Ann,first\nPNX-2-B,View,Bob,\n' };
const newer = { name: 'newer.csv', text: 'Case stage,Case reference,Your Case Owner,Priority\nDecision, pnx-1-a ,,Yes\nView,PNX-3-C,Cy,No\n' };

describe('the case key: a reference compared trimmed and ignoring case (toUpperCase)', () => {
  it.each([
    { description: 'the same', a: 'PNX-1-A', b: 'PNX-1-A', same: true },
    { description: 'ASCII case', a: 'pnx-1-a', b: 'PNX-1-A', same: true },
    { description: 'accented letters', a: 'pnx-é-1', b: 'PNX-É-1', same: true },
    { description: 'long s upper-cases to S', a: 'PNX-ſ', b: 'pnx-s', same: true },
    { description: 'sharp s upper-cases to SS', a: 'PNX-ß', b: 'pnx-ss', same: true },
    { description: 'another digit', a: 'PNX-1-A', b: 'PNX-2-A', same: false },
    { description: 'a letter that is not a case of another', a: 'PNX-1-@', b: 'PNX-1-`', same: false },
  ])('$description: $a and $b', ({ a, b, same }) => {
    const merger = mergeTexts([
      { name: 'a.csv', text: `Case reference,Case stage\n${a},View\n` },
      { name: 'b.csv', text: `Case reference,Case stage\n ${b} ,Decision\n` },
    ]);
    expect(merger.summary().rowsOut).toBe(same ? 1 : 2);
    if (same) expect(keyHash(a)).toBe(keyHash(b));
  });

  it('finds every case again among many (the key table grows), and only its own', () => {
    const references = Array.from({ length: 20_000 }, (_, i) => `PNX-${1_000_000 + i * 7919}-${String.fromCharCode(65 + (i % 26))}${i % 3}`);
    const merger = mergeTexts([
      { name: 'a.csv', text: `Case reference,Case stage\n${references.map((reference) => `${reference},View`).join('\n')}\n` },
      { name: 'b.csv', text: `Case reference,Case stage\n${references.filter((_, i) => i % 2 === 0).map((reference) => `${reference.toLowerCase()},Decision`).join('\n')}\n` },
    ]);
    expect(merger.summary()).toMatchObject({ rowsOut: 20_000, superseded: 10_000 });
    expect(mergedRecords(merger).map((record) => record['Case stage'])).toEqual(references.map((_, i) => (i % 2 === 0 ? 'Decision' : 'View')));
  });
});

describe('a Case reference that is not the first column (read from the kept line up to its cell)', () => {
  it.each([
    { description: 'second, plain', a: 'Case stage,Case reference\nView,PNX-1-A\nView,PNX-2-B\n', b: 'Case stage,Case reference\nDecision, pnx-1-a \n', written: ' pnx-1-a ' },
    { description: 'third, after quoted cells with a comma and a quote', a: 'Notes,Case stage,Case reference\n"a, ""b""",View,PNX-1-A\n,View,PNX-2-B\n', b: 'Notes,Case stage,Case reference\n"a, ""b""",Decision,PNX-1-A\n', written: 'PNX-1-A' },
    { description: 'quoted itself, a quoted cell with a line break after it', a: 'Case stage,Case reference,Notes\nView,"PNX-1-A","x,\ny"\nView,PNX-2-B,\n', b: 'Case stage,Case reference,Notes\nDecision,"pnx-1-a","x,\ny"\n', written: 'pnx-1-a' },
    { description: 'last in the first file, first in the later one', a: 'Case stage,Case reference\nView,PNX-1-A\nView,PNX-2-B\n', b: 'Case reference,Case stage\nPNX-1-A,Decision\n', written: 'PNX-1-A' },
  ])('$description', ({ a, b, written }) => {
    const merger = mergeTexts([
      { name: 'a.csv', text: a },
      { name: 'b.csv', text: b },
    ]);
    expect(merger.summary()).toMatchObject({ rowsOut: 2, superseded: 1, conflicts: 1 });
    // The later file's reference, as written, is kept; the conflict report names it trimmed.
    expect(mergedRecords(merger).map((record) => [record['Case reference'], record['Case stage']])).toEqual([
      [written, 'Decision'],
      ['PNX-2-B', 'View'],
    ]);
    expect(merger.conflicts().map((conflict) => [conflict.reference, conflict.field])).toEqual([[written.trim(), 'Case stage']]);
  });
});

describe('mergeExports', () => {
  it('keeps one row per Case reference (trimmed, any case); the later file wins; empty never erases', () => {
    const merger = mergeTexts([older, newer]);
    expect(mergedRecords(merger)).toEqual([
      { 'Case reference': ' pnx-1-a ', 'Case stage': 'Decision', 'Your Case Owner': 'Ann', 'Priority Case flag': 'Yes', Notes: 'first' },
      { 'Case reference': 'PNX-2-B', 'Case stage': 'View', 'Your Case Owner': 'Bob', 'Priority Case flag': '', Notes: '' },
      { 'Case reference': 'PNX-3-C', 'Case stage': 'View', 'Your Case Owner': 'Cy', 'Priority Case flag': 'No', Notes: '' },
    ]);
  });

  it('lets a later empty cell erase when asked', () => {
    const merger = mergeTexts([older, newer], { laterWinsEvenWhenEmpty: true });
    expect(mergedRecords(merger)[0]!['Your Case Owner']).toBe('');
    expect(merger.conflicts()).toContainEqual({
      reference: 'pnx-1-a',
      field: 'Your Case Owner',
      values: [
        { file: 'older.csv', value: 'Ann' },
        { file: 'newer.csv', value: '' },
      ],
    });
  });

  it('orders columns as the glossary, then unknown columns as first found', () => {
    const merger = mergeTexts([
      { name: 'a.csv', text: 'Zeta,Closure date,Case reference\n1,,PNX-1-A\n' },
      { name: 'b.csv', text: 'Alpha,Case reference,Enquiry date,Zeta\n2,PNX-2-B,19-01-2026,3\n' },
    ]);
    expect(merger.report().columns).toEqual(['Case reference', 'Enquiry date', 'Closure date', 'Zeta', 'Alpha']);
    expect(mergedRecords(merger)).toEqual([
      { 'Case reference': 'PNX-1-A', 'Enquiry date': '', 'Closure date': '', Zeta: '1', Alpha: '' },
      { 'Case reference': 'PNX-2-B', 'Enquiry date': '19-01-2026', 'Closure date': '', Zeta: '3', Alpha: '2' },
    ]);
  });

  it('lists conflicts with each value and its file, across three files', () => {
    const merger = mergeTexts([
      { name: '1.csv', text: 'Case reference,Case stage,Enquiry date\nPNX-1-A,Investigation,19-01-2026\n' },
      { name: '2.csv', text: 'Case reference,Case stage,Enquiry date\nPNX-1-A,View,2026-01-19\n' },
      { name: '3.csv', text: 'Case reference,Case stage,Enquiry date\nPNX-1-A,Decision,\n' },
    ]);
    // The same date written two ways is not a conflict.
    expect(merger.conflicts()).toEqual([
      {
        reference: 'PNX-1-A',
        field: 'Case stage',
        values: [
          { file: '1.csv', value: 'Investigation' },
          { file: '2.csv', value: 'View' },
          { file: '3.csv', value: 'Decision' },
        ],
      },
    ]);
    expect(mergedRecords(merger)[0]).toEqual({ 'Case reference': 'PNX-1-A', 'Case stage': 'Decision', 'Enquiry date': '2026-01-19' });
  });

  it('accounts for every row: in = out + superseded + rejected; a refused file does not stop the others', () => {
    const merger = mergeTexts([
      { name: 'a.csv', text: 'Case reference,Case stage\nPNX-1-A,View\nPNX-1-A,Decision\n,View\nPNX-2-B,View\n' },
      { name: 'notes.txt', text: 'Hello,World\n1,2\n' },
      { name: 'b.csv', text: 'Case reference,Case stage\npnx-2-b,Decision\nPNX-3-C,View,oops\n' },
    ]);
    const summary = merger.summary();
    expect(summary).toEqual({ files: 3, filesMerged: 2, rowsIn: 6, rowsOut: 2, superseded: 2, rejected: 2, conflicts: 2 });
    expect(summary.rowsIn).toBe(summary.rowsOut + summary.superseded + summary.rejected);
    expect(merger.files[1]!.refusal).toMatch(/^notes\.txt was not merged: it has no "Case reference" column/);
    expect(merger.report().rejectedRows.map((row) => [row.file, row.line, row.reason])).toEqual([
      ['a.csv', 4, 'no Case reference'],
      ['b.csv', 3, '3 cells where the header has 2'],
    ]);
    expect(summaryLine(summary)).toBe('2 of 3 file(s) merged: 6 rows in, 2 rows out, 2 superseded, 2 rejected, 2 conflict(s)');
  });

  it('keeps rows of a file holding the unit separator, used internally, intact', () => {
    const merger = mergeTexts([
      { name: 'a.csv', text: 'Case reference,Business name\nPNX-1-A,x\u001Fy\n' },
      { name: 'b.csv', text: 'Case reference,Business name,Trading name\nPNX-1-A,,t\u001F\n' },
    ]);
    expect(mergedRecords(merger)).toEqual([{ 'Case reference': 'PNX-1-A', 'Business name': 'x\u001Fy', 'Trading name': 't\u001F' }]);
  });

  it('reads bytes in other encodings in the same merge', () => {
    const merger = mergeTexts([]);
    merger.addFile({ name: 'ansi.csv', bytes: Uint8Array.from([...utf8('Case reference;Business name\nPNX-1-A;'), 0xa3, 0x35]) });
    expect(mergedRecords(merger)).toEqual([{ 'Case reference': 'PNX-1-A', 'Business name': '£5' }]);
    expect(merger.files[0]).toMatchObject({ encoding: 'Windows-1252', delimiter: ';' });
  });
});

/** A case export with the Case reference and `extra` unknown columns named `${prefix}1…`. */
function wideExport(name: string, prefix: string, extra: number, reference: string): { name: string; text: string } {
  const header = ['Case reference', ...Array.from({ length: extra }, (_, i) => `${prefix}${i + 1}`)];
  return { name, text: `${header.join(',')}\n${reference}${',v'.repeat(extra)}\n` };
}

// Review repro t4: a file whose row kept an earlier value (its own cell empty) was named as that
// value's file in the conflict report.
describe('each conflict value names the file it came from', () => {
  const a = { name: 'a_2026-01-01.csv', text: 'Case reference,Business name,Case stage\r\nPNX-1,Acme,View\r\n' };
  const c = { name: 'c_2026-01-03.csv', text: 'Case reference,Business name,Case stage\r\nPNX-1,Acme,Decision\r\n' };
  it.each([
    { description: 'an empty cell kept (t4)', middle: [{ name: 'b_2026-01-02.csv', text: 'Case reference,Business name,Case stage\r\nPNX-1,Acme,\r\n' }] },
    { description: 'a file without the column', middle: [{ name: 'b_2026-01-02.csv', text: 'Case reference,Business name\r\nPNX-1,Acme2\r\n' }] },
    { description: 'a file without the column, with the same values', middle: [{ name: 'b_2026-01-02.csv', text: 'Case reference,Business name\r\nPNX-1,Acme\r\n' }] },
    {
      description: 'two files keeping it in turn',
      middle: [
        { name: 'b_2026-01-02.csv', text: 'Case reference,Business name,Case stage\r\nPNX-1,Acme,\r\n' },
        { name: 'b2_2026-01-02.csv', text: 'Case reference,Case stage,Business name\r\nPNX-1,,Acme Ltd\r\n' },
      ],
    },
  ])('$description', ({ middle }) => {
    const merger = mergeTexts([a, ...middle, c]);
    const stage = merger.conflicts().filter((conflict) => conflict.field === 'Case stage');
    expect(stage).toEqual([
      {
        reference: 'PNX-1',
        field: 'Case stage',
        values: [
          { file: 'a_2026-01-01.csv', value: 'View' },
          { file: 'c_2026-01-03.csv', value: 'Decision' },
        ],
      },
    ]);
  });
});

// Review repro t3: our export writes a header -Notes as '-Notes; merging it with the original split
// the columns in two (-Notes,@Team,'-Notes,'@Team) and each case's values between them.
describe('a merge of a file with our own export of it keeps the same columns', () => {
  it.each([
    { description: 'headers starting like formulas', original: 'Case reference,-Notes,@Team\r\nPNX-1,a,b\r\n', merged: { 'Case reference': 'PNX-1', '-Notes': 'a2', '@Team': 'b' } },
    { description: 'a header starting like a plain number', original: 'Case reference,-5,Notes\r\nPNX-1,a,b\r\n', merged: { 'Case reference': 'PNX-1', '-5': 'a2', Notes: 'b' } },
    { description: 'plain headers', original: 'Case reference,Notes\r\nPNX-1,a\r\n', merged: { 'Case reference': 'PNX-1', Notes: 'a2' } },
  ])('$description', ({ original, merged }) => {
    const ours = mergedCsv(mergeTexts([{ name: 'a.csv', text: original }]));
    const merger = mergeTexts([
      { name: 'a.csv', text: original },
      { name: 'o1.csv', text: ours.replace('PNX-1,a', 'PNX-1,a2') },
    ]);
    expect(merger.report().columns).toEqual(Object.keys(merged));
    expect(mergedRecords(merger)).toEqual([merged]);
  });
});

describe('column limit (16,384 columns in a merge)', () => {
  it.each([
    [
      'one file wider than the limit',
      [wideExport('a.csv', 'A', 3, 'PNX-1-A'), wideExport('wide.csv', 'W', 16_384, 'PNX-2-B'), wideExport('c.csv', 'A', 3, 'PNX-3-C')],
      'wide.csv was not merged: it has 16,385 columns, more than the 16,384 a merge can hold.',
      4,
    ],
    [
      'a file whose new columns would take the merge past the limit',
      [wideExport('a.csv', 'A', 10_000, 'PNX-1-A'), wideExport('wide.csv', 'W', 6_384, 'PNX-2-B'), wideExport('c.csv', 'A', 3, 'PNX-3-C')],
      'wide.csv was not merged: it has 6,385 columns, 6,384 of them new, which would take the merge to 16,385 columns, more than the 16,384 it can hold.',
      10_001,
    ],
  ])('%s: that file alone is refused, naming its column count and the limit; the others merge', (_, files, refusal, columns) => {
    const merger = mergeTexts(files);
    expect(merger.files.map((file) => file.status)).toEqual(['merged', 'refused', 'merged']);
    expect(merger.files[1]!.refusal).toBe(refusal);
    expect(merger.summary()).toMatchObject({ files: 3, filesMerged: 2, rowsIn: 2, rowsOut: 2, rejected: 0 });
    expect(merger.columns).toHaveLength(columns);
    expect(mergedRecords(merger).map((record) => record['Case reference'])).toEqual(['PNX-1-A', 'PNX-3-C']);
  });

  it('a merge of exactly 16,384 columns is merged', () => {
    const merger = mergeTexts([wideExport('a.csv', 'A', 10_000, 'PNX-1-A'), wideExport('b.csv', 'B', 6_383, 'PNX-2-B')]);
    expect(merger.files.map((file) => file.status)).toEqual(['merged', 'merged']);
    expect(merger.columns).toHaveLength(16_384);
  });
});
