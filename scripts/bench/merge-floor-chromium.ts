/**
 * The parse-only floor measured where the workbench's merge runs (run by merge.bench.ts as its own process):
 *   tsx scripts/bench/merge-floor-chromium.ts FILE...
 * The same work as the Node floor (`merge-floor.ts`: each file read whole, decoded by
 * lib/csv's decodeExport, parsed by PapaParse in 256 KB chunks, rows counted), bundled by esbuild
 * and run in a dedicated worker in headless Chromium, on the files given to a page's file input.
 * Timed in the page from handing the Files to a started worker (its script run, as the workbench's
 * merge worker is started when files are added) to its answer; twice, each in a fresh worker.
 * Prints one JSON line: { millis: [first, second], rows }.
 */
import { buildSync } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPlainChromium } from '../../tests/e2e/harness.ts';
import { pageWithFiles } from './files-page.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = process.argv.slice(2);

const worker = buildSync({
  stdin: {
    contents: `
      import Papa from 'papaparse';
      import { decodeExport } from './lib/csv/decode.ts';
      // Set after PapaParse's own worker hook (it takes onmessage in a blob: worker).
      self.onmessage = async (event) => {
        const started = performance.now();
        let rows = 0;
        for (const file of event.data) {
          const decoded = decodeExport(new Uint8Array(await file.arrayBuffer()));
          if (!decoded.ok) continue;
          Papa.parse(decoded.text, { chunkSize: 1 << 18, chunk: (results) => void (rows += results.data.length), complete() {} });
        }
        self.postMessage({ rows, inWorker: performance.now() - started });
      };
      self.postMessage('ready');`,
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  write: false,
}).outputFiles[0]!.text;

const browser = await launchPlainChromium();
try {
  const page = await pageWithFiles(browser, files);
  const runs: { millis: number; rows: number }[] = [];
  for (let run = 0; run < 2; run += 1) {
    runs.push(
      await page.evaluate(async (code) => {
        const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
        const floor = new Worker(url);
        // Started and its script run before the clock starts, as the workbench's merge worker is
        // (it is made when files are added, before the click on Merge).
        await new Promise<void>((resolve, reject) => {
          floor.onmessage = () => resolve();
          floor.onerror = (event) => reject(new Error(event.message));
        });
        const chosen = [...(document.getElementById('files') as HTMLInputElement).files!];
        const started = performance.now();
        const answer = await new Promise<{ rows: number }>((resolve, reject) => {
          floor.onmessage = (event) => resolve(event.data);
          floor.onerror = (event) => reject(new Error(event.message));
          floor.postMessage(chosen);
        });
        const millis = performance.now() - started;
        floor.terminate();
        URL.revokeObjectURL(url);
        return { millis, rows: answer.rows };
      }, worker),
    );
  }
  process.stdout.write(`${JSON.stringify({ millis: runs.map((run) => run.millis), rows: runs[0]!.rows })}\n`);
} finally {
  await browser.close();
}
