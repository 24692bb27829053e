/**
 * Reads one case-list export: decodes it, finds its delimiter and header, maps the header to the
 * glossary, and hands each data row to the caller while it writes the file's report. Parsing is
 * PapaParse's; this module adds what the portal's exports need around it.
 */
import Papa from 'papaparse';
import { FIELDS, fieldForHeader, normaliseHeader, type FieldKey } from '../glossary';
import { parsePortalDate, type DateFormat, type ParsedDate } from '../dates';
import { decodeExport, type TextEncodingName } from './decode';

export type Delimiter = ',' | ';' | '\t';

export interface ColumnInfo {
  /** Identity across files: the field key, or `x:` and the folded header of an unknown column. */
  readonly id: string;
  /** The name shown and exported: the glossary's label, or the header as written (disambiguated). */
  readonly name: string;
  readonly field?: FieldKey;
}

export type WarningKind = 'ragged-row' | 'missing-reference' | 'unparseable-date' | 'duplicate-header' | 'unclosed-quote' | 'no-rows';

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
  /** Called with characters done, total, and data rows read so far, once per parsed chunk. */
  readonly onProgress?: (done: number, total: number, rowsRead: number) => void;
  readonly chunkSize?: number;
  /** Detailed warnings kept per file; all are counted. */
  readonly warningLimit?: number;
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
  /** True when the file contains the ASCII unit separator anywhere (the merge's own cell separator). */
  readonly hasUnitSeparator?: boolean;
}

export type RowHandler = (cells: string[], reference: string, line: number) => void;

// Our export prefixes a quote to cells a spreadsheet would run as formulas (OWASP); undone here.
const NEUTRALISED = /'[=+\-@\t\r]/;

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

function detectLineEnding(text: string): 'CRLF' | 'LF' | 'CR' | undefined {
  const lf = text.indexOf('\n');
  if (lf > 0 && text.charCodeAt(lf - 1) === 13) return 'CRLF';
  if (lf >= 0) return 'LF';
  return text.includes('\r') ? 'CR' : undefined;
}

