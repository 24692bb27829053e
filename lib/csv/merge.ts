/**
 * Merges case-list exports into one row per case. Files are added oldest first; for each case
 * the later export wins field by field, an empty cell never erasing a value unless the caller asks.
 * Only the merged row of each case is held, as one compact string, so memory stays near the
 * size of the output rather than of every row of every file.
 */
import Papa from 'papaparse';
import { FIELD_KEYS, FIELD_BY_KEY, type FieldKey } from '../glossary';
import {
  DateReader,
  readExport,
  type ColumnInfo,
  type ExportSource,
  type FileReport,
  type HeaderInfo,
  type ReadOptions,
  type RejectedRow,
} from './import';

export interface MergeOptions {
  /** A later file's empty cell erases an earlier value (default: empty never erases). */
  readonly laterWinsEvenWhenEmpty?: boolean;
}

export interface ConflictValue {
  readonly file: string;
  readonly value: string;
}

export interface Conflict {
  readonly reference: string;
  readonly field: string;
  /** Every differing value in merge order; the last is the one kept. */
  readonly values: readonly ConflictValue[];
}

export interface MergeSummary {
  readonly files: number;
  readonly filesMerged: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly superseded: number;
  readonly rejected: number;
  readonly conflicts: number;
}

export interface MergeReport extends MergeSummary {
  readonly columns: readonly string[];
  readonly fileReports: readonly FileReport[];
  readonly rejectedRows: readonly RejectedRow[];
  readonly conflictList: readonly Conflict[];
}

// Cells of a stored row are joined with the ASCII unit separator; a file containing that
// character keeps its rows as arrays instead.
export const SEP = '\u001F';
/** Columns a merge holds at most (a wider file is refused on its own; the others still merge). */
export const MAX_COLUMNS = 1 << 14;
const GLOSSARY_RANK: ReadonlyMap<string, number> = new Map(FIELD_KEYS.map((key, index) => [key, index]));
const DATE_KEYS: ReadonlySet<FieldKey> = new Set(FIELD_KEYS.filter((key) => FIELD_BY_KEY[key].type === 'date'));

export type StoredRow = string | string[];

// A cell a spreadsheet would run as a formula (OWASP): such rows wait for the export's choice.
const FORMULA_AT_CELL_START = /(?:^|\u001F)[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const ALL_QUOTES = /"/g;

/** True when a stored row is already its CSV line. */
export function isCsvLine(stored: string): boolean {
  return stored.charCodeAt(0) !== 0x1f;
}

/**
 * The RFC 4180 line of the cells: only cells holding a quote, comma or line break are quoted (their
 * quotes doubled). Built with join, so the stored line is one flat string.
 */
export function quotedCsvLine(cells: readonly string[]): string {
  const out = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i]!;
    out[i] = NEEDS_QUOTES.test(cell) ? '"' + cell.replace(ALL_QUOTES, '""') + '"' : cell;
  }
  return out.join(',');
}

// Reads a stored CSV line back into cells (PapaParse, with its per-call setup done once).
const lineParser = new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' });

export function cellsOfCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  return (lineParser.parse(line, 0, false).data[0] as string[] | undefined) ?? [''];
}

export class CaseMerger {
  /** Columns in order of discovery; `outputOrder` gives the export order. */
  readonly columns: ColumnInfo[] = [];
  private readonly columnById = new Map<string, number>();
  private readonly caseByKey = new Map<string, number>();
  /** Per case: its merged row in discovery order, possibly shorter than `columns`. */
  readonly rows: StoredRow[] = [];
  /** Per case: the index in `files` of the last file that had it. */
  readonly sources: number[] = [];
  /** Per merged case: the file each cell's value came from (only cases seen more than once). */
  private readonly origins = new Map<number, Uint16Array>();
  private readonly conflictAt = new Map<number, number>();
  private readonly conflictCase: number[] = [];
  private readonly conflictColumn: number[] = [];
  private readonly conflictValues: { file: number; value: string }[][] = [];
  readonly files: FileReport[] = [];
  readonly dates = new DateReader();
  /** Cases stored from here on hold a cell for every column (earlier ones may be shorter). */
  firstFullWidthCase = 0;
  rowsIn = 0;
  superseded = 0;
  rejected = 0;

  constructor(readonly options: MergeOptions = {}) {}

  get size(): number {
    return this.rows.length;
  }

