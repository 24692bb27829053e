// Streaming a file (issue 8: a 200 MB file is streamed, never read whole): whatever the chunk
// boundaries, the merge of a file read in pieces equals the merge of the same bytes read whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedCsv } from '../../lib/csv/export';
import { CaseMerger, mergeStreams, type StreamedExport } from '../../lib/csv/merge';
import type { ReadOptions } from '../../lib/csv/import';
import { utf8 } from './csv-helpers';

// Small samples so that the encoding and the delimiter are decided on the first chunks, as a
// large file's are, and every later boundary goes through the streaming path.
const SMALL: ReadOptions = { sampleChars: 40, sniffBytes: 8 };

/** A file cut at the given byte offsets; `reads` counts how often it was read from the start. */
function cutFile(name: string, bytes: Uint8Array, cuts: readonly number[]): StreamedExport & { reads: number } {
  const points = [...new Set([0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length), bytes.length])].sort((a, b) => a - b);
  const file = {
    name,
    size: bytes.length,
    reads: 0,
    *chunks() {
      file.reads += 1;
      for (let i = 1; i < points.length; i += 1) yield bytes.slice(points[i - 1], points[i]);
    },
  };
  return file;
}

/** Everything a merge yields that the user sees: the CSV, the summary, the conflicts and each file's report. */
function outcome(merger: CaseMerger) {
  return { csv: mergedCsv(merger), summary: merger.summary(), conflicts: merger.conflicts(), reports: merger.files };
}

function whole(files: readonly { name: string; bytes: Uint8Array }[]) {
  const merger = new CaseMerger();
  for (const file of files) merger.addFile(file);
  return outcome(merger);
}

async function streamed(files: readonly { name: string; bytes: Uint8Array; cuts: readonly number[] }[]) {
  const sources = files.map((file) => cutFile(file.name, file.bytes, file.cuts));
  const merger = await mergeStreams(sources, {}, { readOptions: SMALL });
  return { ...outcome(merger), reads: sources.map((source) => source.reads) };
}

const HEAD = 'Case reference,Business name,Enquiry date,Notes\r\n';
const at = (bytes: Uint8Array, text: string): number => {
  const needle = utf8(text);
  for (let i = 0; i + needle.length <= bytes.length; i += 1) if (needle.every((byte, j) => bytes[i + j] === byte)) return i;
  throw new Error(`${text} not found`);
};

describe('mergeStreams: chunk boundaries', () => {
  const multiByte = utf8(`${HEAD}PNX-1-A,Café “Bon” 🚀,19-01-2026,x\r\nPNX-2-B,b,20-01-2026,y\r\n`);
  const quotedNewline = utf8(`${HEAD}PNX-1-A,"Line one\r\nline ""two"", end",19-01-2026,x\r\nPNX-2-B,b,,y\r\n`);
  const crlf = utf8(`${HEAD}PNX-1-A,a,19-01-2026,x\r\nPNX-2-B,b,20-01-2026,y\r\n`);
  const innerBom = utf8(`${HEAD}PNX-1-A,\uFEFFx,19-01-2026,y\r\n`);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`${HEAD}PNX-1-A,£1,19-01-2026,x\r\n`)]);
  const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...`${HEAD.replaceAll(',', '\t')}PNX-1-A\t“q”\t19-01-2026\tx\r\n`].map((c) => c.charCodeAt(0))).buffer)]);
  it.each([
    ['a multi-byte UTF-8 character split inside it', multiByte, [at(multiByte, '🚀') + 1, at(multiByte, '🚀') + 2, at(multiByte, '“') + 1, at(multiByte, 'é') + 1]],
    ['a quoted cell with a line break split at the break', quotedNewline, [at(quotedNewline, '\r\nline') + 1, at(quotedNewline, '""two') + 1]],
    ['a CRLF split between CR and LF', crlf, [at(crlf, '\r\nPNX-2') + 1]],
    ['a UTF-8 BOM split inside it', bom, [1, 2]],
    ['a U+FEFF inside a cell at the start of a chunk (kept: only the file\'s first BOM is taken off)', innerBom, [at(innerBom, '\uFEFF')]],
    ['a UTF-16 LE file split inside a character', utf16, [1, 3, 61, 99]],
  ])('%s: the same as read whole', async (_, bytes, cuts) => {
    const expected = whole([{ name: 'a.csv', bytes }]);
    expect((await streamed([{ name: 'a.csv', bytes, cuts }])).csv).toBe(expected.csv);
    // And cut at every byte.
    const everyByte = await streamed([{ name: 'a.csv', bytes, cuts: Array.from({ length: bytes.length }, (_, i) => i) }]);
    expect({ ...everyByte, reads: undefined }).toEqual({ ...expected, reads: undefined });
  });

  // The bytes of one read cut again into decode pieces (the workbench decodes a whole read slice at once).
  it.each([1, 2, 3, 7, 1 << 20])('decoded in pieces of %i bytes: the same as read whole', async (piece) => {
    const files = [
      { name: 'a.csv', bytes: multiByte },
      { name: 'b.csv', bytes: quotedNewline },
      { name: 'c.csv', bytes: bom },
    ];
    const merger = await mergeStreams(files.map((file) => cutFile(file.name, file.bytes, [])), {}, { readOptions: { ...SMALL, decodePieceBytes: piece } });
    expect(outcome(merger)).toEqual(whole(files));
  });

  it('any export cut anywhere merges as when read whole', async () => {
    const cell = fc.array(fc.constantFrom('a', 'é', '🚀', '“', ',', '"', '\r\n', '\n', ' ', '=', "'"), { maxLength: 6 }).map((parts) => parts.join(''));
    const exportFile = fc.record({
      rows: fc.array(fc.tuple(fc.constantFrom('PNX-1-A', 'pnx-1-a', 'PNX-2-B', 'PNX-3-C'), cell, cell), { maxLength: 8 }),
      newline: fc.constantFrom('\r\n', '\n'),
      bom: fc.boolean(),
      cuts: fc.array(fc.nat({ max: 400 }), { maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(exportFile, { minLength: 1, maxLength: 3 }), async (specs) => {
        const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
        const files = specs.map((spec, index) => ({
          name: `f${index}.csv`,
          bytes: utf8((spec.bom ? '\uFEFF' : '') + ['Case reference,Business name,Notes', ...spec.rows.map((row) => row.map(quote).join(','))].join(spec.newline) + spec.newline),
          cuts: spec.cuts,
        }));
        const { reads: _reads, ...result } = await streamed(files);
        expect(result).toEqual(whole(files));
      }),
      { numRuns: 200 },
    );
  });
});

