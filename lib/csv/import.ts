/**
 * Reads one case-list export: decodes it, finds its delimiter and header, maps the header to the
 * glossary, and hands each data row to the caller while it writes the file's report. The text may
 * come whole or in chunks (a large file is streamed); rows are scanned by lib/csv/rfc4180.ts, which
 * reads cells as PapaParse does except a closing quote followed by other text (read as Excel does,
 * and warned of), and PapaParse still guesses the delimiter.
 */
import Papa from 'papaparse';
import { FIELDS, fieldForHeader, normaliseHeader, type FieldKey } from '../glossary';
import { parsePortalDate, type DateFormat, type ParsedDate } from '../dates';
import { decodeExport, StreamDecoder, type TextEncodingName } from './decode';
import { undoNeutralise } from './export';
import { cellValue, CsvScanner, guessNewline, MAX_ROW_CHARS, startsLikeFormula, type ScannedRow } from './rfc4180';

export type Delimiter = ',' | ';' | '\t';

export interface ColumnInfo {
  /** Identity across files: the field key, or `x:` and the folded header of an unknown column. */
  readonly id: string;
  /** The name shown and exported: the glossary's label, or the header as written (disambiguated). */
  readonly name: string;
  readonly field?: FieldKey;
}

export type WarningKind = 'ragged-row' | 'missing-reference' | 'unparseable-date' | 'duplicate-header' | 'unclosed-quote' | 'stray-quote' | 'no-rows';

export interface ImportWarning {
  /** 1-based line of the file where the row starts (0 for the file as a whole). */
  readonly line: number;
  readonly kind: WarningKind;
  readonly message: string;
}

export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly reference?: string;
}

export interface FileReport {
  readonly name: string;
  status: 'merged' | 'refused';
  /** Why the file was refused, in a sentence that names it. */
  refusal?: string;
  encoding?: TextEncodingName;
  delimiter?: Delimiter;
  lineEnding?: 'CRLF' | 'LF' | 'CR';
  /** Data rows read (blank lines are not rows). */
  rowsRead: number;
  rowsRejected: number;
  /** Labels of the glossary fields present, in the file's order. */
  columnsFound: string[];
  /** Labels of the glossary's 28 fields this file lacks. */
  columnsMissing: string[];
  unknownColumns: string[];
  duplicateHeaders: { header: string; renamedTo: string }[];
  /** How many date cells were written in each format. */
  dateFormats: Partial<Record<DateFormat, number>>;
  /** The one format seen, `mixed` when several, undefined when the file has no dates. */
  dateFormat?: DateFormat | 'mixed';
  warnings: ImportWarning[];
  /** Every warning counted, including those beyond the detailed list's limit. */
  warningCounts: Partial<Record<WarningKind, number>>;
  rejectedRows: RejectedRow[];
}

export interface ExportSource {
  readonly name: string;
  /** The file's bytes, or text already decoded (tests, the generator). */
  readonly bytes?: Uint8Array;
  readonly text?: string;
  readonly lastModified?: number;
}

export interface ReadOptions {
  /** Characters scanned at a time when the text comes whole. */
  readonly chunkSize?: number;
  /** Longest row read (tests); a longer one stops the file there. */
  readonly maxRowChars?: number;
  /** Characters gathered to find the delimiter before the first row is read (tests; default 64 K). */
  readonly sampleChars?: number;
  /** Bytes gathered to decide the encoding (tests; default 4 KB). */
  readonly sniffBytes?: number;
  /** Detailed warnings kept per file; all are counted. */
  readonly warningLimit?: number;
  /** Bytes decoded into one string (default 64 KB, DECODE_PIECE; the workbench decodes each read slice whole). */
  readonly decodePieceBytes?: number;
}

/**
 * The header as read and each data row as given to `onRow`: `cells` has exactly one entry per
 * column (short rows padded), with our own formula neutralisation undone.
 */
