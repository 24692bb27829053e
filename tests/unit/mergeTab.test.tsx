/**
 * The Merge tab with a fake merge worker: reads of the merged cases (the case store import,
 * Insights) fail when the worker's merge goes away instead of waiting for ever, and a finished
 * merge is added to the case store once, even when it is shown again after being stale.
 */
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MergedCases } from '../../components/insights/InsightsLoader';
import type { FromWorker, ToWorker } from '../../entrypoints/workbench/protocol';
import type { FileReport } from '../../lib/csv/import';
import { mountPoint, settle } from './preact-helpers';

/** The worker the tab makes: it records what it is sent and answers only when the test says. */
class FakeWorker {
  static made: FakeWorker[] = [];
  /** Say 'ready' as soon as the tab listens, as the real worker does once loaded; false: only when the test says. */
  static readyAtOnce = true;
  #onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  get onmessage() {
    return this.#onmessage;
  }
  set onmessage(handler) {
    this.#onmessage = handler;
    if (handler && FakeWorker.readyAtOnce) queueMicrotask(() => this.emit({ type: 'ready' }));
  }
  onerror: ((event: ErrorEvent) => void) | null = null;
  sent: ToWorker[] = [];
  terminated = false;
  /** Answer `case-values` requests at once (the case store import reads through them). */
  answerReads = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: ToWorker): void {
    this.sent.push(message);
    if (message.type === 'case-values' && this.answerReads) {
      const rows = Array.from({ length: Math.min(message.count, 3 - message.start) }, (_, i) => ({ caseReference: `PNX-${message.start + i}-A` }));
      queueMicrotask(() => this.emit({ type: 'case-values', requestId: message.requestId, rows }));
    }
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
}

vi.mock('../../entrypoints/workbench/merge-worker.ts?worker', () => ({ default: FakeWorker }));
const { MergeTab, fileItemRenders } = await import('../../entrypoints/workbench/MergeTab');

const root = mountPoint(() => {
  fakeBrowser.reset();
  FakeWorker.made = [];
  FakeWorker.readyAtOnce = true;
});
afterEach(() => vi.restoreAllMocks());

const done = (rowsOut: number): FromWorker => ({
  type: 'done',
  summary: { files: 2, filesMerged: 2, rowsIn: rowsOut, rowsOut, superseded: 0, rejected: 0, conflicts: 0 },
  columns: ['Case reference'],
  conflicts: [],
  millis: 5,
});

const csv = (name: string) => new File(['Case reference\nPNX-1-A\n'], name, { type: 'text/csv', lastModified: 1 });

async function addFiles(...names: string[]): Promise<void> {
  const input = root().querySelector<HTMLInputElement>('[data-testid="merge-file-input"]')!;
  Object.defineProperty(input, 'files', { value: names.map(csv), configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change'));
  });
}

const click = (selector: string) => act(() => root().querySelector<HTMLButtonElement>(selector)!.click());

/** Renders the tab, adds the files and clicks Merge; returns the (first) worker the tab made. */
async function startMerge(names: readonly string[], onMerged?: (merge: MergedCases | undefined) => void): Promise<FakeWorker> {
  await act(() => render(<MergeTab onMerged={onMerged} />, root()));
  await addFiles(...names);
  await click('[data-testid="merge-start"]');
  return FakeWorker.made[0]!;
}

/** Renders the tab, merges two files and finishes the merge; returns the worker and what Insights was told. */
async function finishedMerge(): Promise<{ worker: FakeWorker; merged: (MergedCases | undefined)[] }> {
  const merged: (MergedCases | undefined)[] = [];
  const worker = await startMerge(['a.csv', 'b.csv'], (merge) => merged.push(merge));
  expect(worker.sent[0]?.type).toBe('merge');
  await act(() => worker.emit(done(3)));
  await settle();
  return { worker, merged };
}