describe('mergeStreams: the encoding decided on a later chunk', () => {
  const ascii = `${HEAD}PNX-1-A,plain,19-01-2026,x\r\n`;
  it.each([
    // Only ASCII before the invalid byte: Windows-1252 reads those bytes alike, so no second reading.
    ['ASCII, then a Windows-1252 "£"', [...utf8(ascii), ...utf8('PNX-2-B,'), 0xa3, ...utf8('5,,y\r\n')], 1],
    // Valid UTF-8 "é" handed on, then an invalid byte: the whole merge is read again.
    ['UTF-8 "é", then a Windows-1252 "£"', [...utf8(`${HEAD}PNX-1-A,Café,19-01-2026,x\r\n`), ...utf8('PNX-2-B,'), 0xa3, ...utf8('5,,y\r\n')], 2],
    // An invalid sequence cut at the end of the file.
    ['UTF-8 "é", then a lone lead byte at the end', [...utf8(`${HEAD}PNX-1-A,Café,19-01-2026,x\r\nPNX-2-B,`), 0xc3], 2],
  ])('%s: read as the whole file is', async (_, bytes, reads) => {
    const data = Uint8Array.from(bytes);
    const first = cutFile('first.csv', utf8(`${HEAD}PNX-9-Z,earlier,,\r\n`), [20]);
    // Cut after the first row, so that it is merged before the invalid byte is seen.
    const file = cutFile('late.csv', data, [at(data, 'PNX-2-B'), data.length - 4]);
    const merger = await mergeStreams([first, file], {}, { readOptions: SMALL });
    expect(outcome(merger)).toEqual(whole([{ name: 'first.csv', bytes: utf8(`${HEAD}PNX-9-Z,earlier,,\r\n`) }, { name: 'late.csv', bytes: data }]));
    expect(merger.files[1]!.encoding).toBe('Windows-1252');
    expect(file.reads).toBe(reads);
    expect(first.reads).toBe(reads);
  });

  it('a UTF-8 BOM file that breaks later is refused, with the whole-file reason; the others merge', async () => {
    const data = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(`${HEAD}PNX-1-A,a,,\r\nPNX-2-B,`), 0xff, ...utf8(',,\r\n')]);
    const merger = await mergeStreams([cutFile('bom.csv', data, [HEAD.length + 12]), cutFile('ok.csv', utf8(`${HEAD}PNX-3-C,c,,\r\n`), [])], {}, { readOptions: SMALL });
    expect(merger.files[0]).toMatchObject({ status: 'refused', refusal: 'bom.csv was not merged: it starts with a UTF-8 byte-order mark but is not valid UTF-8.' });
    expect(merger.summary()).toMatchObject({ files: 2, filesMerged: 1, rowsIn: 1, rowsOut: 1 });
    expect(outcome(merger)).toEqual(whole([{ name: 'bom.csv', bytes: data }, { name: 'ok.csv', bytes: utf8(`${HEAD}PNX-3-C,c,,\r\n`) }]));
  });
});

describe('mergeStreams: size limits', () => {
  it.each([
    ['one file over the per-file limit', [2_000, 120, 100], { fileBytes: 1_000, totalBytes: 10_000 }, 'big.csv was not merged: it is 0 MB, more than the 0 MB a merge reads from one file.'],
  ])('%s: refused by name before a byte is read; the others merge', async (_, sizes, limits, refusal) => {
    const text = (reference: string, size: number) => `${HEAD}${reference},${'x'.repeat(Math.max(0, size - HEAD.length - reference.length - 6))},,\r\n`;
    const files = [cutFile('big.csv', utf8(text('PNX-1-A', sizes[0]!)), []), cutFile('b.csv', utf8(text('PNX-2-B', sizes[1]!)), []), cutFile('c.csv', utf8(text('PNX-3-C', sizes[2]!)), [])];
    const merger = await mergeStreams(files, {}, { limits });
    expect(merger.files.map((file) => file.status)).toEqual(['refused', 'merged', 'merged']);
    expect(merger.files[0]!.refusal).toBe(refusal);
    expect(files[0]!.reads).toBe(0);
  });

  it('words the limits in MB and GB', async () => {
    const huge = { name: 'huge.csv', size: 3 * 1024 ** 3, chunks: () => [] };
    const big = { name: 'big.csv', size: 900 * 1024 ** 2, chunks: () => [] };
    const merger = await mergeStreams([big, { ...big, name: 'big2.csv' }, huge], {}, {});
    expect(merger.files.map((file) => file.refusal)).toEqual([
      'big.csv was not merged: the file is empty.',
      'big2.csv was not merged: it is 900 MB and the files before it 900 MB, more than the 1.5 GB a merge reads in all.',
      'huge.csv was not merged: it is 3.0 GB, more than the 1.0 GB a merge reads from one file.',
    ]);
  });
});