  /** Reads one export and merges its rows; returns its report (refused files merge nothing). */
  addFile(source: ExportSource, readOptions: ReadOptions = {}): FileReport {
    const fileIndex = this.files.length;
    let toGlobal: number[] = [];
    let identity = true;
    let joinable = true;
    let dateColumn: boolean[] = [];
    const onHeader = (header: HeaderInfo): string | undefined => {
      const refusal = this.widthRefusal(header.columns);
      if (refusal) return refusal;
      toGlobal = header.columns.map((column) => this.columnFor(column));
      identity = toGlobal.every((global, index) => global === index);
      dateColumn = toGlobal.map((global) => this.isDate(global));
      joinable = header.hasUnitSeparator !== true;
      return undefined;
    };
    const onRow = (cells: string[], reference: string): void => {
      const key = detach(reference.toUpperCase());
      const existing = this.caseByKey.get(key);
      if (existing === undefined) {
        this.caseByKey.set(key, this.rows.length);
        this.rows.push(this.store(identity ? cells : this.spread(cells, toGlobal), joinable));
        this.sources.push(fileIndex);
      } else {
        this.mergeInto(existing, cells, toGlobal, dateColumn, fileIndex);
        this.superseded += 1;
      }
    };
    const report = readExport(source, onHeader, onRow, readOptions, this.dates);
    this.files.push(report);
    if (report.status === 'merged') {
      this.rowsIn += report.rowsRead;
      this.rejected += report.rowsRejected;
    }
    return report;
  }

  /** Why a file's columns cannot join the merge, or undefined when they can. */
  private widthRefusal(columns: readonly ColumnInfo[]): string | undefined {
    const added = new Set(columns.map((column) => column.id).filter((id) => !this.columnById.has(id))).size;
    const total = this.columns.length + added;
    if (total <= MAX_COLUMNS) return undefined;
    const limit = MAX_COLUMNS.toLocaleString('en-GB');
    return columns.length > MAX_COLUMNS
      ? `it has ${columns.length.toLocaleString('en-GB')} columns, more than the ${limit} a merge can hold`
      : `it has ${columns.length.toLocaleString('en-GB')} columns, ${added.toLocaleString('en-GB')} of them new, which would take the merge to ${total.toLocaleString('en-GB')} columns, more than the ${limit} it can hold`;
  }

  private columnFor(column: ColumnInfo): number {
    let index = this.columnById.get(column.id);
    if (index === undefined) {
      index = this.columns.length;
      this.columns.push(column);
      this.columnById.set(column.id, index);
      this.firstFullWidthCase = this.rows.length;
    }
    return index;
  }

  private isDate(global: number): boolean {
    const field = this.columns[global]?.field;
    return field !== undefined && DATE_KEYS.has(field);
  }

  private spread(cells: readonly string[], toGlobal: readonly number[]): string[] {
    const row = new Array<string>(this.columns.length).fill('');
    for (let i = 0; i < cells.length; i += 1) row[toGlobal[i]!] = cells[i]!;
    return row;
  }

  /**
   * A row is kept as one string: its RFC 4180 line, written out as is, unless a cell starts like a
   * formula (then the export's neutralisation choice decides): such rows keep the cells joined by
   * SEP after a leading SEP that marks the form. Files containing SEP keep arrays.
   */
  private store(cells: string[], joinable: boolean): StoredRow {
    if (!joinable) return cells;
    const joined = cells.join(SEP);
    if (FORMULA_AT_CELL_START.test(joined)) return [SEP, joined].join('');
    return NEEDS_QUOTES.test(joined) ? quotedCsvLine(cells) : cells.join(',');
  }

  /** The stored cells of a case in discovery order, padded to every column. */
  cellsOf(caseIndex: number): string[] {
    const stored = this.rows[caseIndex]!;
    const cells = typeof stored !== 'string' ? stored.slice() : isCsvLine(stored) ? cellsOfCsvLine(stored) : stored.slice(1).split(SEP);
    while (cells.length < this.columns.length) cells.push('');
    return cells;
  }