/** Maps a header row to columns: glossary fields by name or alias, unknown ones kept by name. */
export function mapHeader(header: readonly string[], report: FileReport): HeaderInfo | undefined {
  const seenIds = new Set<string>();
  const columns: ColumnInfo[] = [];
  header.forEach((raw, index) => {
    const written = raw.replace(/^\uFEFF/, '').trim();
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

/** A memo of date texts: the same few thousand dates recur across hundreds of thousands of rows. */
export class DateReader {
  private readonly memo = new Map<string, ParsedDate | null>();
  read(text: string): ParsedDate | undefined {
    let parsed = this.memo.get(text);
    if (parsed === undefined) {
      parsed = parsePortalDate(text) ?? null;
      if (this.memo.size > 200_000) this.memo.clear();
      this.memo.set(text, parsed);
    }
    return parsed ?? undefined;
  }
}

/** The text of a source, or the reason it cannot be read. */
export function sourceText(source: ExportSource, report: FileReport): string | undefined {
  if (source.text !== undefined) {
    report.encoding = 'UTF-8';
    return source.text.replace(/^\uFEFF/, '');
  }
  const decoded = decodeExport(source.bytes ?? new Uint8Array());
  if (!decoded.ok) {
    refuse(report, decoded.reason);
    return undefined;
  }
  report.encoding = decoded.encoding;
  return decoded.text;
}

/**
 * Reads one export. `onHeader` is called once with the columns; when it returns a reason, the file
 * is refused with it and no row is read;
 * `onRow` once per data row that has a Case reference. Rows without one, and rows with extra
 * non-empty cells, are rejected into the report with their line.
 */
export function readExport(
  source: ExportSource,
  onHeader: (header: HeaderInfo) => string | void,
  onRow: RowHandler,
  options: ReadOptions = {},
  dates: DateReader = new DateReader(),
): FileReport {
  const report = emptyReport(source.name);
  const limit = options.warningLimit ?? 200;
  const text = sourceText(source, report);
  if (text === undefined) return report;
  if (text.trim() === '') return refuse(report, 'the file is empty');

  const delimiter = detectDelimiter(text);
  report.delimiter = delimiter;
  report.lineEnding = detectLineEnding(text);
  const mayHaveNewlinesInCells = text.includes('"');
  let chunkStart = 0;
  const mayBeNeutralised = NEUTRALISED.test(text);

  let header: HeaderInfo | undefined;
  let width = 0;
  let nextLine = 1;
  let lastRowLine = 1;
  let refused = false;
  const total = text.length;

  Papa.parse<string[]>(text, {
    delimiter,
    quoteChar: '"',
    skipEmptyLines: false,
    chunkSize: options.chunkSize ?? 1 << 18,
    complete() {},
    chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
      const rows = results.data;
      // Line numbers: a line per row, plus the new lines inside quoted cells. Chunks end at a row's
      // end (the last row of the file has no line end of its own, or is the empty row after the
      // final one), so when a chunk holds no more line feeds than that, no cell in it holds one.
      const chunkEnd = results.meta.cursor;
      const countPerRow =
        mayHaveNewlinesInCells &&
        (report.lineEnding === 'CR' || lineFeeds(text, chunkStart, chunkEnd) !== rows.length - (chunkEnd >= text.length ? 1 : 0));
      chunkStart = chunkEnd;
      for (let r = 0; r < rows.length; r += 1) {
        const cells = rows[r]!;
        const line = nextLine;
        lastRowLine = line;
        nextLine += 1;
        if (countPerRow) nextLine += newlinesIn(cells);
        if (cells.length === 1 && cells[0]!.trim() === '') continue; // blank line
        if (header === undefined) {
          header = mapHeader(cells, report);
          if (!header) {
            const found = cells.slice(0, 8).map((cell: string) => `"${cell.trim().slice(0, 40)}"`).join(', ');
            refuse(report, `it has no "Case reference" column, so it is not a case-list export (first line: ${found}${cells.length > 8 ? ', …' : ''})`);
            refused = true;
            parser.abort();
            return;
          }
          width = header.columns.length;
          const refusal = onHeader({ ...header, hasUnitSeparator: text.includes('\u001F') });
          if (refusal) {
            refuse(report, refusal);
            refused = true;
            parser.abort();
            return;
          }
          continue;
        }
        report.rowsRead += 1;
        if (cells.length !== width) {
          if (cells.length < width) {
            warn(report, { line, kind: 'ragged-row', message: `Line ${line} has ${cells.length} cells where the header has ${width}; the missing cells are left empty.` }, limit);
            while (cells.length < width) cells.push('');
          } else {
            const extra = cells.slice(width);
            if (extra.some((cell: string) => cell.trim() !== '')) {
              warn(report, { line, kind: 'ragged-row', message: `Line ${line} has ${cells.length} cells where the header has ${width}; the row is rejected so no value is put in the wrong column.` }, limit);
              reject(report, line, `${cells.length} cells where the header has ${width}`, cells[header.keyIndex]?.trim());
              continue;
            }
            warn(report, { line, kind: 'ragged-row', message: `Line ${line} has ${cells.length - width} empty cell(s) beyond the header; they are ignored.` }, limit);
            cells.length = width;
          }
        }
        if (mayBeNeutralised) undoNeutralisation(cells);
        const reference = cells[header.keyIndex]!.trim();
        if (reference === '') {
          warn(report, { line, kind: 'missing-reference', message: `Line ${line} has no Case reference; the row is rejected.` }, limit);
          reject(report, line, 'no Case reference');
          continue;
        }
        for (const index of header.dateIndexes) {
          const value = cells[index]!;
          if (value === '') continue;
          const parsed = dates.read(value);
          if (parsed) {
            report.dateFormats[parsed.format] = (report.dateFormats[parsed.format] ?? 0) + 1;
          } else if (value.trim() !== '') {
            warn(report, { line, kind: 'unparseable-date', message: `Line ${line}: ${header.columns[index]!.name} "${value.slice(0, 40)}" is not a date we can read (day first or ISO); kept as written.` }, limit);
          }
        }
        onRow(cells, reference, line);
      }
      for (const error of results.errors) {
        if (error.code === 'MissingQuotes') {
          warn(report, { line: lastRowLine, kind: 'unclosed-quote', message: `Line ${lastRowLine}: a quoted cell is never closed, so the rest of the file was read into that one cell.` }, limit);
        }
      }
      options.onProgress?.(results.meta.cursor, total, report.rowsRead);
    },
  });
  if (refused) return report;
  if (!header) return refuse(report, 'the file has no header line');
  const formats = Object.keys(report.dateFormats) as DateFormat[];
  report.dateFormat = formats.length === 0 ? undefined : formats.length === 1 ? formats[0] : 'mixed';
  if (report.rowsRead === 0) warn(report, { line: 0, kind: 'no-rows', message: `${report.name} has a header but no case rows.` }, limit);
  return report;
}

function reject(report: FileReport, line: number, reason: string, reference?: string): void {
  report.rowsRejected += 1;
  report.rejectedRows.push(reference ? { file: report.name, line, reason, reference } : { file: report.name, line, reason });
}

function lineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

function newlinesIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    let at = cell.indexOf('\n');
    while (at !== -1) {
      count += 1;
      at = cell.indexOf('\n', at + 1);
    }
  }
  return count;
}

function undoNeutralisation(cells: string[]): void {
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i]!;
    if (cell.charCodeAt(0) === 39 && NEUTRALISED.test(cell.slice(0, 2))) cells[i] = cell.slice(1);
  }
}
