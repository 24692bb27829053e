/**
 * The merge bench's floor: PapaParse parsing the same files (decoded as our import decodes them) and
 * nothing else. Run as its own process, bundled and launched the same way as `npm run merge`
 * (merge-floor.cjs), so that the two pay the same start-up and their memory is their own.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { decodeExport } from '../../lib/csv/decode.ts';

let rows = 0;
for (const file of process.argv.slice(2)) {
  const decoded = decodeExport(readFileSync(file));
  if (!decoded.ok) continue;
  Papa.parse<string[]>(decoded.text, { chunkSize: 1 << 18, chunk: (results: Papa.ParseResult<string[]>) => void (rows += results.data.length), complete() {} });
}
process.stderr.write(`parsed ${rows} rows\n`);