  private mergeInto(caseIndex: number, cells: readonly string[], toGlobal: readonly number[], dateColumn: readonly boolean[], fileIndex: number): void {
    const merged = this.cellsOf(caseIndex);
    const previousSource = this.sources[caseIndex]!;
    let origin = this.origins.get(caseIndex);
    const laterWinsEmpty = this.options.laterWinsEvenWhenEmpty === true;
    const referenceColumn = this.referenceColumn();
    for (let i = 0; i < cells.length; i += 1) {
      const value = cells[i]!;
      const global = toGlobal[i]!;
      const old = merged[global]!;
      if (value === old || (value === '' && !laterWinsEmpty)) continue;
      if (!origin || origin.length < this.columns.length) {
        const grown = new Uint16Array(this.columns.length).fill(previousSource);
        if (origin) grown.set(origin);
        origin = grown;
        this.origins.set(caseIndex, origin);
      }
      // The reference itself matched ignoring case and spaces: not a conflict.
      if (old !== '' && global !== referenceColumn && !this.sameValue(old, value, dateColumn[i] === true)) {
        this.recordConflict(caseIndex, global, origin[global] ?? previousSource, old, fileIndex, value);
      }
      merged[global] = value;
      origin[global] = fileIndex;
    }
    this.rows[caseIndex] = this.store(merged, !merged.some(hasSep));
    this.sources[caseIndex] = fileIndex;
  }

  private sameValue(a: string, b: string, isDate: boolean): boolean {
    if (a.trim() === b.trim()) return true;
    if (!isDate) return false;
    const da = this.dates.read(a);
    return da !== undefined && da.date === this.dates.read(b)?.date;
  }

  private recordConflict(caseIndex: number, column: number, oldFile: number, oldValue: string, file: number, value: string): void {
    const at = caseIndex * MAX_COLUMNS + column;
    const existing = this.conflictAt.get(at);
    if (existing !== undefined) {
      this.conflictValues[existing]!.push({ file, value: detach(value) });
      return;
    }
    this.conflictAt.set(at, this.conflictCase.length);
    this.conflictCase.push(caseIndex);
    this.conflictColumn.push(column);
    this.conflictValues.push([{ file: oldFile, value: detach(oldValue) }, { file, value: detach(value) }]);
  }

  get conflictCount(): number {
    return this.conflictCase.length;
  }

  /** Global column indexes in export order: the glossary's order, then unknown columns as found. */
  outputOrder(): number[] {
    const indexes = this.columns.map((_, index) => index);
    const rank = (index: number): number => {
      const field = this.columns[index]!.field;
      return field ? GLOSSARY_RANK.get(field)! : FIELD_KEYS.length + index;
    };
    return indexes.sort((a, b) => rank(a) - rank(b));
  }

  referenceColumn(): number {
    return this.columnById.get('caseReference') ?? -1;
  }

  /** The reference as written in the kept row. */
  referenceOf(caseIndex: number): string {
    return (this.cellsOf(caseIndex)[this.referenceColumn()] ?? '').trim();
  }

  fileName(fileIndex: number): string {
    return this.files[fileIndex]?.name ?? '';
  }

  conflicts(limit = Infinity): Conflict[] {
    const list: Conflict[] = [];
    for (let i = 0; i < this.conflictCase.length && list.length < limit; i += 1) {
      list.push({
        reference: this.referenceOf(this.conflictCase[i]!),
        field: this.columns[this.conflictColumn[i]!]!.name,
        values: this.conflictValues[i]!.map(({ file, value }) => ({ file: this.fileName(file), value })),
      });
    }
    return list;
  }

  summary(): MergeSummary {
    return {
      files: this.files.length,
      filesMerged: this.files.filter((file) => file.status === 'merged').length,
      rowsIn: this.rowsIn,
      rowsOut: this.rows.length,
      superseded: this.superseded,
      rejected: this.rejected,
      conflicts: this.conflictCount,
    };
  }

  report(conflictLimit = Infinity): MergeReport {
    const order = this.outputOrder();
    return {
      ...this.summary(),
      columns: order.map((index) => this.columns[index]!.name),
      fileReports: this.files,
      rejectedRows: this.files.flatMap((file) => file.rejectedRows),
      conflictList: this.conflicts(conflictLimit),
    };
  }
}

/**
 * A copy of `text` that does not keep alive the string it was cut from. V8 represents a substring
 * of 13+ characters as a view of its parent, so a case reference kept as a map key would otherwise
 * hold a whole 2 MB parse chunk in memory.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

function hasSep(cell: string): boolean {
  return cell.includes(SEP);
}

/** One line for a terminal or a status bar. */
export function summaryLine(summary: MergeSummary): string {
  return `${summary.filesMerged} of ${summary.files} file(s) merged: ${summary.rowsIn} rows in, ${summary.rowsOut} rows out, ${summary.superseded} superseded, ${summary.rejected} rejected, ${summary.conflicts} conflict(s)`;
}
