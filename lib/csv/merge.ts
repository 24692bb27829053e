/**
 * Merges case-list exports into one row per case. Files are added oldest first; for each case
 * the later export wins field by field, an empty cell never erasing a value unless the caller asks.
 * Only the merged row of each case is held, as one string (its comma-separated RFC 4180 line,
 * usually the very line the file had), so memory stays near the size of the output; a row's cells
 * are only made when a later row of the same case has to be folded into it. Everything else held
 * per case (the key table, the file each cell came from, the conflicts) is in typed arrays, which
 * cost 4 bytes an entry and nothing for the garbage collector to trace.
 */
import { FIELD_KEYS, FIELD_BY_KEY, type FieldKey } from '../glossary';
import { DecodeRestart } from './decode';
import {
  DateReader,
  emptyReport,
  ExportReader,
  readWhole,
  refuse,
  type ColumnInfo,
  type ExportSource,
  type FileReport,
  type HeaderInfo,
  type ReadOptions,
  type ReadRow,
  type RejectedRow,
} from './import';
import { csvLineOf, splitCsvLine, startsLikeFormula } from './rfc4180';

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

/** Columns a merge holds at most (a wider file is refused on its own; the others still merge). */
export const MAX_COLUMNS = 1 << 14;
const GLOSSARY_RANK: ReadonlyMap<string, number> = new Map(FIELD_KEYS.map((key, index) => [key, index]));
const DATE_KEYS: ReadonlySet<FieldKey> = new Set(FIELD_KEYS.filter((key) => FIELD_BY_KEY[key].type === 'date'));

export class CaseMerger {
  /** Columns in order of discovery; `outputOrder` gives the export order. */
  readonly columns: ColumnInfo[] = [];
  private readonly columnById = new Map<string, number>();
  /** Per case: its merged row in discovery order as a CSV line, possibly with fewer cells than `columns`. */
  readonly rows: string[] = [];
  /** Per case: the index in `files` of the last file that had it. */
  readonly sources: number[] = [];
  /** Cases by the hash of their key (see `keyHash`), looked up without making a key string. */
  private readonly cases = new CaseTable();
  /** The discovery index of the Case reference column (-1 before the first file's header). */
  private referenceIndex = -1;
  /** Cases with a cell that starts like a formula (the export looks at their cells). */
  private readonly formulaCases = new Set<number>();
  /**
   * For cases seen more than once, the file each cell's value came from: `originAt[case]` - 1 is
   * where the case's slot starts in `originPool` (its first entry the slot's width, then one file
   * index per column); 0 when the case was seen once.
   */
  private readonly originAt = new IntList();
  private originPool = new Uint16Array(1 << 12);
  private originUsed = 0;
  /** Conflicts: per conflict its case, column and first and last value; per case its first conflict + 1. */
  private readonly conflictCase = new IntList();
  private readonly conflictColumn = new IntList();
  private readonly conflictFirst = new IntList();
  private readonly conflictLast = new IntList();
  /** The next conflict of the same case + 1 (0: none). */
  private readonly conflictNext = new IntList();
  private readonly firstConflict = new IntList();
  /** Conflict values: each one's text (detached from the file's text), file and next value + 1. */
  private readonly valueText: string[] = [];
  private readonly valueFile = new IntList();
  private readonly valueNext = new IntList();
  readonly files: FileReport[] = [];
  readonly dates = new DateReader();
  /**
   * Cases stored from here on hold a cell for every column (earlier ones may be shorter): a case
   * is stored as the file's line only when the file has every column of the merge, else spread to
   * every column, and a column added moves this past every case stored so far.
   */
  firstFullWidthCase = 0;
  rowsIn = 0;
  superseded = 0;
  rejected = 0;
  private open: ExportReader | undefined;

  constructor(readonly options: MergeOptions = {}) {}

  get size(): number {
    return this.rows.length;
  }

  /** True when the case has a cell a spreadsheet would run as a formula. */
  hasFormula(caseIndex: number): boolean {
    return this.formulaCases.has(caseIndex);
  }