export interface HeaderInfo {
  readonly columns: readonly ColumnInfo[];
  readonly keyIndex: number;
  /** Positions of date columns, for date checks and the ISO option. */
  readonly dateIndexes: readonly number[];
}

export type RowHandler = (cells: string[], reference: string, line: number) => void;

/**
 * A data row as handed to the merge, valid only during the call: its cells are made only when
 * asked for, since most rows are kept as the line they already are.
 */
export interface ReadRow {
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  /** The Case reference, trimmed (never empty). */
  readonly reference: string;
  /**
   * The row exactly as the file has it, when that is already the comma-separated RFC 4180 line of
   * its cells (one per column, nothing undone); else undefined. A view of the file's text: copy it to keep it.
   */
  readonly raw: string | undefined;
  /** Some cell starts like a spreadsheet formula (= + - @ tab CR): the export decides about it. */
  readonly formula: boolean;
  /** One cell per column (short rows padded), with our own formula neutralisation undone. */
  cells(): string[];
}


export function emptyReport(name: string): FileReport {
  return {
    name,
    status: 'merged',
    rowsRead: 0,
    rowsRejected: 0,
    columnsFound: [],
    columnsMissing: [],
    unknownColumns: [],
    duplicateHeaders: [],
    dateFormats: {},
    warnings: [],
    warningCounts: {},
    rejectedRows: [],
  };
}

export function refuse(report: FileReport, reason: string): FileReport {
  report.status = 'refused';
  report.refusal = `${report.name} was not merged: ${reason}.`;
  return report;
}

/**
 * The delimiter: the one that splits the header line into the most glossary fields (headers are the
 * one thing we know in advance), else PapaParse's guess among those exports use.
 */
const HAS_DELIMITER = /[,;\t]/;

export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 65536);
  let best: Delimiter | undefined;
  let bestScore = 0;
  for (const delimiter of [',', ';', '\t'] as const) {
    const firstRow = Papa.parse<string[]>(sample, { preview: 1, delimiter, skipEmptyLines: 'greedy' }).data[0] ?? [];
    // A known header counts only when its cell holds no other candidate delimiter: under ',' the
    // cell `Case reference<TAB>` trims to a known name, but its tab says the split is wrong.
    const fields = firstRow.filter((cell) => !HAS_DELIMITER.test(cell) && fieldForHeader(cell) !== undefined).length;
    // Glossary fields first; on a tie, the delimiter that splits the header into more cells.
    const score = fields === 0 ? 0 : fields * 1_000_000 + Math.min(firstRow.length, 999_999);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  if (best) return best;
  const guess = Papa.parse<string[]>(sample, { preview: 20, delimitersToGuess: [',', ';', '\t'] });
  const delimiter = guess.meta.delimiter;
  return delimiter === ';' || delimiter === '\t' ? delimiter : ',';
}

const LINE_ENDING_NAMES = { '\r\n': 'CRLF', '\n': 'LF', '\r': 'CR' } as const;

