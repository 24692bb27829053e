/**
 * A filtered view of a merged table, for the workbench's preview and "export this view": a search
 * across every cell and per-column filters, each matched case-insensitively as a substring.
 */
import type { CaseMerger } from './merge';

export interface ColumnFilter {
  /** The column's name as shown (a glossary label or an unknown column's header). */
  readonly column: string;
  readonly text: string;
}

/** The cases (indexes into the merger) that match, in merge order. */
export function filterCases(merger: CaseMerger, search: string, filters: readonly ColumnFilter[]): Int32Array {
  const needle = search.trim().toLowerCase();
  const byName = new Map(merger.columns.map((column, index) => [column.name, index]));
  const columnFilters = filters
    .filter((filter) => filter.text.trim() !== '' && byName.has(filter.column))
    .map((filter) => ({ index: byName.get(filter.column)!, text: filter.text.trim().toLowerCase() }));
  // A needle without quotes or commas can only be found inside one cell, so the stored line
  // answers without splitting it.
  const wholeRowTest = !/[",]/.test(needle);
  const matches = new Int32Array(merger.size);
  let count = 0;
  for (let i = 0; i < merger.size; i += 1) {
    if (needle !== '') {
      const haystack = merger.rows[i]!;
      const found = wholeRowTest ? haystack.toLowerCase().includes(needle) : merger.cellsOf(i).some((cell) => cell.toLowerCase().includes(needle));
      if (!found) continue;
    }
    if (columnFilters.length > 0) {
      const cells = merger.cellsOf(i);
      if (!columnFilters.every((filter) => cells[filter.index]!.toLowerCase().includes(filter.text))) continue;
    }
    matches[count] = i;
    count += 1;
  }
  return matches.slice(0, count);
}
