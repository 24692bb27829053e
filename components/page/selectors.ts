/**
 * Every selector for the portal's page, in one place. We do not know the portal's markup
 * (PORTAL.md, "What we do not know"), so each part has an alternative for a native <table> and one
 * for an ARIA grid of <div>s as component libraries draw them. Columns are never found by selector
 * or position, only by header text (lib/glossary.ts).
 */

/** Candidate roots of a case table. */
export const TABLE_ROOT = [
  'table', // native table (List density, Dashboard's Recently added cases)
  '[role="grid"]:not(table)', // ARIA grid of divs (Grid density, data-grid components)
  '[role="treegrid"]:not(table)', // ARIA tree grid: same shape as a grid
  '[role="table"]:not(table)', // ARIA table of divs: read-only lists
].join(', ');

export const NATIVE = {
  /** Header rows: in <thead>; failing that, a first row of <th> cells (no <thead>). */
  headerRows: ':scope > thead > tr',
  /** Body rows, with or without a <tbody> (the parser adds one; scripts may not). */
  bodyRows: ':scope > tbody > tr, :scope > tr, :scope > tfoot > tr',
  /** A row's own cells (its <td> and <th> children; <th scope=row> counts as a cell): read by walking the row's children. */
  cellTags: ['TD', 'TH'] as readonly string[],
} as const;

export const ARIA = {
  /** Every row of a grid, inside rowgroups or not. */
  rows: '[role="row"]',
  /** Header cells of the header row. */
  headerCells: '[role="columnheader"]',
  /** Cells of a body row: gridcell (grid), cell (table), rowheader (either). */
  cells: '[role="gridcell"], [role="cell"], [role="rowheader"], [role="columnheader"]',
  cellRoles: ['gridcell', 'cell', 'rowheader', 'columnheader'] as readonly string[],
} as const;

/** Headings that say "this page lists cases": used only to tell "unrecognised" from "no table". */
export const CASE_LIST_HEADING = 'h1, h2, h3, h4, [role="heading"]';
export const CASE_LIST_HEADING_TEXT = /\b(view case list|recently added cases|case list|all cases)\b/i;

/** Our own marks: every node we add carries one of these classes. */
export const OWN_CELL_CLASS = 'occ-cell';
export const OWN_HEAD_CLASS = 'occ-head';
/** Any node of ours (countdown cells, other features' hosts): a class token starting `occ-`. */
export const OWN_NODE = '[class^="occ-"], [class*=" occ-"], #occ-style';