  /** Reads one export whose bytes or text are at hand and merges its rows; returns its report. */
  addFile(source: ExportSource, readOptions: ReadOptions = {}): FileReport {
    const reader = this.openFile(source.name, readOptions);
    readWhole(reader, source, readOptions);
    return this.closeFile(reader);
  }

  /** Adds a file that is refused before it is read (too large, unreadable). */
  refuseFile(name: string, reason: string): FileReport {
    const report = refuse(emptyReport(name), reason);
    this.files.push(report);
    return report;
  }

  /**
   * Starts reading one export whose bytes will come in chunks: push them to the reader, then
   * `closeFile`. One file at a time.
   */
  openFile(name: string, readOptions: ReadOptions = {}, forceEncoding?: 'Windows-1252'): ExportReader {
    if (this.open) throw new Error(`${this.open.report.name} is still being read`);
    const fileIndex = this.files.length;
    let toGlobal: number[] = [];
    let identity = true;
    let dateColumn: boolean[] = [];
    const onHeader = (header: HeaderInfo): string | undefined => {
      const refusal = this.widthRefusal(header.columns);
      if (refusal) return refusal;
      toGlobal = header.columns.map((column) => this.columnFor(column));
      // The file's line is the stored form only when its columns are the merge's, in order, and as
      // many: a narrower file's line would be stored short (see firstFullWidthCase).
      identity = toGlobal.length === this.columns.length && toGlobal.every((global, index) => global === index);
      dateColumn = toGlobal.map((global) => this.isDate(global));
      return undefined;
    };
    const onRow = (row: ReadRow): void => {
      const reference = row.reference;
      const hash = keyHash(reference);
      const existing = this.findCase(reference, hash);
      if (existing < 0) {
        const caseIndex = this.rows.length;
        this.cases.add(hash, caseIndex);
        // The file's own line when it already is the stored form; else the cells written out. The
        // line stays a view of the chunk it was read from: most rows of a chunk are kept, and copying
        // each kept line costs more time than the superseded lines it keeps alive cost memory.
        this.rows.push(identity && row.raw !== undefined ? row.raw : csvLineOf(identity ? row.cells() : this.spread(row.cells(), toGlobal)));
        this.sources.push(fileIndex);
        if (row.formula) this.formulaCases.add(caseIndex);
        return;
      }
      this.superseded += 1;
      // The same line again: nothing changes but the file the case was last seen in.
      if (identity && row.raw !== undefined && row.raw === this.rows[existing]) {
        this.sources[existing] = fileIndex;
        return;
      }
      this.mergeInto(existing, row, toGlobal, identity, dateColumn, fileIndex);
    };
    this.open = new ExportReader(name, onHeader, onRow, readOptions, this.dates, forceEncoding);
    return this.open;
  }

