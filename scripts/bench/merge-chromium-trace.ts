/**
 * Where the in-browser merge's time goes: runs the Merge tab as merge-chromium.ts does, under a
 * Chromium trace with V8's sampling profiler on every thread, then prints, for the merge worker's
 * thread and the page's main thread, the self time by function and the main thread's long tasks.
 *   tsx scripts/bench/merge-chromium-trace.ts FILE...   (needs `npm run build:e2e`; the raw trace is
 * written to bench-output/merge-chromium-trace.json, which Chromium's DevTools Performance tab opens;
 * `--analyse TRACE` reads a saved one; BENCH_EXTENSION_DIR traces another unpacked build)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, ROOT } from '../../tests/e2e/harness.ts';
import { openMergeTab, runMerge, watchMerge } from './merge-page.ts';
import type { TraceEvent } from './trace-split.ts';

/** A trace event, with the sampling profiler's chunks in its data. */
interface Event extends TraceEvent {
  args?: { name?: string; data?: { cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[]; startTime?: number } };
}
interface Node {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
}

const files = process.argv.slice(2);
const saved = files[0] === '--analyse';
// BENCH_EXTENSION_DIR: another build to trace (an A/B against main's e2e build, say).
const session = saved ? undefined : await launchExtension('chromium', { extensionDir: process.env.BENCH_EXTENSION_DIR });
try {
  let events: Event[] = [];
  if (saved) {
    events = (JSON.parse(readFileSync(files[1]!, 'utf8')) as { traceEvents: Event[] }).traceEvents;
  } else {
  const e2ePage = await openMergeTab(session!, files);
  const page = e2ePage.raw as Page;
  const cdp = await page.context().browser()!.newBrowserCDPSession();
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as Event[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'disabled-by-default-v8.cpu_profiler', 'disabled-by-default-v8.gc', 'blink.user_timing', '__metadata'],
    },
  });
  await watchMerge(e2ePage);
  const { clicked, shown } = await runMerge(e2ePage);
  const millis = shown - clicked;
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await cdp.send('Tracing.end');
  await complete;
  mkdirSync(path.join(ROOT, 'bench-output'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench-output/merge-chromium-trace.json'), JSON.stringify({ traceEvents: events }));
  console.log(`merge ${Math.round(millis)} ms (click to result shown)`);
  }

  const threadNames = new Map<string, string>();
  for (const event of events) if (event.name === 'thread_name') threadNames.set(`${event.pid}:${event.tid}`, event.args?.name ?? '');
  // Samples per thread from the Profile / ProfileChunk events.
  const profiles = new Map<string, { key: string; nodes: Map<number, Node>; samples: number[]; deltas: number[]; start: number }>();
  for (const event of events) {
    if (event.name !== 'Profile' && event.name !== 'ProfileChunk') continue;
    const key = `${event.pid}:${event.tid}`;
    const id = `${event.pid}:${event.id}`;
    let profile = profiles.get(id);
    if (!profile) profiles.set(id, (profile = { key, nodes: new Map(), samples: [], deltas: [], start: event.args?.data?.startTime ?? 0 }));
    if (event.name === 'Profile') profile.key = key;
    for (const node of event.args?.data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    profile.samples.push(...(event.args?.data?.cpuProfile?.samples ?? []));
    profile.deltas.push(...(event.args?.data?.timeDeltas ?? []));
  }
  for (const profile of profiles.values()) {
    const name = threadNames.get(profile.key) ?? profile.key;
    if (!/DedicatedWorker|CrRendererMain/.test(name)) continue;
    const self = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < profile.samples.length; i += 1) {
      const delta = (profile.deltas[i + 1] ?? 0) / 1000;
      const node = profile.nodes.get(profile.samples[i]!);
      const frame = node?.callFrame;
      const label = frame ? `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').pop()}:${frame.lineNumber ?? ''}` : '?';
      self.set(label, (self.get(label) ?? 0) + delta);
      total += delta;
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`\n${name} (${profile.key}): ${Math.round(total)} ms sampled`);
    for (const [label, ms] of top) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${label}`);
  }
  // Each thread's CPU time in its tasks (trace thread time: what the load average does not inflate).
  for (const [key, name] of threadNames) {
    if (!/DedicatedWorker|CrRendererMain/.test(name)) continue;
    const tasks = events.filter((event) => `${event.pid}:${event.tid}` === key && event.ph === 'X' && event.name === 'RunTask');
    const cpu = tasks.reduce((total, event) => total + (event.tdur ?? 0) / 1000, 0);
    if (cpu > 50) console.log(`${name} (${key}): ${Math.round(cpu)} ms CPU in ${tasks.length} tasks`);
  }
  // Top-level tasks and GC on those threads.
  for (const [key, name] of threadNames) {
    if (!/DedicatedWorker|CrRendererMain/.test(name)) continue;
    const own = events.filter((event) => `${event.pid}:${event.tid}` === key && event.ph === 'X');
    if (own.length === 0) continue;
    const sums = new Map<string, { ms: number; count: number; max: number }>();
    for (const event of own) {
      const entry = sums.get(event.name) ?? { ms: 0, count: 0, max: 0 };
      entry.ms += (event.dur ?? 0) / 1000;
      entry.count += 1;
      entry.max = Math.max(entry.max, (event.dur ?? 0) / 1000);
      sums.set(event.name, entry);
    }
    console.log(`\n${name} (${key}) trace events by name (sum / count / max ms):`);
    for (const [label, { ms, count, max }] of [...sums].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(7)} ${String(count).padStart(6)} ${max.toFixed(1).padStart(8)}  ${label}`);
    const shown = events.find((event) => event.name === 'occ-shown' && `${event.pid}:${event.tid}` === key);
    if (shown) {
      // The page's own tasks from the first worker event to the result frame: wall time and the thread's CPU time.
      const workerStart = Math.min(...events.filter((event) => event.pid === shown.pid && /DedicatedWorker/.test(threadNames.get(`${event.pid}:${event.tid}`) ?? '') && event.ph === 'X').map((event) => event.ts));
      const during = own.filter((event) => event.name === 'RunTask' && event.ts >= workerStart && event.ts < shown.ts);
      const after = own.filter((event) => event.name === 'RunTask' && event.ts >= shown.ts);
      const worst = (list: Event[], field: 'dur' | 'tdur') => Math.round(Math.max(0, ...list.map((event) => (event[field] ?? 0) / 1000)));
      console.log(`  the page's tasks during the merge: ${during.length}, longest ${worst(during, 'dur')} ms wall, most CPU in one task ${worst(during, 'tdur')} ms; after the result was shown: longest ${worst(after, 'dur')} ms wall, ${worst(after, 'tdur')} ms CPU`);
      // Render tasks: those that restyled, laid out or painted the page (one a frame at most when updates are batched).
      const inside = (task: Event, names: RegExp) => own.some((event) => names.test(event.name) && event.ts >= task.ts && event.ts < task.ts + (task.dur ?? 0));
      const rendering = during.filter((task) => inside(task, /^(UpdateLayoutTree|Layout|Paint)$/));
      const scripted = during.filter((task) => inside(task, /^(HandlePostMessage|FireAnimationFrame|TimerFire)$/));
      console.log(`  during the merge: ${rendering.length} render tasks (longest ${worst(rendering, 'dur')} ms wall, ${worst(rendering, 'tdur')} ms CPU); ${scripted.length} tasks of our script (longest ${worst(scripted, 'dur')} ms wall, ${worst(scripted, 'tdur')} ms CPU)`);
    }
    if (/CrRendererMain/.test(name)) {
      const tasks = own.filter((event) => event.name === 'RunTask' && (event.dur ?? 0) > 50_000);
      console.log(`  main-thread tasks over 50 ms: ${tasks.map((task) => Math.round((task.dur ?? 0) / 1000)).join(', ') || 'none'}`);
      for (const task of tasks) {
        const inside = own.filter((event) => event.ts >= task.ts && event.ts + (event.dur ?? 0) <= task.ts + (task.dur ?? 0) && event !== task && (event.dur ?? 0) > 5_000);
        console.log(`   task ${Math.round((task.dur ?? 0) / 1000)} ms: ${inside.map((event) => `${event.name} ${Math.round((event.dur ?? 0) / 1000)}`).join(', ')}`);
      }
    }
  }
} finally {
  await session?.close();
}
