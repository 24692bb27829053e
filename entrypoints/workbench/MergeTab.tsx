/**
 * The Merge tab: add exports (drop or pick), see each file's report, reorder or remove them, merge
 * in our own worker with progress and cancel, preview the result, and download it.
 */
import { Component } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { FileReport } from '../../lib/csv/import';
import type { Conflict, MergeSummary } from '../../lib/csv/merge';
import { orderExports, type OrderBasis } from '../../lib/csv/order';
import { summaryLine } from '../../lib/csv/merge';
import { today } from '../../lib/dates';
import type { ColumnFilter } from '../../lib/csv/view';
import type { ExportRequestOptions, FromWorker, MergeDone, ToWorker } from './protocol';
import { PreviewTable } from './PreviewTable';
import { StoreImport } from './StoreImport';
import type { MergedCases } from '../../components/insights/InsightsLoader';
import type { RowSource } from '../../components/background/importClient';
import type { CaseValues } from '../../lib/deadlines';
import { CollectedExports } from '../../components/collect/CollectedExports';
// Vite emits the worker as its own file in the extension (a `'self'` script, which MV3's CSP allows);
// `new Worker(new URL(...))` is not rewritten by WXT's build, and Papa's blob worker is refused.
import MergeWorker from './merge-worker.ts?worker';
import { formatFileSize } from '../../lib/fileSize';

interface Entry {
  readonly id: number;
  readonly file: File;
  readonly basis: OrderBasis;
  report?: FileReport;
}

interface Progress {
  file: number;
  files: number;
  name: string;
  fraction: number;
  rows: number;
  millis: number;
}

interface Download {
  url: string;
  name: string;
  rows: number;
}

type Phase = 'idle' | 'merging' | 'done' | 'cancelled' | 'failed';

let nextId = 1;

function createWorker(): Worker {
  return new MergeWorker();
}

const number = new Intl.NumberFormat('en-GB');

export interface MergeTabProps {
  /** Told of each finished merge (its cases stay in the worker), and of none once it is gone. */
  readonly onMerged?: (merge: MergedCases | undefined) => void;
}

