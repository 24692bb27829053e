// The countdown feature in a page (happy-dom): badges per row, idempotence, following the
// single-page app's re-draws, the case store, the header toggle, and leaving other pages alone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCountdowns, type CaseDateSource, type Countdowns } from '../../components/page/annotate';
import { observe } from '../../components/page/observer';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import listTable from '../fixtures/case-list-table.html?raw';
import listTableDates from '../fixtures/case-list-table-dates.html?raw';
import listGrid from '../fixtures/case-list-grid.html?raw';
import dashboard from '../fixtures/dashboard.html?raw';
import unknownLayout from '../fixtures/unknown-layout.html?raw';
import noCaseTable from '../fixtures/no-case-table.html?raw';
import { fakeLifecycle, load, type FakeLifecycle } from './page-helpers';

// Noon in London on 10 June 2026: "today" for every fixture.
const now = () => new Date('2026-06-10T11:00:00Z');

let lifecycle: FakeLifecycle;
let countdowns: Countdowns | undefined;

function start(extra: Partial<Parameters<typeof startCountdowns>[0]> = {}): Countdowns {
  countdowns = startCountdowns({ lifecycle, settings: DEFAULT_SETTINGS, now, ...extra });
  return countdowns;
}

/** Every badge as "reference kind state daysLeft lastDay". */
function badges(): string[] {
  return Array.from(document.querySelectorAll<HTMLElement>('.occ-badge')).map((badge) => {
    const row = badge.closest('tr, [role="row"]')!;
    const reference = /PNX-\d+-\w{4}/.exec(row.textContent ?? '')?.[0];
    const { occKind, occState, occDaysLeft, occLastDay } = badge.dataset;
    return [reference, occKind, occState, occDaysLeft ?? '-', occLastDay ?? '-'].join(' ');
  });
}

beforeEach(() => {
  lifecycle = fakeLifecycle();
  load('');
});
afterEach(() => {
  countdowns?.stop();
  countdowns = undefined;
});

