/** Messages between the workbench page and its merge worker (merge-worker.ts). */
import type { FileReport } from '../../lib/csv/import';
import type { Conflict, MergeSummary } from '../../lib/csv/merge';
import type { ColumnFilter } from '../../lib/csv/view';
import type { CaseValues } from '../../lib/deadlines';

export interface MergeRequestOptions {
  readonly laterWinsEvenWhenEmpty: boolean;
}

export interface ExportRequestOptions {
  readonly isoDates: boolean;
  readonly provenance: boolean;
  readonly neutraliseFormulas: boolean;
}

export type ToWorker =
  | { type: 'merge'; files: { file: File; name: string; lastModified: number }[]; options: MergeRequestOptions }
  | { type: 'view'; search: string; filters: ColumnFilter[] }
  | { type: 'rows'; start: number; count: number; viewId: number }
  | { type: 'export'; what: 'merged' | 'view' | 'conflicts'; options: ExportRequestOptions }
  /** Merged cases `start`… by glossary field, for the case store. */
  | { type: 'case-values'; start: number; count: number; requestId: number };

export interface MergeDone {
  type: 'done';
  summary: MergeSummary;
  columns: string[];
  conflicts: Conflict[];
  millis: number;
}

export type FromWorker =
  /** Sent once, when the worker listens: a merge is posted only after it (see MergeTab). */
  | { type: 'ready' }
  | { type: 'progress'; file: number; files: number; name: string; fraction: number; rows: number; millis: number }
  | { type: 'file-report'; index: number; report: FileReport }
  | MergeDone
  | { type: 'view'; viewId: number; total: number }
  | { type: 'rows'; viewId: number; start: number; rows: string[][] }
  | { type: 'export'; what: 'merged' | 'view' | 'conflicts'; blob: Blob; rows: number }
  | { type: 'case-values'; requestId: number; rows: CaseValues[] }
  | { type: 'error'; message: string };

/** Rejected rows listed in a report sent to the page (the count stays whole; the JSON report and the CLI have them all). */
export const PAGE_REJECTED_ROWS = 200;

/**
 * A file's report as the page gets it: its list of rejected rows cut to the first 200, so a file of
 * thousands of bad rows does not make a message the page's main thread takes long to read.
 */
export function reportForPage(report: FileReport): FileReport {
  return report.rejectedRows.length <= PAGE_REJECTED_ROWS ? report : { ...report, rejectedRows: report.rejectedRows.slice(0, PAGE_REJECTED_ROWS) };
}