export function MergeTab(props: MergeTabProps = {}) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [manualOrder, setManualOrder] = useState(false);
  const [phase, setPhase] = useState<Phase>('idle');
  // Where the merge starts from; later progress goes to the progress bar alone (see MergeProgress).
  const [progress, setProgress] = useState<Progress | undefined>();
  const progressListener = useRef<((progress: Progress) => void) | undefined>();
  const [result, setResult] = useState<MergeDone | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [laterWinsEvenWhenEmpty, setLaterWinsEvenWhenEmpty] = useState(false);
  const [exportOptions, setExportOptions] = useState<ExportRequestOptions>({ isoDates: false, provenance: false, neutraliseFormulas: true });
  const [mergedWith, setMergedWith] = useState<string>('');
  const [downloads, setDownloads] = useState<Partial<Record<'merged' | 'view' | 'conflicts', Download>>>({});
  const [view, setView] = useState<{ id: number; total: number } | undefined>();
  const [dragging, setDragging] = useState(false);
  const worker = useRef<Worker | undefined>();
  /** Workers that have said they listen ('ready'), and a merge waiting for its worker to say so. */
  const readyWorkers = useRef(new WeakSet<Worker>());
  const pendingStart = useRef<{ target: Worker; message: ToWorker } | undefined>();
  const rowsListener = useRef<((message: Extract<FromWorker, { type: 'rows' }>) => void) | undefined>();
  const mergeIds = useRef<number[]>([]);
  const mergeFiles = useRef<{ names: string[]; exportedAt?: number }>({ names: [] });
  /** Reads of the merged cases waiting for the worker's answer (the case store import, Insights). */
  const caseValueRequests = useRef(new Map<number, { resolve: (rows: CaseValues[]) => void; reject: (error: Error) => void }>());
  /** The finished merge the worker holds, while it is there to be read. */
  const readable = useRef<MergeDone | undefined>();
  /** The merge already added to the case store by itself: shown again (stale, then not), it is not added twice. */
  const autoImported = useRef<MergeDone | undefined>();
  const onMerged = useRef(props.onMerged);
  onMerged.current = props.onMerged;

  // Reports and progress wait for the next frame and are drawn together, at most one render a frame
  // however many messages came in it; a report re-renders only its own file's item (FileItem is memoised).
  const pendingReports = useRef(new Map<number, FileReport>());
  const pendingProgress = useRef<Progress | undefined>();
  const frame = useRef<number | undefined>();
  function cancelFrame(): void {
    if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    frame.current = undefined;
  }
  function flushUpdates(): void {
    cancelFrame();
    const progress = pendingProgress.current;
    pendingProgress.current = undefined;
    if (progress) progressListener.current?.(progress);
    if (pendingReports.current.size === 0) return;
    const reports = pendingReports.current;
    pendingReports.current = new Map();
    setEntries((list) => list.map((entry) => (reports.has(entry.id) ? { ...entry, report: reports.get(entry.id) } : entry)));
  }
  function scheduleFlush(): void {
    if (frame.current === undefined) frame.current = requestAnimationFrame(flushUpdates);
  }
  /** Updates of a merge that is gone (cancelled, failed, replaced) are not drawn. */
  function dropUpdates(): void {
    cancelFrame();
    pendingProgress.current = undefined;
    pendingReports.current.clear();
  }

  function listen(target: Worker): void {
    target.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      switch (message.type) {
        case 'ready': {
          readyWorkers.current.add(target);
          const start = pendingStart.current;
          if (start?.target === target) {
            pendingStart.current = undefined;
            target.postMessage(start.message);
          }
          break;
        }
        case 'progress':
          pendingProgress.current = message;
          scheduleFlush();
          break;
        case 'file-report': {
          const id = mergeIds.current[message.index];
          if (id !== undefined) pendingReports.current.set(id, message.report);
          scheduleFlush();
          break;
        }
        case 'done':
          // The reports not yet drawn are drawn with the result, in the same render.
          flushUpdates();
          readable.current = message;
          setResult(message);
          setPhase('done');
          setView({ id: 0, total: message.summary.rowsOut });
          target.postMessage({ type: 'view', search: '', filters: [] } satisfies ToWorker);
          // In a task of its own: the page's work when a merge ends is split so none of it blocks for long.
          setTimeout(() => {
            if (readable.current === message) onMerged.current?.({ total: message.summary.rowsOut, read: readCaseValues, names: mergeFiles.current.names });
          }, 0);
          break;
        case 'view':
          setView({ id: message.viewId, total: message.total });
          break;
        case 'rows':
          rowsListener.current?.(message);
          break;
        case 'case-values':
          caseValueRequests.current.get(message.requestId)?.resolve(message.rows);
          caseValueRequests.current.delete(message.requestId);
          break;
        case 'export': {
          const name = message.what === 'conflicts' ? `merge-conflicts-${today()}.csv` : message.what === 'view' ? `merged-cases-filtered-${today()}.csv` : `merged-cases-${today()}.csv`;
          const url = URL.createObjectURL(message.blob);
          setDownloads((current) => {
            const previous = current[message.what];
            if (previous) URL.revokeObjectURL(previous.url);
            return { ...current, [message.what]: { url, name, rows: message.rows } };
          });
          const link = document.createElement('a');
          link.href = url;
          link.download = name;
          link.click();
          break;
        }
        case 'error':
          flushUpdates();
          setError(message.message);
          setPhase('failed');
          forgetMerge(`the merge worker failed (${message.message})`);
          break;
      }
    };
    target.onerror = (event) => {
      // A worker whose script could not be loaded (a plain error event, no message) never answers:
      // forget it, so the next Merge starts a new one. An uncaught exception (an ErrorEvent with its
      // message) leaves the worker running, and what it posts next is still shown.
      if (!event.message) {
        target.terminate();
        if (worker.current === target) worker.current = undefined;
      }
      flushUpdates();
      setError(event.message || 'The merge worker stopped.');
      setPhase('failed');
      forgetMerge('the merge worker stopped');
    };
  }

  /** The worker's merge is gone or going: reads waiting for it fail now instead of never answering. */
  function forgetMerge(reason: string, closing = false): void {
    readable.current = undefined;
    if (!closing) onMerged.current?.(undefined);
    const pending = [...caseValueRequests.current.values()];
    caseValueRequests.current.clear();
    for (const request of pending) request.reject(new Error(`${reason}; merge again`));
  }

  function ensureWorker(): Worker {
    if (!worker.current) {
      worker.current = createWorker();
      listen(worker.current);
    }
    return worker.current;
  }

  useEffect(
    () => () => {
      worker.current?.terminate();
      dropUpdates();
      forgetMerge('the workbench was closed', true);
    },
    [],
  );

  function addFiles(list: FileList | File[]): void {
    const files = [...list];
    if (files.length === 0) return;
    // The worker (and its reader worker) start while the user looks over the list, not after the
    // click on Merge: their start-up was 150-250 ms of the small bench set's 1.2 s at load 6.
    ensureWorker();
    setEntries((current) => {
      const added = files.map((file) => ({ id: nextId++, file, basis: 'given order' as OrderBasis }));
      const all = [...current, ...added];
      if (manualOrder) return all;
      return orderExports(all.map((entry) => ({ entry, name: entry.file.name, lastModified: entry.file.lastModified }))).map(({ file, basis }) => ({ ...file.entry, basis }));
    });
  }

  // Stable (they use only state setters), so the memoised file items are not drawn again for them.
  const move = useCallback((id: number, delta: number): void => {
    setManualOrder(true);
    setEntries((list) => {
      const index = list.findIndex((entry) => entry.id === id);
      const target = index + delta;
      if (index < 0 || target < 0 || target >= list.length) return list;
      const copy = [...list];
      [copy[index], copy[target]] = [copy[target]!, copy[index]!];
      return copy;
    });
  }, []);

  const remove = useCallback((id: number): void => {
    setEntries((list) => list.filter((entry) => entry.id !== id));
  }, []);

  function startMerge(): void {
    if (entries.length === 0) return;
    setError(undefined);
    setResult(undefined);
    setView(undefined);
    setDownloads({});
    setPhase('merging');
    dropUpdates();
    forgetMerge('a new merge started');
    setProgress({ file: 0, files: entries.length, name: entries[0]!.file.name, fraction: 0, rows: 0, millis: 0 });
    mergeIds.current = entries.map((entry) => entry.id);
    setEntries((list) => list.map((entry) => (entry.report ? { ...entry, report: undefined } : entry)));
    setMergedWith(entries.map((entry) => entry.id).join(',') + `|${laterWinsEvenWhenEmpty}`);
    const newest = Math.max(...entries.map((entry) => entry.file.lastModified || 0));
    mergeFiles.current = { names: entries.map((entry) => entry.file.name), ...(newest > 0 ? { exportedAt: newest } : {}) };
    const target = ensureWorker();
    const message: ToWorker = {
      type: 'merge',
      files: entries.map((entry) => ({ file: entry.file, name: entry.file.name, lastModified: entry.file.lastModified })),
      options: { laterWinsEvenWhenEmpty },
    };
    // A worker still loading gets the merge once it says it listens.
    if (readyWorkers.current.has(target)) target.postMessage(message);
    else pendingStart.current = { target, message };
  }

  function cancel(): void {
    // The merge runs without pauses inside the worker: stopping the worker is the cancel.
    pendingStart.current = undefined;
    worker.current?.terminate();
    worker.current = undefined;
    dropUpdates();
    setPhase('cancelled');
    forgetMerge('the merge was cancelled');
  }

  function requestExport(what: 'merged' | 'view' | 'conflicts'): void {
    worker.current?.postMessage({ type: 'export', what, options: exportOptions } satisfies ToWorker);
  }

  function applyFilter(search: string, filters: ColumnFilter[]): void {
    worker.current?.postMessage({ type: 'view', search, filters } satisfies ToWorker);
  }

  function requestRows(start: number, count: number, viewId: number): void {
    worker.current?.postMessage({ type: 'rows', start, count, viewId } satisfies ToWorker);
  }

  // The merged cases stay in the worker; the case store import reads them a batch at a time.
  const nextRequestId = useRef(1);
  function readCaseValues(start: number, count: number): Promise<CaseValues[]> {
    const requestId = nextRequestId.current++;
    return new Promise((resolve, reject) => {
      if (!worker.current || !readable.current) return reject(new Error('the merge is no longer in memory; merge again'));
      caseValueRequests.current.set(requestId, { resolve, reject });
      worker.current.postMessage({ type: 'case-values', start, count, requestId } satisfies ToWorker);
    });
  }

  const stale = phase === 'done' && mergedWith !== entries.map((entry) => entry.id).join(',') + `|${laterWinsEvenWhenEmpty}`;

  return (
    <div class="wb-merge">
      <div
        class={dragging ? 'wb-drop wb-drop-active' : 'wb-drop'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          if (event.dataTransfer?.files) addFiles(event.dataTransfer.files);
        }}
      >
        <p>Drop case-list exports (CSV) here, or</p>
        <label class="wb-button">
          Choose files…
          <input
            type="file"
            multiple
            accept=".csv,.txt,.tsv,text/csv,text/plain"
            class="wb-file-input"
            data-testid="merge-file-input"
            onChange={(event) => {
              const input = event.currentTarget;
              if (input.files) addFiles(input.files);
              input.value = '';
            }}
          />
        </label>
        <p class="wb-hint">The later export wins. Order: a time in the file name, else the file's date; change it with ↑ ↓.</p>
      </div>

      <CollectedExports onAdd={addFiles} />

      {entries.length > 0 && (
        <ol class="wb-files" aria-label="Files to merge, oldest first">
          {entries.map((entry, index) => (
            <FileItem key={entry.id} entry={entry} first={index === 0} last={index === entries.length - 1} busy={phase === 'merging'} onMove={move} onRemove={remove} />
          ))}
        </ol>
      )}

      <fieldset class="wb-options">
        <legend>Options</legend>
        <label>
          <input type="checkbox" checked={laterWinsEvenWhenEmpty} onChange={(event) => setLaterWinsEvenWhenEmpty(event.currentTarget.checked)} /> Later file wins even when its cell is empty
        </label>
        <label>
          <input type="checkbox" checked={exportOptions.isoDates} onChange={(event) => setExportOptions({ ...exportOptions, isoDates: event.currentTarget.checked })} /> Write dates as yyyy-MM-dd
        </label>
        <label>
          <input type="checkbox" checked={exportOptions.provenance} onChange={(event) => setExportOptions({ ...exportOptions, provenance: event.currentTarget.checked })} /> Add a "Source file" column
        </label>
        <label>
          <input type="checkbox" checked={exportOptions.neutraliseFormulas} onChange={(event) => setExportOptions({ ...exportOptions, neutraliseFormulas: event.currentTarget.checked })} /> Neutralise cells a spreadsheet would run as formulas (recommended)
        </label>
      </fieldset>

      <div class="wb-actions">
        <button type="button" class="wb-button wb-primary" data-testid="merge-start" disabled={entries.length === 0 || phase === 'merging'} onClick={startMerge}>
          Merge {entries.length} file{entries.length === 1 ? '' : 's'}
        </button>
        {phase === 'merging' && (
          <button type="button" class="wb-button" data-testid="merge-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>

      {phase === 'merging' && progress && <MergeProgress initial={progress} listener={progressListener} />}
      {phase === 'cancelled' && <p class="wb-status" role="status">Merge cancelled. Nothing was kept.</p>}
      {error && <p class="wb-error" role="alert">The merge failed: {error}</p>}

      {result && phase === 'done' && (
        <ResultView
          result={result}
          stale={stale}
          view={view}
          downloads={downloads}
          onExport={requestExport}
          onFilter={applyFilter}
          onRows={requestRows}
          rowsListener={rowsListener}
          storeSource={{ total: result.summary.rowsOut, read: readCaseValues }}
          storeFiles={mergeFiles.current}
          autoImport={autoImported.current !== result}
          onAutoImport={() => {
            autoImported.current = result;
          }}
        />
      )}
    </div>
  );
}