/** Maps a header row to columns: glossary fields by name or alias, unknown ones kept by name. */
export function mapHeader(header: readonly string[], report: FileReport): HeaderInfo | undefined {
  const seenIds = new Set<string>();
  const columns: ColumnInfo[] = [];
  header.forEach((raw, index) => {
    // Our export neutralises a header as any cell (a column "-Notes" is written '-Notes): undone alike.
    const written = undoNeutralise(raw.replace(/^\uFEFF/, '')).trim();
    const field = fieldForHeader(written);
    let column: ColumnInfo;
    if (field && !seenIds.has(field.key)) {
      column = { id: field.key, name: field.label, field: field.key };
    } else {
      const base = written === '' ? `Column ${index + 1}` : written;
      let name = base;
      for (let n = 2; (field && name === base) || seenIds.has(`x:${normaliseHeader(name)}`) || (name !== base && fieldForHeader(name)); n += 1) {
        name = `${base} (${n})`;
      }
      if (field || name !== base) {
        report.duplicateHeaders.push({ header: written, renamedTo: name });
        warn(report, { line: 1, kind: 'duplicate-header', message: `Column ${index + 1} "${written}" repeats an earlier header; kept as "${name}".` }, Infinity);
      }
      column = { id: `x:${normaliseHeader(name)}`, name };
    }
    seenIds.add(column.id);
    columns.push(column);
  });
  const keyIndex = columns.findIndex((column) => column.field === 'caseReference');
  if (keyIndex < 0) return undefined;
  report.columnsFound = columns.flatMap((column) => (column.field ? [column.name] : []));
  report.columnsMissing = FIELDS.filter((field) => !seenIds.has(field.key)).map((field) => field.label);
  report.unknownColumns = columns.flatMap((column) => (column.field ? [] : [column.name]));
  const dateIndexes = columns.flatMap((column, index) =>
    column.field && FIELDS.find((field) => field.key === column.field)?.type === 'date' ? [index] : [],
  );
  return { columns, keyIndex, dateIndexes };
}

function warn(report: FileReport, warning: ImportWarning, limit: number): void {
  report.warningCounts[warning.kind] = (report.warningCounts[warning.kind] ?? 0) + 1;
  if (report.warnings.length < limit) report.warnings.push(warning);
}

const DATE_SEPARATORS = '-/.';

/** A memo of date texts: the same few thousand dates recur across hundreds of thousands of rows. */
export class DateReader {
  private readonly memo = new Map<string, ParsedDate | null>();
  private readonly numbered = new Map<number, ParsedDate | null>();
  read(text: string): ParsedDate | undefined {
    let parsed = this.memo.get(text);
    if (parsed === undefined) {
      parsed = parsePortalDate(text) ?? null;
      if (this.memo.size > 200_000) this.memo.clear();
      this.memo.set(text, parsed);
    }
    return parsed ?? undefined;
  }

  /**
   * The date written in `text[start, end)`. The portal's 10-character forms (dd-MM-yyyy and its
   * / and . kin, yyyy-MM-dd) are looked up by a number made of their digits, without cutting a string.
   */
  readAt(text: string, start: number, end: number): ParsedDate | undefined {
    if (end - start === 10) {
      const key = dateKey(text, start);
      if (key > 0) {
        let parsed = this.numbered.get(key);
        if (parsed === undefined) {
          parsed = parsePortalDate(text.slice(start, end)) ?? null;
          this.numbered.set(key, parsed);
        }
        return parsed ?? undefined;
      }
    }
    return this.read(text.slice(start, end));
  }
}

function digitAt(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -1000000;
}

/** A positive number naming a 10-character date form and its digits, or 0 when it is neither form. */
function dateKey(text: string, at: number): number {
  const c2 = text.charCodeAt(at + 2);
  if (c2 === text.charCodeAt(at + 5)) {
    const separator = DATE_SEPARATORS.indexOf(String.fromCharCode(c2));
    if (separator < 0) return 0;
    const day = digitAt(text, at) * 10 + digitAt(text, at + 1);
    const month = digitAt(text, at + 3) * 10 + digitAt(text, at + 4);
    const year = digitAt(text, at + 6) * 1000 + digitAt(text, at + 7) * 100 + digitAt(text, at + 8) * 10 + digitAt(text, at + 9);
    return day < 0 || month < 0 || year < 0 ? 0 : (separator + 1) * 1e8 + year * 1e4 + month * 100 + day;
  }
  if (text.charCodeAt(at + 4) === 45 && text.charCodeAt(at + 7) === 45) {
    const year = digitAt(text, at) * 1000 + digitAt(text, at + 1) * 100 + digitAt(text, at + 2) * 10 + digitAt(text, at + 3);
    const month = digitAt(text, at + 5) * 10 + digitAt(text, at + 6);
    const day = digitAt(text, at + 8) * 10 + digitAt(text, at + 9);
    return day < 0 || month < 0 || year < 0 ? 0 : 4e8 + year * 1e4 + month * 100 + day;
  }
  return 0;
}

