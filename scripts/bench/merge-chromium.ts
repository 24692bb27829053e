/**
 * The merge bench's in-browser measure (run by merge.bench.ts as its own process):
 *   tsx scripts/bench/merge-chromium.ts FILE...
 * Loads the e2e build of the extension in Chromium, opens the workbench, gives it the files through
 * its file input, starts the merge and times it until the merged result is shown (merge-page.ts),
 * while a PerformanceObserver records the page's main-thread long tasks (the target: none over 100 ms).
 * Prints one JSON line: { millis, rowsText, longest, longTasks, longestAfter }. BENCH_EXTENSION_DIR
 * measures another unpacked build (an A/B against main's e2e build, say).
 */
import { launchExtension } from '../../tests/e2e/harness.ts';
import { openMergeTab, runMerge, watchMerge, type MergeWatch } from './merge-page.ts';

interface LongTaskWatch extends MergeWatch {
  occLongest: number;
  occTasks: string[];
}

const files = process.argv.slice(2);
const session = await launchExtension('chromium', { extensionDir: process.env.BENCH_EXTENSION_DIR });
try {
  const page = await openMergeTab(session, files);
  await watchMerge(page);
  await page.evaluate(() => {
    const w = window as unknown as LongTaskWatch;
    w.occLongest = 0;
    w.occTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.occTasks.push(`${Math.round(entry.startTime)}+${Math.round(entry.duration)}`);
        // Tasks that start before the result is on screen are the merge's, even when the observer
        // hears of them only after it is shown (entries come in batches, some time after the task).
        if (w.occShown === 0 || entry.startTime < w.occShown) w.occLongest = Math.max(w.occLongest, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  const started = await page.evaluate(() => performance.now());
  const { clicked, shown } = await runMerge(page);
  const noticed = await page.evaluate(() => performance.now());
  const rowsText = await page.evaluate(() => document.querySelector('[data-testid="merge-summary"]')!.textContent ?? '');
  // Let the preview settle, then read every long task, including the first render of the result.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const watch = await page.evaluate(() => {
    const w = window as unknown as LongTaskWatch;
    return { longest: w.occLongest, tasks: w.occTasks };
  });
  const after = watch.tasks.map((task) => task.split('+').map(Number) as [number, number]).filter(([start]) => start >= shown);
  process.stdout.write(
    `${JSON.stringify({
      millis: shown - clicked,
      // For information: the same merge timed from Node (before the click to Node seeing the result).
      harnessMillis: noticed - started,
      rowsText,
      longest: watch.longest,
      longTasks: watch.tasks.length,
      longestAfter: after.reduce((max, [, duration]) => Math.max(max, duration), 0),
      tasks: process.env.BENCH_TASKS ? { started, ended: shown, list: watch.tasks } : undefined,
    })}\n`,
  );
} finally {
  await session.close();
}