/** Counts the file items drawn, for the unit test that a report re-renders only its own file's item. */
export const fileItemRenders = { count: 0 };

interface FileItemProps {
  entry: Entry;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (id: number, delta: number) => void;
  onRemove: (id: number) => void;
}

/**
 * One file of the list with its report, drawn again only when one of its props changed, so another
 * file's report does not draw it. (Not preact/compat's memo: importing compat changes how Preact
 * handles every element of the page, `onChange` among them.)
 */
class FileItem extends Component<FileItemProps> {
  override shouldComponentUpdate(next: FileItemProps): boolean {
    const now = this.props;
    return (Object.keys(next) as (keyof FileItemProps)[]).some((key) => next[key] !== now[key]);
  }
  override render() {
    return fileItem(this.props);
  }
}

function fileItem({ entry, first, last, busy, onMove, onRemove }: FileItemProps) {
  fileItemRenders.count += 1;
  return (
    <li class="wb-file" data-file-name={entry.file.name}>
      <div class="wb-file-head">
        <span class="wb-file-name">{entry.file.name}</span>
        <span class="wb-file-meta">
          {formatFileSize(entry.file.size)} · order by {entry.basis}
        </span>
        <span class="wb-file-actions">
          <button type="button" aria-label={`Move ${entry.file.name} earlier`} disabled={first || busy} onClick={() => onMove(entry.id, -1)}>↑</button>
          <button type="button" aria-label={`Move ${entry.file.name} later`} disabled={last || busy} onClick={() => onMove(entry.id, 1)}>↓</button>
          <button type="button" aria-label={`Remove ${entry.file.name}`} disabled={busy} onClick={() => onRemove(entry.id)}>Remove</button>
        </span>
      </div>
      {entry.report && <FileReportView report={entry.report} />}
    </li>
  );
}

