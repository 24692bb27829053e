/**
 * Bytes to text for a case-list export, whatever Excel or the portal did to it: UTF-8 with or
 * without a BOM, UTF-16 LE/BE with a BOM (Excel's "Unicode text"), and Windows-1252 when the bytes
 * are not valid UTF-8 (so "£" and curly quotes survive). Files that are plainly not text are refused.
 */

export type TextEncodingName = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252';

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly reason: string };

// Magic numbers of files people pick by mistake instead of the CSV.
const SIGNATURES: readonly (readonly [readonly number[], string])[] = [
  [[0x50, 0x4b, 0x03, 0x04], 'it is a ZIP archive or an Excel workbook (.xlsx), not a CSV'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'it is an old Excel workbook (.xls), not a CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'it is a PDF, not a CSV'],
  [[0x89, 0x50, 0x4e, 0x47], 'it is a PNG image, not a CSV'],
  [[0xff, 0xd8, 0xff], 'it is a JPEG image, not a CSV'],
  [[0x47, 0x49, 0x46, 0x38], 'it is a GIF image, not a CSV'],
  [[0x1f, 0x8b], 'it is a gzip archive, not a CSV'],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * True when the first 4 KB look like binary data: NUL bytes or many control characters. A stray
 * NUL inside a cell is tolerated (it is text someone pasted); a file full of them is not a CSV.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c)) control += 1;
  }
  return control > 8 && control * 20 > sample.length;
}

function decoder(label: string, fatal: boolean): TextDecoder {
  // ignoreBOM: false (the default) strips the BOM the label's encoding expects.
  return new TextDecoder(label, { fatal });
}

export function decodeExport(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return decodeOrRefuse(bytes, 'utf-8', 'UTF-8 with BOM');
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeOrRefuse(bytes, 'utf-16le', 'UTF-16 LE');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeOrRefuse(bytes, 'utf-16be', 'UTF-16 BE');
  for (const [signature, reason] of SIGNATURES) {
    if (startsWith(bytes, signature)) return { ok: false, reason };
  }
  if (looksBinary(bytes)) return { ok: false, reason: 'it is not text (binary data)' };
  try {
    return { ok: true, text: decoder('utf-8', true).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not valid UTF-8: Excel's "CSV" on Windows writes the ANSI code page.
    return { ok: true, text: fixC1(decoder('windows-1252', false).decode(bytes)), encoding: 'Windows-1252' };
  }
}

function decodeOrRefuse(bytes: Uint8Array, label: string, encoding: TextEncodingName): Decoded {
  try {
    return { ok: true, text: decoder(label, true).decode(bytes), encoding };
  } catch {
    return { ok: false, reason: `it starts with a ${encoding} byte-order mark but is not valid ${encoding.replace(' with BOM', '')}` };
  }
}

// Windows-1252's 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Browsers' decoders
// map them; Node 20's decodes them as Latin-1 control characters, so they are mapped here too.
const CP1252_C1 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}