describe('badges per row', () => {
  it.each([
    {
      description: 'native table with every date column',
      html: listTableDates,
      expected: [
        'PNX-4302137-CSP5 challenge-setup open 5 2026-06-15',
        'PNX-4302137-CSP5 business-file due-soon 2 2026-06-12',
        'PNX-4302136-S8F1 challenge-setup closed -87 2026-03-15',
        'PNX-4302136-S8F1 challenge-outcome due-soon 0 2026-06-10',
        'PNX-4302136-S8F1 business-file done -9 2026-06-01',
        'PNX-4302135-Z3X6 challenge-setup due-soon 3 2026-06-13',
        'PNX-4302135-Z3X6 business-file closed -1 2026-06-09',
        'PNX-4302135-Z3X6 challenge-outcome unknown - -',
      ],
    },
    {
      description: 'ARIA grid, business file column not shown',
      html: listGrid,
      expected: [
        'PNX-4302137-CSP5 challenge-setup due-soon 1 2026-06-11',
        'PNX-4302137-CSP5 business-file unknown - -',
        'PNX-4302136-S8F1 challenge-setup closed -145 2026-01-16',
        'PNX-4302136-S8F1 challenge-outcome open 12 2026-06-22',
        'PNX-4302136-S8F1 business-file unknown - -',
      ],
    },
    {
      description: "Dashboard's Recently added cases",
      html: dashboard,
      expected: [
        'PNX-4302137-CSP5 challenge-setup open 13 2026-06-23',
        'PNX-4302137-CSP5 business-file open 10 2026-06-20',
        'PNX-4302137-CSP5 challenge-outcome unknown - -',
        'PNX-4302136-S8F1 challenge-setup due-soon 0 2026-06-10',
        'PNX-4302136-S8F1 business-file due-soon 0 2026-06-10',
        'PNX-4302136-S8F1 challenge-outcome unknown - -',
      ],
    },
  ])('$description', ({ html, expected }) => {
    load(html);
    start().annotateAll();
    expect(badges()).toEqual(expected);
  });

  it('default columns: one muted "?" per deadline, naming the column to add', () => {
    load(listTable);
    start().annotateAll();
    const first = document.querySelector('tbody tr')!;
    const unknown = Array.from(first.querySelectorAll<HTMLElement>('.occ-badge'));
    expect(unknown.map((badge) => badge.dataset.occState)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(unknown[0]!.title).toContain('Add the column "Date moved to investigation"');
    expect(unknown[1]!.title).toContain('Add the column "Closure date"');
    expect(unknown[2]!.title).toContain('Add the column "Business file required by date"');
  });

  it('writes text, state shape and a tooltip naming the rule, the start and the last day', () => {
    load(listTableDates);
    start().annotateAll();
    const badge = document.querySelector<HTMLElement>('[data-occ-kind="challenge-setup"]')!;
    expect(badge.textContent).toBe('●Challenge set-up: 5 days left');
    expect(badge.title).toContain('Started: Mon 1 Jun 2026 (Date moved to investigation)');
    expect(badge.title).toContain('Last day: Mon 15 Jun 2026');
    const closesToday = document.querySelector<HTMLElement>('[data-occ-kind="challenge-outcome"][data-occ-days-left="0"]')!;
    expect(closesToday.textContent).toBe('▲Challenge outcome: closes today');
    expect(document.querySelector('[data-occ-state="done"]')!.textContent).toBe('✓Business file: received late');
  });

  it('rows with the same dates get badges alike but their own, and a new day counts again', () => {
    const row = (reference: string) => `<tr><td>${reference}</td><td>01-06-2026</td></tr>`;
    load(`<table><thead><tr><th>Case reference</th><th>Date moved to investigation</th></tr></thead><tbody>${row('PNX-1-AAAA')}${row('PNX-2-BBBB')}</tbody></table>`);
    let clock = new Date('2026-06-10T11:00:00Z');
    const feature = start({ now: () => clock });
    feature.annotateAll();
    const [first, second] = Array.from(document.querySelectorAll<HTMLElement>('[data-occ-kind="challenge-setup"]'));
    expect(first).not.toBe(second);
    expect(second!.outerHTML).toBe(first!.outerHTML);
    expect(first!.dataset.occDaysLeft).toBe('5');
    clock = new Date('2026-06-12T11:00:00Z');
    feature.annotateAll();
    const later = Array.from(document.querySelectorAll<HTMLElement>('[data-occ-kind="challenge-setup"]'));
    expect(later.map((badge) => [badge.dataset.occDaysLeft, badge.dataset.occState, badge.textContent])).toEqual([
      ['3', 'due-soon', '▲Challenge set-up: 3 days left'],
      ['3', 'due-soon', '▲Challenge set-up: 3 days left'],
    ]);
  });

  it('adds one cell per row and one header cell, of the table\'s own kind', () => {
    load(listGrid);
    start().annotateAll();
    for (const row of Array.from(document.querySelectorAll('[role="row"]'))) {
      const ours = row.querySelectorAll('.occ-cell, .occ-head');
      expect(ours).toHaveLength(1);
      expect(row.lastElementChild).toBe(ours[0]);
    }
    expect(document.querySelector('.occ-head')!.getAttribute('role')).toBe('columnheader');
    expect(document.querySelector('.occ-cell')!.getAttribute('role')).toBe('gridcell');
  });
});

describe('idempotent and following the single-page app', () => {
  it('a second pass changes nothing and redraws no row', () => {
    load(listTableDates);
    const feature = start();
    expect(feature.annotateAll()).toBe(4);
    const before = document.body.innerHTML;
    const cell = document.querySelector('.occ-cell');
    expect(feature.annotateAll()).toBe(0);
    expect(document.body.innerHTML).toBe(before);
    expect(document.querySelector('.occ-cell')).toBe(cell);
  });

  it('does not react to its own nodes: annotating schedules no further frame', async () => {
    load(listTableDates);
    start();
    await lifecycle.flush();
    expect(document.querySelectorAll('.occ-cell')).toHaveLength(4);
    // One frame to annotate, one to colour the header: none caused by our own cells.
    expect(lifecycle.framesRun).toBe(2);
    document.querySelector('tbody')!.append(document.createElement('tr'));
    await lifecycle.flush();
    expect(lifecycle.framesRun).toBe(3);
  });

  it('re-annotates new rows within one frame after a page change, without duplicates', async () => {
    load(listTableDates);
    start();
    await lifecycle.flush();
    const tbody = document.querySelector('tbody')!;
    const rows = Array.from(tbody.querySelectorAll('tr')).slice(1);
    // "Next page": the app draws fresh rows (without our cells) in place of the old ones.
    for (const row of rows) {
      const fresh = row.cloneNode(true) as Element;
      fresh.querySelector('.occ-cell')!.remove();
      fresh.innerHTML = fresh.innerHTML.replace('PNX-43021', 'PNX-53021');
      row.replaceWith(fresh);
    }
    expect(document.querySelectorAll('.occ-cell')).toHaveLength(0);
    await lifecycle.flush();
    expect(document.querySelectorAll('tbody tr .occ-cell')).toHaveLength(4);
    expect(document.querySelectorAll('.occ-head')).toHaveLength(1);
    expect(badges().filter((line) => line.startsWith('PNX-53021'))).toHaveLength(8);
  });

  it('re-draws a reused row whose cells the app rewrote (sorting), and removes a cloned copy of our cell', async () => {
    load(listTableDates);
    start();
    await lifecycle.flush();
    const row = document.querySelectorAll('tbody tr')[1]!;
    row.children[4]!.textContent = '09-06-2026'; // Date moved to investigation changes in place
    row.append(row.querySelector('.occ-cell')!.cloneNode(true)); // a framework cloning our cell
    await lifecycle.flush();
    expect(row.querySelectorAll('.occ-cell')).toHaveLength(1);
    expect(row.querySelector<HTMLElement>('[data-occ-kind="challenge-setup"]')!.dataset.occDaysLeft).toBe('13');
  });

  it('moves its cell back to the end when the app appends a column after it', async () => {
    load(listGrid);
    start();
    await lifecycle.flush();
    for (const row of Array.from(document.querySelectorAll('[role="row"]'))) {
      const cell = document.createElement('div');
      cell.setAttribute('role', row.querySelector('[role="columnheader"]') ? 'columnheader' : 'gridcell');
      cell.textContent = row.querySelector('[role="columnheader"]') ? 'Case age' : '12';
      row.append(cell);
    }
    await lifecycle.flush();
    for (const row of Array.from(document.querySelectorAll('[role="row"]'))) expect(row.lastElementChild!.className).toMatch(/^occ-/);
  });

  it('removes its marks when the Case reference column is hidden', async () => {
    load(listTable);
    start();
    await lifecycle.flush();
    expect(document.querySelectorAll('.occ-cell')).toHaveLength(3);
    for (const row of Array.from(document.querySelectorAll('table tr'))) row.children[1]!.remove();
    await lifecycle.flush();
    expect(document.querySelectorAll('.occ-cell, .occ-head')).toHaveLength(0);
  });

  it('annotates a table that appears later (navigation inside the app)', async () => {
    load('<h1>Dashboard</h1><div id="app"></div>');
    start();
    await lifecycle.flush();
    document.getElementById('app')!.innerHTML = listGrid;
    await lifecycle.flush();
    expect(document.querySelectorAll('.occ-cell')).toHaveLength(2);
  });

  it('stops observing and removes its marks when the extension context is invalidated', async () => {
    load(listTableDates);
    start();
    await lifecycle.flush();
    lifecycle.invalidate();
    expect(document.querySelectorAll('.occ-cell, .occ-head, #occ-style')).toHaveLength(0);
    document.querySelector('tbody')!.append(document.querySelectorAll('tbody tr')[1]!.cloneNode(true));
    await lifecycle.flush();
    expect(document.querySelectorAll('.occ-cell')).toHaveLength(0);
  });
});

describe('a long table is drawn over several frames', () => {
  it('stops when the frame budget is spent and finishes in later frames, every row once', async () => {
    const rows = Array.from({ length: 300 }, (_, index) => `<tr><td>PNX-${1000 + index}-ABCD</td><td>0${1 + (index % 9)}-06-2026</td></tr>`).join('');
    load(`<table><thead><tr><th>Case reference</th><th>Date moved to investigation</th></tr></thead><tbody>${rows}</tbody></table>`);
    let clock = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5)); // every look at the clock costs 5 ms
    try {
      start();
      await lifecycle.flush();
    } finally {
      spy.mockRestore();
    }
    expect(lifecycle.framesRun).toBeGreaterThan(3);
    expect(document.querySelectorAll('tbody tr .occ-cell')).toHaveLength(300);
    expect(document.querySelectorAll('tbody tr:not(:has(.occ-cell))')).toHaveLength(0);
  });
});

