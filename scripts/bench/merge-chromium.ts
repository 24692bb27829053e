/**
 * The merge bench's in-browser measure (run by merge.bench.ts as its own process):
 *   tsx scripts/bench/merge-chromium.ts FILE...
 * Loads the e2e build of the extension in Chromium, opens the workbench, gives it the files through
 * its file input, starts the merge and times it until the merged result is shown, while a
 * PerformanceObserver records the page's main-thread long tasks (the target: none over 100 ms).
 * Prints one JSON line: { millis, rowsText, longest, longTasks, longestAfter }.
 */
import { launchExtension } from '../../tests/e2e/harness.ts';

interface Watch {
  occLongest: number;
  occTasks: string[];
  occMergeEnd: number;
}

const files = process.argv.slice(2);
const session = await launchExtension('chromium');
try {
  const page = await session.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  await page.goto(`${session.extensionBase}workbench.html`);
  await page.waitForSelector('[data-testid="merge-file-input"]');
  await page.setInputFiles('[data-testid="merge-file-input"]', files);
  await page.waitForFunction((count) => document.querySelectorAll('.wb-file').length === count, files.length, { timeout: 120_000 });
  await page.evaluate(() => {
    const w = window as unknown as Watch;
    w.occLongest = 0;
    w.occTasks = [];
    w.occMergeEnd = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.occTasks.push(`${Math.round(entry.startTime)}+${Math.round(entry.duration)}`);
        // Tasks that start before the result is on screen are the merge's.
        if (w.occMergeEnd === 0) w.occLongest = Math.max(w.occLongest, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  const started = await page.evaluate(() => performance.now());
  await page.click('[data-testid="merge-start"]');
  await page.waitForSelector('[data-testid="merge-summary"]', { timeout: 30 * 60_000 });
  const result = await page.evaluate(() => {
    const w = window as unknown as Watch;
    w.occMergeEnd = performance.now();
    return { ended: w.occMergeEnd, rowsText: document.querySelector('[data-testid="merge-summary"]')!.textContent ?? '' };
  });
  // Let the preview settle, then read every long task, including the first render of the result.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const watch = await page.evaluate(() => {
    const w = window as unknown as Watch;
    return { longest: w.occLongest, tasks: w.occTasks };
  });
  const after = watch.tasks.map((task) => task.split('+').map(Number) as [number, number]).filter(([start]) => start >= result.ended);
  process.stdout.write(
    `${JSON.stringify({
      millis: result.ended - started,
      rowsText: result.rowsText,
      longest: watch.longest,
      longTasks: watch.tasks.length,
      longestAfter: after.reduce((max, [, duration]) => Math.max(max, duration), 0),
      tasks: process.env.BENCH_TASKS ? { started, ended: result.ended, list: watch.tasks } : undefined,
    })}\n`,
  );
} finally {
  await session.close();
}