/**
 * The progress bar: it alone is drawn again for each progress message (ten a second), not the
 * whole tab with its file list, which took tens of milliseconds of the page each time.
 */
function MergeProgress({ initial, listener }: { initial: Progress; listener: { current?: (progress: Progress) => void } }) {
  const [progress, setProgress] = useState(initial);
  useEffect(() => {
    listener.current = setProgress;
    return () => {
      if (listener.current === setProgress) listener.current = undefined;
    };
  }, []);
  const rate = progress.millis > 0 ? Math.round((progress.rows / progress.millis) * 1000) : 0;
  const overall = (progress.file + (progress.file < progress.files ? progress.fraction : 0)) / Math.max(progress.files, 1);
  return (
    <div class="wb-progress" role="status" aria-live="polite">
      <progress max={1} value={overall} />
      <span>
        File {Math.min(progress.file + 1, progress.files)} of {progress.files} ({progress.name}) · {number.format(progress.rows)} rows · {number.format(rate)} rows/s
      </span>
    </div>
  );
}

function ResultView(props: {
  result: MergeDone;
  stale: boolean;
  view: { id: number; total: number } | undefined;
  downloads: Partial<Record<'merged' | 'view' | 'conflicts', Download>>;
  onExport: (what: 'merged' | 'view' | 'conflicts') => void;
  onFilter: (search: string, filters: ColumnFilter[]) => void;
  onRows: (start: number, count: number, viewId: number) => void;
  rowsListener: { current?: (message: Extract<FromWorker, { type: 'rows' }>) => void };
  storeSource: RowSource;
  storeFiles: { names: string[]; exportedAt?: number };
  /** Add the merge to the case store as soon as it is shown (once per merge). */
  autoImport: boolean;
  onAutoImport: () => void;
}) {
  const { result, view, downloads } = props;
  const summary: MergeSummary = result.summary;
  // The preview (hundreds of cells) is drawn in the task after the summary, not in the same one.
  const [previewShown, setPreviewShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setPreviewShown(true), 0);
    return () => clearTimeout(timer);
  }, []);
  const filtered = view !== undefined && view.total !== summary.rowsOut;
  return (
    <div class="wb-result">
      <p class="wb-summary" data-testid="merge-summary">
        {summaryLine(summary)} in {(result.millis / 1000).toFixed(1)} s.
      </p>
      {props.stale && <p class="wb-status">The files or the "later file wins" option changed since this merge: merge again to update it.</p>}
      <div class="wb-downloads">
        <button type="button" class="wb-button wb-primary" data-testid="download-merged" onMouseDown={keepScroll} onClick={() => props.onExport('merged')}>
          Download merged CSV ({number.format(summary.rowsOut)} rows)
        </button>
        <button type="button" class="wb-button" data-testid="download-view" onMouseDown={keepScroll} disabled={!filtered} onClick={() => props.onExport('view')}>
          Download this view{filtered ? ` (${number.format(view!.total)} row${view!.total === 1 ? '' : 's'})` : ''}
        </button>
        <button type="button" class="wb-button" data-testid="download-conflicts" onMouseDown={keepScroll} disabled={summary.conflicts === 0} onClick={() => props.onExport('conflicts')}>
          Download conflict report ({number.format(summary.conflicts)})
        </button>
        {(['merged', 'view', 'conflicts'] as const).map((what) =>
          downloads[what] ? (
            <a key={what} class="wb-download-link" href={downloads[what]!.url} download={downloads[what]!.name} data-download={what}>
              {downloads[what]!.name}
            </a>
          ) : null,
        )}
      </div>
      {!props.stale && <StoreImport auto={props.autoImport} onAutoStart={props.onAutoImport} source={props.storeSource} names={props.storeFiles.names} exportedAt={props.storeFiles.exportedAt} />}
      {summary.conflicts > 0 && <ConflictList conflicts={result.conflicts} total={summary.conflicts} />}
      {previewShown && <PreviewTable columns={result.columns} view={view} onFilter={props.onFilter} onRows={props.onRows} rowsListener={props.rowsListener} />}
    </div>
  );
}