/**
 * Bytes decoded into one string. A string past 128 KB goes to V8's large-object space, where each
 * one is its own memory mapping; 64 KB pieces stay in the ordinary heap (the 20-file bench: about
 * 10 % less CPU and 15 MB less memory than 1 MB pieces).
 */
const DECODE_PIECE = 1 << 16;

/** Characters looked at to find the delimiter and line ending before any row is read. */
const SAMPLE_CHARS = 1 << 16;

/**
 * Reads one export whose text or bytes come in chunks (`pushText`/`pushBytes`, then `end`).
 * `onHeader` is called once with the columns; when it returns a reason, the file is refused with
 * it and no row is read. `onRow` is called once per data row that has a Case reference. Rows
 * without one, and rows with extra non-empty cells, are rejected into the report with their line.
 * `pushBytes` may throw a DecodeRestart (see decode.ts) when the bytes prove not to be what their
 * start said after rows were already handed on.
 */
export class ExportReader implements ReadRow {
  readonly report: FileReport;
  private readonly limit: number;
  private decoder: StreamDecoder | undefined;
  private scanner: CsvScanner | undefined;
  private sample = '';
  private visible = false;
  private header: HeaderInfo | undefined;
  private width = 0;
  private nextLine = 1;
  private isDateColumn: Uint8Array = new Uint8Array(0);
  private delimiter: Delimiter = ',';
  /** True once no more input is wanted (refused, or stopped by an over-long row). */
  done = false;
  private ended = false;
  charsRead = 0;
  // The row being handed on (this object is the ReadRow, reused).
  line = 0;
  reference = '';
  raw: string | undefined;
  formula = false;
  private row: ScannedRow | undefined;
  private rowCells: string[] | undefined;
  private apostropheText = '';
  private apostropheAt = -2;

  constructor(
    name: string,
    private readonly onHeader: (header: HeaderInfo) => string | void,
    private readonly onRow: (row: ReadRow) => void,
    private readonly options: ReadOptions = {},
    private readonly dates: DateReader = new DateReader(),
    forceEncoding?: 'Windows-1252',
  ) {
    this.report = emptyReport(name);
    this.limit = options.warningLimit ?? 200;
    this.forceEncoding = forceEncoding;
  }

  private readonly forceEncoding: 'Windows-1252' | undefined;

  /** The next bytes of the file. */
  pushBytes(bytes: Uint8Array): void {
    const piece = this.options.decodePieceBytes ?? DECODE_PIECE;
    if (bytes.length > piece) {
      for (let at = 0; at < bytes.length && !this.done; at += piece) this.pushBytes(bytes.subarray(at, at + piece));
      return;
    }
    if (this.done) return;
    this.decoder ??= new StreamDecoder(this.forceEncoding, this.options.sniffBytes);
    const text = this.decoder.push(bytes);
    if (this.decoder.refusal !== undefined) return this.refuseNow(this.decoder.refusal);
    this.report.encoding = this.decoder.encoding;
    if (text !== '') this.pushText(text);
  }

