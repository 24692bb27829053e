// @vitest-environment node
// The merge CLI, spawned as a user runs it: the command of package.json's `merge` script (a launcher
// that runs scripts/merge.ts as a cached esbuild bundle), with npm's own start-up left out.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
let dir = '';

const [command, ...prefix] = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.merge!.split(' ');

function merge(...args: string[]) {
  expect(command).toBe('node');
  const script = prefix.map((arg) => (arg.startsWith('scripts/') ? path.join(root, arg) : arg));
  const run = spawnSync(process.execPath, [...script, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'occ-merge-'));
  // Names carry no time, so the files' last-modified times decide: "newer" is newer.
  writeFileSync(path.join(dir, 'newer.csv'), 'Case reference;Case stage;Enquiry date\r\nPNX-1-A;Decision;19-01-2026\r\nPNX-3-C;View;\r\n');
  writeFileSync(path.join(dir, 'older.csv'), '\uFEFFCase reference,Case stage,Enquiry date\nPNX-1-A,View,18-01-2026\nPNX-2-B,=1+1,\n,View,\n');
  utimesSync(path.join(dir, 'older.csv'), new Date('2026-01-01'), new Date('2026-01-01'));
  utimesSync(path.join(dir, 'newer.csv'), new Date('2026-02-01'), new Date('2026-02-01'));
  writeFileSync(path.join(dir, 'notes.txt'), 'Hello\nWorld\n');
});

describe('npm run merge', { timeout: 60_000 }, () => {
  it('writes the merged CSV, the JSON report and a one-line summary', () => {
    const run = merge('--out', 'merged.csv', '--report', 'report.json', 'newer.csv', 'older.csv');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('2 of 2 file(s) merged: 5 rows in, 3 rows out, 1 superseded, 1 rejected, 2 conflict(s)\n');
    expect(readFileSync(path.join(dir, 'merged.csv'), 'utf8')).toBe(
      "\uFEFFCase reference,Case stage,Enquiry date\r\nPNX-1-A,Decision,19-01-2026\r\nPNX-2-B,'=1+1,\r\nPNX-3-C,View,\r\n",
    );
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ rowsIn: 5, rowsOut: 3, superseded: 1, rejected: 1, conflicts: 2 });
    expect(report.fileReports.map((file: { name: string; delimiter: string; encoding: string }) => [file.name, file.delimiter, file.encoding])).toEqual([
      ['older.csv', ',', 'UTF-8 with BOM'],
      ['newer.csv', ';', 'UTF-8'],
    ]);
    expect(report.rejectedRows).toEqual([{ file: 'older.csv', line: 4, reason: 'no Case reference' }]);
    expect(report.conflictList[0]).toEqual({
      reference: 'PNX-1-A',
      field: 'Case stage',
      values: [
        { file: 'older.csv', value: 'View' },
        { file: 'newer.csv', value: 'Decision' },
      ],
    });
  });

  it('writes to stdout without --out, with ISO dates and the source file', () => {
    const run = merge('--iso-dates', '--provenance', 'older.csv', 'newer.csv', 'notes.txt', 'missing.csv');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\r\n')).toEqual([
      '\uFEFFCase reference,Case stage,Enquiry date,Source file',
      'PNX-1-A,Decision,2026-01-19,newer.csv',
      "PNX-2-B,'=1+1,,older.csv",
      'PNX-3-C,View,,newer.csv',
      '',
    ]);
    expect(run.stderr).toContain('notes.txt was not merged: it has no "Case reference" column');
    expect(run.stderr).toContain('missing.csv was not merged: it cannot be read (ENOENT)');
    expect(run.stderr).toMatch(/2 of 4 file\(s\) merged: 5 rows in, 3 rows out/);
  });

  // Review repro t7: a file read as UTF-8 that turns out to be Windows-1252 after its first 64 KB
  // starts the merge over, and every file before it was reported again.
  it('names a refused file once when the merge starts over for a Windows-1252 file', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `PNX-${i},Name ${i}\r\n`).join('');
    const bytes = Buffer.concat([Buffer.from(`Case reference,Business name\r\nPNX-X,Café £\r\n${rows}`, 'utf8'), Buffer.from([0x50, 0x4e, 0x58, 0x2d, 0x59, 0x2c, 0xa3, 0x35, 0x0d, 0x0a])]);
    expect(bytes.length).toBeGreaterThan(1 << 16);
    writeFileSync(path.join(dir, 'mixed.csv'), bytes);
    const run = merge('--out', 'mixed-out.csv', 'notes.txt', 'mixed.csv');
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((line) => line.includes('notes.txt was not merged'))).toHaveLength(1);
    const written = readFileSync(path.join(dir, 'mixed-out.csv'), 'utf8');
    expect(written).toContain('PNX-X,CafÃ© Â£\r\n');
    expect(written).toContain('PNX-Y,£5\r\n');
  });

  it.each([
    { description: 'a directory as --out', args: ['--out', '.', 'older.csv'], message: /^merge: cannot write \. \(EISDIR\)/ },
    { description: '--out in a missing folder', args: ['--out', 'missing/merged.csv', 'older.csv'], message: /^merge: cannot write missing\/merged\.csv \(ENOENT\)/ },
    { description: '--report in a missing folder', args: ['--out', 'fine.csv', '--report', 'missing/report.json', 'older.csv'], message: /^merge: cannot write missing\/report\.json \(ENOENT\)/ },
  ])('exits 1 with one line, before merging, for $description', ({ args, message }) => {
    const run = merge(...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    { description: 'no file could be read', args: ['notes.txt', 'missing.csv'], message: /none of the 2 file\(s\) could be read/ },
    { description: 'no file given', args: [], message: /no file given/ },
    { description: 'an unknown option', args: ['--bogus', 'older.csv'], message: /Unknown option '--bogus'/ },
  ])('exits 1 when $description', ({ args, message }) => {
    const run = merge(...args);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
