/**
 * RFC 4180 text, both ways, for the merge's hot path: a chunked row scanner that finds cell
 * boundaries without making an array of strings per row (PapaParse's parser does, and does not
 * give a row's offsets, which the merge needs to keep a row as its own line), a splitter for one
 * stored line, and the minimal-quoting writer.
 *
 * The scanner reads well-formed RFC 4180 (quoted cells with delimiters, doubled quotes and line
 * breaks) as PapaParse does, and two kinds of malformed quote as below:
 * - a quote inside an unquoted cell is text (as Papa and Excel);
 * - spaces between a closing quote and the delimiter or line break are dropped (as Papa);
 * - a closing quote followed by other text ends the quoted part, and the cell runs on to the next
 *   delimiter or line break with that text in it: `"Big" Bank Ltd` is `Big Bank Ltd`. This is how
 *   Excel, where analysts open these files, reads it, and it keeps every line its own row.
 *   PapaParse instead reads on to the next quote ("InvalidQuotes"), which may be many lines later,
 *   silently putting the rows between into one cell. The row is flagged (`strays`) so the reader
 *   warns with its line;
 * - a quote never closed runs to the end of the input (`unclosed`), as both read it.
 * The tests compare with PapaParse wherever Papa reports no InvalidQuotes, and list the rest.
 */

export type Newline = '\r\n' | '\n' | '\r';

const QUOTE = 0x22;
const SPACE = 0x20;

/**
 * One row as scanned: it is `text[start, end)` without its line break; cell `i`'s value is
 * `text[bounds[2i], bounds[2i+1])`, with doubled quotes to undo when `quoted[i]` is 1. When
 * `quoted[i]` is 2 the cell had text after its closing quote: the slice runs from after the opening
 * quote to the delimiter, and its value is the quoted part (doubled quotes undone) then that text.
 */
export interface ScannedRow {
  text: string;
  start: number;
  end: number;
  count: number;
  bounds: Int32Array;
  quoted: Uint8Array;
  /** Every quote is where RFC 4180 puts it (and closed) and no CR or LF is inside the row: the row is a clean line. */
  clean: boolean;
  /** Line breaks inside the row's quoted cells. */
  breaks: number;
  /** A quote opened and never closed: the row runs to the end of the input. */
  unclosed: boolean;
  /** Cells with text after their closing quote (`quoted[i]` is 2), read as Excel does. */
  strays: number;
}

/** The value of cell `i` of a scanned row. */
export function cellValue(row: ScannedRow, i: number): string {
  const quoted = row.quoted[i];
  if (quoted === 2) return strayValue(row.text, row.bounds[2 * i]!, row.bounds[2 * i + 1]!);
  const value = row.text.slice(row.bounds[2 * i]!, row.bounds[2 * i + 1]!);
  return quoted === 1 && value.includes('""') ? value.replace(DOUBLED, '"') : value;
}

/** `text[start, end)` is a quoted part, its closing quote, then more text: the part, undoubled, and the text. */
function strayValue(text: string, start: number, end: number): string {
  let value = '';
  let at = start;
  for (;;) {
    const q = text.indexOf('"', at);
    if (q === -1 || q >= end) return value + text.slice(at, end);
    if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
      value += text.slice(at, q + 1);
      at = q + 2;
      continue;
    }
    return value + text.slice(at, q) + text.slice(q + 1, end);
  }
}

const DOUBLED = /""/g;

/** PapaParse's line-ending guess (quoted text removed, then CR, LF or CRLF by majority), on a sample. */
export function guessNewline(sample: string): Newline {
  const input = sample.slice(0, 1 << 20).replace(/"([^]*?)"/gm, '');
  const r = input.split('\r');
  const n = input.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0]!.length < r[0]!.length)) return '\n';
  let withN = 0;
  for (const part of r) if (part[0] === '\n') withN += 1;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

