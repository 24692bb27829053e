/**
 * What the countdowns look like: badges built from deadlines, and the header control. Where they go
 * in the page is annotate.ts's business. Every text goes in through textContent or an attribute,
 * never as HTML, so nothing from a cell can run.
 */
import { badgeText, deadlineTooltip, isKnown, type Deadline, type DeadlineKind } from '../../lib/deadlines';
import { FIELD_BY_KEY, type FieldKey } from '../../lib/glossary';
import type { DeadlineSettings } from '../../lib/settings';
import type { Flavour } from './reader';
import { OWN_CELL_CLASS, OWN_HEAD_CLASS } from './selectors';

type BadgeState = Deadline['state'];

/**
 * Colours by state, with a shape for each so colour is never the only signal. Every pair has a
 * contrast of at least 4.5:1 (WCAG AA for small text), checked in tests/unit/page-render.test.ts.
 */
export const BADGE_STYLE: Readonly<Record<BadgeState, { icon: string; text: string; background: string; border: string }>> = {
  open: { icon: '●', text: '#0b5323', background: '#e3f4e8', border: '#0b5323' },
  'due-soon': { icon: '▲', text: '#6a3a00', background: '#fff1c7', border: '#6a3a00' },
  closed: { icon: '✕', text: '#8c1020', background: '#fde8ea', border: '#8c1020' },
  done: { icon: '✓', text: '#163c78', background: '#e6eefb', border: '#163c78' },
  unknown: { icon: '?', text: '#4d4d4d', background: '#f2f2f2', border: '#9a9a9a' },
};

const SHORT_LABEL: Record<DeadlineKind, string> = {
  'challenge-setup': 'Set-up',
  'challenge-outcome': 'Outcome',
  'business-file': 'File',
};

export const STYLE_ID = 'occ-style';

const CSS = `
/* Doubled classes: the portal's own "td" rules (nowrap, ellipsis) must not win over ours. */
.occ-cell.occ-cell { vertical-align: top; padding: 4px 6px; width: 16rem; min-width: 16rem; max-width: 16rem; box-sizing: border-box;
  white-space: normal; overflow: visible; text-overflow: clip; }
/* Pinned to the right edge of the table's scroll area, so the countdowns are in view however wide
   the table is. Being positioned, it also holds our visually hidden text (which would otherwise be
   placed against the page and widen it). */
.occ-cell.occ-cell, .occ-head.occ-head { position: sticky; right: 0; z-index: 1; background-color: #fff; box-shadow: -3px 0 4px -2px rgba(0, 0, 0, 0.18); }
/* A grid row drawn as a CSS grid with fixed columns: our cell takes one extra (implicit) track after
   the last explicit column, on the row's first line, instead of wrapping under the row or pushing
   the page's cells along. Ignored by any other layout. */
.occ-cell[role="gridcell"], .occ-head[role="columnheader"] { grid-row: 1; grid-column: -1 / span 1; }
.occ-badges { display: flex; flex-direction: column; gap: 2px; align-items: flex-start; }
.occ-badge { display: inline-flex; align-items: baseline; gap: 4px; max-width: 100%; padding: 1px 6px; border: 1px solid; border-radius: 9px;
  font: 600 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; white-space: normal; overflow-wrap: break-word; cursor: help; }
.occ-icon { flex: none; font-size: 10px; }
.occ-badge[data-occ-state="unknown"] { font-weight: 400; border-style: dashed; padding: 0 6px; }
.occ-unknowns { display: flex; flex-wrap: wrap; gap: 3px; }
.occ-unknowns .occ-badge { white-space: nowrap; }
.occ-none { color: #4d4d4d; padding: 0 6px; cursor: help; }
.occ-sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.occ-store { font-weight: 400; font-style: italic; }
.occ-head.occ-head { white-space: nowrap; vertical-align: middle; width: 16rem; min-width: 16rem; box-sizing: border-box; }
.occ-head button { font: 600 12px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; background: #fff;
  border: 1px solid #6b6b6b; border-radius: 4px; padding: 2px 6px; margin: 0 2px; cursor: pointer; }
.occ-head button:focus-visible, .occ-badge:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 1px; }
.occ-off .occ-badges { display: none; }
${Object.entries(BADGE_STYLE)
  .map(([state, s]) => `.occ-badge[data-occ-state="${state}"] { color: ${s.text}; background: ${s.background}; border-color: ${s.border}; }`)
  .join('\n')}
`;

/** Adds our style sheet once per document. */
export function ensureStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  (doc.head ?? doc.documentElement).append(style);
}

