#!/usr/bin/env node
// Runs every benchmark under scripts/bench/ in turn (or only those named on the command line:
// `npm run bench -- merge`). Each prints its own figures and writes JSON under bench-output/.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((file) => /\.bench\.(ts|mjs)$/.test(file))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ') || 'anything'} in ${dir}`);
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const run = spawnSync('npx', ['tsx', path.join(dir, file)], { stdio: 'inherit', env: process.env });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
