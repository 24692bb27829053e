// The chunked scanner reads every text the same whatever the chunk boundaries, and as PapaParse does
// except where Papa reports "InvalidQuotes" (a closing quote followed by other text): there it reads
// as Excel does, listed below.
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

/** Papa's rows, or undefined where Papa reads a malformed closing quote on to the next quote. */
function papa(text: string, delimiter: string, newline: Newline): string[][] | undefined {
  const parsed = Papa.parse<string[]>(text, { delimiter, newline });
  if (parsed.errors.some((error) => error.code === 'InvalidQuotes')) return undefined;
  const rows = parsed.data;
  // Papa hands on an empty row after a final line break; the scanner does not.
  if (rows.length > 0 && text.endsWith(newline) && rows.at(-1)!.length === 1 && rows.at(-1)![0] === '') rows.pop();
  return rows;
}

/** Cells with text after their closing quote, as the scanner flags them. */
function strays(text: string, delimiter: string, newline: Newline): number {
  let count = 0;
  const scanner = new CsvScanner(delimiter, newline, (row) => {
    count += row.strays;
  });
  scanner.push(text);
  scanner.end();
  return count;
}

const text = fc.array(fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\n', '\r', '\r\n', '£', '🚀', '\t'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('CsvScanner', () => {
  it('reads as PapaParse does where Papa finds no malformed closing quote, and the same in any chunks', () => {
    let compared = 0;
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t'), fc.array(fc.nat({ max: 60 }), { maxLength: 6 }), (input, delimiter, cuts) => {
        const newline = guessNewline(input);
        const whole = scan(input, delimiter, newline);
        const expected = papa(input, delimiter, newline);
        if (expected !== undefined) {
          compared += 1;
          expect(whole).toEqual(expected);
          expect(strays(input, delimiter, newline)).toBe(0);
        }
        expect(scan(input, delimiter, newline, cuts)).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
    // The comparison is not left to chance: most generated texts are ones Papa reads as we do.
    expect(compared).toBeGreaterThan(1500);
  });

  // Where Papa would read on to the next quote (possibly many lines later), the cell ends at the
  // next delimiter or line break with the text after the closing quote in it, as Excel reads it.
  it.each([
    { input: 'a,"Big" Bank Ltd,View\r\nb,Other,View\r\nc,"Quoted",View\r\n', rows: [['a', 'Big Bank Ltd', 'View'], ['b', 'Other', 'View'], ['c', 'Quoted', 'View']], stray: 1 },
    { input: '"a"b"c",d\r\ne\r\n', rows: [['ab"c"', 'd'], ['e']], stray: 1 },
    { input: '"a""b"c,d\r\n', rows: [['a"bc', 'd']], stray: 1 },
    { input: '"a\r\nb" x,y\r\nz\r\n', rows: [['a\r\nb x', 'y'], ['z']], stray: 1 },
    { input: '"a" "b","c"d\r\n"e"\r\n', rows: [['a "b"', 'cd'], ['e']], stray: 2 },
    { input: 'x,"a" b', rows: [['x', 'a b']], stray: 1 },
    { input: 'x,"a"b\r\n"', rows: [['x', 'ab'], ['']], stray: 1 },
    { input: 'x,"a"\rb\r\ny\r\n', rows: [['x', 'a\rb'], ['y']], stray: 1 },
    { input: 'x,"a"  ,b\r\n', rows: [['x', 'a', 'b']], stray: 0 },
    { input: 'x,"a"  \r\nb\r\n', rows: [['x', 'a'], ['b']], stray: 0 },
    { input: 'x,"never closed\r\ny,z', rows: [['x', 'never closed\r\ny,z']], stray: 0 },
  ])('a malformed quote: $input', ({ input, rows, stray }) => {
    expect(scan(input, ',', '\r\n')).toEqual(rows);
    expect(strays(input, ',', '\r\n')).toBe(stray);
    for (let cut = 1; cut < input.length; cut += 1) expect(scan(input, ',', '\r\n', [cut]), `cut at ${cut}`).toEqual(rows);
    expect(scan(input, ',', '\r\n', Array.from({ length: input.length }, (_, i) => i))).toEqual(rows);
  });

  it('reads texts full of misplaced quotes the same in any chunks', () => {
    const quoteHeavy = fc.array(fc.constantFrom('"', '"a"b', '" ', 'a', ',', '\r\n', '\n', '""'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(quoteHeavy, fc.array(fc.nat({ max: 80 }), { maxLength: 8 }), (input, cuts) => {
        expect(scan(input, ',', '\r\n', cuts)).toEqual(scan(input, ',', '\r\n'));
      }),
      { numRuns: 2000 },
    );
  });

  // A row is handed on as soon as its line break is in: after each chunk, the rows handed on are those
  // the same text pushed in one piece gives (the chunks are followed, not saved up until the end).
  it('hands each row on as soon as its line break has come, in any chunks', () => {
    const quoteHeavy = fc.array(fc.constantFrom('"', '"a"b', '" ', ' ', 'a', ',', '\r', '\r\n', '\n', '""'), { maxLength: 40 }).map((parts) => parts.join(''));
    const handedInOnePiece = (text: string, newline: Newline): number => {
      let count = 0;
      new CsvScanner(',', newline, () => {
        count += 1;
      }).push(text);
      return count;
    };
    fc.assert(
      fc.property(quoteHeavy, fc.constantFrom<Newline>('\r\n', '\n', '\r'), fc.array(fc.nat({ max: 80 }), { maxLength: 8 }), (input, newline, cuts) => {
        let handed = 0;
        const scanner = new CsvScanner(',', newline, () => {
          handed += 1;
        });
        let at = 0;
        for (const cut of [...cuts, input.length].map((c) => Math.min(c, input.length)).sort((a, b) => a - b)) {
          scanner.push(input.slice(at, cut));
          at = Math.max(at, cut);
          expect(handed, `after ${at} characters`).toBe(handedInOnePiece(input.slice(0, at), newline));
        }
      }),
      { numRuns: 2000 },
    );
  });

  // Long rows in small chunks (the unfinished row is kept in pieces and joined once): the same rows.
  it.each([
    ['a long quoted cell with line breaks', `a,"${'x'.repeat(30_000)}\r\n${'y""'.repeat(5_000)}"\r\nb,c\r\n`],
    ['a long unquoted cell', `a,${'x'.repeat(50_000)}\r\nb,c`],
    ['a quote never closed, then many lines', `a,b\r\nc,"oops\r\n${'d,e\r\n'.repeat(5_000)}`],
    ['a long text after a closing quote', `a,"b"${' c'.repeat(20_000)},d\r\ne\r\n`],
    ['long spaces after a closing quote', `a,"b"${' '.repeat(20_000)}\r\ne\r\n`],
    ['many short rows', 'PNX-1,"x, y",z\r\n'.repeat(3_000)],
  ])('%s: the same rows in any chunk size', (_, input) => {
    const whole = scan(input, ',', '\r\n');
    for (const size of [1, 2, 3, 7, 64, 1000, 65536]) {
      const cuts = Array.from({ length: Math.ceil(input.length / size) }, (_, i) => i * size);
      expect(scan(input, ',', '\r\n', cuts), `chunks of ${size}`).toEqual(whole);
    }
  });

  it.each([
    [',', '\n', 'a,"b"c,d\n"e"f\n'],
    [';', '\r\n', 'a;"b"c;d\r\n"e"f\r\n'],
    ['\t', '\r', 'a\t"b"c\td\r"e"f\r'],
  ] as const)('a malformed quote with %j and %j: each line its own row', (delimiter, newline, input) => {
    expect(scan(input, delimiter, newline)).toEqual([['a', 'bc', 'd'], ['ef']]);
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