describe('one layout for a long table', () => {
  it('puts the new cells and the header cell into the table together, after the last row is drawn', async () => {
    const rows = Array.from({ length: 300 }, (_, index) => `<tr><td>PNX-${1000 + index}-ABCD</td><td>0${1 + (index % 9)}-06-2026</td></tr>`).join('');
    load(`<table><thead><tr><th>Case reference</th><th>Date moved to investigation</th></tr></thead><tbody>${rows}</tbody></table>`);
    let clock = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5));
    const seen: number[] = [];
    const heads: number[] = [];
    try {
      start();
      for (let frame = 0; frame < 50 && seen.at(-1) !== 300; frame += 1) {
        await lifecycle.step();
        seen.push(document.querySelectorAll('tbody tr .occ-cell').length);
        heads.push(document.querySelectorAll('thead .occ-head').length);
      }
    } finally {
      spy.mockRestore();
    }
    // Several frames of drawing, and the table changed once: nothing, then every row.
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(300);
    expect(seen.slice(0, -1).every((count) => count === 0)).toBe(true);
    // The header cell too: a column of its own would make the browser lay the table out once more.
    expect(heads.at(-1)).toBe(1);
    expect(heads.slice(0, -1).every((count) => count === 0)).toBe(true);
  });
});

describe("the page's own changes are never lost to ours", () => {
  it('a change the page made just before a pass still reaches every observer', async () => {
    load(listTableDates);
    const feature = start();
    const changes: Node[] = [];
    observe(document.body, { childList: true, subtree: true }, (records) => {
      for (const record of records) changes.push(...Array.from(record.addedNodes));
    }, lifecycle);
    const note = document.createElement('p');
    note.textContent = 'The page says hello';
    document.body.append(note); // the page, in the same task as our pass: not delivered yet
    expect(feature.annotateAll()).toBe(4); // our pass ends by dropping the records it caused
    await lifecycle.flush();
    expect(changes).toContain(note);
    expect(changes.some((node) => (node as Element).className?.startsWith?.('occ-'))).toBe(false);
  });
});

