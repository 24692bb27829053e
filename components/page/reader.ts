/**
 * Reads the portal's case tables into plain records. The only place that turns the page's DOM into
 * data: columns are mapped by header text through the glossary, never by position, and a table
 * without a Case reference column is not a case table.
 */
import { fieldForHeader, type FieldKey } from '../../lib/glossary';
import { ARIA, CASE_LIST_HEADING, CASE_LIST_HEADING_TEXT, NATIVE, OWN_CELL_CLASS, OWN_HEAD_CLASS, TABLE_ROOT } from './selectors';

export type Flavour = 'table' | 'grid';

export interface CaseTable {
  readonly root: Element;
  readonly flavour: Flavour;
  readonly headerRow: Element;
  /** Column position (or aria-colindex) -> field, for the columns the glossary knows. */
  readonly columns: ReadonlyMap<number, FieldKey>;
  /** True when columns are matched by aria-colindex rather than position. */
  readonly byColIndex: boolean;
}

export interface CaseRow {
  readonly rowElement: Element;
  /** The Case reference as shown (white space collapsed). */
  readonly reference: string;
  /** The row's values by field, for the columns shown: '' for an empty cell. */
  readonly values: Partial<Record<FieldKey, string>>;
  /** Our countdown cells among the row's children (normally none or one), found while reading it. */
  readonly ownCells: readonly Element[];
}

/** What a candidate table looked like: for the popup's diagnostic when nothing was recognised. */
export interface TableSurvey {
  readonly flavour: Flavour;
  readonly headers: readonly string[];
  readonly recognised: boolean;
}

function text(node: Node): string {
  const raw = node.textContent ?? '';
  // Most cells hold one word or a date: nothing to collapse, and no new string to make.
  return /\s/.test(raw) ? raw.replace(/\s+/g, ' ').trim() : raw;
}

function isOwn(element: Element): boolean {
  // Called for every cell of every row: a look at the class string first is cheaper.
  const name = element.getAttribute('class');
  if (name === null || !name.includes('occ-')) return false;
  return element.classList.contains(OWN_CELL_CLASS) || element.classList.contains(OWN_HEAD_CLASS);
}

function flavourOf(root: Element): Flavour {
  return root.tagName === 'TABLE' ? 'table' : 'grid';
}

/**
 * A row's cells in order, without ours. Our countdown cells among the row's children go to `own`
 * when given: the countdowns need them, and this walk sees them anyway.
 */
export function cellsOf(row: Element, flavour: Flavour, own?: Element[]): Element[] {
  const cells: Element[] = [];
  // Walking the row's children is several times cheaper than a selector per row, and rows are
  // read on every page change.
  if (flavour === 'table') {
    for (let cell = row.firstElementChild; cell; cell = cell.nextElementSibling) {
      if (!NATIVE.cellTags.includes(cell.tagName)) continue;
      if (!isOwn(cell)) cells.push(cell);
      else if (own && cell.classList.contains(OWN_CELL_CLASS)) own.push(cell);
    }
    return cells;
  }
  for (let cell = row.firstElementChild; cell; cell = cell.nextElementSibling) {
    if (own && isOwn(cell) && cell.classList.contains(OWN_CELL_CLASS)) own.push(cell);
    else if (ARIA_CELL_ROLES.has(cell.getAttribute('role') ?? '') && !isOwn(cell)) cells.push(cell);
  }
  if (cells.length > 0) return cells;
  // Cells wrapped in containers of the component library's own: look deeper, but only in this row.
  for (const cell of Array.from(row.querySelectorAll(ARIA.cells))) {
    if (!isOwn(cell) && cell.closest(ARIA.rows) === row) cells.push(cell);
  }
  return cells;
}

const ARIA_CELL_ROLES = new Set<string>(ARIA.cellRoles);

/** Cells of ours among a row's children. */
const OWN_CHILD_CELLS = `:scope > .${OWN_CELL_CLASS}, :scope > .${OWN_HEAD_CLASS}`;

function rowsOf(root: Element, flavour: Flavour): Element[] {
  if (flavour === 'table') {
    // The table's own row list holds the rows of NATIVE.bodyRows plus the <thead>'s, and unlike
    // that selector it does not walk every cell of a 2,000-row table to find them.
    const rows: Element[] = [];
    for (const row of Array.from((root as HTMLTableElement).rows)) if (row.parentElement?.tagName !== 'THEAD') rows.push(row);
    return rows;
  }
  // Rows of this grid only: not of a grid nested in one of its cells.
  return Array.from(root.querySelectorAll(ARIA.rows)).filter((row) => row.closest(TABLE_ROOT) === root);
}

function headerRowOf(root: Element, flavour: Flavour): Element | undefined {
  if (flavour === 'table') {
    const inHead = Array.from(root.querySelectorAll(NATIVE.headerRows));
    if (inHead.length > 0) return inHead[inHead.length - 1];
    // No <thead>: the first row whose cells are all <th>.
    const first = root.querySelector(NATIVE.bodyRows);
    const cells = first ? cellsOf(first, 'table') : [];
    return cells.length > 0 && cells.every((cell) => cell.tagName === 'TH') ? first! : undefined;
  }
  return rowsOf(root, flavour).find((row) => row.querySelector(ARIA.headerCells) !== null);
}

