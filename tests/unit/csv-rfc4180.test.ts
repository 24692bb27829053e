// The chunked scanner reads every text as PapaParse does, whatever the chunk boundaries.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellValue, CsvScanner, csvLineOf, guessNewline, splitCsvLine, type Newline } from '../../lib/csv/rfc4180';

function scan(text: string, delimiter: string, newline: Newline, cuts: readonly number[] = []): string[][] {
  const rows: string[][] = [];
  const scanner = new CsvScanner(delimiter, newline, (row) => {
    rows.push(Array.from({ length: row.count }, (_, i) => cellValue(row, i)));
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(text.slice(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  scanner.push(text.slice(at));
  scanner.end();
  return rows;
}

function papa(text: string, delimiter: string, newline: Newline): string[][] {
  const rows = Papa.parse<string[]>(text, { delimiter, newline }).data;
  // Papa hands on an empty row after a final line break; the scanner does not.
  if (rows.length > 0 && text.endsWith(newline) && rows.at(-1)!.length === 1 && rows.at(-1)![0] === '') rows.pop();
  return rows;
}

const text = fc.array(fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\n', '\r', '\r\n', '£', '🚀', '\t'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('CsvScanner', () => {
  it('reads as PapaParse does, and the same in any chunks', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t'), fc.array(fc.nat({ max: 60 }), { maxLength: 6 }), (input, delimiter, cuts) => {
        const newline = guessNewline(input);
        const whole = scan(input, delimiter, newline);
        expect(whole).toEqual(papa(input, delimiter, newline));
        expect(scan(input, delimiter, newline, cuts)).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a quoted cell with a line break, cut inside it', 'x,"a\r\nb"\r\ny,z\r\n', [4, 5, 6]],
    ['a CRLF cut between CR and LF', 'x,y\r\nz,w\r\n', [4]],
    ['a doubled quote cut between its quotes', 'x,"a""b"\r\n', [5]],
    ['a closing quote at the end of a chunk', 'x,"ab"\r\nc\r\n', [6]],
  ])('%s', (_, input, cuts) => {
    expect(scan(input, ',', '\r\n', cuts)).toEqual(scan(input, ',', '\r\n'));
  });

  it('splits a written line back into its cells', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ') }), { minLength: 1, maxLength: 6 }), (cells) => {
        expect(splitCsvLine(csvLineOf(cells))).toEqual(cells);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    { line: 'a,b,c', limit: 0, cells: [] },
    { line: 'a,b,c', limit: 1, cells: ['a'] },
    { line: 'a,b,c', limit: 2, cells: ['a', 'b'] },
    { line: 'a,b,c', limit: 3, cells: ['a', 'b', 'c'] },
    { line: 'a,b,c', limit: 9, cells: ['a', 'b', 'c'] },
    { line: 'a,b,', limit: 3, cells: ['a', 'b', ''] },
    { line: '"a,1",b,"c""d"', limit: 1, cells: ['a,1'] },
    { line: '"a,1",b,"c""d"', limit: 2, cells: ['a,1', 'b'] },
    { line: '"a,1",b,"c""d"', limit: 3, cells: ['a,1', 'b', 'c"d'] },
    { line: 'x,"y\r\nz",', limit: 2, cells: ['x', 'y\r\nz'] },
    { line: 'x,"y\r\nz",', limit: 3, cells: ['x', 'y\r\nz', ''] },
    { line: 'x,"unclosed', limit: 5, cells: ['x', 'unclosed'] },
  ])('splits $line into at most $limit cell(s)', ({ line, limit, cells }) => {
    expect(splitCsvLine(line, limit)).toEqual(cells);
  });

  it('splits with a limit into the first cells of the whole split', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ') }), { minLength: 1, maxLength: 6 }), fc.nat(8), (cells, limit) => {
        const line = csvLineOf(cells);
        expect(splitCsvLine(line, limit)).toEqual(splitCsvLine(line).slice(0, limit));
      }),
      { numRuns: 1000 },
    );
  });
});