describe('pages it must leave alone', () => {
  it.each([
    { description: 'no case table', html: noCaseTable, kind: 'no-case-table' },
    { description: 'case-list heading with an unrecognised layout', html: unknownLayout, kind: 'not-recognised' },
  ])('$description: the page is unchanged, status $kind', async ({ html, kind }) => {
    load(html);
    const before = document.documentElement.outerHTML;
    const feature = start();
    await lifecycle.flush();
    feature.annotateAll();
    expect(document.documentElement.outerHTML).toBe(before);
    expect(feature.status().kind).toBe(kind);
  });

  it('shows a hostile cell value as text and still annotates the row', () => {
    load(listTableDates);
    const row = document.querySelectorAll('tbody tr')[1]!;
    row.children[4]!.innerHTML = '&lt;img src=x onerror="window.hacked=1"&gt;';
    row.children[2]!.append('X'.repeat(5000));
    start().annotateAll();
    expect(document.querySelector('img')).toBeNull();
    const badge = row.querySelector<HTMLElement>('[data-occ-kind="challenge-setup"]')!;
    expect(badge.dataset.occState).toBe('unknown');
    expect(badge.title).toContain('could not be read as a date');
  });
});

describe('the local case store fills dates the row lacks', () => {
  it('uses the store\'s dates, says so in the tooltip, and asks once per reference', async () => {
    load(listTable);
    const datesFor = vi.fn<CaseDateSource['datesFor']>(async () => new Map([['pnx-4302137-csp5', { dateMovedToInvestigation: '08-06-2026', closureDate: '' }]]));
    start({ dateSource: { datesFor } });
    await lifecycle.flush();
    await lifecycle.flush();
    expect(datesFor).toHaveBeenCalledTimes(1);
    expect(datesFor.mock.calls[0]![0]).toEqual(['PNX-4302137-CSP5', 'PNX-4302136-S8F1', 'PNX-43021-Z3X6']);
    const row = document.querySelector('tbody tr')!;
    const setup = row.querySelector<HTMLElement>('[data-occ-kind="challenge-setup"]')!;
    expect(setup.dataset).toMatchObject({ occState: 'open', occDaysLeft: '12' });
    expect(setup.title).toContain('imported case data');
    expect(row.querySelector('[data-occ-kind="challenge-outcome"]')).toBeNull();
    countdowns!.annotateAll();
    await lifecycle.flush();
    expect(datesFor).toHaveBeenCalledTimes(1);
  });

  it('tells a date from the store from the same date shown by the page, in two tables of one page', async () => {
    load(`<table><thead><tr><th>Case reference</th><th>Date moved to investigation</th></tr></thead><tbody><tr><td>PNX-1-AAAA</td><td>08-06-2026</td></tr></tbody></table>
      <table><thead><tr><th>Case reference</th></tr></thead><tbody><tr><td>PNX-2-BBBB</td></tr></tbody></table>`);
    const datesFor = vi.fn<CaseDateSource['datesFor']>(async () => new Map([['pnx-2-bbbb', { dateMovedToInvestigation: '08-06-2026' }]]));
    start({ dateSource: { datesFor } });
    await lifecycle.flush();
    await lifecycle.flush();
    const [shown, stored] = Array.from(document.querySelectorAll<HTMLElement>('[data-occ-kind="challenge-setup"]'));
    expect(stored!.dataset.occLastDay).toBe(shown!.dataset.occLastDay);
    expect(shown!.title).not.toContain('imported case data');
    expect(stored!.title).toContain('imported case data');
  });

  it('keeps the "?" when the store fails', async () => {
    load(listTable);
    start({ dateSource: { datesFor: () => Promise.reject(new Error('no store')) } });
    await lifecycle.flush();
    await lifecycle.flush();
    expect(document.querySelectorAll('[data-occ-state="unknown"]')).toHaveLength(9);
  });
});