  /** The next characters of the file. */
  pushText(text: string): void {
    if (this.done) return;
    if (this.charsRead === 0 && this.sample === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.charsRead += text.length;
    if (!this.visible) this.visible = /\S/.test(text);
    if (this.scanner === undefined) {
      this.sample += text;
      if (this.samplePrefix(false) !== undefined) this.begin(false);
      return;
    }
    this.scanner.push(text);
    this.afterScan();
  }

  /** The end of the file: the last row, and the report (once; later calls return the same report). */
  end(): FileReport {
    const report = this.report;
    if (this.ended) return report;
    this.ended = true;
    if (this.decoder && !this.done) {
      const text = this.decoder.end();
      if (this.decoder.refusal !== undefined) this.refuseNow(this.decoder.refusal);
      else {
        this.report.encoding = this.decoder.encoding;
        if (text !== '') this.pushText(text);
      }
    }
    if (!this.done) {
      if (this.scanner === undefined) this.begin(true);
      else {
        this.scanner.end();
        this.afterScan();
      }
    }
    if (report.status === 'refused') return report;
    if (!this.header) return refuse(report, this.visible ? 'the file has no header line' : 'the file is empty');
    const formats = Object.keys(report.dateFormats) as DateFormat[];
    report.dateFormat = formats.length === 0 ? undefined : formats.length === 1 ? formats[0] : 'mixed';
    if (report.rowsRead === 0) warn(report, { line: 0, kind: 'no-rows', message: `${report.name} has a header but no case rows.` }, this.limit);
    return report;
  }

  /** Refuses the file for a reason found outside the reader (it cannot be decoded). */
  refuseNow(reason: string): void {
    refuse(this.report, reason);
    this.done = true;
  }

  /**
   * The text the delimiter and line ending are decided on: the first `sampleChars`, stretched to
   * hold the first line break and the character after it, so that the decision is the same however
   * the text was cut into chunks. Undefined while more text is needed.
   */
  private samplePrefix(final: boolean): string | undefined {
    const sample = this.sample;
    const need = this.options.sampleChars ?? SAMPLE_CHARS;
    if (final) return sample.slice(0, Math.max(need, firstBreak(sample) + 2));
    if (sample.length < need || !this.visible) return undefined;
    const at = firstBreak(sample);
    if (at !== -1 && at + 2 <= sample.length) return sample.slice(0, Math.max(need, at + 2));
    // No line break in 64 samples' worth: decide on what there is.
    return sample.length >= 64 * need ? sample.slice(0, 64 * need) : undefined;
  }

  private begin(final: boolean): void {
    const prefix = this.samplePrefix(final)!;
    const sample = this.sample;
    this.sample = '';
    if (!this.visible) {
      this.refuseNow('the file is empty');
      return;
    }
    this.delimiter = detectDelimiter(prefix);
    this.report.delimiter = this.delimiter;
    // The line ending the rows are read by, as the report names it (none: the file is one line).
    const newline = guessNewline(prefix);
    this.report.lineEnding = firstBreak(prefix) === -1 ? undefined : LINE_ENDING_NAMES[newline];
    this.scanner = new CsvScanner(this.delimiter, newline, (row) => this.scanned(row), this.options.maxRowChars ?? MAX_ROW_CHARS);
    this.scanner.push(sample);
    if (final) this.scanner.end();
    this.afterScan();
  }

  private afterScan(): void {
    const scanner = this.scanner!;
    if (scanner.tooLong && !this.done) {
      const line = this.nextLine;
      warn(this.report, { line, kind: 'unclosed-quote', message: `Line ${line}: a row runs past ${Math.round((this.options.maxRowChars ?? MAX_ROW_CHARS) / (1 << 20))} M characters (most likely a quote that is never closed), so the rest of the file is not read.` }, this.limit);
    }
    if (scanner.stopped) this.done = true;
  }

  /** One warning per cell with text after its closing quote (read as Excel does: quotes dropped, text kept). */
  private warnStrays(row: ScannedRow, line: number): void {
    const columns = this.header!.columns;
    for (let i = 0; i < row.count; i += 1) {
      if (row.quoted[i] !== 2) continue;
      const written = row.text.slice(row.bounds[2 * i]! - 1, row.bounds[2 * i + 1]!);
      const name = i < columns.length ? columns[i]!.name : `cell ${i + 1}`;
      warn(this.report, { line, kind: 'stray-quote', message: `Line ${line}: ${name} ${clip(written)} has text after its closing quote; read as ${clip(cellValue(row, i))}, as Excel reads it.` }, this.limit);
    }
  }

  cells(): string[] {
    if (this.rowCells) return this.rowCells;
    const row = this.row!;
    const cells = new Array<string>(Math.max(row.count, this.width));
    for (let i = 0; i < row.count; i += 1) cells[i] = cellValue(row, i);
    for (let i = row.count; i < cells.length; i += 1) cells[i] = '';
    this.rowCells = cells;
    return cells;
  }

  /** A row from the scanner: the header, a blank line, or a data row. Returns false to stop. */
  private scanned(row: ScannedRow): boolean {
    const report = this.report;
    const limit = this.limit;
    const line = this.nextLine;
    this.nextLine += 1 + row.breaks;
    const bounds = row.bounds;
    if (row.count === 1 && row.text.slice(bounds[0]!, bounds[1]!).trim() === '') return true; // blank line
    this.row = row;
    this.rowCells = undefined;
    const header = this.header;
    if (header === undefined) {
      const cells = this.cells();
      const mapped = mapHeader(cells, report);
      if (!mapped) {
        const found = cells.slice(0, 8).map((cell: string) => `"${cell.trim().slice(0, 40)}"`).join(', ');
        this.refuseNow(`it has no "Case reference" column, so it is not a case-list export (first line: ${found}${cells.length > 8 ? ', …' : ''})`);
        return false;
      }
      const refusal = this.onHeader(mapped);
      if (refusal) {
        this.refuseNow(refusal);
        return false;
      }
      this.header = mapped;
      this.width = mapped.columns.length;
      this.isDateColumn = new Uint8Array(this.width);
      for (const index of mapped.dateIndexes) this.isDateColumn[index] = 1;
      return true;
    }
    if (row.unclosed) {
      warn(report, { line, kind: 'unclosed-quote', message: `Line ${line}: a quoted cell is never closed, so the rest of the file was read into that one cell.` }, limit);
    }
    if (row.strays > 0) this.warnStrays(row, line);
    report.rowsRead += 1;
    const width = this.width;
    let whole = row.count === width;
    if (!whole) {
      const cells = this.cells();
      if (row.count < width) {
        warn(report, { line, kind: 'ragged-row', message: `Line ${line} has ${row.count} cells where the header has ${width}; the missing cells are left empty.` }, limit);
      } else {
        const extra = cells.slice(width);
        if (extra.some((cell: string) => cell.trim() !== '')) {
          warn(report, { line, kind: 'ragged-row', message: `Line ${line} has ${row.count} cells where the header has ${width}; the row is rejected so no value is put in the wrong column.` }, limit);
          reject(report, line, `${row.count} cells where the header has ${width}`, cells[header.keyIndex]?.trim());
          return true;
        }
        warn(report, { line, kind: 'ragged-row', message: `Line ${line} has ${row.count - width} empty cell(s) beyond the header; they are ignored.` }, limit);
        cells.length = width;
      }
    }
    // Our own neutralisation ('= and the like) to undo: only rows holding an apostrophe are looked at.
    if (this.apostropheText !== row.text || (this.apostropheAt !== -1 && this.apostropheAt < row.start)) {
      this.apostropheText = row.text;
      this.apostropheAt = row.text.indexOf("'", row.start);
    }
    const text = row.text;
    if (this.apostropheAt !== -1 && this.apostropheAt < row.end) {
      // Read in place: the cells are only made for a row that has such a cell (an apostrophe in a
      // name is common, and made cells would send the row's dates down the slower path below).
      const cellCount = Math.min(row.count, width);
      for (let i = 0; i < cellCount; i += 1) {
        const start = bounds[2 * i]!;
        if (start + 1 < bounds[2 * i + 1]! && text.charCodeAt(start) === 39 && startsLikeFormula(text.charCodeAt(start + 1))) {
          const cell = cellValue(row, i);
          const undone = undoNeutralise(cell);
          if (undone === cell) continue; // not ours: we never write '-5
          const cells = this.cells();
          cells[i] = undone;
          whole = false;
        }
      }
    }
    // Made above when the row needed mending (ragged, neutralised); else cells are read in place.
    const made = this.rowCells as string[] | undefined;
    const keyIndex = header.keyIndex;
    const reference = (made ? made[keyIndex]! : cellValue(row, keyIndex)).trim();
    if (reference === '') {
      warn(report, { line, kind: 'missing-reference', message: `Line ${line} has no Case reference; the row is rejected.` }, limit);
      reject(report, line, 'no Case reference');
      return true;
    }
    // A made row is judged by its cells as mended (neutralisation undone), any other in place.
    let formula = false;
    if (made) formula = made.some((cell) => startsLikeFormula(cell.charCodeAt(0)));
    else {
      const cellCount = Math.min(row.count, width);
      for (let i = 0; i < cellCount; i += 1) {
        const start = bounds[2 * i]!;
        if (start < bounds[2 * i + 1]! && startsLikeFormula(text.charCodeAt(start))) {
          formula = true;
          break;
        }
      }
    }
    for (const index of header.dateIndexes) {
      let parsed: ParsedDate | undefined;
      let value: string | undefined;
      if (made) {
        value = made[index]!;
        if (value === '') continue;
        parsed = this.dates.read(value);
      } else {
        const start = bounds[2 * index]!;
        const end = bounds[2 * index + 1]!;
        if (start === end) continue;
        if (row.quoted[index] !== 0) {
          value = cellValue(row, index);
          parsed = this.dates.read(value);
        } else parsed = this.dates.readAt(text, start, end);
      }
      if (parsed) {
        report.dateFormats[parsed.format] = (report.dateFormats[parsed.format] ?? 0) + 1;
      } else {
        value ??= cellValue(row, index);
        if (value.trim() !== '') {
          warn(report, { line, kind: 'unparseable-date', message: `Line ${line}: ${header.columns[index]!.name} "${value.slice(0, 40)}" is not a date we can read (day first or ISO); kept as written.` }, limit);
        }
      }
    }
    this.line = line;
    this.reference = reference;
    this.formula = formula;
    this.raw = whole && row.clean && this.delimiter === ',' ? text.slice(row.start, row.end) : undefined;
    this.onRow(this);
    return true;
  }
}

/**
 * Reads one export whose bytes or text are all at hand (decoded at once, then scanned in chunks
 * for progress). See ExportReader; `onRow` gets each row's cells.
 */
export function readExport(
  source: ExportSource,
  onHeader: (header: HeaderInfo) => string | void,
  onRow: RowHandler,
  options: ReadOptions = {},
  dates: DateReader = new DateReader(),
): FileReport {
  const reader = new ExportReader(source.name, onHeader, (row) => onRow(row.cells(), row.reference, row.line), options, dates);
  return readWhole(reader, source, options);
}

/** Feeds a whole source to a reader and ends it. */
export function readWhole(reader: ExportReader, source: ExportSource, options: ReadOptions = {}): FileReport {
  let text: string;
  if (source.text !== undefined) {
    text = source.text;
    reader.report.encoding = 'UTF-8';
  } else {
    const decoded = decodeExport(source.bytes ?? new Uint8Array());
    if (!decoded.ok) {
      reader.refuseNow(decoded.reason);
      return reader.end();
    }
    reader.report.encoding = decoded.encoding;
    text = decoded.text;
  }
  const chunk = options.chunkSize ?? 1 << 20;
  for (let at = 0; at < text.length && !reader.done; at += chunk) reader.pushText(text.slice(at, at + chunk));
  return reader.end();
}

/** A cell for a message: in curly quotes (its own may be straight), cut at 40 characters. */
function clip(text: string): string {
  return `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
}

function firstBreak(text: string): number {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
}

function reject(report: FileReport, line: number, reason: string, reference?: string): void {
  report.rowsRejected += 1;
  report.rejectedRows.push(reference ? { file: report.name, line, reason, reference } : { file: report.name, line, reason });
}
