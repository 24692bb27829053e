// @vitest-environment node
// scripts/bundled.cjs, the launcher behind `npm run merge`: a TypeScript entry point bundled into
// node_modules/.cache on first use, reused while its sources are unchanged, built again when any
// source, or the bundle, changes.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleOf, isFresh } from '../../scripts/bundled.cjs';

/** A checkout of its own: entry.ts imports lib/word.ts and prints the word and its arguments. */
function checkout(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'occ-bundled-'));
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'entry.ts'), "import { word } from './lib/word.ts';\nconst args: string[] = process.argv.slice(2);\nconsole.log([word, ...args].join(' '));\n");
  writeFileSync(path.join(root, 'lib/word.ts'), "export const word: string = 'first';\n");
  return root;
}

function run(bundle: string, ...args: string[]): string {
  const result = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

/** Gives a file another modification time (a minute earlier: a later one would be in the future, which
 * the launcher takes for a save during its build). */
function touch(file: string): void {
  const other = new Date(statSync(file).mtimeMs - 60_000);
  utimesSync(file, other, other);
}

describe('the bundle launcher', { timeout: 60_000 }, () => {
  it('builds into node_modules/.cache on first use, with the arguments passed through', async () => {
    const root = checkout();
    const bundle = await bundleOf('entry.ts', { root });
    expect(path.relative(root, bundle)).toMatch(/^node_modules\/\.cache\/connect-companion\/[^/]+\/entry\.cjs$/);
    expect(run(bundle, 'a', 'b')).toBe('first a b');
    expect(isFresh(`${bundle}.stamp.json`)).toBe(true);
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    { change: 'nothing', rebuilt: false, output: 'first', act: (_root: string, _bundle: string) => {} },
    { change: 'an imported source edited', rebuilt: true, output: 'second', act: (root: string) => writeFileSync(path.join(root, 'lib/word.ts'), "export const word: string = 'second';\n") },
    { change: 'the entry point edited', rebuilt: true, output: 'first!', act: (root: string) => writeFileSync(path.join(root, 'entry.ts'), "import { word } from './lib/word.ts';\nconsole.log(word + '!');\n") },
    { change: 'a source touched, same bytes', rebuilt: true, output: 'first', act: (root: string) => touch(path.join(root, 'lib/word.ts')) },
    { change: 'the bundle deleted', rebuilt: true, output: 'first', act: (_root: string, bundle: string) => rmSync(bundle) },
    { change: 'the stamp unreadable', rebuilt: true, output: 'first', act: (_root: string, bundle: string) => writeFileSync(`${bundle}.stamp.json`, '{') },
    { change: 'a tsconfig.json added', rebuilt: true, output: 'first', act: (root: string) => writeFileSync(path.join(root, 'tsconfig.json'), '{}') },
    {
      change: 'built by another Node major version',
      rebuilt: true,
      output: 'first',
      act: (_root: string, bundle: string) => writeFileSync(`${bundle}.stamp.json`, JSON.stringify({ ...JSON.parse(readFileSync(`${bundle}.stamp.json`, 'utf8')), node: '0' })),
    },
  ])('$change: rebuilt $rebuilt', async ({ act, rebuilt, output }) => {
    const root = checkout();
    const bundle = await bundleOf('entry.ts', { root });
    // Mark the built bundle, so a rebuild (which rewrites it) shows.
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n// built before\n`);
    act(root, bundle);
    expect(isFresh(`${bundle}.stamp.json`)).toBe(!rebuilt);
    expect(await bundleOf('entry.ts', { root })).toBe(bundle);
    expect(readFileSync(bundle, 'utf8').includes('// built before')).toBe(!rebuilt);
    expect(isFresh(`${bundle}.stamp.json`)).toBe(true);
    expect(run(bundle)).toBe(output);
    rmSync(root, { recursive: true, force: true });
  });

  it('builds again next time when a source was saved while it was being built', async () => {
    const root = checkout();
    // A save during the build: the file's time is after the build began.
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'lib/word.ts'), later, later);
    const bundle = await bundleOf('entry.ts', { root });
    expect(isFresh(`${bundle}.stamp.json`)).toBe(false);
    // The next run builds again (the marker goes) and then trusts that build.
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n// built before\n`);
    await bundleOf('entry.ts', { root });
    expect(readFileSync(bundle, 'utf8').includes('// built before')).toBe(false);
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps one bundle per checkout, so worktrees sharing node_modules do not run each other’s code', async () => {
    const [one, two] = [checkout(), checkout()];
    writeFileSync(path.join(two, 'lib/word.ts'), "export const word: string = 'other';\n");
    const [bundleOne, bundleTwo] = [await bundleOf('entry.ts', { root: one }), await bundleOf('entry.ts', { root: two })];
    // Named after the checkout's path, so the same node_modules (a symlink in each worktree) holds both.
    expect(path.basename(path.dirname(bundleOne))).not.toBe(path.basename(path.dirname(bundleTwo)));
    expect([run(bundleOne), run(bundleTwo)]).toEqual(['first', 'other']);
    for (const root of [one, two]) rmSync(root, { recursive: true, force: true });
  });

  // The bundle is CommonJS (an ES module entry costs Node's module loader at every start): an entry
  // that needs an ES module is refused at build time, never run half-working.
  it.each([
    { needs: 'import.meta', source: "console.log(import.meta.url);\n", error: /import\.meta/ },
    { needs: 'top-level await', source: "const word: string = await Promise.resolve('first');\nconsole.log(word);\n", error: /Top-level await/ },
  ])('refuses an entry that uses $needs', async ({ source, error }) => {
    const root = checkout();
    writeFileSync(path.join(root, 'entry.ts'), source);
    await expect(bundleOf('entry.ts', { root })).rejects.toThrow(error);
    rmSync(root, { recursive: true, force: true });
  });

  it('runs the bundle as CommonJS, in the process that launched it', () => {
    const root = checkout();
    writeFileSync(path.join(root, 'entry.ts'), "console.log(typeof require, typeof module, process.argv.slice(2).join(' '));\n");
    const launcher = path.join(root, 'launch.cjs');
    writeFileSync(launcher, `require(${JSON.stringify(path.resolve(__dirname, '../../scripts/bundled.cjs'))}).runBundled('entry.ts', { root: ${JSON.stringify(root)} });\n`);
    expect(run(launcher, 'x', 'y')).toBe('function object x y');
    rmSync(root, { recursive: true, force: true });
  });
});