describe('the countdowns change at midnight in London, in a tab left open', () => {
  // Challenge set-up started 01-06-2026: its last day is Mon 15 Jun.
  const page = '<table><thead><tr><th>Case reference</th><th>Date moved to investigation</th></tr></thead><tbody><tr><td>PNX-1-AAAA</td><td>01-06-2026</td></tr></tbody></table>';
  const setup = () => document.querySelector<HTMLElement>('[data-occ-kind="challenge-setup"]')!;

  /** 23:50 BST on 15 Jun: "closes today". The clock is fake; the frames run on the real one. */
  async function openAt2350(): Promise<void> {
    vi.useFakeTimers({ now: new Date('2026-06-15T22:50:00Z'), toFake: ['Date'] });
    load(page);
    start({ now: () => new Date() });
    await lifecycle.flush();
    expect(setup().dataset).toMatchObject({ occDaysLeft: '0', occState: 'due-soon' });
    expect(setup().textContent).toContain('closes today');
  }
  afterEach(() => vi.useRealTimers());

  it("just after midnight the background's daily alarm tells the tab, which counts again, night after night", async () => {
    let tell = () => {};
    const source: CaseDateSource = { datesFor: async () => new Map(), watch: (onChange) => ((tell = onChange), () => {}) };
    vi.useFakeTimers({ now: new Date('2026-06-15T22:50:00Z'), toFake: ['Date'] });
    load(page);
    start({ now: () => new Date(), dateSource: source });
    await lifecycle.flush();
    expect(setup().dataset.occDaysLeft).toBe('0');
    for (const [at, daysLeft] of [['2026-06-15T23:01:00Z', '-1'], ['2026-06-16T23:01:00Z', '-2']] as const) {
      vi.setSystemTime(new Date(at)); // 00:01 in London: the daily alarm
      tell();
      await lifecycle.flush();
      await lifecycle.flush();
      expect(setup().dataset).toMatchObject({ occDaysLeft: daysLeft, occState: 'closed' });
    }
  });

  it.each([
    { event: 'visibilitychange', target: () => document },
    { event: 'focus', target: () => window },
    { event: 'pageshow', target: () => window },
  ])('coming back after a night asleep, $event counts again when the day has changed', async ({ event, target }) => {
    await openAt2350();
    vi.setSystemTime(new Date('2026-06-16T08:00:00Z')); // 09:00 on 16 Jun; nothing told the tab
    await lifecycle.flush();
    expect(setup().dataset.occDaysLeft).toBe('0');
    target().dispatchEvent(new Event(event));
    await lifecycle.flush();
    expect(setup().dataset).toMatchObject({ occDaysLeft: '-1', occState: 'closed' });
  });

  it('every table counts again, even when the page changed one of them after midnight before the check', async () => {
    vi.useFakeTimers({ now: new Date('2026-06-15T22:50:00Z'), toFake: ['Date'] });
    load(page + page);
    start({ now: () => new Date() });
    await lifecycle.flush();
    vi.setSystemTime(new Date('2026-06-16T08:00:00Z'));
    document.querySelector('tbody')!.append(document.querySelector('tbody tr')!.cloneNode(true)); // the page, in the first table
    await lifecycle.flush();
    window.dispatchEvent(new Event('focus'));
    await lifecycle.flush();
    const days = Array.from(document.querySelectorAll<HTMLElement>('[data-occ-kind="challenge-setup"]')).map((badge) => badge.dataset.occDaysLeft);
    expect(days).toEqual(['-1', '-1', '-1']);
  });

  it('the same day: the event draws nothing', async () => {
    await openAt2350();
    const frames = lifecycle.framesRun;
    window.dispatchEvent(new Event('focus'));
    await lifecycle.flush();
    expect(lifecycle.framesRun).toBe(frames);
  });

  it('an invalidated script leaves no listener behind', async () => {
    const listened = vi.spyOn(lifecycle, 'addEventListener');
    await openAt2350();
    // Each listener through the lifecycle, which removes it when the script is invalidated.
    expect(listened.mock.calls.map(([, type]) => type)).toEqual(['visibilitychange', 'focus', 'pageshow']);
    lifecycle.invalidate();
    const frames = lifecycle.framesRun;
    vi.setSystemTime(new Date('2026-06-16T08:00:00Z'));
    document.dispatchEvent(new Event('visibilitychange'));
    await lifecycle.flush();
    expect(lifecycle.framesRun).toBe(frames);
  });
});