describe('reads of the merged cases when the merge goes away', () => {
  beforeEach(() => {
    // The automatic case store import: the store answers every batch.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true, written: 3, changed: 3 }));
  });

  it.each([
    { description: 'the worker reports a failure', end: (worker: FakeWorker) => worker.emit({ type: 'error', message: 'out of memory' }), reason: /the merge worker failed \(out of memory\); merge again/ },
    { description: 'the worker stops', end: (worker: FakeWorker) => worker.onerror?.({ message: '' } as ErrorEvent), reason: /the merge worker stopped; merge again/ },
    {
      description: 'a new merge is started',
      end: () => root().querySelector<HTMLButtonElement>('[data-testid="merge-start"]')!.click(),
      reason: /a new merge started; merge again/,
    },
  ])('$description: a pending read fails, and later reads fail at once', async ({ end, reason }) => {
    const { worker, merged } = await finishedMerge();
    const read = merged.at(-1)!.read;
    const pending = read(0, 2);
    const outcome = pending.then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await act(() => end(worker));
    await settle();
    await expect(Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50))])).resolves.toMatch(reason);
    await expect(read(0, 2)).rejects.toThrow(/merge again/);
    expect(merged.at(-1)).toBeUndefined();
  });

  it('cancelling a merge fails the reads made of it', async () => {
    const merged: (MergedCases | undefined)[] = [];
    const worker = await startMerge(['a.csv'], (merge) => merged.push(merge));
    await act(() => worker.emit(done(3)));
    await settle();
    // A second merge, finished, read from, then a third merge cancelled while the read waits.
    await click('[data-testid="merge-start"]');
    await act(() => worker.emit(done(3)));
    await settle();
    const pending = merged.at(-1)!.read(0, 2);
    await click('[data-testid="merge-start"]');
    await click('[data-testid="merge-cancel"]');
    await expect(pending).rejects.toThrow(/a new merge started; merge again/);
    expect(worker.terminated).toBe(true);
  });
});

describe('progress', () => {
  it('the progress bar follows the worker, file by file', async () => {
    const worker = await startMerge(['a.csv', 'b.csv']);
    await settle();
    expect(root().querySelector('.wb-progress')?.textContent).toBe('File 1 of 2 (a.csv) · 0 rows · 0 rows/s');
    await act(() => worker.emit({ type: 'progress', file: 1, files: 2, name: 'b.csv', fraction: 0.5, rows: 1500, millis: 1000 }));
    await settle();
    expect(root().querySelector('.wb-progress')?.textContent).toBe('File 2 of 2 (b.csv) · 1,500 rows · 1,500 rows/s');
    expect(root().querySelector<HTMLProgressElement>('.wb-progress progress')?.value).toBe(0.75);
  });
});

describe('the automatic case store import', () => {
  it('adds a finished merge once, even when it is shown again after being stale', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true, written: 3, changed: 3 }));
    const merged: (MergedCases | undefined)[] = [];
    const worker = await startMerge(['a.csv', 'b.csv'], (merge) => merged.push(merge));
    worker.answerReads = true;
    await act(() => worker.emit(done(3)));
    await settle();
    expect(root().querySelector('[data-testid="store-import-status"]')?.textContent).toMatch(/^Added 3 cases to your deadlines/);
    const imports = () => send.mock.calls.filter(([request]) => (request as unknown as { type: string }).type === 'occ:import').length;
    expect(imports()).toBe(1);
    // Reordered (stale: the import is hidden), then put back (the same merge is shown again).
    await click('[aria-label="Move b.csv earlier"]');
    expect(root().textContent).toContain('merge again to update it');
    expect(root().querySelector('[data-testid="store-import"]')).toBeNull();
    await click('[aria-label="Move b.csv later"]');
    await settle();
    expect(root().textContent).not.toContain('merge again to update it');
    expect(root().querySelector('[data-testid="store-import"]')).not.toBeNull();
    expect(imports()).toBe(1);
    // The button still adds it again when asked.
    await click('[data-testid="store-import"]');
    await settle();
    expect(imports()).toBe(2);
  });
});