/** What String.prototype.trim removes. */
function isSpace(c: number): boolean {
  return c === SPACE || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function newlineAt(text: string, at: number, first: number, length: number): boolean {
  return text.charCodeAt(at) === first && (length === 1 || text.charCodeAt(at + 1) === 0x0a);
}

/** Longest row kept: one longer (most likely a quote never closed) stops the file there. */
export const MAX_ROW_CHARS = 1 << 27;

// Where the row kept for later chunks stands at the end of the text seen (see CsvScanner.follow).
const AT_CELL = 0; // at a cell's start
const UNQUOTED = 1; // in an unquoted cell, or in the text after a closing quote
const UNQUOTED_CR = 2; // there, just after a CR that may start a CRLF
const QUOTED = 3; // inside a quoted cell
const AFTER_QUOTE = 4; // just after a quote inside a quoted cell (doubled or closing: the next character says)
const SPACES = 5; // in the white space after a closing quote
const SPACES_CR = 6; // there, just after a CR that may start a CRLF
const ENDED = 7; // the row's end is in the text seen

/**
 * Scans text handed over in chunks of any size into rows. `onRow` returns false to stop. A row is
 * only handed on once its end is seen, so a cell, a quote pair or a CRLF split across chunks reads
 * as if the text had come whole. The unfinished row's text is kept in pieces and each new chunk is
 * only followed (`follow`) until the row's end is in it; then the pieces are joined once and scanned:
 * a row of n characters costs O(n) in any chunks, not O(n²) (a 20 MB cell, a quote never closed).
 */
export class CsvScanner {
  /** The unfinished row's text, from its start, in the chunks it came in. */
  private pieces: string[] = [];
  private pendingLength = 0;
  /** Where the unfinished row stands at the end of `pieces`. */
  private state = AT_CELL;
  private readonly delimiter: number;
  private readonly newline: Newline;
  private readonly row: ScannedRow = { text: '', start: 0, end: 0, count: 0, bounds: new Int32Array(64), quoted: new Uint8Array(32), clean: true, breaks: 0, unclosed: false, strays: 0 };
  stopped = false;
  /** Set when a row longer than MAX_ROW_CHARS stopped the scan. */
  tooLong = false;

  constructor(
    delimiter: string,
    newline: Newline,
    private readonly onRow: (row: ScannedRow) => boolean | void,
    private readonly maxRowChars = MAX_ROW_CHARS,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.newline = newline;
  }

  push(chunk: string): void {
    if (this.stopped || chunk === '') return;
    if (this.pendingLength === 0) return this.scan(chunk, false);
    const pieces = this.pieces;
    pieces.push(chunk);
    this.pendingLength += chunk.length;
    if (!this.follow(chunk, 0)) {
      if (this.pendingLength > this.maxRowChars) this.stopTooLong();
      return;
    }
    const text = pieces.length === 2 ? pieces[0]! + pieces[1]! : pieces.join('');
    this.clearPending();
    this.scan(text, false);
  }

  end(): void {
    if (this.stopped) return;
    const text = this.pieces.join('');
    this.clearPending();
    this.scan(text, true);
  }

  private clearPending(): void {
    this.pieces = [];
    this.pendingLength = 0;
    this.state = AT_CELL;
  }

  private stopTooLong(): void {
    this.tooLong = true;
    this.stopped = true;
    this.clearPending();
  }

  /**
   * Follows the unfinished row through `text[from..]` from `state`, as `scan` reads it: true once
   * the row's end (its whole line break) is in the text, else false with the state at its end.
   * Only says when to scan again: `scan` alone decides the rows.
   */
  private follow(text: string, from: number): boolean {
    let state = this.state;
    if (state === ENDED) return true;
    const length = text.length;
    const delimiter = this.delimiter;
    const newlineFirst = this.newline.charCodeAt(0);
    const crlf = this.newline.length === 2;
    let i = from;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (state === QUOTED) {
        const close = text.indexOf('"', i);
        if (close === -1) break;
        state = AFTER_QUOTE;
        i = close + 1;
      } else if (state === UNQUOTED) {
        if (c === delimiter) state = AT_CELL;
        else if (c === newlineFirst) {
          if (!crlf) return this.ended();
          state = UNQUOTED_CR;
        }
        i += 1;
      } else if (state === AT_CELL) {
        if (c === QUOTE) {
          state = QUOTED;
          i += 1;
        } else state = UNQUOTED;
      } else if (state === AFTER_QUOTE || state === SPACES) {
        if (c === QUOTE && state === AFTER_QUOTE) state = QUOTED;
        else if (c === delimiter) state = AT_CELL;
        else if (c === newlineFirst) {
          if (!crlf) return this.ended();
          state = SPACES_CR;
        } else if (isSpace(c)) state = SPACES;
        else state = UNQUOTED; // text after a closing quote: on to the delimiter or line break
        i += 1;
      } else {
        // UNQUOTED_CR or SPACES_CR: a LF ends the row; anything else is read again where the CR left it.
        if (c === 0x0a) return this.ended();
        state = state === UNQUOTED_CR ? UNQUOTED : SPACES;
      }
    }
    this.state = state;
    return false;
  }

  private ended(): true {
    this.state = ENDED;
    return true;
  }

  private scan(text: string, final: boolean): void {
    const length = text.length;
    const row = this.row;
    row.text = text;
    const delimiter = this.delimiter;
    const delimiterText = String.fromCharCode(delimiter);
    const newline = this.newline;
    const newlineLength = newline.length;
    const newlineFirst = newline.charCodeAt(0);
    // Next positions at or after the scan point, found once and reused until passed (-1: none left).
    let nextDelimiter = -2;
    let nextNewline = -2;
    let nextQuote = -2;
    let nextCr = -2;
    let nextLf = -2;
    let pos = 0;
    while (pos < length) {
      const start = pos;
      let p = pos;
      let count = 0;
      let clean = true;
      let unclosed = false;
      let strays = 0;
      let end = -1;
      let next = -1;
      let bounds = row.bounds;
      for (;;) {
        if (2 * count + 2 > bounds.length) {
          const grown = new Int32Array(bounds.length * 2);
          grown.set(bounds);
          bounds = row.bounds = grown;
          const quoted = new Uint8Array(grown.length / 2);
          quoted.set(row.quoted);
          row.quoted = quoted;
        }
        if (text.charCodeAt(p) === QUOTE) {
          let search = p + 1;
          let valueEnd = -1;
          let after = -1;
          let stray = false;
          for (;;) {
            const close = text.indexOf('"', search);
            if (close === -1) {
              if (!final) return this.keep(text, start);
              // Not clean: its line as written would leave the quote open in the merged file too.
              unclosed = true;
              clean = false;
              valueEnd = length;
              after = length;
              break;
            }
            if (close === length - 1) {
              if (!final) return this.keep(text, start); // the next chunk may start with its pair
              valueEnd = close;
              after = length;
              break;
            }
            const c = text.charCodeAt(close + 1);
            if (c === QUOTE) {
              search = close + 2;
              continue;
            }
            if (c === delimiter || newlineAt(text, close + 1, newlineFirst, newlineLength)) {
              valueEnd = close;
              after = close + 1;
              break;
            }
            // White space between the closing quote and a delimiter or line break is dropped (Papa).
            let s = close + 1;
            while (s < length && isSpace(text.charCodeAt(s)) && text.charCodeAt(s) !== delimiter && !newlineAt(text, s, newlineFirst, newlineLength)) s += 1;
            if (!final && (s >= length || (s + 1 >= length && newlineLength === 2 && text.charCodeAt(s) === newlineFirst))) return this.keep(text, start);
            if (s < length && (text.charCodeAt(s) === delimiter || newlineAt(text, s, newlineFirst, newlineLength))) {
              clean = false;
              valueEnd = close;
              after = s;
              break;
            }
            // Other text after the closing quote: the cell runs on to the next delimiter or line break
            // and that text is part of it, as Excel reads it (`"Big" Bank` is `Big Bank`).
            if (nextDelimiter !== -1 && nextDelimiter < s) nextDelimiter = text.indexOf(delimiterText, s);
            if (nextNewline !== -1 && nextNewline < s) nextNewline = text.indexOf(newline, s);
            let cellEnd = nextDelimiter !== -1 && (nextNewline === -1 || nextDelimiter < nextNewline) ? nextDelimiter : nextNewline;
            if (cellEnd === -1) {
              if (!final) return this.keep(text, start);
              cellEnd = length;
            }
            clean = false;
            stray = true;
            valueEnd = cellEnd;
            after = cellEnd;
            break;
          }
          bounds[2 * count] = p + 1;
          bounds[2 * count + 1] = valueEnd;
          // Papa and Excel keep an unclosed cell's doubled quotes as written.
          row.quoted[count] = stray ? 2 : unclosed ? 0 : 1;
          if (stray) strays += 1;
          count += 1;
          if (after >= length) {
            end = length;
            next = length;
            break;
          }
          if (text.charCodeAt(after) === delimiter) {
            p = after + 1;
            continue;
          }
          end = after;
          next = after + newlineLength;
          break;
        }
        // An unquoted cell ends at the next delimiter or line break.
        if (nextDelimiter !== -1 && nextDelimiter < p) nextDelimiter = text.indexOf(delimiterText, p);
        if (nextNewline !== -1 && nextNewline < p) nextNewline = text.indexOf(newline, p);
        row.quoted[count] = 0;
        bounds[2 * count] = p;
        if (nextDelimiter !== -1 && (nextNewline === -1 || nextDelimiter < nextNewline)) {
          bounds[2 * count + 1] = nextDelimiter;
          count += 1;
          p = nextDelimiter + 1;
          continue;
        }
        if (nextNewline === -1) {
          if (!final) return this.keep(text, start);
          bounds[2 * count + 1] = length;
          count += 1;
          end = length;
          next = length;
          break;
        }
        bounds[2 * count + 1] = nextNewline;
        count += 1;
        end = nextNewline;
        next = nextNewline + newlineLength;
        break;
      }
      if (end - start > this.maxRowChars) return this.stopTooLong();
      // A quote inside an unquoted cell, or a CR or LF anywhere inside the row, makes it not clean.
      if (clean) {
        if (nextQuote !== -1 && nextQuote < start) nextQuote = text.indexOf('"', start);
        if (nextQuote !== -1 && nextQuote < end) {
          for (let i = 0; i < count && clean; i += 1) {
            if (row.quoted[i] === 1) continue;
            const q = text.indexOf('"', bounds[2 * i]!);
            if (q !== -1 && q < bounds[2 * i + 1]!) clean = false;
          }
        }
      }
      let breaks = 0;
      if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
      if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
      const crInside = nextCr !== -1 && nextCr < end;
      const lfInside = nextLf !== -1 && nextLf < end;
      if (crInside || lfInside) {
        clean = false;
        const counted = newline === '\r' ? '\r' : '\n';
        for (let at = text.indexOf(counted, start); at !== -1 && at < end; at = text.indexOf(counted, at + 1)) breaks += 1;
      }
      row.start = start;
      row.end = end;
      row.count = count;
      row.clean = clean;
      row.breaks = breaks;
      row.unclosed = unclosed;
      row.strays = strays;
      pos = next;
      if (this.onRow(row) === false) {
        this.stopped = true;
        this.clearPending();
        return;
      }
    }
  }

  /** Keeps the unfinished row that starts at `start` for the next chunk, and where it stands. */
  private keep(text: string, start: number): void {
    if (text.length - start > this.maxRowChars) return this.stopTooLong();
    this.pieces = [text.slice(start)];
    this.pendingLength = text.length - start;
    this.state = AT_CELL;
    this.follow(text, start);
  }
}

