/**
 * The challenge panel (plain DOM in a shadow root) and the header glossary help in happy-dom, and the
 * options' normalisation. The clipboard is a stand-in that records what it was given.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { challengeDraft, MAILTO_LIMIT, REASON_PLACEHOLDER } from '../../lib/challengeDraft';
import type { IsoDate } from '../../lib/dates';
import { FIELD_BY_KEY } from '../../lib/glossary';
import { openChallengePanel } from '../../components/challenge/panel';
import { markHeaders, startGlossaryHelp, TIP_ID } from '../../components/challenge/glossaryHelp';
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
    ['grid', '<div role="grid"><div role="row"><div role="columnheader">Case reference</div><div role="columnheader">Case Progress</div></div><div role="row"><div role="gridcell">PNX-1</div><div role="gridcell">x</div></div></div>'],
  ])('%s: marks known headers, focus shows the explanation, Escape hides it', (_flavour, html) => {
    document.body.innerHTML = html;
    const controller = new AbortController();
    startGlossaryHelp(document, controller.signal);
    for (const table of findCaseTables(document)) markHeaders(table);
    const marked = Array.from(document.querySelectorAll('[data-occ-help]')).map((cell) => cell.getAttribute('data-occ-help'));
    expect(marked).toEqual(['caseReference', 'caseProgress']);
    const progress = document.querySelector<HTMLElement>('[data-occ-help="caseProgress"]')!;
    // A header with a button of its own keeps its focus order; a plain one becomes focusable.
    expect(document.querySelector('[data-occ-help="caseReference"]')!.getAttribute('tabindex')).toBe('0');
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
    const header = document.querySelector<HTMLElement>('[data-occ-help="caseProgress"]')!;
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
