// The page reader against fixtures modelled on the guide: native table and ARIA grid, any order and
// subset of columns, extra columns, a header checkbox column, the Dashboard's Recently added cases.
import { beforeEach, describe, expect, it } from 'vitest';
import { findCaseTables, readRows, surveyPage } from '../../components/page/reader';
import listTable from '../fixtures/case-list-table.html?raw';
import listTableDates from '../fixtures/case-list-table-dates.html?raw';
import listGrid from '../fixtures/case-list-grid.html?raw';
import dashboard from '../fixtures/dashboard.html?raw';
import unknownLayout from '../fixtures/unknown-layout.html?raw';
import noCaseTable from '../fixtures/no-case-table.html?raw';
import { load } from './page-helpers';

beforeEach(() => load(''));

describe('findCaseTables and readRows', () => {
  it.each([
    {
      description: 'View case list, native table, default columns, header checkbox column',
      html: listTable,
      flavour: 'table',
      references: ['PNX-4302137-CSP5', 'PNX-4302136-S8F1', 'PNX-43021-Z3X6'],
      first: { caseReference: 'PNX-4302137-CSP5', migratedReference: '', businessReference: '345546f', enquiryDate: '19-01-2026', caseStage: 'Decision' },
      absent: ['dateMovedToInvestigation', 'closureDate'],
    },
    {
      description: 'native table, chosen columns in another order, no thead, extra column, checkbox in the reference cell',
      html: listTableDates,
      flavour: 'table',
      references: ['PNX-4302137-CSP5', 'PNX-4302136-S8F1', 'PNX-4302135-Z3X6', 'PNX-4302134-H3Z6'],
      first: { caseReference: 'PNX-4302137-CSP5', dateMovedToInvestigation: '01-06-2026', businessFileRequiredByDate: '12-06-2026', businessFileReceivedDate: '', closureDate: '', caseStage: 'Investigation' },
      absent: ['enquiryDate'],
    },
    {
      description: 'ARIA grid of divs with rowgroups and an unknown "Flags" column',
      html: listGrid,
      flavour: 'grid',
      references: ['PNX-4302137-CSP5', 'PNX-4302136-S8F1'],
      first: { caseReference: 'PNX-4302137-CSP5', businessName: 'Demo Business 1', dateMovedToInvestigation: '28-05-2026', closureDate: '' },
      absent: ['businessFileRequiredByDate'],
    },
    {
      description: "Dashboard: Recently added cases (the Summary table is not a case table)",
      html: dashboard,
      flavour: 'table',
      references: ['PNX-4302137-CSP5', 'PNX-4302136-S8F1'],
      first: { caseReference: 'PNX-4302137-CSP5', eventDate: '02-01-2025', businessFileRequiredByDate: '20-06-2026' },
      absent: ['closureDate'],
    },
  ])('$description', ({ html, flavour, references, first, absent }) => {
    load(html);
    const tables = findCaseTables(document);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.flavour).toBe(flavour);
    const rows = readRows(tables[0]!);
    expect(rows.map((row) => row.reference)).toEqual(references);
    expect(rows[0]!.values).toMatchObject(first);
    for (const key of absent) expect(rows[0]!.values).not.toHaveProperty(key);
    expect(rows[0]!.rowElement.textContent).toContain(references[0]);
  });

  it.each([
    { description: 'a page with no case table', html: noCaseTable },
    { description: 'an unrecognised case-list layout', html: unknownLayout },
  ])('finds nothing on $description', ({ html }) => {
    load(html);
    expect(findCaseTables(document)).toEqual([]);
  });

  it('ignores a table whose Case reference column is hidden', () => {
    load(listTable);
    const table = document.querySelector('table')!;
    for (const row of Array.from(table.querySelectorAll('tr'))) row.children[1]!.remove();
    expect(findCaseTables(document)).toEqual([]);
  });

  it('reads a hostile cell as text', () => {
    load(listTable);
    const cell = document.querySelectorAll('tbody tr')[0]!.children[5]!;
    cell.innerHTML = '&lt;img src=x onerror=alert(1)&gt;';
    const [row] = readRows(findCaseTables(document)[0]!);
    expect(row!.values.businessReference).toBe('<img src=x onerror=alert(1)>');
  });

  it('maps columns by aria-colindex when the grid gives it (virtualised columns)', () => {
    load(`<div role="grid"><div role="row"><div role="columnheader" aria-colindex="1">Case reference</div><div role="columnheader" aria-colindex="3">Closure date</div></div>
      <div role="row"><div role="gridcell" aria-colindex="3">08-06-2026</div><div role="gridcell" aria-colindex="1">PNX-1-AAAA</div></div></div>`);
    const [row] = readRows(findCaseTables(document)[0]!);
    expect(row).toMatchObject({ reference: 'PNX-1-AAAA', values: { closureDate: '08-06-2026' } });
  });
});

describe('surveyPage (the popup diagnostic)', () => {
  it.each([
    { description: 'unknown layout: a case-list heading, no case table', html: unknownLayout, headings: ['View case list'], recognised: [false] },
    { description: 'no case-list heading', html: noCaseTable, headings: [], recognised: [false] },
    { description: 'dashboard', html: dashboard, headings: ['Recently added cases'], recognised: [false, true] },
  ])('$description', ({ html, headings, recognised }) => {
    load(html);
    const survey = surveyPage(document);
    expect(survey.caseListHeadings).toEqual(headings);
    expect(survey.tables.map((table) => table.recognised)).toEqual(recognised);
  });
});
