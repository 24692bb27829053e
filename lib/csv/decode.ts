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

const isControl = (byte: number) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c;

/**
 * True when the first 4 KB look like binary data: NUL bytes or many control characters. A file
 * whose first line is a clean line of text (a header: no control bytes) is a table, whatever its
 * cells hold, and is read as text: hostile cells are kept, never the whole file refused. Otherwise
 * a stray NUL is tolerated (text someone pasted); a file full of them is not a CSV.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  const lineEnd = sample.findIndex((byte) => byte === 0x0a || byte === 0x0d);
  if (lineEnd > 0 && !sample.subarray(0, lineEnd).some(isControl)) return false;
  let control = 0;
  for (const byte of sample) if (isControl(byte)) control += 1;
  return control > 8 && control * 20 > sample.length;
}

function decoder(label: string, fatal: boolean): TextDecoder {
  // ignoreBOM: false (the default) strips the BOM the label's encoding expects.
  return new TextDecoder(label, { fatal });
}

/** A whole file's bytes as text: the StreamDecoder below, given them in one piece. */
export function decodeExport(bytes: Uint8Array): Decoded {
  let stream = new StreamDecoder();
  let text: string;
  try {
    text = stream.push(bytes) + stream.end();
  } catch (error) {
    // A character cut short at the very end, after others were decoded: the whole file again, as decided.
    if (!(error instanceof DecodeRestart)) throw error;
    if ('refusal' in error.decision) return { ok: false, reason: error.decision.refusal };
    stream = new StreamDecoder('Windows-1252');
    text = stream.push(bytes) + stream.end();
  }
  return stream.refusal !== undefined ? { ok: false, reason: stream.refusal } : { ok: true, text, encoding: stream.encoding! };
}

function bomRefusal(encoding: TextEncodingName): string {
  const name = encoding.replace(' with BOM', '');
  return `it starts with a ${name} byte-order mark but is not valid ${name}`;
}

// Windows-1252's 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Browsers' decoders
// map them; Node 20's decodes them as Latin-1 control characters, so they are mapped here too.
const CP1252_C1 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

/**
 * What a stream of bytes turned out to need after some of its text was already handed on: read
 * again from the start as Windows-1252 (valid UTF-8 letters came before an invalid byte), or refuse
 * (a BOM's encoding broke). A caller that cannot take back what it was given starts over.
 */
export class DecodeRestart extends Error {
  constructor(readonly decision: { readonly encoding: 'Windows-1252' } | { readonly refusal: string }) {
    super('encoding' in decision ? 'not UTF-8 after all: read again as Windows-1252' : decision.refusal);
  }
}

/** Bytes looked at before deciding: the BOM, a file signature and the binary check's 4 KB. */
const SNIFF_BYTES = 4096;

/**
 * `decodeExport` for bytes that come in chunks (a file read piece by piece). The BOM, signatures and
 * the binary check are decided on the first 4 KB; UTF-8 becomes Windows-1252 on the first invalid
 * byte: silently while every byte so far was ASCII (both decode those alike), else by throwing a
 * DecodeRestart. `forceEncoding` starts in Windows-1252 (the second reading).
 */
export class StreamDecoder {
  encoding: TextEncodingName | undefined;
  private decoder: TextDecoder | undefined;
  private head: Uint8Array[] = [];
  private headLength = 0;
  private bytesIn = 0;
  private charsOut = 0;
  /**
   * UTF-8 is decoded chunk by chunk without the decoder's stream mode (which takes a much slower
   * path): each chunk up to its last whole character, the cut character's bytes carried to the next.
   */
  private utf8 = false;
  private carry: Uint8Array | undefined;
  /** Set when the stream is refused; nothing more is decoded. */
  refusal: string | undefined;

  constructor(
    private readonly forceEncoding?: 'Windows-1252',
    private readonly sniffBytes = SNIFF_BYTES,
  ) {}

