import { describe, expect, it } from 'vitest';
import { decodeExport } from '../../lib/csv/decode';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
function utf16(text: string, littleEndian: boolean): number[] {
  const out: number[] = littleEndian ? [0xff, 0xfe] : [0xfe, 0xff];
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    out.push(...(littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff]));
  }
  return out;
}

describe('decodeExport', () => {
  it.each([
    { description: 'UTF-8 without BOM', input: [...new TextEncoder().encode('Case reference\n£5 “x”')], encoding: 'UTF-8', text: 'Case reference\n£5 “x”' },
    { description: 'UTF-8 with BOM (BOM dropped)', input: [0xef, 0xbb, 0xbf, ...ascii('Case reference')], encoding: 'UTF-8 with BOM', text: 'Case reference' },
    { description: "UTF-16 LE with BOM (Excel's Unicode text)", input: utf16('Case reference\tCase stage\n£', true), encoding: 'UTF-16 LE', text: 'Case reference\tCase stage\n£' },
    { description: 'UTF-16 BE with BOM', input: utf16('Case reference\n“q”', false), encoding: 'UTF-16 BE', text: 'Case reference\n“q”' },
    { description: 'Windows-1252 when not valid UTF-8: £ and curly quotes survive', input: [...ascii('Case reference,Note\nPNX-1,'), 0xa3, 0x35, 0x20, 0x93, 0x68, 0x69, 0x94], encoding: 'Windows-1252', text: 'Case reference,Note\nPNX-1,£5 “hi”' },
    // The property test's counterexample (seed 70126834): a short file whose cells are mostly NULs and control characters.
    { description: 'a clean header over cells full of control characters is text', input: [...ascii('Notes,Case reference\r\n'), 0x1f, 0, 0x2c, ...ascii('PNX-1'), 0, 0, 0x1f, 0x0d, 0x0a, 0, 0, 0x2c, ...ascii('PNX-2'), 0x1f, 0, 0, 0x1f], encoding: 'UTF-8', text: 'Notes,Case reference\r\n\u001f\u0000,PNX-1\u0000\u0000\u001f\r\n\u0000\u0000,PNX-2\u001f\u0000\u0000\u001f' },
    { description: 'a stray NUL in a cell is still text', input: [...ascii('Case reference\nPNX-1'), 0, ...ascii('x\n')], encoding: 'UTF-8', text: 'Case reference\nPNX-1\u0000x\n' },
    // Past the first 4 KB (decoded as a stream would be): letters, then a character cut short at the end.
    { description: 'UTF-8 letters past 4 KB, then a cut character: Windows-1252', input: [...ascii('Case reference\n'), ...Array.from({ length: 3000 }, () => [0xc3, 0xa9]).flat(), 0xc3], encoding: 'Windows-1252', text: `Case reference\n${'Ã©'.repeat(3000)}Ã` },
  ])('$description', ({ input, encoding, text }) => {
    const decoded = decodeExport(bytes(...input));
    expect(decoded).toEqual({ ok: true, encoding, text });
  });

  it.each([
    { description: 'an empty file', input: [], reason: /empty/ },
    { description: 'an Excel workbook', input: [0x50, 0x4b, 0x03, 0x04, 1, 2, 3], reason: /Excel workbook/ },
    { description: 'a PDF', input: ascii('%PDF-1.7 ...'), reason: /PDF/ },
    { description: 'binary data', input: Array.from({ length: 400 }, (_, i) => (i * 7) % 32), reason: /binary/ },
    { description: 'binary data whose first line is text', input: [...ascii('Case reference'), 0, 1, 2, 0x0a, ...Array.from({ length: 400 }, (_, i) => (i * 7) % 32)], reason: /binary/ },
    { description: 'a UTF-16 BOM over odd bytes', input: [0xff, 0xfe, 0x00, 0xd8, 0x41], reason: /not valid UTF-16 LE/ },
    { description: 'a UTF-16 BOM over odd bytes past 4 KB', input: [...utf16('Case reference\n'.repeat(300), true), 0x41], reason: /not valid UTF-16 LE/ },
  ])('refuses $description', ({ input, reason }) => {
    const decoded = decodeExport(bytes(...input));
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toMatch(reason);
  });
});
