/**
 * Writes CSV that opens right in Excel: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting (a
 * cell is quoted only when it holds a quote, a comma or a line break; quotes are doubled). Parsing
 * is PapaParse's; writing is this small quoting rule, which is all RFC 4180 asks of a writer.
 */
import { FIELD_BY_KEY, normaliseHeader } from '../glossary';
import type { CaseMerger } from './merge';
import { csvField, csvLineOf, splitCsvLine } from './rfc4180';

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

export interface ExportOptions {
  /** Prefix `'` to cells a spreadsheet would run as formulas (OWASP). Default true. */
  readonly neutraliseFormulas?: boolean;
  /** Write dates as yyyy-MM-dd instead of as the portal wrote them. */
  readonly isoDates?: boolean;
  /** Add a "Source file" column (see provenanceHeader): the last export that had the case. */
  readonly provenance?: boolean;
  /** Only these cases, in this order (a filtered view); default every case. */
  readonly rows?: ArrayLike<number>;
  /** Characters per chunk handed to the sink. */
  readonly chunkSize?: number;
}

export const PROVENANCE_HEADER = 'Source file';

/**
 * The name of our Source file column: "Source file", or "Source file (2)" and on when the merge
 * already has a column of that name (an export of ours merged again keeps its own column, which is
 * data like any other; ours is named apart so that no header repeats).
 */
export function provenanceHeader(columnNames: readonly string[]): string {
  const taken = new Set(columnNames.map(normaliseHeader));
  let name = PROVENANCE_HEADER;
  for (let n = 2; taken.has(normaliseHeader(name)); n += 1) name = `${PROVENANCE_HEADER} (${n})`;
  return name;
}

// OWASP "CSV injection": cells starting with = + - @ tab or CR are run as formulas by spreadsheets.
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain number (a negative Case age) is not a formula and keeps its sign.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * The cell before `neutraliseFormula`, when it is what that would have written; else the cell as it
 * is. Import undoes exactly our own neutralisation: a user's `'-5` or `'+447700900123` (an
 * apostrophe we never add before a plain number) is kept as written.
 */
export function undoNeutralise(cell: string): string {
  return cell.charCodeAt(0) === 0x27 && neutraliseFormula(cell.slice(1)) === cell ? cell.slice(1) : cell;
}

/** One cell as RFC 4180 writes it (rfc4180's csvField), neutralised first unless asked not to. */
export function csvCell(cell: string, neutralise = true): string {
  return csvField(neutralise ? neutraliseFormula(cell) : cell);
}

export function csvLine(cells: readonly string[], neutralise = true): string {
  return csvLineOf(neutralise ? cells.map(neutraliseFormula) : cells);
}

/** A whole small CSV (the conflict report, tests): BOM, CRLF after every line. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>, neutralise = true): string {
  const lines = [csvLine(header, neutralise)];
  for (const row of rows) lines.push(csvLine(row, neutralise));
  return BOM + lines.join(CRLF) + CRLF;
}

/** Collects lines and hands them on in large strings, so writing 180 MB is a few hundred calls. */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (chunk: string) => void, private readonly chunkSize: number) {}
  line(text: string): void {
    this.parts.push(text);
    this.size += text.length + 2;
    if (this.size >= this.chunkSize) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(CRLF) + CRLF);
    this.parts = [];
    this.size = 0;
  }
}


/**
 * Writes the merged table: BOM, header, one line per case. The common case (columns found in
 * export order, no date to rewrite, no formula to neutralise) writes the stored line as it is;
 * every other row goes cell by cell.
 */
export function writeMergedCsv(merger: CaseMerger, options: ExportOptions, sink: (chunk: string) => void): void {
  const neutralise = options.neutraliseFormulas !== false;
  const order = merger.outputOrder();
  const width = merger.columns.length;
  const inOrder = order.every((global, index) => global === index);
  const isoDates = options.isoDates === true;
  const dateColumns = order.map((global) => {
    const field = merger.columns[global]!.field;
    return isoDates && field !== undefined && FIELD_BY_KEY[field].type === 'date';
  });
  const anyDates = dateColumns.some(Boolean);
  const sources = options.provenance ? merger.files.map((file) => ',' + csvCell(file.name, neutralise)) : undefined;
  const header = order.map((global) => merger.columns[global]!.name);
  if (options.provenance) header.push(provenanceHeader(header));

  // 64 K characters: a larger string goes to V8's large-object space (its own memory mapping each),
  // which made writing the 20-file bench's 139 MB about five times slower.
  const writer = new ChunkedWriter(sink, options.chunkSize ?? 1 << 16);
  writer.line(BOM + csvLine(header, neutralise));
  const count = options.rows ? options.rows.length : merger.size;
  const padding: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const caseIndex = options.rows ? options.rows[n]! : n;
    const stored = merger.rows[caseIndex]!;
    let line: string;
    if (inOrder && !anyDates && !(neutralise && merger.hasFormula(caseIndex))) {
      line = stored;
      const cellsHere = caseIndex >= merger.firstFullWidthCase ? width : countCells(stored, width);
      if (cellsHere < width) line += padding[width - cellsHere] ??= ','.repeat(width - cellsHere);
    } else {
      const cells = merger.cellsOf(caseIndex);
      line = '';
      for (let i = 0; i < order.length; i += 1) {
        let cell = cells[order[i]!]!;
        if (dateColumns[i] && cell !== '') {
          const parsed = merger.dates.read(cell);
          if (parsed) cell = parsed.date;
        }
        line += i === 0 ? csvCell(cell, neutralise) : ',' + csvCell(cell, neutralise);
      }
    }
    if (sources) line += sources[merger.sources[caseIndex]!]!;
    writer.line(line);
  }
  writer.flush();
}

/** Cells in a stored row, counting no further than `width`. */
function countCells(stored: string, width: number): number {
  return stored.includes('"') ? splitCsvLine(stored).length : commas(stored, width) + 1;
}

function commas(stored: string, width: number): number {
  let count = 0;
  for (let at = stored.indexOf(','); at !== -1 && count < width; at = stored.indexOf(',', at + 1)) count += 1;
  return count;
}

/** The merged CSV as one string (tests, small merges). */
export function mergedCsv(merger: CaseMerger, options: ExportOptions = {}): string {
  const chunks: string[] = [];
  writeMergedCsv(merger, options, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

export const CONFLICT_HEADER = ['Case reference', 'Field', 'File', 'Value', 'Kept'] as const;

/** The conflict report: one line per differing value, "Kept" marking the value in the merged file. */
export function conflictsCsv(merger: CaseMerger, neutralise = true): string {
  const rows: string[][] = [];
  for (const conflict of merger.conflicts()) {
    conflict.values.forEach(({ file, value }, index) => {
      rows.push([conflict.reference, conflict.field, file, value, index === conflict.values.length - 1 ? 'yes' : 'no']);
    });
  }
  return toCsv(CONFLICT_HEADER, rows, neutralise);
}