  /** The text of the next bytes ('' while the first 4 KB are gathered). */
  push(bytes: Uint8Array): string {
    if (this.refusal !== undefined) return '';
    if (this.decoder === undefined) {
      this.head.push(bytes);
      this.headLength += bytes.length;
      if (this.headLength < this.sniffBytes) return '';
      return this.start(false);
    }
    return this.decode(bytes, false);
  }

  /** The text still held back at the end of the stream. */
  end(): string {
    if (this.refusal !== undefined) return '';
    if (this.decoder === undefined) return this.start(true);
    return this.decode(new Uint8Array(), true);
  }

  private start(final: boolean): string {
    const bytes = concat(this.head, this.headLength);
    this.head = [];
    if (bytes.length === 0) {
      this.refusal = 'the file is empty';
      return '';
    }
    if (this.forceEncoding) {
      this.encoding = 'Windows-1252';
      this.decoder = decoder('windows-1252', false);
    } else if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
      this.startUtf8('UTF-8 with BOM');
      return this.decode(bytes.subarray(3), final);
    } else if (startsWith(bytes, [0xff, 0xfe])) {
      this.encoding = 'UTF-16 LE';
      this.decoder = decoder('utf-16le', true);
    } else if (startsWith(bytes, [0xfe, 0xff])) {
      this.encoding = 'UTF-16 BE';
      this.decoder = decoder('utf-16be', true);
    } else {
      const signature = SIGNATURES.find(([prefix]) => startsWith(bytes, prefix));
      if (signature) {
        this.refusal = signature[1];
        return '';
      }
      if (looksBinary(bytes)) {
        this.refusal = 'it is not text (binary data)';
        return '';
      }
      this.startUtf8('UTF-8');
    }
    return this.decode(bytes, final);
  }

  /** UTF-8 from here on. A U+FEFF at the start of a later chunk is text: only the file's first BOM is taken off (above). */
  private startUtf8(encoding: 'UTF-8' | 'UTF-8 with BOM'): void {
    this.encoding = encoding;
    this.utf8 = true;
    this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    if (this.utf8) {
      const all = this.carry ? concat([this.carry, bytes], this.carry.length + bytes.length) : bytes;
      const cut = final ? all.length : wholeCharacters(all);
      try {
        const text = this.decoder!.decode(all.subarray(0, cut));
        this.carry = cut < all.length ? all.slice(cut) : undefined;
        this.bytesIn += cut;
        this.charsOut += text.length;
        return text;
      } catch {
        this.carry = undefined;
        return this.invalid(all, final);
      }
    }
    try {
      const text = this.decoder!.decode(bytes, { stream: !final });
      this.bytesIn += bytes.length;
      this.charsOut += text.length;
      return this.encoding === 'Windows-1252' ? fixC1(text) : text;
    } catch {
      return this.invalid(bytes, final);
    }
  }

  private invalid(bytes: Uint8Array, final: boolean): string {
    const encoding = this.encoding!;
    if (encoding !== 'UTF-8') {
      const reason = bomRefusal(encoding);
      // Nothing handed on yet: a plain refusal; else the caller must take back what it was given.
      if (this.charsOut === 0) {
        this.refusal = reason;
        return '';
      }
      throw new DecodeRestart({ refusal: reason });
    }
    // Every byte before these was ASCII (one character each, none held back): Windows-1252 reads
    // them alike, so the switch changes nothing already handed on.
    if (this.bytesIn === this.charsOut) {
      this.utf8 = false;
      this.encoding = 'Windows-1252';
      this.decoder = decoder('windows-1252', false);
      return this.decode(bytes, final);
    }
    throw new DecodeRestart({ encoding: 'Windows-1252' });
  }
}

/** Bytes up to the last whole UTF-8 character (a character cut by the chunk's end is left out). */
function wholeCharacters(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let i = length - 1; i >= Math.max(0, length - 3); i -= 1) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + size > length ? i : length;
  }
  return length;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
