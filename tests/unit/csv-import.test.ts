import { describe, expect, it } from 'vitest';
import { readAll, utf8 } from './csv-helpers';

const HEADER = 'Case reference,Case stage,Enquiry date';

describe('readExport: shapes of file', () => {
  it.each([
    { description: 'comma, CRLF', text: `${HEADER}\r\nPNX-1-A,View,19-01-2026\r\n`, delimiter: ',', lineEnding: 'CRLF' },
    { description: 'semicolon, LF', text: 'Case reference;Case stage;Enquiry date\nPNX-1-A;View;19-01-2026\n', delimiter: ';', lineEnding: 'LF' },
    { description: 'tab (Excel Unicode text)', text: 'Case reference\tCase stage\tEnquiry date\nPNX-1-A\tView\t19-01-2026', delimiter: '\t', lineEnding: 'LF' },
    { description: 'semicolons inside cells of a comma file', text: `${HEADER}\nPNX-1-A,View; then Decision,19-01-2026\n`, delimiter: ',', lineEnding: 'LF' },
    { description: 'trailing blank lines are not rows', text: `${HEADER}\r\nPNX-1-A,View,19-01-2026\r\n\r\n\r\n  \r\n`, delimiter: ',', lineEnding: 'CRLF' },
    { description: 'a BOM before the header', text: `\uFEFF${HEADER}\nPNX-1-A,View,19-01-2026`, delimiter: ',', lineEnding: 'LF' },
  ])('$description', ({ text, delimiter, lineEnding }) => {
    const { report, rows } = readAll({ name: 'a.csv', bytes: utf8(text) });
    expect(report.status).toBe('merged');
    expect(report.delimiter).toBe(delimiter);
    expect(report.lineEnding).toBe(lineEnding);
    expect(report.rowsRead).toBe(1);
    expect(rows.map((row) => row.cells)).toEqual([['PNX-1-A', delimiter === ',' && text.includes('then') ? 'View; then Decision' : 'View', '19-01-2026']]);
  });

  it.each([
    { description: 'tab, only Case reference known, comma in a cell', text: 'Case reference\tRemark\nPNX-1-A\ta, b\n', delimiter: '\t' },
    { description: 'tab, one known header and an empty column', text: 'Case reference\t\r\nPNX-1-A\t"a, b"\r\n', delimiter: '\t' },
    { description: 'semicolon, only Case reference known', text: 'Case reference;Remark\nPNX-1-A;x, y\n', delimiter: ';' },
  ])('finds the delimiter when few headers are known: $description', ({ text, delimiter }) => {
    const { report, rows } = readAll({ name: 'd.csv', bytes: utf8(text) });
    expect(report.delimiter).toBe(delimiter);
    expect(report.rowsRejected).toBe(0);
    expect(rows[0]!.cells[0]).toBe('PNX-1-A');
  });

  it('reads quoted cells with commas, doubled quotes and new lines, and counts lines through them', () => {
    const text = `${HEADER}\r\n"PNX-1-A","He said ""no"", then\r\nleft",19-01-2026\r\nPNX-2-B,,31-02-2026\r\n`;
    const { report, rows } = readAll({ name: 'q.csv', bytes: utf8(text) });
    expect(rows).toEqual([
      { cells: ['PNX-1-A', 'He said "no", then\r\nleft', '19-01-2026'], reference: 'PNX-1-A', line: 2 },
      { cells: ['PNX-2-B', '', '31-02-2026'], reference: 'PNX-2-B', line: 4 },
    ]);
    expect(report.warnings).toEqual([
      { line: 4, kind: 'unparseable-date', message: expect.stringContaining('Enquiry date "31-02-2026"') },
    ]);
  });
});

describe('readExport: headers through the glossary', () => {
  it('matches case, spaces and aliases; keeps unknown columns; disambiguates duplicates', () => {
    const text = ' CASE  REFERENCE ,Stage,Notes,Business ref,notes,Case stage\nPNX-1-A,View,n1,b1,n2,Decision\n';
    const { report, header } = readAll({ name: 'h.csv', bytes: utf8(text) });
    expect(header!.columns.map((column) => [column.id, column.name])).toEqual([
      ['caseReference', 'Case reference'],
      ['caseStage', 'Case stage'],
      ['x:notes', 'Notes'],
      ['businessReference', 'Business reference'],
      ['x:notes (2)', 'notes (2)'],
      ['x:case stage (2)', 'Case stage (2)'],
    ]);
    expect(report.duplicateHeaders).toEqual([
      { header: 'notes', renamedTo: 'notes (2)' },
      { header: 'Case stage', renamedTo: 'Case stage (2)' },
    ]);
    expect(report.columnsFound).toEqual(['Case reference', 'Case stage', 'Business reference']);
    expect(report.columnsMissing).toHaveLength(25);
    expect(report.columnsMissing).toContain('Closure date');
    expect(report.unknownColumns).toEqual(['Notes', 'notes (2)', 'Case stage (2)']);
    expect(report.warningCounts['duplicate-header']).toBe(2);
  });
});

