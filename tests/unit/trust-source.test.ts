/**
 * No markup built from data, no code from strings (issue 8, SECURITY.md): our own source under
 * entrypoints/, components/ and lib/ contains none of the sinks below, not even in a comment or a
 * string, so a review does not have to decide which uses are safe. (The built bundles are checked in
 * tests/e2e/trust-build.e2e.ts, where Preact's own renderer is the one allowed exception.)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SOURCE_DIRS = ['entrypoints', 'components', 'lib'];

const SINKS: [string, RegExp][] = [
  ['innerHTML', /innerHTML/],
  ['outerHTML =', /outerHTML\s*=(?!=)/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['document.write', /document\.write/],
  ['eval(', /(?<![\w$.])eval\s*\(/],
  ['new Function(', /\bnew\s+Function\s*\(/],
  ['setTimeout/setInterval with a string', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ['createContextualFragment', /createContextualFragment/],
  ['DOMParser', /\bDOMParser\b/],
];

/** `file:line: sink` for every sink in `text`. */
export function sinksIn(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const [name, pattern] of SINKS) if (pattern.test(line)) found.push(`${file}:${index + 1}: ${name}`);
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|html)$/.test(name) ? [path] : [];
  });
}

describe('the sink finder', () => {
  it.each([
    ['el.textContent = value;', []],
    ['el.innerHTML = value;', ['x.ts:1: innerHTML']],
    ['<div dangerouslySetInnerHTML={{ __html: v }} />', ['x.ts:1: dangerouslySetInnerHTML']],
    ['a;\nnode.insertAdjacentHTML("beforeend", s);', ['x.ts:2: insertAdjacentHTML']],
    ['el.outerHTML = s;', ['x.ts:1: outerHTML =']],
    ['if (el.outerHTML === s) {}', []],
    ['document.write(s);', ['x.ts:1: document.write']],
    ['const f = eval(s);', ['x.ts:1: eval(']],
    ['const v = retrieval(s); x.eval(s);', []],
    ['const f = new Function("a", s);', ['x.ts:1: new Function(']],
    ['setTimeout("run()", 5);', ['x.ts:1: setTimeout/setInterval with a string']],
    ['setTimeout(() => run(), 5);', []],
    ['new DOMParser().parseFromString(s, "text/html")', ['x.ts:1: DOMParser']],
  ])('%s', (text, expected) => {
    expect(sinksIn('x.ts', text)).toEqual(expected);
  });
});

describe('our source', () => {
  const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)));

  it('is all read (entrypoints, components and lib have files)', () => {
    for (const dir of SOURCE_DIRS) expect(files.some((file) => relative(ROOT, file).startsWith(`${dir}/`))).toBe(true);
    expect(files.length).toBeGreaterThan(30);
  });

  it('has no markup sink and builds no code from strings', () => {
    const found = files.flatMap((file) => sinksIn(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});
