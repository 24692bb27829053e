/**
 * The short text the popup offers to copy when a page has a case-list heading but no table we
 * understand. It holds the page's structure only (headings, header texts), never a cell's value.
 */
import type { PageSurvey } from './reader';

export function diagnosticText(survey: PageSurvey, page: { path: string; version: string; userAgent: string }): string {
  const lines = [
    `Connect Companion ${page.version}: case table not recognised`,
    `page: ${page.path}`,
    `case-list headings: ${survey.caseListHeadings.map((heading) => JSON.stringify(heading)).join(', ') || 'none'}`,
    `tables and grids: ${survey.tables.length}`,
    ...survey.tables.map(
      (table, index) =>
        `  ${index + 1}. ${table.flavour === 'table' ? '<table>' : 'ARIA grid'}, headers: ${table.headers.map((header) => JSON.stringify(header)).join(' | ') || 'none found'}`,
    ),
    `browser: ${page.userAgent}`,
  ];
  return lines.join('\n');
}