describe('readExport: our own neutralisation of a header is undone as a cell\'s is', () => {
  it.each([
    { header: "Case reference,'-Notes,'@Team", columns: ['Case reference', '-Notes', '@Team'] },
    { header: "\uFEFFCase reference,'=Total,'+Extra", columns: ['Case reference', '=Total', '+Extra'] },
    { header: "Case reference,'-5,'Notes,''=x", columns: ['Case reference', "'-5", "'Notes", "''=x"] },
  ])('$header', ({ header, columns }) => {
    const read = readAll({ name: 'h.csv', bytes: utf8(`${header}\nPNX-1-A,a,b,c\n`) });
    expect(read.header?.columns.map((column) => column.name)).toEqual(columns);
  });
});

describe('readExport: the per-file report', () => {
  const text = [
    'Case reference,Enquiry date,Closure date,Case stage', // line 1
    'PNX-1-A,19-01-2026,,View', // 2
    'PNX-2-B,20/01/2026,2026-02-01,View', // 3
    ',21-01-2026,,View', // 4: no reference
    'PNX-3-C,22-01-2026', // 5: short (padded)
    'PNX-4-D,23-01-2026,,View,extra', // 6: extra non-empty cell (rejected)
    'PNX-5-E,01/13/2026,,View,', // 7: month-first date; one empty extra cell (kept)
  ].join('\n');
  const { report, rows } = readAll({ name: 'cases 2026.csv', bytes: utf8(text) });

  it.each([
    ['rowsRead', 6],
    ['rowsRejected', 2],
    ['encoding', 'UTF-8'],
    ['delimiter', ','],
    ['dateFormat', 'mixed'],
    ['dateFormats', { 'dd-MM-yyyy': 2, 'dd/MM/yyyy': 1, 'yyyy-MM-dd': 1 }],
  ] as const)('%s', (key, expected) => {
    expect(report[key]).toEqual(expected);
  });

  it('lists warnings with line numbers', () => {
    expect(report.warnings.map((warning) => [warning.line, warning.kind])).toEqual([
      [4, 'missing-reference'],
      [5, 'ragged-row'],
      [6, 'ragged-row'],
      [7, 'ragged-row'],
      [7, 'unparseable-date'],
    ]);
    expect(report.rejectedRows).toEqual([
      { file: 'cases 2026.csv', line: 4, reason: 'no Case reference' },
      { file: 'cases 2026.csv', line: 6, reason: '5 cells where the header has 4', reference: 'PNX-4-D' },
    ]);
  });

  it('pads short rows and keeps rows with only empty extra cells', () => {
    expect(rows.map((row) => row.cells)).toEqual([
      ['PNX-1-A', '19-01-2026', '', 'View'],
      ['PNX-2-B', '20/01/2026', '2026-02-01', 'View'],
      ['PNX-3-C', '22-01-2026', '', ''],
      ['PNX-5-E', '01/13/2026', '', 'View'],
    ]);
  });

  it('reports one date format when only one is seen', () => {
    const single = readAll({ name: 'd.csv', bytes: utf8('Case reference,Enquiry date\nPNX-1-A,19-01-2026\n') });
    expect(single.report.dateFormat).toBe('dd-MM-yyyy');
  });
});

describe('readExport: refusals name the file and the reason', () => {
  it.each([
    { description: 'no Case reference column', name: 'people.csv', bytes: utf8('Name,Email\nAnn,a@x\n'), reason: /^people\.csv was not merged: it has no "Case reference" column.*"Name", "Email"/ },
    { description: 'an empty file', name: 'empty.csv', bytes: new Uint8Array(), reason: /^empty\.csv was not merged: the file is empty/ },
    { description: 'only blank lines', name: 'blank.csv', bytes: utf8('\r\n \r\n'), reason: /^blank\.csv was not merged: the file is empty/ },
    { description: 'a workbook', name: 'cases.xlsx', bytes: Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), reason: /^cases\.xlsx was not merged: .*Excel workbook/ },
  ])('$description', ({ name, bytes, reason }) => {
    const { report, rows } = readAll({ name, bytes });
    expect(report.status).toBe('refused');
    expect(report.refusal).toMatch(reason);
    expect(rows).toEqual([]);
  });
});

describe('readExport: our own formula neutralisation is undone', () => {
  it.each([
    ["'=SUM(A1)", '=SUM(A1)'],
    ["'+44 20", '+44 20'],
    ["'-x", '-x'],
    ["'@cmd", '@cmd'],
    ["O'Brien", "O'Brien"],
    ["'plain", "'plain"],
    ["'-", '-'],
    ["'-5", "'-5"],
    ["'+447700900123", "'+447700900123"],
    ["'-3.5", "'-3.5"],
    ["'.5", "'.5"],
    ["''=HYPERLINK(x)", "''=HYPERLINK(x)"],
    ["'-see notes", '-see notes'],
    ["'-5 days", '-5 days'],
  ])('%s -> %s', (written, read) => {
    const { rows } = readAll({ name: 'n.csv', bytes: utf8(`Case reference,Business name\nPNX-1-A,"${written}"\n`) });
    expect(rows[0]!.cells[1]).toBe(read);
  });
});