describe('the page asks the case store again when the store changes', () => {
  const page = '<table><thead><tr><th>Case reference</th></tr></thead><tbody><tr><td>PNX-1-AAAA</td></tr></tbody></table>';
  const file = () => document.querySelector<HTMLElement>('[data-occ-kind="business-file"]')!;
  const OVERDUE = { businessFileRequiredByDate: '01-06-2026' };

  /** A store whose answer the test changes, and whose change notices it sends. */
  function fakeStore(first: Partial<Record<string, string>>) {
    let answer = first;
    const listeners = new Set<() => void>();
    const datesFor = vi.fn<CaseDateSource['datesFor']>(async (references) => new Map(references.map((reference) => [reference, { ...answer }])));
    const source: CaseDateSource = {
      datesFor,
      watch: (onChange) => {
        listeners.add(onChange);
        return () => listeners.delete(onChange);
      },
    };
    return {
      source,
      datesFor,
      listeners,
      change(next: Partial<Record<string, string>>, notices = 1) {
        answer = next;
        for (let notice = 0; notice < notices; notice += 1) for (const listener of listeners) listener();
      },
    };
  }

  async function openWith(store: ReturnType<typeof fakeStore>): Promise<void> {
    load(page);
    start({ dateSource: store.source });
    await lifecycle.flush();
    await lifecycle.flush();
    expect(file().dataset).toMatchObject({ occState: 'closed', occDaysLeft: '-9' }); // "overdue by 9 days"
  }

  it.each([
    { description: 'an import says the file was received', next: { ...OVERDUE, businessFileReceivedDate: '05-06-2026' }, state: 'done' },
    { description: 'all case data was deleted', next: {}, state: 'unknown' },
  ])('$description: the page asks once more and redraws, once for notices that come together', async ({ next, state }) => {
    const store = fakeStore(OVERDUE);
    await openWith(store);
    store.change(next, 3); // the background tells at most once a second; several tabs' notices may still meet
    await lifecycle.flush();
    await lifecycle.flush();
    expect(store.datesFor).toHaveBeenCalledTimes(2);
    expect(file().dataset.occState).toBe(state);
  });

  it('the page re-drawing its rows asks nothing again', async () => {
    const store = fakeStore(OVERDUE);
    await openWith(store);
    const row = document.querySelector('tbody tr')!;
    const fresh = row.cloneNode(true) as Element;
    fresh.querySelector('.occ-cell')!.remove();
    row.replaceWith(fresh);
    await lifecycle.flush();
    await lifecycle.flush();
    expect(store.datesFor).toHaveBeenCalledTimes(1);
    expect(file().dataset.occState).toBe('closed');
  });

  it('stops watching the store when the script is invalidated', async () => {
    const store = fakeStore(OVERDUE);
    await openWith(store);
    expect(store.listeners.size).toBe(1);
    lifecycle.invalidate();
    expect(store.listeners.size).toBe(0);
  });
});

