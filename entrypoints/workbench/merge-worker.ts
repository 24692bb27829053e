/**
 * The workbench's merge worker: our own module worker (not PapaParse's blob worker, which an
 * extension's CSP refuses). It streams the dropped files (8 MB at a time, read by a second worker
 * while the merge works on the last slice, never a whole file in memory: fileSlices.ts), runs lib/csv's merge, keeps the result and answers the page's requests for rows,
 * filtered views and exports, so the page stays responsive. Files past the merge's size limits are
 * refused by name. Cancel is `worker.terminate()` from the page.
 */
import { mergeStreams, type CaseMerger } from '../../lib/csv/merge';
import { conflictsCsv, writeMergedCsv, type ExportOptions } from '../../lib/csv/export';
import { filterCases } from '../../lib/csv/view';
import type { CaseValues } from '../../lib/deadlines';
import { reportForPage, type FromWorker, type ToWorker } from './protocol';
import { CHUNK_BYTES, readAhead, sliceReader, type ReaderWorker } from './fileSlices';
import ReadWorker from './read-worker.ts?worker';

const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };

let merger: CaseMerger | undefined;
let view: Int32Array | undefined;
let viewId = 0;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

// Slices are read by a second worker (see fileSlices.ts), made as this worker starts (its own
// start-up, 50-100 ms, then overlaps the page's posting of the merge) and kept.
const readSlice = sliceReader(() => new ReadWorker() as unknown as ReaderWorker, { eager: true });

async function merge(request: Extract<ToWorker, { type: 'merge' }>): Promise<void> {
  const started = performance.now();
  merger = undefined;
  view = undefined;
  let lastPost = 0;
  const count = request.files.length;
  const chunksOf = readAhead(request.files.map(({ file }) => file), readSlice);
  const done = await mergeStreams(
    request.files.map(({ file, name, lastModified }, index) => ({ name, lastModified, size: file.size, chunks: () => chunksOf(index) })),
    { laterWinsEvenWhenEmpty: request.options.laterWinsEvenWhenEmpty },
    {
      onProgress(index, bytesDone, size, rows) {
        const now = performance.now();
        if (now - lastPost < 100 && bytesDone < size) return;
        lastPost = now;
        post({ type: 'progress', file: index, files: count, name: request.files[index]!.name, fraction: size ? bytesDone / size : 1, rows, millis: now - started });
      },
      onFileReport(index, report) {
        post({ type: 'file-report', index, report: reportForPage(report) });
      },
      // Each read slice decoded in one piece, not lib/csv's 64 KB (tuned for Node, where decoded
      // text lands in V8's heap): Chromium's TextDecoder hands back strings held outside the heap,
      // each with a weak handle the collector processes, and 2,600 of them (64 KB pieces of the
      // 163 MB bench set) cost 1-2 s of collection. Interleaved A/B at load 4-5: 7.3 s to 5.3-5.6 s.
      readOptions: { decodePieceBytes: CHUNK_BYTES },
    },
  );
  merger = done;
  view = undefined;
  post({ type: 'progress', file: count, files: count, name: request.files.at(-1)?.name ?? '', fraction: 1, rows: done.rowsIn, millis: performance.now() - started });
  post({
    type: 'done',
    summary: done.summary(),
    // Each file's report went to the page when the file was read ('file-report'): not sent again.
    columns: done.outputOrder().map((index) => done.columns[index]!.name),
    conflicts: done.conflicts(1000),
    millis: performance.now() - started,
  });
}

function setView(search: string, filters: Extract<ToWorker, { type: 'view' }>['filters']): void {
  if (!merger) return;
  viewId += 1;
  view = search.trim() === '' && filters.every((filter) => filter.text.trim() === '') ? undefined : filterCases(merger, search, filters);
  post({ type: 'view', viewId, total: view ? view.length : merger.size });
}

function rows(start: number, count: number, id: number): void {
  if (!merger || id !== viewId) return;
  const order = merger.outputOrder();
  const total = view ? view.length : merger.size;
  const out: string[][] = [];
  for (let n = start; n < Math.min(total, start + count); n += 1) {
    const cells = merger.cellsOf(view ? view[n]! : n);
    out.push(order.map((global) => cells[global]!));
  }
  post({ type: 'rows', viewId: id, start, rows: out });
}

function exportFile(request: Extract<ToWorker, { type: 'export' }>): void {
  if (!merger) return;
  const options: ExportOptions = { ...request.options, rows: request.what === 'view' ? view : undefined };
  if (request.what === 'conflicts') {
    post({ type: 'export', what: 'conflicts', blob: new Blob([conflictsCsv(merger, request.options.neutraliseFormulas)], { type: 'text/csv;charset=utf-8' }), rows: merger.conflictCount });
    return;
  }
  const parts: string[] = [];
  writeMergedCsv(merger, options, (chunk) => parts.push(chunk));
  const count = options.rows ? options.rows.length : merger.size;
  post({ type: 'export', what: request.what, blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), rows: count });
}

/** Merged cases by glossary field, for the case store (`occ:import`); unknown columns are left out. */
function caseValues(start: number, count: number, requestId: number): void {
  if (!merger) return;
  const fields = merger.columns.flatMap((column, index) => (column.field ? [[index, column.field] as const] : []));
  const out: CaseValues[] = [];
  for (let n = start; n < Math.min(merger.size, start + count); n += 1) {
    const cells = merger.cellsOf(n);
    const values: CaseValues = {};
    for (const [index, field] of fields) values[field] = cells[index] ?? '';
    out.push(values);
  }
  post({ type: 'case-values', requestId, rows: out });
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === 'merge') {
      merge(message).catch((error: unknown) => post({ type: 'error', message: String((error as Error).message ?? error) }));
    } else if (message.type === 'view') {
      setView(message.search, message.filters);
    } else if (message.type === 'rows') {
      rows(message.start, message.count, message.viewId);
    } else if (message.type === 'export') {
      exportFile(message);
    } else if (message.type === 'case-values') {
      caseValues(message.start, message.count, message.requestId);
    }
  } catch (error) {
    post({ type: 'error', message: String((error as Error).message ?? error) });
  }
};
// The page starts this worker when files are added and posts the merge later; it waits for this
// word, so the merge is never posted while the worker is still loading (a message that arrives before
// onmessage is set would be lost).
post({ type: 'ready' });
