/**
 * The case store's scale targets (issue 6) with 200,000 cases:
 *   - a full rebuild of the deadline list from every stored case ≤ 1 s;
 *   - the popup's first render ≤ 150 ms.
 * Run in Node (tsx). The popup is rendered in happy-dom, not in Chromium: the render itself is
 * small (the background keeps a summary of a few kilobytes), so the figure is the summary read
 * (JSON, as storage.local hands it over) plus Preact's first render of it. Also measured for
 * information: folding 200,000 observations with the store's rule, the background's incremental
 * update of its kept list when a page shows 100 changed cases, an import into IndexedDB
 * (fake-indexeddb in Node: far slower than a browser's, so it says where the time goes rather than
 * what a user waits), the dashboard's first render and a calendar export of every outstanding deadline.
 *   npm run bench -- store            (CASES=50000 to try a smaller store; IMPORT_CASES=20000 for the
 *                                      IndexedDB import, default CASES)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Window } from 'happy-dom';
import 'fake-indexeddb/auto';
import { allCases, deadlineListValues, eachDeadlineListValues, foldObservation, openCaseDb, putObservations, type CaseRecord } from '../../components/case-db/caseDb';
import type { CaseObservation } from '../../lib/caseStore';
import { today as londonToday, type IsoDate } from '../../lib/dates';
import { buildDeadlineList, foldChangedCases, isOutstanding, summarise } from '../../lib/deadlineList';
import { deadlinesToICalendar } from '../../lib/icalendar';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { generateCases } from '../portal/generator';

const COUNT = Number(process.env.CASES ?? 200_000);
const now = new Date();
const today = londonToday(now) as IsoDate;

// CPU time of this process beside the wall clock: the bench machine is shared, and CPU time is
// what the code itself costs when another process holds the cores.
let cpuTotal = 0;
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const cpu = cpuMs();
  const result = run();
  cpuTotal = cpuMs() - cpu;
  return [result, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const [cases, generateMs] = time(() => generateCases({ seed: 6, count: COUNT, today }));
// Owners: the generator leaves many unassigned; a team of 40 handlers is more like a team lead's view.
cases.forEach((record, index) => {
  if (index % 5 !== 0) record.yourCaseOwner = `Handler ${String(index % 40).padStart(2, '0')}`;
});

const [records, foldMs] = time(() =>
  cases.map((record) => {
    const { caseReference, ...values } = record;
    return foldObservation(undefined, { reference: caseReference, values, source: { kind: 'export', name: 'bench.csv' }, seenAt: now.getTime() });
  }),
);

// Only the stored records stay: the generator's rows would make the heap (and its GC) larger than the store's.
cases.length = 0;
// The rebuild the background and the dashboard do: stored records -> values -> every deadline, nearest first.
const rebuildRuns: number[] = [];
const rebuildCpu: number[] = [];
let entries = buildDeadlineList(eachDeadlineListValues(records), today, DEFAULT_SETTINGS);
for (let run = 0; run < 5; run += 1) {
  const [list, ms] = time(() => buildDeadlineList(eachDeadlineListValues(records as CaseRecord[]), today, DEFAULT_SETTINGS));
  entries = list;
  rebuildRuns.push(ms);
  rebuildCpu.push(cpuTotal);
}
const rebuildMs = median(rebuildRuns);

// The background's update after a page shows 100 changed cases: the kept list loses their old
// deadlines and gains their new ones (lib/deadlineList foldChangedCases), instead of a rebuild.
const incrementalRuns: number[] = [];
const incrementalCpu: number[] = [];
for (let run = 0; run < 5; run += 1) {
  const changed = new Map<string, ReturnType<typeof deadlineListValues>>();
  for (let index = 0; index < 100; index += 1) {
    const record = records[(index * 1_999 + run * 7) % records.length]!;
    const values = deadlineListValues(record);
    // A window moved a day later and a business file received: deadlines change place in the list.
    changed.set(record.key, { ...values, businessFileReceivedDate: values.businessFileRequiredByDate || values.businessFileReceivedDate });
  }
  const [, ms] = time(() => foldChangedCases(entries, changed, today, DEFAULT_SETTINGS));
  incrementalRuns.push(ms);
  incrementalCpu.push(cpuTotal);
}
const incrementalMs = median(incrementalRuns);

const [summary, summariseMs] = time(() => ({ ...summarise(entries, today, records.length), computedAt: now.getTime(), warningDays: DEFAULT_SETTINGS.warningDays, lastImport: { at: now.getTime(), names: ['bench.csv'], rows: records.length } }));
const stored = JSON.stringify(summary);

// The components import their CSS (Vite bundles it); Node need only skip it.
const { register } = await import('node:module');
register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function load(url, context, next) { return url.endsWith('.css') ? { format: 'module', source: '', shortCircuit: true } : next(url, context); }`),
);
// The popup module declares its storage item on load: give it WXT's in-memory browser.
const { fakeBrowser } = await import('wxt/testing/fake-browser');
Object.assign(globalThis, { browser: fakeBrowser, chrome: fakeBrowser });
// happy-dom as the page's globals, before Preact and the components load.
const window = new Window({ url: 'https://extension.invalid/popup.html' });
Object.assign(globalThis, { window, document: window.document, navigator: window.navigator, HTMLElement: window.HTMLElement, Node: window.Node, Event: window.Event });
const { render, h } = await import('preact');
const { act } = await import('preact/test-utils');
const { PopupSummary } = await import('../../components/popup-summary/PopupSummary');
const { DeadlinesDashboard } = await import('../../components/deadlines-dashboard/DeadlinesDashboard');

async function firstRender(mount: (root: HTMLElement, done: () => void) => void, ready: (root: HTMLElement) => boolean): Promise<number> {
  const root = window.document.createElement('div') as unknown as HTMLElement;
  window.document.body.append(root as never);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    mount(root, resolve);
  });
  for (let tries = 0; !ready(root) && tries < 1000; tries += 1) await act(async () => await new Promise((resolve) => setTimeout(resolve, 0)));
  const ms = performance.now() - start;
  render(null, root);
  root.remove();
  return ms;
}

const popupRuns: number[] = [];
for (let run = 0; run < 5; run += 1) {
  popupRuns.push(
    await firstRender(
      (root, done) => {
        void act(() => render(h(PopupSummary, { load: async () => JSON.parse(stored), refresh: async () => null, now: () => now }), root)).then(done);
      },
      (root) => root.querySelectorAll('.occ-nearest tbody tr').length > 0,
    ),
  );
}
const popupMs = median(popupRuns);

const dashboardMs = await firstRender(
  (root, done) => {
    void act(() => render(h(DeadlinesDashboard, { load: async () => ({ cases: records.map(deadlineListValues), settings: DEFAULT_SETTINGS }), now: () => now }), root)).then(done);
  },
  (root) => root.querySelector('[data-occ-shown]') !== null,
);

const outstanding = entries.filter(isOutstanding);
const [ics, icsMs] = time(() => deadlinesToICalendar(outstanding, { warningDays: 3, now }));

// An import into the IndexedDB store as the background does it: one transaction per message of
// 5,000 cases, then one rebuild of the deadline list from every stored case. The export's rows are
// made again here, so they do not weigh on the heap during the figures above.
const IMPORT_COUNT = Math.min(Number(process.env.IMPORT_CASES ?? COUNT), COUNT);
const observations: CaseObservation[] = generateCases({ seed: 6, count: IMPORT_COUNT, today }).map((record) => {
  const { caseReference, ...values } = record;
  return { reference: caseReference, values, source: { kind: 'export', name: 'bench.csv' }, seenAt: now.getTime() };
});
const importBatch = 5_000;
const importDb = await openCaseDb(`occ-bench-${process.pid}`);
const importStart = performance.now();
const importCpuStart = cpuMs();
let importWriteMs = 0;
for (let start = 0; start < observations.length; start += importBatch) {
  const began = performance.now();
  const result = await putObservations(importDb, observations.slice(start, start + importBatch));
  importWriteMs += performance.now() - began;
  if (!result.ok) throw new Error(result.message);
}
const readStart = performance.now();
const importedRecords = await allCases(importDb);
const importReadMs = performance.now() - readStart;
const [, importRebuildMs] = time(() => buildDeadlineList(eachDeadlineListValues(importedRecords), today, DEFAULT_SETTINGS));
const importMs = performance.now() - importStart;
const importCpu = cpuMs() - importCpuStart;
importDb.close();
observations.length = 0;

const figures = {
  cases: COUNT,
  deadlines: entries.length,
  outstanding: outstanding.length,
  generateMs: Math.round(generateMs),
  foldObservationsMs: Math.round(foldMs),
  rebuildDeadlineListMs: { median: Math.round(rebuildMs), runs: rebuildRuns.map(Math.round), cpuMedian: Math.round(median(rebuildCpu)), target: 1000 },
  incrementalUpdate100Ms: { median: Math.round(incrementalMs * 10) / 10, runs: incrementalRuns.map((ms) => Math.round(ms * 10) / 10), cpuMedian: Math.round(median(incrementalCpu) * 10) / 10 },
  importIndexedDb: {
    cases: IMPORT_COUNT,
    batch: importBatch,
    totalMs: Math.round(importMs),
    cpuMs: Math.round(importCpu),
    writeMs: Math.round(importWriteMs),
    readAllMs: Math.round(importReadMs),
    rebuildMs: Math.round(importRebuildMs),
    environment: 'fake-indexeddb (Node)',
  },
  summariseMs: Math.round(summariseMs),
  summaryBytes: stored.length,
  popupFirstRenderMs: { median: Math.round(popupMs), runs: popupRuns.map(Math.round), target: 150, environment: 'happy-dom (Node)' },
  dashboardFirstRenderMs: Math.round(dashboardMs),
  icsExport: { events: outstanding.length, ms: Math.round(icsMs), bytes: ics.length },
};

console.log(`case store, ${COUNT.toLocaleString('en-GB')} cases, ${entries.length.toLocaleString('en-GB')} deadlines (${outstanding.length.toLocaleString('en-GB')} outstanding)`);
console.log(`  full rebuild of the deadline list  ${figures.rebuildDeadlineListMs.median} ms median of 5 (${figures.rebuildDeadlineListMs.runs.join(', ')})  target ≤ 1000 ms  ${rebuildMs <= 1000 ? 'OK' : 'MISSED'}; CPU ${figures.rebuildDeadlineListMs.cpuMedian} ms`);
console.log(`  incremental update, 100 changed     ${figures.incrementalUpdate100Ms.median} ms median of 5 (${figures.incrementalUpdate100Ms.runs.join(', ')}); CPU ${figures.incrementalUpdate100Ms.cpuMedian} ms`);
console.log(
  `  import ${IMPORT_COUNT} cases into IndexedDB  ${figures.importIndexedDb.totalMs} ms (CPU ${figures.importIndexedDb.cpuMs}): writes ${figures.importIndexedDb.writeMs} ms in batches of ${importBatch}, read all ${figures.importIndexedDb.readAllMs} ms, one rebuild ${figures.importIndexedDb.rebuildMs} ms (fake-indexeddb in Node)`,
);
console.log(`  machine load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
console.log(`  popup first render (happy-dom)     ${figures.popupFirstRenderMs.median} ms median of 5 (${figures.popupFirstRenderMs.runs.join(', ')})  target ≤ 150 ms  ${popupMs <= 150 ? 'OK' : 'MISSED'}`);
console.log(`  summary for the popup and badge    ${figures.summariseMs} ms, ${figures.summaryBytes} bytes stored`);
console.log(`  fold ${COUNT} observations (rule)  ${figures.foldObservationsMs} ms`);
console.log(`  dashboard first render             ${figures.dashboardFirstRenderMs} ms (happy-dom, includes the rebuild)`);
console.log(`  .ics of every outstanding deadline ${figures.icsExport.ms} ms, ${figures.icsExport.events} events, ${(figures.icsExport.bytes / 1e6).toFixed(1)} MB`);
mkdirSync('bench-output', { recursive: true });
writeFileSync('bench-output/store.json', JSON.stringify(figures, null, 2));
process.exit(rebuildMs <= 1000 && popupMs <= 150 ? 0 : 1);