/**
 * The cells of one stored line: comma-separated RFC 4180 as the scanner accepted it clean or as
 * `csvLineOf` wrote it (a quoted cell is closed by a quote followed by a comma or the end).
 * With `limit`, only the first `limit` cells (as `String.prototype.split` does), the rest of the line
 * left unread: reading one cell near the start of a long line need not cut every cell.
 */
export function splitCsvLine(line: string, limit = Infinity): string[] {
  if (limit <= 0) return [];
  if (!line.includes('"')) return limit === Infinity ? line.split(',') : line.split(',', limit);
  const cells: string[] = [];
  const length = line.length;
  let p = 0;
  for (;;) {
    if (line.charCodeAt(p) === QUOTE) {
      let search = p + 1;
      let close = line.indexOf('"', search);
      let doubled = false;
      while (close !== -1 && line.charCodeAt(close + 1) === QUOTE) {
        doubled = true;
        search = close + 2;
        close = line.indexOf('"', search);
      }
      if (close === -1) close = length;
      const value = line.slice(p + 1, close);
      cells.push(doubled ? value.replace(DOUBLED, '"') : value);
      if (close + 1 >= length || cells.length === limit) return cells;
      p = close + 2; // past the quote and its comma
      if (p > length) return cells;
    } else {
      const comma = line.indexOf(',', p);
      if (comma === -1) {
        cells.push(line.slice(p));
        return cells;
      }
      cells.push(line.slice(p, comma));
      if (cells.length === limit) return cells;
      p = comma + 1;
    }
    if (p === length) {
      cells.push('');
      return cells;
    }
  }
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/** One cell as RFC 4180 writes it: quoted only when it holds a quote, a comma or a line break. */
export function csvField(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? '"' + cell.replace(QUOTES, '""') + '"' : cell;
}

/**
 * The comma-separated line of the cells, quoted only where needed. Joined (not built with +=, which
 * leaves a tree of string pieces several times the line's size in memory): it is kept as a stored row.
 */
export function csvLineOf(cells: readonly string[]): string {
  const fields = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i += 1) fields[i] = csvField(cells[i]!);
  return fields.join(',');
}

/**
 * True for the first character code of a cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR: OWASP's list); the export prefixes such cells with an apostrophe, which the reader takes off.
 */
export function startsLikeFormula(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}
