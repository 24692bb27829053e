/**
 * The portal's own selection controls: a checkbox per row and the "Cases selected: N" counter.
 * Rows come from the case-table reader (components/page/reader.ts); this file only finds the
 * checkbox inside a row, reads it, and clicks it the way a person does.
 */
import { ARIA, OWN_CELL_CLASS, OWN_HEAD_CLASS, OWN_NODE, TABLE_ROOT } from '../page/selectors';
import type { CheckboxState } from '../../lib/selection';

/** A row's selection checkbox, one alternative per markup. */
export const ROW_CHECKBOX = [
  'input[type="checkbox"]', // native input: the table flavour (and grids that keep native inputs)
  '[role="checkbox"]', // ARIA checkbox of a component library's grid
].join(', ');

/** The portal's counter text, as the guide shows it: "Cases selected: 3". */
const COUNTER_TEXT = /Cases selected:\s*(\d+)/i;

/** The row's own checkbox (never one of ours), or null when the row has none. */
export function rowCheckbox(row: Element): HTMLElement | null {
  for (const box of Array.from(row.querySelectorAll<HTMLElement>(ROW_CHECKBOX))) {
    if (box.closest(`.${OWN_CELL_CLASS}, .${OWN_HEAD_CLASS}`)) continue;
    // A checkbox of a nested table or grid belongs to that one, not this row.
    if (box.closest('tr, [role="row"]') !== row) continue;
    return box;
  }
  return null;
}

export function checkboxState(box: HTMLElement | null): CheckboxState {
  if (!box) return 'missing';
  if (box instanceof HTMLInputElement) {
    if (box.disabled) return 'disabled';
    return box.checked ? 'ticked' : 'unticked';
  }
  if (box.getAttribute('aria-disabled') === 'true' || box.hasAttribute('disabled')) return 'disabled';
  return box.getAttribute('aria-checked') === 'true' ? 'ticked' : 'unticked';
}

/**
 * Clicks the checkbox as a person would: `click()` dispatches a real click event, so the portal's
 * own handlers update its state and its counter (setting `.checked` alone would bypass them).
 */
export function clickCheckbox(box: HTMLElement): void {
  box.click();
}

/**
 * Where the counter never is: a table, grid or row (a cell is the portal's data, and free text such
 * as a Business reference may read "Cases selected: 0"), or a node of ours.
 */
const NOT_THE_COUNTER = `${TABLE_ROOT}, tr, ${ARIA.rows}, ${OWN_NODE}`;

/** The element holding "Cases selected: N", found by its text (we do not know the portal's ids). */
export function findSelectedCounter(scope: Document): Element | null {
  const body = scope.body;
  if (!body) return null;
  const walker = scope.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeType === Node.ELEMENT_NODE
        ? (node as Element).matches(NOT_THE_COUNTER) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP // rejected: not entered
        : /Cases selected/i.test(node.nodeValue ?? '') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // The number may sit in a child element ("Cases selected: <span>3</span>"): climb until it
    // shows, but never to an element holding a table or a node of ours (whose text is not the counter).
    for (let element = node.parentElement; element && element !== body; element = element.parentElement) {
      if (element.querySelector(NOT_THE_COUNTER)) break;
      if (COUNTER_TEXT.test(element.textContent ?? '')) return element;
    }
  }
  return null;
}

export function readSelectedCounter(counter: Element | null): number | undefined {
  const match = counter ? COUNTER_TEXT.exec(counter.textContent ?? '') : null;
  return match ? Number(match[1]) : undefined;
}
