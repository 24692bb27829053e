/**
 * Writes seeded case-list exports to disk, file by file and chunk by chunk (never the whole set in memory):
 *   npx tsx scripts/portal/generate.ts --rows 500000 --files 20 --overlap 0.2 --seed 7 --out bench-output/exports
 * Options: --today yyyy-MM-dd (default: today in London), --bom, --lf (LF line ends instead of CRLF).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FIELDS } from '../../lib/glossary.ts';
import { asIsoDate, today as londonToday, type IsoDate } from '../../lib/dates.ts';
import { casesToCsvRows, exportFileRows, planExportFiles, type CaseRecord, type ExportFilesOptions } from './generator.ts';

const CHUNK_ROWS = 2000;

export interface WriteExportsOptions extends ExportFilesOptions {
  out: string;
  bom?: boolean;
  newline?: '\r\n' | '\n';
}

/** Writes the export files into `out`; returns their paths, row counts and bytes. */
export function writeExportFiles(options: WriteExportsOptions): { file: string; rows: number; bytes: number }[] {
  const { out, bom = false, newline = '\r\n' } = options;
  mkdirSync(out, { recursive: true });
  const plans = planExportFiles(options);
  const header = FIELDS.map((field) => field.label).join(',');
  return plans.map((plan, index) => {
    const file = path.join(out, plan.name);
    const fd = openSync(file, 'w');
    let bytes = 0;
    const write = (text: string): void => {
      bytes += writeSync(fd, text);
    };
    try {
      write((bom ? '\uFEFF' : '') + header);
      let chunk: CaseRecord[] = [];
      for (const record of exportFileRows(options, index, plans)) {
        chunk.push(record);
        if (chunk.length === CHUNK_ROWS) {
          write(newline + casesToCsvRows(chunk, { newline }));
          chunk = [];
        }
      }
      if (chunk.length > 0) write(newline + casesToCsvRows(chunk, { newline }));
      write(newline);
    } finally {
      closeSync(fd);
    }
    return { file, rows: plan.rows, bytes };
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000' },
      files: { type: 'string', default: '1' },
      overlap: { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      today: { type: 'string' },
      out: { type: 'string', default: 'bench-output/exports' },
      bom: { type: 'boolean', default: false },
      lf: { type: 'boolean', default: false },
    },
  });
  const todayDate: IsoDate | undefined = values.today ? asIsoDate(values.today) : londonToday();
  if (!todayDate) throw new Error(`--today must be yyyy-MM-dd, got ${values.today}`);
  const started = performance.now();
  const written = writeExportFiles({
    rows: Number(values.rows),
    files: Number(values.files),
    overlap: Number(values.overlap),
    seed: Number(values.seed),
    today: todayDate,
    out: values.out,
    bom: values.bom,
    newline: values.lf ? '\n' : '\r\n',
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = written.reduce((sum, file) => sum + file.rows, 0);
  const megabytes = written.reduce((sum, file) => sum + file.bytes, 0) / 1e6;
  console.log(`Wrote ${rows} rows in ${written.length} file(s), ${megabytes.toFixed(1)} MB, to ${values.out} in ${seconds.toFixed(2)} s`);
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) main();
