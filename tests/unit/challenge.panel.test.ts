/**
 * The challenge panel (plain DOM in a shadow root) and the header glossary help in happy-dom, and the
 * options' normalisation. The clipboard is a stand-in that records what it was given.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { challengeDraft, MAILTO_LIMIT, REASON_PLACEHOLDER } from '../../lib/challengeDraft';
import type { IsoDate } from '../../lib/dates';
import { FIELD_BY_KEY } from '../../lib/glossary';
import { openChallengePanel } from '../../components/challenge/panel';
import { headerHelp, markHeaders, startGlossaryHelp, TIP_ID } from '../../components/challenge/glossaryHelp';
import { normaliseChallengeOptions } from '../../components/challenge/storage';
import { findCaseTables } from '../../components/page/reader';

const shadow = () => document.querySelector('.occ-challenge-panel')!.shadowRoot!;
let copied: string[];

beforeEach(() => {
  document.body.innerHTML = '';
  copied = [];
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
});
afterEach(() => vi.restoreAllMocks());

describe('challenge panel', () => {
  const draft = challengeDraft({ kind: 'challenge-setup', values: { caseReference: 'PNX-1-ABCD', businessReference: 'r1' }, lastDay: '2026-03-03' as IsoDate });

  it('a closed window says so, with no draft and no buttons to send one', () => {
    openChallengePanel(document, { title: 'Challenge set-up — PNX-1-ABCD', closedText: 'This window closed at the end of Tue 3 Mar 2026.' });
    expect(shadow().textContent).toContain('This window closed at the end of Tue 3 Mar 2026.');
    expect(shadow().querySelector('textarea, .cp, .ml')).toBeNull();
  });

  it('copies the edited draft and records it; Escape closes', async () => {
    const onDrafted = vi.fn();
    openChallengePanel(document, { title: 't', draft, recipient: 'a@b.co', onDrafted });
    expect(shadow().querySelector<HTMLInputElement>('#su')!.value).toBe('Challenge to case set-up — PNX-1-ABCD');
    expect(shadow().querySelector<HTMLInputElement>('#to')!.value).toBe('a@b.co');
    const area = shadow().querySelector<HTMLTextAreaElement>('#bo')!;
    expect(area.value.slice(area.selectionStart, area.selectionEnd)).toBe(REASON_PLACEHOLDER);
    shadow().querySelector<HTMLTextAreaElement>('#bo')!.value = 'edited body';
    shadow().querySelector<HTMLButtonElement>('.cp')!.click();
    await vi.waitFor(() => expect(onDrafted).toHaveBeenCalledOnce());
    expect(copied).toEqual(['Subject: Challenge to case set-up — PNX-1-ABCD\n\nedited body']);
    expect(shadow().querySelector('[role="status"]')!.textContent).toMatch(/^Copied/);
    shadow().querySelector('.p')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(document.querySelector('.occ-challenge-panel')).toBeNull();
  });

  it.each([
    { name: 'short: opens a mailto: link', body: 'short', link: true },
    { name: 'too long: says so and copies instead', body: 'x'.repeat(MAILTO_LIMIT), link: false },
  ])('mail program, $name', async ({ body, link }) => {
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href);
    });
    const onDrafted = vi.fn();
    openChallengePanel(document, { title: 't', draft: { subject: 'S', body }, onDrafted });
    shadow().querySelector<HTMLButtonElement>('.ml')!.click();
    await vi.waitFor(() => expect(onDrafted).toHaveBeenCalledOnce());
    expect(clicked.length).toBe(link ? 1 : 0);
    if (link) expect(clicked[0]).toMatch(/^mailto:\?subject=S&body=short$/);
    expect(copied.length).toBe(link ? 0 : 1);
    expect(shadow().querySelector('[role="status"]')!.textContent).toMatch(link ? /mail program/ : /^Too long for a mail link/);
  });
});

describe('header glossary help', () => {
  it.each([
    ['table', '<table><thead><tr><th><input type="checkbox"></th><th>Case reference</th><th><button>Case Progress</button></th><th>Unknown</th></tr></thead><tbody><tr><td></td><td>PNX-1</td><td>x</td><td>y</td></tr></tbody></table>'],
    ['grid', '<div role="grid"><div role="row"><div role="columnheader">Case reference</div><div role="columnheader" tabindex="0">Case Progress</div></div><div role="row"><div role="gridcell">PNX-1</div><div role="gridcell">x</div></div></div>'],
  ])('%s: knows the headers, focus on one the portal made focusable shows the explanation, Escape hides it', (_flavour, html) => {
    document.body.innerHTML = html;
    const tabStops = document.querySelectorAll('[tabindex]').length;
    const controller = new AbortController();
    startGlossaryHelp(document, controller.signal);
    for (const table of findCaseTables(document)) markHeaders(table);
    const headers = Array.from(document.querySelectorAll('th, [role="columnheader"]'));
    expect(headers.map(headerHelp).filter(Boolean)).toEqual(['caseReference', 'caseProgress']);
    // No tab stop of ours on the portal's headers: the help follows the focus the portal gives.
    expect(document.querySelectorAll('[tabindex]')).toHaveLength(tabStops);
    const progress = headers.find((header) => headerHelp(header) === 'caseProgress') as HTMLElement;
    const focusable = progress.querySelector('button') ?? progress;
    focusable.focus();
    focusable.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    const tip = document.getElementById(TIP_ID)!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toBe(`Case Progress: ${FIELD_BY_KEY.caseProgress.explanation}`);
    expect(progress.getAttribute('aria-describedby')).toBe(TIP_ID);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(tip.hidden).toBe(true);
    expect(progress.hasAttribute('aria-describedby')).toBe(false);
    controller.abort();
    expect(document.getElementById(TIP_ID)).toBeNull();
  });

  it.each([
    // [the portal's own aria-describedby, how the tip goes, what the portal does meanwhile]
    ['sort-hint', 'hidden', undefined],
    ['sort-hint', 'script stopped', undefined],
    [null, 'hidden', undefined],
    [null, 'script stopped', undefined],
    ['', 'hidden', undefined],
    ['sort-hint', 'hidden', 'filter-hint'],
    ['sort-hint', 'script stopped', 'filter-hint'],
  ] as const)("the portal's header keeps aria-describedby=%j (tip %s; the portal sets %j while it shows)", (theirs, end, portalSets) => {
    document.body.innerHTML = `<span id="sort-hint">Activate to sort</span><table><thead><tr><th${theirs === null ? '' : ` aria-describedby="${theirs}"`} aria-sort="none">Case reference</th><th>Case stage</th></tr></thead>
      <tbody><tr><td>PNX-4302137-CSP5</td><td>View</td></tr></tbody></table>`;
    const header = document.querySelector('th')!;
    const before = header.outerHTML;
    const controller = new AbortController();
    onTestFinished(() => controller.abort()); // a failed expectation leaves no listener for the next case
    for (const table of findCaseTables(document)) markHeaders(table);
    startGlossaryHelp(document, controller.signal);
    header.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(header.getAttribute('aria-describedby')).toBe(theirs ? `${theirs} ${TIP_ID}` : TIP_ID);
    if (portalSets) header.setAttribute('aria-describedby', `${header.getAttribute('aria-describedby')} ${portalSets}`);
    if (end === 'hidden') document.body.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    controller.abort();
    expect(document.getElementById(TIP_ID)).toBeNull();
    if (portalSets) expect(header.getAttribute('aria-describedby')).toBe(`${theirs} ${portalSets}`); // only our id went
    else expect(header.outerHTML).toBe(before); // exactly as the portal drew it
  });
});

describe('header glossary help when the page scrolls', () => {
  /** A 1000 × 800 view with one marked header whose box `box` returns. */
  function setUp(box: () => { top: number; left: number }) {
    document.body.innerHTML = '<table><thead><tr><th>Case reference</th><th>Case Progress</th></tr></thead><tbody><tr><td>PNX-1</td><td>x</td></tr></tbody></table>';
    for (const [name, value] of [['clientWidth', 1000], ['clientHeight', 800]] as const) {
      Object.defineProperty(document.documentElement, name, { configurable: true, value });
    }
    const controller = new AbortController();
    startGlossaryHelp(document, controller.signal);
    for (const table of findCaseTables(document)) markHeaders(table);
    const header = document.querySelectorAll<HTMLElement>('th')[1]!;
    header.getBoundingClientRect = () => {
      const { top, left } = box();
      return { top, left, bottom: top + 30, right: left + 200, width: 200, height: 30, x: left, y: top, toJSON: () => ({}) };
    };
    header.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    return { controller, header, tip: document.getElementById(TIP_ID)! };
  }
  afterEach(() => {
    for (const name of ['clientWidth', 'clientHeight']) Reflect.deleteProperty(document.documentElement, name);
  });

  it.each([
    // [the header's top (or box) after an inner area scrolled, shown?]: the area spans 100-400 px down and 100-900 px across the view, the header is 200 px wide.
    ['still inside the area', 200, true],
    ['scrolled out of the area, though still in the view', 450, false],
    ['scrolled above the area', 40, false],
    ['scrolled sideways out of the area, though partly in the view', { top: 200, left: -150 }, false],
    ['scrolled sideways, still partly inside', { top: 200, left: -50 }, true],
  ] as const)('header %s: an inner scroll area clips the tip', (_case, after, shown) => {
    let box = { top: 200, left: 50 };
    const { controller, tip } = setUp(() => box);
    const area = document.querySelector<HTMLElement>('table')!;
    area.getBoundingClientRect = () => ({ top: 100, left: 100, bottom: 400, right: 900, width: 800, height: 300, x: 100, y: 100, toJSON: () => ({}) });
    expect(tip.hidden).toBe(false);
    box = typeof after === 'number' ? { top: after, left: 50 } : after;
    area.dispatchEvent(new Event('scroll'));
    expect(tip.hidden).toBe(!shown);
    controller.abort();
  });

  it('focus on a header below the view shows the tip; the scroll that brings the header in places it', () => {
    let box = { top: 1200, left: 50 };
    const { controller, header, tip } = setUp(() => box);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(tip.hidden).toBe(true);
    // Focus comes first, the browser's scroll into view after it.
    header.focus();
    header.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(tip.hidden).toBe(false);
    box = { top: 300, left: 50 };
    document.dispatchEvent(new Event('scroll'));
    expect(tip.hidden).toBe(false);
    expect(tip.style.top).toBe('334px');
    controller.abort();
  });

  it.each([
    // [where the header is after the scroll, shown?, the tip's top, what scrolled]
    ['moved up by the page, still in view', { top: 100, left: 50 }, true, '134px', 'page'],
    ['moved up by an unrelated inner area, still in view', { top: 100, left: 50 }, true, '134px', 'inner'],
    ['moved left, still in view', { top: 500, left: 10 }, true, '534px', 'inner'],
    ['scrolled above the view', { top: -40, left: 50 }, false, undefined, 'page'],
    ['scrolled below the view', { top: 801, left: 50 }, false, undefined, 'inner'],
    ['scrolled off to the right', { top: 500, left: 1001 }, false, undefined, 'inner'],
  ] as const)('header %s: the tip follows it or hides', (_case, after, shown, top, scrolled) => {
    let box = { top: 500, left: 50 };
    const { controller, header, tip } = setUp(() => box);
    expect(tip.hidden).toBe(false);
    expect(tip.style.top).toBe('534px');
    box = after;
    // An inner scroll area's scroll does not bubble: only a captured listener hears it. The tbody
    // does not hold the header (it is in the thead): the view alone decides.
    (scrolled === 'page' ? document : document.querySelector('tbody')!).dispatchEvent(new Event('scroll'));
    expect(tip.hidden).toBe(!shown);
    expect(header.hasAttribute('aria-describedby')).toBe(shown);
    if (top) expect(tip.style.top).toBe(top);
    controller.abort();
  });
});

describe('challenge options', () => {
  it.each([
    [undefined, { signature: '', recipient: '' }],
    [{ signature: 'Jane\nTeam', recipient: ' a@b.co ' }, { signature: 'Jane\nTeam', recipient: 'a@b.co' }],
    [{ signature: 5, recipient: null }, { signature: '', recipient: '' }],
    [{ signature: 'x'.repeat(2000) }, { signature: 'x'.repeat(1000), recipient: '' }],
  ])('%j -> %j', (stored, expected) => {
    expect(normaliseChallengeOptions(stored)).toEqual(expected);
  });
});