/** A new, empty countdown cell of the right kind for the table. */
export function createCell(doc: Document, flavour: Flavour): HTMLElement {
  const cell = doc.createElement(flavour === 'table' ? 'td' : 'div');
  cell.className = OWN_CELL_CLASS;
  if (flavour === 'grid') cell.setAttribute('role', 'gridcell');
  return cell;
}

const fieldLabel = (key: FieldKey): string => FIELD_BY_KEY[key].label;

// Pages repeat the same few hundred dates: the same deadline gives the same tooltip.
const tooltips = new Map<string, string>();

function tooltipFor(deadline: Deadline, settings: DeadlineSettings): string {
  const key = isKnown(deadline)
    ? `${deadline.kind}|${deadline.start}|${deadline.lastDay}|${deadline.receivedOn}|${deadline.receivedLate}|${deadline.receivedUnknown}|${deadline.receivedUnreadable}|${settings.windowLengthDays}`
    : `${deadline.kind}|${deadline.missingField}|${deadline.reason}|${settings.windowLengthDays}`;
  let text = tooltips.get(key);
  if (text === undefined) {
    text = deadlineTooltip(deadline, fieldLabel, settings);
    if (tooltips.size > 5000) tooltips.clear();
    tooltips.set(key, text);
  }
  return text;
}

// One prototype badge (with its icon) per state and document, cloned: cheaper than building each.
const prototypes = new WeakMap<Document, Map<BadgeState, HTMLElement>>();

function prototypeBadge(doc: Document, state: BadgeState): HTMLElement {
  let byState = prototypes.get(doc);
  if (!byState) prototypes.set(doc, (byState = new Map()));
  let element = byState.get(state);
  if (!element) {
    element = doc.createElement('span');
    element.className = 'occ-badge';
    element.setAttribute('data-occ-state', state);
    const icon = doc.createElement('span');
    icon.className = 'occ-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = BADGE_STYLE[state].icon;
    element.append(icon);
    byState.set(state, element);
  }
  return element;
}

function buildBadge(doc: Document, deadline: Deadline, title: string): HTMLElement {
  const element = prototypeBadge(doc, deadline.state).cloneNode(true) as HTMLElement;
  element.setAttribute('data-occ-kind', deadline.kind);
  if (isKnown(deadline)) {
    element.setAttribute('data-occ-last-day', deadline.lastDay);
    element.setAttribute('data-occ-days-left', String(deadline.daysLeft));
    element.append(badgeText(deadline));
  } else {
    // A muted "?": the short kind for sighted users, the whole sentence for screen readers.
    const short = doc.createElement('span');
    short.setAttribute('aria-hidden', 'true');
    short.textContent = SHORT_LABEL[deadline.kind];
    const spoken = doc.createElement('span');
    spoken.className = 'occ-sr';
    spoken.textContent = `${badgeText(deadline)}: add the column ${fieldLabel(deadline.missingField)}`;
    element.append(short, spoken);
    element.setAttribute('data-occ-missing', deadline.missingField);
  }
  element.title = title;
  return element;
}

/**
 * One row's deadline of one kind, as drawn: the finished badge to clone (undefined when the case
 * has no such deadline yet), and whether it is known (known badges come first, the muted unknowns
 * after them on one line).
 */
export interface BadgeModel {
  readonly known: boolean;
  readonly element: HTMLElement | undefined;
}

const NO_DEADLINE: BadgeModel = { known: true, element: undefined };

/** Stands for a cell the table does not show (an empty cell is ''). */
const MISSING = '\u0000';

/**
 * Finished badges by what decides them: the deadline's kind, the texts of the cells it is counted
 * from, and whether its date came from the case store; for one document, day and settings (`stamp`).
 * A page repeats the same few hundred dates, so most rows take all their badges from here and
 * none of the date reading, the rules, the tooltip or the building is done again: a row costs a
 * few clones.
 */
export class BadgeModels {
  /** By kind, then start text, then done text (`MISSING` for a column not shown), and from the store or not. */
  private readonly models = new Map<DeadlineKind, Map<string, Map<string, [BadgeModel?, BadgeModel?]>>>();
  private count = 0;
  private stamp = '';
  private list: HTMLElement | undefined;
  private unknownsLine: HTMLElement | undefined;
  private none: HTMLElement | undefined;

  constructor(private readonly doc: Document) {}

  /** Forgets every badge when the day or the settings change (a badge shows days left). */
  prepare(stamp: string): void {
    if (stamp === this.stamp && this.count < 5000) return;
    this.stamp = stamp;
    this.models.clear();
    this.count = 0;
  }

