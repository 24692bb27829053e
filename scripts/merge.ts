/**
 * Merges case-list exports on the command line with the same lib/csv code the workbench runs:
 *   npm run merge -- [--out FILE] [--report FILE] [--iso-dates] [--provenance] FILE...
 * The merged CSV goes to --out (stdout without it), the JSON report to --report, and a one-line
 * summary to stderr. Exit 1 when no file could be read, 0 otherwise.
 * Extras with the workbench's options: --later-wins-even-when-empty, --keep-formulas.
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mergeStreams, summaryLine, type StreamedExport } from '../lib/csv/merge.ts';
import { writeMergedCsv } from '../lib/csv/export.ts';
import { orderExports } from '../lib/csv/order.ts';

/**
 * Bytes read at a time: files are streamed, never read whole. 64 KB, the piece the reader decodes at
 * once anyway: against 1 MB reads, the large bench's peak fell from about 353 to 317 MB and the small
 * one's from 77 to 70 MB, with less system time (each 1 MB buffer was fresh memory to map and zero).
 */
const CHUNK_BYTES = 1 << 16;

function* fileChunks(file: string): Generator<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const buffer = new Uint8Array(CHUNK_BYTES);
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) return;
      yield read === CHUNK_BYTES ? buffer : buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `file` cannot be written (its error code), checked before the merge so that a wrong path does
 * not cost the whole merge first. Only checked, not opened: --out may name one of the input files,
 * which opening for writing would empty before it is read.
 */
function unwritable(file: string): string | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return 'EISDIR';
    accessSync(stat ? file : path.dirname(path.resolve(file)), constants.W_OK);
    return undefined;
  } catch (error) {
    return errorCode(error);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** Says that `file` cannot be written and why (an error code); returns the exit code, 1. */
function cannotWrite(file: string, code: string, after = ''): number {
  process.stderr.write(`merge: cannot write ${file} (${code})${after}\n`);
  return 1;
}

const USAGE = 'Usage: npm run merge -- [--out FILE] [--report FILE] [--iso-dates] [--provenance] [--later-wins-even-when-empty] [--keep-formulas] FILE...';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        report: { type: 'string' },
        'iso-dates': { type: 'boolean', default: false },
        provenance: { type: 'boolean', default: false },
        'later-wins-even-when-empty': { type: 'boolean', default: false },
        'keep-formulas': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`merge: ${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`merge: no file given.\n${USAGE}\n`);
    return 1;
  }

  for (const file of [values.out, values.report]) {
    const problem = file === undefined ? undefined : unwritable(file);
    if (problem !== undefined) return cannotWrite(file!, problem, '; nothing merged.');
  }

  const candidates = positionals.map((file): StreamedExport & { file: string } => {
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return { name: path.basename(file), file, size: 0, chunks: () => [], unreadable: 'it is not a file' };
      return { name: path.basename(file), file, size: stat.size, lastModified: stat.mtimeMs, chunks: () => fileChunks(file) };
    } catch (error) {
      const reason = `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      return { name: path.basename(file), file, size: 0, chunks: () => [], unreadable: reason };
    }
  });
  // A merge that starts over (a file turned out to be Windows-1252) reports the files before it again.
  const told = new Set<number>();
  const merger = await mergeStreams(
    orderExports(candidates).map((entry) => entry.file),
    { laterWinsEvenWhenEmpty: values['later-wins-even-when-empty'] },
    {
      onFileReport(index, report) {
        if (report.status !== 'refused' || told.has(index)) return;
        told.add(index);
        process.stderr.write(`merge: ${report.refusal}\n`);
      },
    },
  );

  const summary = merger.summary();
  if (summary.filesMerged === 0) {
    process.stderr.write(`merge: none of the ${summary.files} file(s) could be read as a case-list export; nothing written.\n`);
    return 1;
  }

  const options = { isoDates: values['iso-dates'], provenance: values.provenance, neutraliseFormulas: !values['keep-formulas'] };
  if (values.out) {
    let fd: number;
    try {
      fd = openSync(values.out, 'w');
    } catch (error) {
      return cannotWrite(values.out, errorCode(error));
    }
    try {
      writeMergedCsv(merger, options, (chunk) => writeSync(fd, chunk));
    } catch (error) {
      return cannotWrite(values.out, errorCode(error));
    } finally {
      closeSync(fd);
    }
  } else {
    writeMergedCsv(merger, options, (chunk) => process.stdout.write(chunk));
  }
  if (values.report) {
    try {
      writeFileSync(values.report, JSON.stringify(merger.report(), null, 2));
    } catch (error) {
      return cannotWrite(values.report, errorCode(error));
    }
  }
  process.stderr.write(`${summaryLine(summary)}\n`);
  return 0;
}

// No top-level await: the launcher runs this as a CommonJS bundle (scripts/bundled.cjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
