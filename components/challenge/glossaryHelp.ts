/**
 * The guide's glossary where the columns are: hovering a column header of a case table, or focusing
 * one the portal makes focusable (its sortable headers), shows that field's one-line explanation in
 * a tooltip of our own (role=tooltip, described-by while shown, Escape hides it). The portal's
 * header cells are not changed: which field a header is stays in a map of ours, no tab stop is
 * added, and the header's own aria-describedby gets our id only while the tip shows.
 */
import { FIELD_BY_KEY, type FieldKey } from '../../lib/glossary';
import { cellsOf, type CaseTable } from '../page/reader';

export const TIP_ID = 'occ-glossary-tip';
const DESCRIBED_BY = 'aria-describedby';

/** The headers marked, and their field: held here, not on the portal's cells. */
const fieldOfHeader = new WeakMap<Element, FieldKey>();

/** The field whose help `header` shows, if it is a marked header. */
export function headerHelp(header: Element): FieldKey | undefined {
  return fieldOfHeader.get(header);
}

/** Marks the header cells of `table` whose column the glossary knows (idempotent). */
export function markHeaders(table: CaseTable): void {
  cellsOf(table.headerRow, table.flavour).forEach((cell, position) => {
    const colIndex = Number(cell.getAttribute('aria-colindex'));
    const key = table.columns.get(table.byColIndex ? colIndex : position);
    if (key) fieldOfHeader.set(cell, key);
    else fieldOfHeader.delete(cell);
  });
}

/** Listens on `doc` for hover and focus on marked headers, until `signal` aborts. */
export function startGlossaryHelp(doc: Document, signal: AbortSignal): void {
  let tip: HTMLElement | undefined;
  let shownFor: Element | undefined;
  /** The header's own aria-describedby before ours was added (null: it had none). */
  let theirs: string | null = null;

  const withOurs = (value: string | null) => (value ? `${value} ${TIP_ID}` : TIP_ID);

  function hide(): void {
    if (!shownFor) return;
    const now = shownFor.getAttribute(DESCRIBED_BY);
    if (now === withOurs(theirs)) {
      // As we left it: the portal's exact value back, or no attribute when it had none.
      if (theirs === null) shownFor.removeAttribute(DESCRIBED_BY);
      else shownFor.setAttribute(DESCRIBED_BY, theirs);
    } else if (now?.split(/\s+/).includes(TIP_ID)) {
      // The portal changed it while the tip showed: only our id goes.
      const rest = now.split(/\s+/).filter((id) => id && id !== TIP_ID).join(' ');
      if (rest) shownFor.setAttribute(DESCRIBED_BY, rest);
      else shownFor.removeAttribute(DESCRIBED_BY);
    }
    shownFor = undefined;
    if (tip) tip.hidden = true;
  }

  function show(header: Element): void {
    const key = fieldOfHeader.get(header);
    if (!key) return;
    const field = FIELD_BY_KEY[key];
    if (!tip || !tip.isConnected) {
      tip = doc.createElement('div');
      tip.id = TIP_ID;
      tip.className = 'occ-tip';
      tip.setAttribute('role', 'tooltip');
      tip.style.cssText =
        'position:fixed;z-index:2147483000;max-width:320px;padding:6px 9px;border-radius:4px;background:#1b1b1b;color:#fff;' +
        'font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);pointer-events:none;text-align:left;white-space:normal';
      (doc.body ?? doc.documentElement).append(tip);
    }
    hide();
    const name = doc.createElement('strong');
    name.textContent = `${field.label}: `;
    tip.replaceChildren(name, field.explanation);
    tip.hidden = false;
    theirs = header.getAttribute(DESCRIBED_BY);
    header.setAttribute(DESCRIBED_BY, withOurs(theirs));
    shownFor = header;
    place();
  }

  /**
   * Puts the tip under its header. After a scroll, a header that has left the view (or the inner
   * area that scrolled it) hides it; not when shown: focus comes before the browser scrolls the
   * focused header into view.
   */
  function place(scrolled?: EventTarget | null): void {
    if (!shownFor || !tip) return;
    const box = shownFor.getBoundingClientRect();
    const { clientWidth: width, clientHeight: height } = doc.documentElement;
    if (scrolled) {
      const area = scrolled instanceof Element && scrolled.contains(shownFor) ? scrolled.getBoundingClientRect() : undefined;
      const top = Math.max(0, area?.top ?? 0);
      const left = Math.max(0, area?.left ?? 0);
      const bottom = Math.min(height, area?.bottom ?? height);
      const right = Math.min(width, area?.right ?? width);
      if (box.bottom < top || box.top > bottom || box.right < left || box.left > right) return hide();
    }
    tip.style.left = `${Math.max(4, Math.min(box.left, width - 328))}px`;
    tip.style.top = `${box.bottom + 4}px`;
  }

  /** The marked header the event happened in (the header, or a sort button inside it). */
  const headerOf = (event: Event) => {
    for (let element = event.target instanceof Element ? event.target : null; element; element = element.parentElement) {
      if (fieldOfHeader.has(element)) return element;
    }
    return null;
  };
  const options = { capture: true, signal };
  doc.addEventListener('mouseover', (event) => {
    const header = headerOf(event);
    if (header && header !== shownFor) show(header);
    else if (!header) hide();
  }, options);
  doc.addEventListener('focusin', (event) => {
    const header = headerOf(event);
    if (header) show(header);
    else hide();
  }, options);
  doc.addEventListener('focusout', hide, options);
  // Scrolling (the page's, or an inner area's: captured) moves the tip with its header. Hiding it on
  // every scroll lost the tip whenever the scroll that brought a header into view came after the hover.
  doc.addEventListener('scroll', (event) => place(event.target), { capture: true, passive: true, signal });
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  }, options);
  // When the script stops: the header's own aria-describedby back, and the tip gone.
  signal.addEventListener('abort', () => {
    hide();
    tip?.remove();
  });
}