function ConflictList({ conflicts, total }: { conflicts: Conflict[]; total: number }) {
  // The table is drawn only once opened: the page does no work for it while a merge finishes.
  const [open, setOpen] = useState(false);
  return (
    <details class="wb-conflicts" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {number.format(total)} conflict{total === 1 ? '' : 's'}: the same case with different values in different files
        {total > conflicts.length ? ` (first ${number.format(conflicts.length)} shown; the report has all)` : ''}
      </summary>
      {open && <table>
        <thead>
          <tr>
            <th>Case reference</th>
            <th>Field</th>
            <th>Values, oldest first (the last is kept)</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.slice(0, 200).map((conflict, index) => (
            <tr key={index}>
              <td>{conflict.reference}</td>
              <td>{conflict.field}</td>
              <td>
                {conflict.values.map((value, i) => (
                  <span key={i} class="wb-conflict-value">
                    {value.file}: “{value.value}”
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>}
    </details>
  );
}

function FileReportView({ report }: { report: FileReport }) {
  if (report.status === 'refused') {
    return (
      <p class="wb-refused" role="alert">
        {report.refusal}
      </p>
    );
  }
  const counts = Object.entries(report.warningCounts);
  return (
    <div class="wb-report">
      <dl>
        <dt>Rows</dt>
        <dd data-field="rows">{number.format(report.rowsRead)}{report.rowsRejected > 0 ? ` (${number.format(report.rowsRejected)} rejected)` : ''}</dd>
        <dt>Encoding</dt>
        <dd>{report.encoding}</dd>
        <dt>Delimiter</dt>
        <dd>{report.delimiter === '\t' ? 'tab' : report.delimiter === ';' ? 'semicolon' : 'comma'}, {report.lineEnding ?? 'one line'}</dd>
        <dt>Dates</dt>
        <dd>{report.dateFormat ?? 'none seen'}</dd>
        <dt>Columns</dt>
        <dd>
          {report.columnsFound.length} of 28
          {report.columnsMissing.length > 0 && report.columnsMissing.length < 28 ? ` (missing: ${report.columnsMissing.join(', ')})` : ''}
          {report.unknownColumns.length > 0 ? `; also ${report.unknownColumns.join(', ')}` : ''}
        </dd>
      </dl>
      {counts.length > 0 && <WarningList report={report} counts={counts} />}
    </div>
  );
}

/** A file's warnings: the list (up to 50) is drawn only once opened, not while the merge reports the file. */
function WarningList({ report, counts }: { report: FileReport; counts: [string, number | undefined][] }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="wb-warnings" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        Warnings: {counts.map(([kind, count]) => `${count} ${kind.replace(/-/g, ' ')}`).join(', ')}
      </summary>
      {open && (
        <ul>
          {report.warnings.slice(0, 50).map((warning, index) => (
            <li key={index}>{warning.message}</li>
          ))}
        </ul>
      )}
    </details>
  );
}

/**
 * Chromium scrolls the page when a mouse press moves focus to a button low in a long page, so the
 * release lands on another element and the click is lost. The press keeps focus where it is; the
 * keyboard still reaches the button with Tab.
 */
function keepScroll(event: MouseEvent): void {
  event.preventDefault();
}