  /** Ends the file being read and counts it in; returns its report. */
  closeFile(reader: ExportReader): FileReport {
    if (reader !== this.open) throw new Error('not the file being read');
    const report = reader.end();
    this.open = undefined;
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
      if (column.id === 'caseReference') this.referenceIndex = index;
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

  /** The stored cells of a case in discovery order, padded to every column. */
  cellsOf(caseIndex: number): string[] {
    const cells = splitCsvLine(this.rows[caseIndex]!);
    while (cells.length < this.columns.length) cells.push('');
    return cells;
  }

  /** The case with this reference (trimmed; `hash` its keyHash), or -1. */
  private findCase(reference: string, hash: number): number {
    for (let slot = this.cases.first(hash); slot !== -1; slot = this.cases.next(slot, hash)) {
      const caseIndex = this.cases.caseAt(slot);
      const stored = this.referenceOf(caseIndex);
      if (stored === reference || stored.toUpperCase() === reference.toUpperCase()) return caseIndex;
    }
    return -1;
  }

  /** The case's slot in `originPool` (made, or widened to every column, on first use). */
  private originSlot(caseIndex: number, previousSource: number): number {
    const width = this.columns.length;
    const at = this.originAt.get(caseIndex) - 1;
    if (at >= 0 && this.originPool[at]! >= width) return at + 1;
    if (this.originUsed + width + 1 > this.originPool.length) {
      const grown = new Uint16Array(Math.max(this.originPool.length * 2, this.originUsed + width + 1));
      grown.set(this.originPool.subarray(0, this.originUsed));
      this.originPool = grown;
    }
    const start = this.originUsed;
    this.originUsed += width + 1;
    const pool = this.originPool;
    pool[start] = width;
    pool.fill(previousSource, start + 1, start + 1 + width);
    if (at >= 0) pool.copyWithin(start + 1, at + 1, at + 1 + pool[at]!);
    this.originAt.set(caseIndex, start + 1);
    return start + 1;
  }

  private mergeInto(caseIndex: number, row: ReadRow, toGlobal: readonly number[], identity: boolean, dateColumn: readonly boolean[], fileIndex: number): void {
    const cells = row.cells();
    const merged = this.cellsOf(caseIndex);
    const previousSource = this.sources[caseIndex]!;
    const laterWinsEmpty = this.options.laterWinsEvenWhenEmpty === true;
    const referenceColumn = this.referenceIndex;
    let origin = -1;
    // A cell keeps an earlier file's value: the merged row is not the file's line.
    let keptEarlier = false;
    for (let i = 0; i < cells.length; i += 1) {
      const value = cells[i]!;
      const global = toGlobal[i]!;
      const old = merged[global]!;
      if (value === old) continue;
      if (value === '' && !laterWinsEmpty) {
        keptEarlier = true;
        continue;
      }
      if (origin === -1) origin = this.originSlot(caseIndex, previousSource);
      // The reference itself matched ignoring case and spaces: not a conflict.
      if (old !== '' && global !== referenceColumn && !this.sameValue(old, value, dateColumn[i] === true)) {
        this.recordConflict(caseIndex, global, this.originPool[origin + global]!, old, fileIndex, value);
      }
      merged[global] = value;
      this.originPool[origin + global] = fileIndex;
    }
    // The row keeps values this file does not have (an empty cell kept, a column it lacks): they
    // stay credited to the files they came from, before `sources` moves on to this one.
    if (origin === -1 && (keptEarlier || toGlobal.length < merged.length)) this.originSlot(caseIndex, previousSource);
    // Usually the later row has every value: it is kept as its own line, as a new case would be.
    if (identity && row.raw !== undefined && !keptEarlier && allEmpty(merged, cells.length)) {
      this.rows[caseIndex] = row.raw;
      if (row.formula) this.formulaCases.add(caseIndex);
      else this.formulaCases.delete(caseIndex);
    } else {
      this.rows[caseIndex] = csvLineOf(merged);
      if (merged.some((cell) => startsLikeFormula(cell.charCodeAt(0)))) this.formulaCases.add(caseIndex);
      else this.formulaCases.delete(caseIndex);
    }
    this.sources[caseIndex] = fileIndex;
  }

  private sameValue(a: string, b: string, isDate: boolean): boolean {
    if (a.trim() === b.trim()) return true;
    if (!isDate) return false;
    const da = this.dates.read(a);
    return da !== undefined && da.date === this.dates.read(b)?.date;
  }

  private recordConflict(caseIndex: number, column: number, oldFile: number, oldValue: string, file: number, value: string): void {
    let conflict = this.firstConflict.get(caseIndex) - 1;
    while (conflict !== -1 && this.conflictColumn.get(conflict) !== column) conflict = this.conflictNext.get(conflict) - 1;
    if (conflict !== -1) {
      const added = this.addValue(file, value);
      this.valueNext.set(this.conflictLast.get(conflict), added + 1);
      this.conflictLast.set(conflict, added);
      return;
    }
    const first = this.addValue(oldFile, oldValue);
    const last = this.addValue(file, value);
    this.valueNext.set(first, last + 1);
    conflict = this.conflictCase.push(caseIndex);
    this.conflictColumn.push(column);
    this.conflictFirst.push(first);
    this.conflictLast.push(last);
    this.conflictNext.push(this.firstConflict.get(caseIndex));
    this.firstConflict.set(caseIndex, conflict + 1);
  }

  private addValue(file: number, value: string): number {
    this.valueText.push(detach(value));
    this.valueNext.push(0);
    return this.valueFile.push(file);
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

  /** The reference as written in the kept row, trimmed. */
  referenceOf(caseIndex: number): string {
    const row = this.rows[caseIndex]!;
    // Mostly the first cell, unquoted: read up to the first comma.
    if (this.referenceIndex === 0 && row.charCodeAt(0) !== 0x22) {
      const comma = row.indexOf(',');
      return (comma === -1 ? row : row.slice(0, comma)).trim();
    }
    // Otherwise cut the line only as far as the reference's cell.
    return (splitCsvLine(row, this.referenceIndex + 1)[this.referenceIndex] ?? '').trim();
  }

  fileName(fileIndex: number): string {
    return this.files[fileIndex]?.name ?? '';
  }

  conflicts(limit = Infinity): Conflict[] {
    const list: Conflict[] = [];
    for (let i = 0; i < this.conflictCount && list.length < limit; i += 1) {
      const values: ConflictValue[] = [];
      for (let v = this.conflictFirst.get(i); v !== -1; v = this.valueNext.get(v) - 1) values.push({ file: this.fileName(this.valueFile.get(v)), value: this.valueText[v]! });
      list.push({ reference: this.referenceOf(this.conflictCase.get(i)), field: this.columns[this.conflictColumn.get(i)]!.name, values });
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
 * of 13+ characters as a view of its parent, so a conflict's value would otherwise hold the whole
 * stored line (or read chunk) it was cut from. A JSON round trip makes a plain string of its own
 * (`(' ' + text).slice(1)` would make a view again, of a one-character-longer copy).
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** True when every cell from `from` on is empty. */
function allEmpty(cells: readonly string[], from: number): boolean {
  for (let i = from; i < cells.length; i += 1) if (cells[i] !== '') return false;
  return true;
}

/**
 * The hash of a Case reference's key (trimmed, compared ignoring case: `toUpperCase`), read from the
 * reference without making the key: ASCII letters are folded in place; a reference with any other
 * character is hashed as its `toUpperCase()`, so that references equal ignoring case hash alike.
 */
export function keyHash(reference: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < reference.length; i += 1) {
    let c = reference.charCodeAt(i);
    if (c > 0x7f) return hashOf(reference.toUpperCase());
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return hash;
}

function hashOf(upper: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < upper.length; i += 1) hash = Math.imul(hash ^ upper.charCodeAt(i), 0x01000193);
  return hash;
}

/** A growable list of 32-bit integers; `get` beyond the end reads 0. */
class IntList {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }

  get(index: number): number {
    return index < this.length ? this.data[index]! : 0;
  }

  set(index: number, value: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
    if (index >= this.length) this.length = index + 1;
  }

  private grow(needed: number): void {
    const grown = new Int32Array(Math.max(needed, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }
}

/**
 * Case indexes by key hash, open addressing at most half full: `first(hash)` and `next(slot, hash)`
 * walk the slots whose case has that hash (the caller compares the references).
 */
class CaseTable {
  /** Case index + 1 per slot (0: empty). */
  private slots = new Int32Array(1 << 12);
  private readonly hashes = new IntList();
  private count = 0;

  first(hash: number): number {
    return this.next((hash & (this.slots.length - 1)) - 1, hash);
  }

  next(slot: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let at = (slot + 1) & mask; ; at = (at + 1) & mask) {
      const entry = this.slots[at]!;
      if (entry === 0) return -1;
      if (this.hashes.get(entry - 1) === hash) return at;
    }
  }

  caseAt(slot: number): number {
    return this.slots[slot]! - 1;
  }

  add(hash: number, caseIndex: number): void {
    this.hashes.set(caseIndex, hash);
    if (2 * (this.count + 1) > this.slots.length) {
      const old = this.slots;
      this.slots = new Int32Array(old.length * 2);
      for (const entry of old) if (entry !== 0) this.place(this.hashes.get(entry - 1), entry);
    }
    this.place(hash, caseIndex + 1);
    this.count += 1;
  }

  private place(hash: number, entry: number): void {
    const mask = this.slots.length - 1;
    let at = hash & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = entry;
  }
}

/** One line for a terminal or a status bar. */
export function summaryLine(summary: MergeSummary): string {
  return `${summary.filesMerged} of ${summary.files} file(s) merged: ${summary.rowsIn} rows in, ${summary.rowsOut} rows out, ${summary.superseded} superseded, ${summary.rejected} rejected, ${summary.conflicts} conflict(s)`;
}

/** A file read piece by piece (the workbench's File, a file on disk). */
export interface StreamedExport {
  readonly name: string;
  readonly lastModified?: number;
  /** Bytes, known before reading. */
  readonly size: number;
  /** The file's bytes in order, from its start each time this is called. */
  chunks(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Why the file cannot be read at all (it is missing), when that is known beforehand. */
  readonly unreadable?: string;
}

export interface StreamLimits {
  /** Largest file read; a larger one is refused before any byte is read. */
  readonly fileBytes: number;
  /** Largest total of the files merged; a file that would pass it is refused. */
  readonly totalBytes: number;
}

/**
 * Bytes a merge reads. The merged rows are held in memory (about the size of the distinct cases'
 * text), so the limit keeps a worker well inside a browser tab's memory.
 */
export const STREAM_LIMITS: StreamLimits = { fileBytes: 1024 ** 3, totalBytes: 1.5 * 1024 ** 3 };

export interface StreamEvents {
  /** After each chunk: the file's index, its bytes read so far, its size, and rows read in all. */
  readonly onProgress?: (file: number, bytesDone: number, size: number, rowsRead: number) => void;
  /** Once per file as it is finished (again, with the same index, if the merge had to start over). */
  readonly onFileReport?: (file: number, report: FileReport) => void;
  readonly limits?: StreamLimits;
  readonly readOptions?: ReadOptions;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2).toLocaleString('en-GB')} MB`;
}

/**
 * Merges files read as streams, in the order given, never holding a whole file in memory. A file
 * whose bytes turn out, after rows were merged, to need another reading (valid UTF-8 letters, then
 * an invalid byte: it is Windows-1252; or a BOM whose encoding breaks: it is refused) cannot be
 * taken back out of the merge, so the merge starts over with that file's encoding known. That only
 * happens for a file whose first chunk looked like UTF-8 and a later one did not.
 */
export async function mergeStreams(files: readonly StreamedExport[], options: MergeOptions = {}, events: StreamEvents = {}): Promise<CaseMerger> {
  const limits = events.limits ?? STREAM_LIMITS;
  const decisions: ({ readonly encoding: 'Windows-1252' } | { readonly refusal: string } | undefined)[] = files.map(() => undefined);
  restart: for (;;) {
    const merger = new CaseMerger(options);
    let total = 0;
    for (let index = 0; index < files.length; index += 1) {
      const file = files[index]!;
      const decision = decisions[index];
      let refusal: string | undefined;
      if (file.unreadable !== undefined) {
        refusal = file.unreadable;
      } else if (file.size > limits.fileBytes) {
        refusal = `it is ${megabytes(file.size)}, more than the ${megabytes(limits.fileBytes)} a merge reads from one file`;
      } else if (total + file.size > limits.totalBytes) {
        refusal = `it is ${megabytes(file.size)} and the files before it ${megabytes(total)}, more than the ${megabytes(limits.totalBytes)} a merge reads in all`;
      } else if (decision && 'refusal' in decision) refusal = decision.refusal;
      if (refusal !== undefined) {
        const report = merger.refuseFile(file.name, refusal);
        events.onFileReport?.(index, report);
        continue;
      }
      total += file.size;
      const reader = merger.openFile(file.name, events.readOptions, decision ? 'Windows-1252' : undefined);
      const rowsBefore = merger.rowsIn;
      let done = 0;
      let report: FileReport;
      // A byte that proves the encoding wrong, while reading or at the end: merge again from the start.
      try {
        for await (const bytes of file.chunks()) {
          reader.pushBytes(bytes);
          done += bytes.length;
          events.onProgress?.(index, done, file.size, rowsBefore + reader.report.rowsRead);
          if (reader.done) break;
        }
        report = merger.closeFile(reader);
      } catch (error) {
        if (!(error instanceof DecodeRestart)) throw error;
        decisions[index] = error.decision;
        continue restart;
      }
      events.onFileReport?.(index, report);
    }
    return merger;
  }
}
