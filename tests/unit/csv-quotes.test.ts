// Malformed quotes (review of the merge, session 6): a quote never closed, and text after a closing
// quote, lose no row, say where they are, and come out as CSV that reads back the same.
import { describe, expect, it } from 'vitest';
import { mergedCsv } from '../../lib/csv/export';
import { mergeTexts, readAll, utf8 } from './csv-helpers';

const HEADER = 'Case reference,Business name\r\n';
const LATER = { name: 'b_2026-01-02.csv', text: `${HEADER}PNX-2,B\r\nPNX-3,C\r\n` };

describe('a quote never closed', () => {
  it.each([
    ['at the very end of the file', `${HEADER}PNX-1,"Acme`, 'Acme'],
    ['before a final line break', `${HEADER}PNX-1,"Acme\r\n`, 'Acme\r\n'],
    ['with a doubled quote inside', `${HEADER}PNX-1,"Ac""me`, 'Ac""me'],
    ['with a comma inside', `${HEADER}PNX-1,"Acme, Ltd`, 'Acme, Ltd'],
    ['in the key cell', `${HEADER}"PNX-1,Acme`, undefined],
  ])('%s: the merged file reads back with every row and cell', (_, text, businessName) => {
    const merger = mergeTexts([{ name: 'a_2026-01-01.csv', text }, LATER]);
    expect(merger.files[0]!.warningCounts['unclosed-quote']).toBe(1);
    const summary = merger.summary();
    expect(summary.rowsIn).toBe(summary.rowsOut + summary.superseded + summary.rejected);
    const out = mergedCsv(merger);
    const again = readAll({ name: 'merged.csv', bytes: utf8(out) });
    expect(again.report.warningCounts).toEqual({});
    expect(again.rows).toHaveLength(merger.size);
    const name = again.header!.columns.findIndex((column) => column.name === 'Business name');
    again.rows.forEach((row, index) => {
      expect(row.cells).toEqual(merger.cellsOf(index));
      expect(row.cells).toHaveLength(2);
    });
    if (businessName !== undefined) expect(again.rows.find((row) => row.reference === 'PNX-1')?.cells[name]).toBe(businessName);
    expect(again.rows.map((row) => row.reference)).toEqual(expect.arrayContaining(['PNX-2', 'PNX-3']));
  });
});

describe('text after a closing quote', () => {
  // Each line stays its own row, the cell is read as Excel reads it, and each such cell is warned of with its line.
  it.each([
    {
      what: 'the review case: a quoted word then more text',
      text: 'Case reference,Business name,Case stage\r\nPNX-1,"Big" Bank Ltd,View\r\nPNX-2,Other,View\r\nPNX-3,Third,View\r\nPNX-4,"Quoted",View\r\nPNX-5,Fifth,View\r\n',
      names: ['Big Bank Ltd', 'Other', 'Third', 'Quoted', 'Fifth'],
      lines: [2],
    },
    {
      what: 'two such cells in one row, after a cell with line breaks',
      text: 'Case reference,Business name,Case stage\r\nPNX-1,"two\r\nlines",View\r\nPNX-2,"A" B,"C"D\r\nPNX-3,x,View\r\n',
      names: ['two\r\nlines', 'A B', 'x'],
      lines: [4, 4],
    },
    {
      what: 'in the key cell, LF line ends',
      text: 'Case reference,Business name\n"PNX-1" ,a\n"PNX-2"x,b\nPNX-3,"c"\n',
      names: ['a', 'b', 'c'],
      lines: [3],
    },
    {
      what: 'semicolons, a doubled quote inside',
      text: 'Case reference;Business name\r\nPNX-1;"say ""hi"" " there\r\nPNX-2;"ok"\r\n',
      names: ['say "hi"  there', 'ok'],
      lines: [2],
    },
  ])('$what', ({ text, names, lines }) => {
    const merger = mergeTexts([{ name: 'a.csv', text }]);
    const report = merger.files[0]!;
    expect(merger.summary()).toMatchObject({ rowsIn: names.length, rowsOut: names.length, rejected: 0 });
    expect(report.warnings.filter((warning) => warning.kind === 'stray-quote').map((warning) => warning.line)).toEqual(lines);
    expect(report.warningCounts['stray-quote']).toBe(lines.length);
    for (const warning of report.warnings) expect(warning.message).toMatch(new RegExp(`^Line ${warning.line}: `));
    const name = merger.columns.findIndex((column) => column.name === 'Business name');
    expect(merger.rows.map((_, index) => merger.cellsOf(index)[name])).toEqual(names);
    // The merged file reads back the same, without a warning.
    const again = readAll({ name: 'merged.csv', bytes: utf8(mergedCsv(merger)) });
    expect(again.report.warningCounts).toEqual({});
    expect(again.rows.map((row) => row.cells)).toEqual(merger.rows.map((_, index) => merger.cellsOf(index)));
  });
});
