// Shared helpers for the csv-*.test.ts files: build export files and run the merge in memory.
import { CaseMerger, type MergeOptions } from '../../lib/csv/merge';
import { readExport, type ExportSource, type FileReport, type HeaderInfo } from '../../lib/csv/import';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Reads one file and returns its report, header and rows (as the importer hands them on). */
export function readAll(source: ExportSource): { report: FileReport; header?: HeaderInfo; rows: { cells: string[]; reference: string; line: number }[] } {
  let header: HeaderInfo | undefined;
  const rows: { cells: string[]; reference: string; line: number }[] = [];
  const report = readExport(
    source,
    (h) => {
      header = h;
    },
    (cells, reference, line) => rows.push({ cells: [...cells], reference, line }),
  );
  return { report, header, rows };
}

export function mergeTexts(files: readonly { name: string; text: string }[], options: MergeOptions = {}): CaseMerger {
  const merger = new CaseMerger(options);
  for (const file of files) merger.addFile({ name: file.name, bytes: utf8(file.text) });
  return merger;
}

/** Every merged case as a record of column name → value, in output order. */
export function mergedRecords(merger: CaseMerger): Record<string, string>[] {
  const order = merger.outputOrder();
  return merger.rows.map((_, index) => {
    const cells = merger.cellsOf(index);
    return Object.fromEntries(order.map((global) => [merger.columns[global]!.name, cells[global]!]));
  });
}