  // Nested maps of the cells' own texts: no key string is built per row.
  private slot(kind: DeadlineKind, start: string | undefined, done: string | undefined): [BadgeModel?, BadgeModel?] {
    let byStart = this.models.get(kind);
    if (!byStart) this.models.set(kind, (byStart = new Map()));
    let byDone = byStart.get(start ?? MISSING);
    if (!byDone) byStart.set(start ?? MISSING, (byDone = new Map()));
    let pair = byDone.get(done ?? MISSING);
    if (!pair) byDone.set(done ?? MISSING, (pair = []));
    return pair;
  }

  /** The badge for these inputs, or undefined when it is not made yet. */
  find(kind: DeadlineKind, start: string | undefined, done: string | undefined, fromStore: boolean): BadgeModel | undefined {
    return this.models.get(kind)?.get(start ?? MISSING)?.get(done ?? MISSING)?.[fromStore ? 1 : 0];
  }

  /**
   * Makes and keeps the badge for these inputs from their deadline (undefined: no deadline of that kind).
   * `fromStore`: the deadline's start date came from the local case store, not from the row.
   */
  make(kind: DeadlineKind, start: string | undefined, done: string | undefined, fromStore: boolean, deadline: Deadline | undefined, settings: DeadlineSettings): BadgeModel {
    let model = NO_DEADLINE;
    if (deadline) {
      const title = tooltipFor(deadline, settings);
      const stored = isKnown(deadline) && fromStore;
      const element = buildBadge(this.doc, deadline, stored ? `${title}\nThis date comes from your imported case data, not from this page.` : title);
      model = { known: isKnown(deadline), element };
    }
    this.slot(kind, start, done)[fromStore ? 1 : 0] = model;
    this.count += 1;
    return model;
  }

  /** Fills `cell` with one badge per model (known first, then the muted unknowns on one line). */
  fill(cell: HTMLElement, models: readonly BadgeModel[]): void {
    this.list ??= this.element('div', 'occ-badges');
    const list = this.list.cloneNode(false) as HTMLElement;
    let unknowns: HTMLElement | undefined;
    let any = false;
    for (const { known, element } of models) {
      if (!element) continue;
      any = true;
      if (known) {
        list.append(element.cloneNode(true));
        continue;
      }
      if (!unknowns) {
        this.unknownsLine ??= this.element('div', 'occ-unknowns');
        unknowns = this.unknownsLine.cloneNode(false) as HTMLElement;
      }
      unknowns.append(element.cloneNode(true));
    }
    if (unknowns) list.append(unknowns);
    if (!any) {
      if (!this.none) {
        this.none = this.element('span', 'occ-none');
        this.none.textContent = '–';
        this.none.title = 'No deadline yet: the case has not moved to investigation, is not closed, and no business file is asked for.';
      }
      list.append(this.none.cloneNode(true));
    }
    if (cell.firstChild) cell.replaceChildren(list);
    else cell.append(list);
  }

  private element(tag: string, className: string): HTMLElement {
    const element = this.doc.createElement(tag);
    element.className = className;
    return element;
  }
}

export interface HeaderControls {
  readonly visible: boolean;
  readonly onToggle: () => void;
  readonly onOptions: () => void;
}

/** The header cell: a toggle for the column and a link to the options. */
export function createHeaderCell(doc: Document, flavour: Flavour, controls: HeaderControls): HTMLElement {
  const cell = doc.createElement(flavour === 'table' ? 'th' : 'div');
  cell.className = OWN_HEAD_CLASS;
  if (flavour === 'grid') cell.setAttribute('role', 'columnheader');
  else cell.setAttribute('scope', 'col');
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.className = 'occ-toggle';
  toggle.setAttribute('aria-pressed', String(controls.visible));
  toggle.textContent = controls.visible ? 'Deadlines' : 'Show deadlines';
  toggle.title = controls.visible ? 'Hide the deadline countdowns (Connect Companion)' : 'Show the deadline countdowns (Connect Companion)';
  toggle.addEventListener('click', (event) => {
    event.stopPropagation(); // a sortable header must not sort on our click
    controls.onToggle();
  });
  const options = doc.createElement('button');
  options.type = 'button';
  options.className = 'occ-options';
  options.textContent = '⚙';
  options.title = 'Connect Companion options: window length and warning threshold';
  options.setAttribute('aria-label', 'Connect Companion options');
  options.addEventListener('click', (event) => {
    event.stopPropagation();
    controls.onOptions();
  });
  cell.append(toggle, options);
  // The page's header handlers (sorting by a click on a header) never see a click on our cell.
  cell.addEventListener('click', (event) => event.stopPropagation());
  cell.addEventListener('keydown', (event) => event.stopPropagation());
  return cell;
}
