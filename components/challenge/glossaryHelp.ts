/**
 * The guide's glossary where the columns are: hovering or focusing a column header of a case table
 * shows that field's one-line explanation in a tooltip of our own (role=tooltip, described-by while
 * shown, Escape hides it). The portal's header cells only get attributes: `data-occ-help`, and a
 * tabindex when nothing in them can take focus, so the keyboard reaches the help too.
 */
import { FIELD_BY_KEY, type FieldKey } from '../../lib/glossary';
import { cellsOf, type CaseTable } from '../page/reader';

export const TIP_ID = 'occ-glossary-tip';
const HELP = 'data-occ-help';
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

/** Marks the header cells of `table` whose column the glossary knows (idempotent). */
export function markHeaders(table: CaseTable): void {
  cellsOf(table.headerRow, table.flavour).forEach((cell, position) => {
    const colIndex = Number(cell.getAttribute('aria-colindex'));
    const key = table.columns.get(table.byColIndex ? colIndex : position);
    if (!key || cell.getAttribute(HELP) === key) return;
    cell.setAttribute(HELP, key);
    if (!cell.matches(FOCUSABLE) && !cell.querySelector(FOCUSABLE)) cell.setAttribute('tabindex', '0');
  });
}

/** Listens on `doc` for hover and focus on marked headers, until `signal` aborts. */
export function startGlossaryHelp(doc: Document, signal: AbortSignal): void {
  let tip: HTMLElement | undefined;
  let shownFor: Element | undefined;

  function hide(): void {
    if (!shownFor) return;
    shownFor.removeAttribute('aria-describedby');
    shownFor = undefined;
    if (tip) tip.hidden = true;
  }

  function show(header: Element): void {
    const field = FIELD_BY_KEY[header.getAttribute(HELP) as FieldKey];
    if (!field) return;
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
    header.setAttribute('aria-describedby', TIP_ID);
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

  const headerOf = (event: Event) => (event.target instanceof Element ? event.target.closest(`[${HELP}]`) : null);
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
  signal.addEventListener('abort', () => tip?.remove());
}