// Header cells may carry sort arrows, counters or screen-reader text besides the column's name.
function headerNames(cell: Element): string[] {
  const whole = text(cell);
  return [whole, cell.getAttribute('aria-label') ?? '', whole.replace(/[▲▼△▽↑↓⇅⬆⬇]/g, ''), whole.replace(/\s*\(.*\)\s*$/, '')];
}

// The same few headers are read again on every page change: remember what each one names.
const headerFields = new Map<string, FieldKey | null>();

function fieldOf(cell: Element): FieldKey | undefined {
  const key = `${cell.textContent ?? ''}\u0000${cell.getAttribute('aria-label') ?? ''}`;
  let known = headerFields.get(key);
  if (known === undefined) {
    known = null;
    for (const name of headerNames(cell)) {
      const field = name ? fieldForHeader(name) : undefined;
      if (field) {
        known = field.key;
        break;
      }
    }
    if (headerFields.size > 500) headerFields.clear();
    headerFields.set(key, known);
  }
  return known ?? undefined;
}

function colIndex(cell: Element): number | undefined {
  const value = Number(cell.getAttribute('aria-colindex'));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Reads one candidate table's header: its columns, or undefined when it is not a case table. */
export function readCaseTable(root: Element): CaseTable | undefined {
  const flavour = flavourOf(root);
  const headerRow = headerRowOf(root, flavour);
  if (!headerRow) return undefined;
  const headerCells = cellsOf(headerRow, flavour);
  const byColIndex = headerCells.length > 0 && headerCells.every((cell) => colIndex(cell) !== undefined);
  const columns = new Map<number, FieldKey>();
  headerCells.forEach((cell, position) => {
    const field = fieldOf(cell);
    // The first column with a name wins: a repeated header never overrides it.
    if (field && ![...columns.values()].includes(field)) columns.set(byColIndex ? colIndex(cell)! : position, field);
  });
  if (![...columns.values()].includes('caseReference')) return undefined;
  return { root, flavour, headerRow, columns, byColIndex };
}

/** Every case table under `scope` (the View case list table, the Dashboard's Recently added cases). */
export function findCaseTables(scope: ParentNode = document): CaseTable[] {
  const tables: CaseTable[] = [];
  for (const root of Array.from(scope.querySelectorAll(TABLE_ROOT))) {
    if (root.closest(`.${OWN_CELL_CLASS}, .${OWN_HEAD_CLASS}`)) continue;
    const table = readCaseTable(root);
    if (table) tables.push(table);
  }
  return tables;
}

/**
 * The case rows of a table, in page order; rows without a reference (fillers, groups) are skipped.
 * `fields` limits the values read to those fields (the Case reference is always read).
 */
export function readRows(table: CaseTable, fields?: ReadonlySet<FieldKey>): CaseRow[] {
  const rows: CaseRow[] = [];
  const wanted = (field: FieldKey) => !fields || field === 'caseReference' || fields.has(field);
  // Columns matched by position: the few cells to read, found by index rather than by a look-up per cell.
  const atPositions = table.byColIndex ? undefined : [...table.columns].filter(([, field]) => wanted(field));
  const native = table.flavour === 'table';
  for (const rowElement of rowsOf(table.root, table.flavour)) {
    if (rowElement === table.headerRow) continue;
    const ownCells: Element[] = [];
    // A native row without cells of ours (every row, the first time): its own cell list is the
    // cells, and one selector call replaces a look at each cell's tag and class.
    const cells: ArrayLike<Element> =
      native && rowElement.querySelector(OWN_CHILD_CELLS) === null ? (rowElement as HTMLTableRowElement).cells : cellsOf(rowElement, table.flavour, ownCells);
    if (table.flavour === 'grid' && Array.prototype.some.call(cells, (cell: Element) => cell.getAttribute('role') === 'columnheader')) continue;
    const values: Partial<Record<FieldKey, string>> = {};
    if (atPositions) {
      for (const [position, field] of atPositions) {
        const cell = cells[position];
        if (cell) values[field] = text(cell);
      }
    } else {
      for (const cell of Array.from(cells)) {
        const field = table.columns.get(colIndex(cell) ?? -1);
        if (field && wanted(field)) values[field] = text(cell);
      }
    }
    const reference = values.caseReference;
    if (reference) rows.push({ rowElement, reference, values, ownCells });
  }
  return rows;
}

/** What the page holds, for the popup: is it a case list we could not read? */
export interface PageSurvey {
  readonly caseListHeadings: readonly string[];
  readonly tables: readonly TableSurvey[];
}

export function surveyPage(scope: ParentNode = document): PageSurvey {
  const caseListHeadings = Array.from(scope.querySelectorAll(CASE_LIST_HEADING))
    .map(text)
    .filter((heading) => CASE_LIST_HEADING_TEXT.test(heading))
    .map((heading) => heading.slice(0, 80));
  const tables = Array.from(scope.querySelectorAll(TABLE_ROOT))
    .filter((root) => !root.closest(`.${OWN_CELL_CLASS}, .${OWN_HEAD_CLASS}`))
    .slice(0, 10)
    .map((root): TableSurvey => {
      const flavour = flavourOf(root);
      const headerRow = headerRowOf(root, flavour);
      const headers = headerRow ? cellsOf(headerRow, flavour).map((cell) => text(cell).slice(0, 40)) : [];
      return { flavour, headers, recognised: readCaseTable(root) !== undefined };
    });
  return { caseListHeadings, tables };
}