describe('header control and settings', () => {
  it('toggles the column and reports the choice', async () => {
    load(listTableDates);
    const onToggle = vi.fn();
    const onOptions = vi.fn();
    start({ onToggle, onOptions });
    await lifecycle.flush();
    document.querySelector<HTMLButtonElement>('.occ-toggle')!.click();
    await lifecycle.flush();
    expect(onToggle).toHaveBeenCalledWith(false);
    expect(document.querySelectorAll('.occ-badge')).toHaveLength(0);
    expect(document.querySelectorAll('.occ-cell')).toHaveLength(4);
    expect(document.querySelector('.occ-toggle')!.getAttribute('aria-pressed')).toBe('false');
    document.querySelector<HTMLButtonElement>('.occ-toggle')!.click();
    await lifecycle.flush();
    expect(document.querySelectorAll('.occ-badge').length).toBeGreaterThan(0);
    document.querySelector<HTMLButtonElement>('.occ-options')!.click();
    expect(onOptions).toHaveBeenCalledTimes(1);
  });

  it('re-counts when the settings change', async () => {
    load(listTableDates);
    const feature = start();
    await lifecycle.flush();
    feature.setSettings({ ...DEFAULT_SETTINGS, windowLengthDays: 28, warningDays: 0 });
    await lifecycle.flush();
    expect(document.querySelector<HTMLElement>('[data-occ-kind="challenge-setup"]')!.dataset).toMatchObject({ occDaysLeft: '19', occLastDay: '2026-06-29', occState: 'open' });
  });
});

describe('status for the popup', () => {
  it('counts tables, rows and badge states', () => {
    load(listTableDates);
    const feature = start();
    feature.annotateAll();
    expect(feature.status()).toMatchObject({ kind: 'annotated', tables: [{ flavour: 'table', rows: 4 }], counts: { open: 1, 'due-soon': 3, closed: 2, done: 1, unknown: 1 } });
  });
});
