#!/usr/bin/env node
/**
 * `npm test`: everything CI checks, in order, stopping at the first failure.
 *
 *   1. type check (tsc --noEmit)
 *   2. unit tests (vitest + happy-dom) three times, with the computer's own zone set to London, New York
 *      and Auckland: deadline and date rules must not depend on it
 *   3. end-to-end tests: the built extension in real Chromium and Firefox ESR against the simulated portal
 *      (they build the e2e and production extensions on the way)
 *   4. web-ext lint on the Firefox e2e and production builds: no errors
 *
 * The last line is `N passed, N failed`, summed over every vitest run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const UNIT_ZONES = ['Europe/London', 'America/New_York', 'Pacific/Auckland'];
const FIREFOX_BUILDS = ['.output/firefox-mv3-e2e', '.output/firefox-mv3'];

const reportDir = mkdtempSync(join(tmpdir(), 'occ-test-all-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const started = Date.now();

/**
 * Runs a command; resolves to its exit code. Its output is inherited, or, with `held`, kept and
 * printed in one piece when it ends (for runs side by side, whose lines would otherwise interleave).
 */
function run(command, args, env = {}, held = false) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
    const output = [];
    if (held) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(chunk));
    const done = (code) => {
      if (held) process.stdout.write(Buffer.concat(output));
      resolveRun(code);
    };
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      done(127);
    });
    // Held output is complete only once the pipes close ('exit' may come before their last data).
    child.on(held ? 'close' : 'exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command and captures its stdout (stderr passes through). */
function capture(command, args) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', (error) => resolveRun({ code: 127, stdout: error.message }));
    child.on('exit', (code) => resolveRun({ code: code ?? 1, stdout }));
  });
}

function banner(text) {
  console.log(`\n━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

function finish(failedStep) {
  rmSync(reportDir, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log('\n━━ summary');
  for (const { name, seconds: s, ok } of timings) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${s} s)`);
  console.log(`  total ${seconds} s${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  if (failedStep) console.error(`\nnpm test FAILED at: ${failedStep}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failedStep ? 1 : 0);
}

async function step(name, body) {
  banner(name);
  const stepStart = Date.now();
  const failedBefore = totals.failed;
  let ok = false;
  try {
    ok = await body();
  } catch (error) {
    console.error(error);
  }
  timings.push({ name, seconds: ((Date.now() - stepStart) / 1000).toFixed(1), ok });
  if (!ok) {
    // A failed check that is not a vitest test (type check, lint, a suite that could not load) counts as one.
    if (totals.failed === failedBefore) totals.failed += 1;
    finish(name);
  }
}

/** A vitest run that also writes a JSON report, whose counts go into the totals. */
async function vitest(label, args, env = {}, held = false) {
  const report = join(reportDir, `${label.replace(/\W+/g, '-')}.json`);
  const code = await run(join(BIN, 'vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env, held);
  if (existsSync(report)) {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += result.numPassedTests ?? 0;
    totals.failed += result.numFailedTests ?? 0;
    totals.skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    if (code === 0 && result.numTotalTests === 0) {
      console.error(`${label}: vitest ran no test`);
      return false;
    }
  } else if (code === 0) {
    console.error(`${label}: vitest wrote no report`);
    return false;
  }
  return code === 0;
}

/** `web-ext lint` on an unpacked Firefox build; errors fail, warnings are listed. */
async function lintFirefox(dir) {
  if (!existsSync(join(ROOT, dir, 'manifest.json'))) {
    return { ok: false, log: [`${dir} is missing: the e2e run should have built it`] };
  }
  const { code, stdout } = await capture(join(BIN, 'web-ext'), ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery']);
  let summary;
  try {
    summary = JSON.parse(stdout);
  } catch {
    return { ok: false, log: [`web-ext lint ${dir} did not answer in JSON (exit ${code}):`, stdout] };
  }
  const { errors = 0, warnings = 0, notices = 0 } = summary.summary ?? {};
  const log = [`web-ext lint ${dir}: ${errors} errors, ${warnings} warnings, ${notices} notices`];
  for (const message of [...(summary.errors ?? []), ...(summary.warnings ?? [])]) {
    log.push(`  ${message._type ?? ''} ${message.code}: ${message.message} (${message.file ?? ''})`);
  }
  return { ok: code === 0 && errors === 0, log };
}

/** Unit test files whose subject involves calendar days: dates, today, deadlines, calendars, ages. */
function datedTestFiles() {
  const dir = join(ROOT, 'tests', 'unit');
  const dated = /lib\/(dates|deadlines|deadlineList|icalendar|insights|selection|challengeDraft|dataSettings|caseStore)\b|\btoday\b|generator/;
  return readdirSync(dir)
    .filter((file) => /\.test\.tsx?$/.test(file) && dated.test(readFileSync(join(dir, file), 'utf8')))
    .map((file) => join('tests', 'unit', file));
}

await step('type check: tsc --noEmit', async () => (await run(join(BIN, 'tsc'), ['--noEmit'])) === 0);

await step(`unit tests, TZ=${UNIT_ZONES[0]}`, () => vitest(`unit ${UNIT_ZONES[0]}`, [], { TZ: UNIT_ZONES[0] }));
// Under the other zones, run again every test file that counts days: those that touch dates, today or
// the deadline rules. The rest cannot depend on the zone, and running them thrice would push
// `npm test` past ten minutes on a 2-core machine.
// The other zones run side by side, one worker each: on two cores that takes about half the time.
const zoneFiles = datedTestFiles();
const otherZones = UNIT_ZONES.slice(1);
await step(`unit tests that count days (${zoneFiles.length} files), TZ=${otherZones.join(' and ')}, side by side`, async () => {
  const results = await Promise.all(otherZones.map((zone) => vitest(`unit ${zone}`, [...zoneFiles, '--maxWorkers=1'], { TZ: zone }, true)));
  return results.every(Boolean);
});

await step('end-to-end tests: Chromium and Firefox ESR', () => vitest('e2e', ['-c', 'vitest.e2e.config.ts']));

// The two lints are independent: run them side by side, report them in order.
await step(`web-ext lint ${FIREFOX_BUILDS.join(' and ')}`, async () => {
  const results = await Promise.all(FIREFOX_BUILDS.map((dir) => lintFirefox(dir)));
  for (const { log } of results) console.log(log.join('\n'));
  return results.every(({ ok }) => ok);
});

finish();
