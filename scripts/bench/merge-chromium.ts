/**
 * The merge bench's in-browser measure (run by merge.bench.ts as its own process):
 *   tsx scripts/bench/merge-chromium.ts FILE...
 * Loads the e2e build of the extension in Chromium, opens the workbench, gives it the files through
 * its file input, starts the merge and times it until the merged result is shown, while a
 * PerformanceObserver records the page's main-thread long tasks (the target: none over 100 ms).
 * The time is taken in the page, from the click on Merge (a capturing listener) to the animation
 * frame that first shows the result summary: when Node notices the summary comes later (a poll, an
 * evaluate that waits for the page's next free moment), and that delay is not the merge's.
 * Prints one JSON line: { millis, rowsText, longest, longTasks, longestAfter }. BENCH_EXTENSION_DIR
 * measures another unpacked build (an A/B against main's e2e build, say).
 */
import { launchExtension } from '../../tests/e2e/harness.ts';

interface Watch {
  occLongest: number;
  occTasks: string[];
  /** performance.now() at the click on Merge, and at the frame that first shows the result (0 until then). */
  occClicked: number;
  occShown: number;
}

const files = process.argv.slice(2);
const session = await launchExtension('chromium', { extensionDir: process.env.BENCH_EXTENSION_DIR });
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
    w.occClicked = 0;
    w.occShown = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.occTasks.push(`${Math.round(entry.startTime)}+${Math.round(entry.duration)}`);
        // Tasks that start before the result is on screen are the merge's, even when the observer
        // hears of them only after it is shown (entries come in batches, some time after the task).
        if (w.occShown === 0 || entry.startTime < w.occShown) w.occLongest = Math.max(w.occLongest, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
    document.querySelector('[data-testid="merge-start"]')!.addEventListener('click', () => (w.occClicked = performance.now()), { capture: true, once: true });
    const summary = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="merge-summary"]')) return;
      summary.disconnect();
      requestAnimationFrame(() => (w.occShown = performance.now()));
    });
    summary.observe(document.body, { childList: true, subtree: true });
  });
  const started = await page.evaluate(() => performance.now());
  await page.click('[data-testid="merge-start"]');
  await page.waitForFunction(() => (window as unknown as Watch).occShown > 0, undefined, { timeout: 30 * 60_000 });
  const noticed = await page.evaluate(() => performance.now());
  const result = await page.evaluate(() => {
    const w = window as unknown as Watch;
    return { clicked: w.occClicked, ended: w.occShown, rowsText: document.querySelector('[data-testid="merge-summary"]')!.textContent ?? '' };
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
      millis: result.ended - result.clicked,
      // For information: the same merge timed from Node (before the click to Node seeing the result).
      harnessMillis: noticed - started,
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
