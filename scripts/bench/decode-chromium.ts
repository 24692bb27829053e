/**
 * Microbench: ways of turning a case export's bytes into text in a Chromium dedicated worker (where
 * the workbench's merge decodes), on the real files:
 *   tsx scripts/bench/decode-chromium.ts FILE...
 * Each way decodes every file in 64 KB pieces (the merge's DECODE_PIECE) or whole, then walks the
 * text once (the line breaks counted, as a scanner would read it), so a way whose strings are slow
 * to read is not flattered (WALK=0: decode only). Ways run interleaved, ROUNDS rounds (3); the best
 * round of each is printed.
 * Chromium 156, the 163 MB large set, load 2-5: every TextDecoder label and mode costs alike, about
 * 4 ns a byte (0.65 s for the set; fatal no slower than non-fatal, windows-1252 no faster on ASCII);
 * String.fromCharCode over 8 KB parts is faster on bytes already in cache but twice as slow on
 * freshly read ones; 64 KB or whole-file pieces decode alike (what they cost the collector differs:
 * see the merge worker's decodePieceBytes).
 */
import { launchPlainChromium } from '../../tests/e2e/harness.ts';
import { pageWithFiles } from './files-page.ts';

const files = process.argv.slice(2);

const workerCode = `
const PIECE = 1 << 16;
function walk(text) { let n = 0; for (let at = text.indexOf('\\n'); at !== -1; at = text.indexOf('\\n', at + 1)) n += 1; return n; }
function isAscii(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  let or = 0;
  for (let i = 0; i < words.length; i += 1) or |= words[i];
  for (let i = words.length << 2; i < bytes.length; i += 1) or |= bytes[i];
  return (or & 0x80808080) === 0;
}
const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Loose = new TextDecoder('utf-8', { ignoreBOM: true });
const cp1252 = new TextDecoder('windows-1252');
const MODE = { walk: true };
const use = (text) => (MODE.walk ? walk(text) : text.length);
const pieces = (decode, size = PIECE) => (buffers) => { let out = 0; for (const bytes of buffers) for (let at = 0; at < bytes.length; at += size) out += use(decode(bytes.subarray(at, at + size))); return out; };
const WHOLE = 1 << 30;
const ways = {
  'utf-8 fatal, 64 KB': pieces((b) => utf8Fatal.decode(b)),
  'utf-8 fatal, whole file': pieces((b) => utf8Fatal.decode(b), WHOLE),
  'utf-8 non-fatal, whole file': pieces((b) => utf8Loose.decode(b), WHOLE),
  'windows-1252, whole file': pieces((b) => cp1252.decode(b), WHOLE),
  'ASCII scan + 1252, whole file': pieces((b) => (isAscii(b) ? cp1252 : utf8Fatal).decode(b), WHOLE),
  'ASCII scan + non-fatal, whole file': pieces((b) => (isAscii(b) ? utf8Loose : utf8Fatal).decode(b), WHOLE),
  'fromCharCode.apply 8 KB parts, whole': pieces((b) => { const parts = []; for (let at = 0; at < b.length; at += 8192) parts.push(String.fromCharCode.apply(null, b.subarray(at, at + 8192))); return parts.join(''); }, WHOLE),
};
self.onmessage = async (event) => {
  const { files, rounds, walk } = event.data;
  MODE.walk = walk;
  const buffers = [];
  for (const file of files) buffers.push(new Uint8Array(await file.arrayBuffer()));
  const results = {};
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, way] of Object.entries(ways)) {
      const started = performance.now();
      const out = way(buffers);
      const ms = performance.now() - started;
      (results[name] ??= { ms: [], out }).ms.push(Math.round(ms));
    }
  }
  self.postMessage(results);
};`;

const browser = await launchPlainChromium();
try {
  const page = await pageWithFiles(browser, files);
  const results = await page.evaluate(async ({ code, rounds, walk }) => {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const worker = new Worker(url);
    const chosen = [...(document.getElementById('files') as HTMLInputElement).files!];
    return new Promise<Record<string, { ms: number[]; out: number }>>((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ files: chosen, rounds, walk });
    });
  }, { code: workerCode, rounds: Number(process.env.ROUNDS ?? 3), walk: process.env.WALK !== '0' });
  for (const [name, { ms, out }] of Object.entries(results)) console.log(`${name.padEnd(36)} best ${String(Math.min(...ms)).padStart(6)} ms  (${ms.join(', ')})  out ${out}`);
} finally {
  await browser.close();
}