describe('the file list during a merge', () => {
  const report = (rows: number): FileReport => ({
    name: 'a.csv', status: 'merged', rowsRead: rows, rowsRejected: 0, delimiter: ',', lineEnding: 'LF', columnsFound: ['Case reference'], columnsMissing: [],
    unknownColumns: [], duplicateHeaders: [], dateFormats: {}, warnings: [], warningCounts: {}, rejectedRows: [],
  });
  const rowsShown = () => [...root().querySelectorAll('.wb-file')].map((item) => item.querySelector('[data-field="rows"]')?.textContent ?? '-');

  it("a file's report draws that file's item alone", async () => {
    const worker = await startMerge(['a.csv', 'b.csv', 'c.csv']);
    await settle();
    fileItemRenders.count = 0;
    await act(() => worker.emit({ type: 'file-report', index: 1, report: report(1200) }));
    await settle();
    expect(rowsShown()).toEqual(['-', '1,200', '-']);
    expect(fileItemRenders.count).toBe(1);
  });

  it("a file's warnings are drawn only once their list is opened", async () => {
    const worker = await startMerge(['a.csv']);
    const warnings = Array.from({ length: 60 }, (_, i) => ({ line: i + 2, kind: 'ragged-row' as const, message: `Line ${i + 2}: ragged` }));
    await act(() => worker.emit({ type: 'file-report', index: 0, report: { ...report(60), warnings, warningCounts: { 'ragged-row': 60 } } }));
    await settle();
    const details = root().querySelector<HTMLDetailsElement>('.wb-warnings')!;
    expect(details.querySelector('summary')?.textContent).toBe('Warnings: 60 ragged row');
    expect(details.querySelectorAll('li')).toHaveLength(0);
    await act(() => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    expect(details.querySelectorAll('li')).toHaveLength(50);
    expect(details.querySelector('li')?.textContent).toBe('Line 2: ragged');
  });

  it('reports and progress that arrive in one frame are drawn in one render, and the result draws any still waiting', async () => {
    const worker = await startMerge(['a.csv', 'b.csv', 'c.csv']);
    await settle();
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback));
    vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => undefined);
    fileItemRenders.count = 0;
    await act(() => {
      worker.emit({ type: 'file-report', index: 0, report: report(10) });
      worker.emit({ type: 'progress', file: 1, files: 3, name: 'b.csv', fraction: 0.5, rows: 10, millis: 1000 });
      worker.emit({ type: 'progress', file: 2, files: 3, name: 'c.csv', fraction: 0, rows: 20, millis: 1000 });
      worker.emit({ type: 'file-report', index: 1, report: report(20) });
    });
    await settle();
    // Nothing drawn before the frame, and one frame asked for.
    expect(frames).toHaveLength(1);
    expect(rowsShown()).toEqual(['-', '-', '-']);
    expect(fileItemRenders.count).toBe(0);
    await act(() => frames[0]!(0));
    await settle();
    expect(rowsShown()).toEqual(['10', '20', '-']);
    expect(fileItemRenders.count).toBe(2);
    expect(root().querySelector('.wb-progress')?.textContent).toBe('File 3 of 3 (c.csv) · 20 rows · 20 rows/s');
    // The last report comes just before the result: drawn with it, without waiting for a frame.
    await act(() => {
      worker.emit({ type: 'file-report', index: 2, report: report(30) });
      worker.emit(done(60));
    });
    await settle();
    expect(rowsShown()).toEqual(['10', '20', '30']);
  });
});

describe('the merge worker starts before the click on Merge', () => {
  it('is made when files are added, once, and the merge goes to it; after a cancel, the next files make a new one', async () => {
    await act(() => render(<MergeTab />, root()));
    expect(FakeWorker.made).toHaveLength(0);
    await addFiles('a.csv');
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent).toEqual([]);
    await addFiles('b.csv');
    expect(FakeWorker.made).toHaveLength(1);
    await click('[data-testid="merge-start"]');
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent.map((message) => message.type)).toEqual(['merge']);
    await click('[data-testid="merge-cancel"]');
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    await addFiles('c.csv');
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.terminated).toBe(false);
  });

  it('a merge clicked while the worker is still loading is posted once the worker says it listens, not before', async () => {
    FakeWorker.readyAtOnce = false;
    const loading = await startMerge(['a.csv']);
    expect(loading.sent).toEqual([]);
    await act(() => loading.emit({ type: 'ready' }));
    expect(loading.sent.map((message) => message.type)).toEqual(['merge']);
    // Said once: a second merge goes straight to it.
    await act(() => loading.emit(done(1)));
    await settle();
    const before = loading.sent.length;
    await click('[data-testid="merge-start"]');
    expect(loading.sent.slice(before).map((message) => message.type)).toEqual(['merge']);
  });

  it('a worker whose script failed to load is dropped, and Merge goes to a new one', async () => {
    await act(() => render(<MergeTab />, root()));
    await addFiles('a.csv');
    const stopped = FakeWorker.made[0]!;
    // A load failure is a plain error event, without a message.
    await act(() => stopped.onerror?.(new Event('error') as ErrorEvent));
    await settle();
    expect(stopped.terminated).toBe(true);
    expect(root().textContent).toContain('The merge worker stopped.');
    await click('[data-testid="merge-start"]');
    expect(FakeWorker.made).toHaveLength(2);
    expect(stopped.sent).toEqual([]);
    expect(FakeWorker.made[1]!.sent.map((message) => message.type)).toEqual(['merge']);
  });

  it('an uncaught exception in the worker is shown, the worker is kept, and its result still comes through', async () => {
    const merged: (MergedCases | undefined)[] = [];
    const worker = await startMerge(['a.csv'], (merge) => merged.push(merge));
    await act(() => worker.onerror?.({ message: 'Uncaught TypeError: x is undefined' } as ErrorEvent));
    await settle();
    expect(worker.terminated).toBe(false);
    expect(root().textContent).toContain('Uncaught TypeError: x is undefined');
    await act(() => worker.emit(done(3)));
    await settle();
    expect(root().querySelector('[data-testid="merge-summary"]')).not.toBeNull();
    await click('[data-testid="merge-start"]');
    expect(FakeWorker.made).toHaveLength(1);
  });
});
