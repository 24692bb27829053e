/**
 * The page reader and the countdown annotator (components/page) against random mutations of the
 * portal's markup (the fixtures modelled on it), in happy-dom (issue 8). For every mutated page:
 * starting, annotating, re-annotating, reading the status and stopping never throw; nothing is even
 * caught by our guard (no "[Connect Companion] … failed" warning); each pass is time-bounded; and the
 * portal's own nodes keep their text: with our `occ-` nodes taken out, the page's text is what it was.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeOwnNodes, startCountdowns, type Countdowns } from '../../components/page/annotate';
import { LOG_PREFIX, resetGuard } from '../../components/page/guard';
import { findCaseTables, readRows, surveyPage } from '../../components/page/reader';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import listTable from '../fixtures/case-list-table.html?raw';
import listTableDates from '../fixtures/case-list-table-dates.html?raw';
import listGrid from '../fixtures/case-list-grid.html?raw';
import dashboard from '../fixtures/dashboard.html?raw';
import unknownLayout from '../fixtures/unknown-layout.html?raw';
import { fakeLifecycle, load } from './page-helpers';

const now = () => new Date('2026-06-10T11:00:00Z');
const PASS_BOUND_MS = 2_000;

const HOSTILE_TEXT = ['', '   ', 'Case reference', 'PNX-4302137-CSP5', '31-02-2026', '10-06-2026', '2026-06-10', '<script>alert(1)</script>', '=1+1', '\u0000', 'x'.repeat(3_000), '🚀', 'Business file required by date', 'Date moved to investigation'];
const HOSTILE_ATTRIBUTES: [string, string][] = [
  ['role', 'row'], ['role', 'grid'], ['role', 'columnheader'], ['role', 'gridcell'], ['role', 'rowgroup'], ['role', 'table'],
  ['colspan', '3'], ['colspan', '-1'], ['rowspan', '999999'], ['class', 'occ-cell'], ['class', 'occ-badge'], ['hidden', ''],
  ['aria-rowcount', 'NaN'], ['data-occ-state', 'open'], ['id', 'occ-style'],
];
const TAGS = ['tr', 'td', 'th', 'thead', 'tbody', 'table', 'div', 'span', 'caption', 'template'];

type Mutation =
  | { kind: 'remove'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'move'; at: number; to: number }
  | { kind: 'text'; at: number; text: string }
  | { kind: 'attribute'; at: number; attribute: [string, string] }
  | { kind: 'insert'; at: number; tag: string; text: string }
  | { kind: 'unwrap'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 20 })) }),
  fc.record({ kind: fc.constant('attribute' as const), at: fc.nat(), attribute: fc.constantFrom(...HOSTILE_ATTRIBUTES) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), tag: fc.constantFrom(...TAGS), text: fc.constantFrom(...HOSTILE_TEXT) }),
  fc.record({ kind: fc.constant('unwrap' as const), at: fc.nat() }),
);

function apply(root: HTMLElement, change: Mutation): void {
  const elements = Array.from(root.querySelectorAll('*'));
  if (elements.length === 0) return;
  const target = elements[change.at % elements.length]!;
  switch (change.kind) {
    case 'remove':
      target.remove();
      break;
    case 'duplicate':
      target.after(target.cloneNode(true));
      break;
    case 'move': {
      const other = elements[change.to % elements.length]!;
      if (!other.contains(target) && !target.contains(other)) other.before(target);
      break;
    }
    case 'text':
      target.textContent = change.text;
      break;
    case 'attribute':
      target.setAttribute(...change.attribute);
      break;
    case 'insert': {
      const added = document.createElement(change.tag);
      added.textContent = change.text;
      target.append(added);
      break;
    }
    case 'unwrap':
      target.replaceWith(...Array.from(target.childNodes));
      break;
  }
}

/** The page's text with our own nodes taken out, per element so a moved or lost string shows. */
function portalText(): string[] {
  const copy = document.body.cloneNode(true) as HTMLElement;
  removeOwnNodes(copy);
  return Array.from(copy.querySelectorAll('*')).map((element) => `${element.tagName}:${element.textContent ?? ''}`);
}

let countdowns: Countdowns | undefined;
let warnings: unknown[][];

beforeEach(() => {
  resetGuard();
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void warnings.push(args));
});
afterEach(() => {
  countdowns?.stop();
  countdowns = undefined;
  vi.restoreAllMocks();
});

const FIXTURES = { listTable, listTableDates, listGrid, dashboard, unknownLayout };

describe('mutated portal markup', () => {
  let annotatedPages = 0;
  it('the reader and the countdowns never throw, never trip the guard and never change the portal text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(FIXTURES) as (keyof typeof FIXTURES)[])), fc.array(mutation, { maxLength: 12 }), fc.array(mutation, { maxLength: 4 }), async (fixture, before, after) => {
        resetGuard();
        warnings = [];
        load(FIXTURES[fixture]);
        for (const change of before) apply(document.body, change);
        // A mutation may give a portal element one of our class names or ids; taking "our" nodes out
        // would then take a portal node too, so those pages skip the text comparison (not the rest).
        const plantsOwn = [...before, ...after].some((change) => change.kind === 'attribute' && change.attribute[1].startsWith('occ-'));
        const original = portalText();

        const started = performance.now();
        const survey = surveyPage(document);
        for (const table of findCaseTables(document)) readRows(table);
        expect(survey).toBeDefined();

        const lifecycle = fakeLifecycle();
        countdowns = startCountdowns({ lifecycle, settings: DEFAULT_SETTINGS, now });
        countdowns.annotateAll();
        await lifecycle.flush();
        countdowns.annotateAll(); // idempotent: a second pass changes nothing of the portal's
        countdowns.status();
        expect(performance.now() - started, 'first pass').toBeLessThan(PASS_BOUND_MS);
        if (document.querySelector('.occ-badge')) annotatedPages += 1;
        if (!plantsOwn) expect(portalText()).toEqual(original);

        // The single-page app keeps changing the page under us.
        for (const change of after) apply(document.body, change);
        const changed = portalText();
        await lifecycle.flush();
        countdowns.annotateAll();
        if (!plantsOwn) expect(portalText()).toEqual(changed);
        countdowns.stop();
        countdowns = undefined;
        expect(warnings.filter((args) => String(args[0]).startsWith(LOG_PREFIX))).toEqual([]);
      }),
      { numRuns: 60 },
    );
    // The mutations must leave enough pages readable for the annotator to have had work to do.
    expect(annotatedPages).toBeGreaterThan(10);
  }, 60_000);

  it('the text check can fail: a changed portal cell is seen', () => {
    load(listTable);
    const original = portalText();
    document.querySelector('td')!.textContent = 'changed';
    expect(portalText()).not.toEqual(original);
  });
});
