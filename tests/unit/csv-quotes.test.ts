// Malformed quotes (review of the merge, session 6): a quote never closed, and text after a closing
// quote, lose no row, say where they are, and come out as CSV that reads back the same.
import { describe, expect, it } from 'vitest';
import { mergedCsv } from '../../lib/csv/export';
import { mergeTexts, readAll, utf8 } from './csv-helpers';

const HEADER = 'Case reference,Business name\r\n';
const LATER = { name: 'b_2026-01-02.csv', text: `${HEADER}PNX-2,B\r\nPNX-3,C\r\n` };

describe('a quote never closed', () => {
  it.each([
    ['at the very end of the file', `${HEADER}PNX-1,"Acme`, 'Acme'],
    ['before a final line break', `${HEADER}PNX-1,"Acme\r\n`, 'Acme\r\n'],
    ['with a doubled quote inside', `${HEADER}PNX-1,"Ac""me`, 'Ac""me'],
    ['with a comma inside', `${HEADER}PNX-1,"Acme, Ltd`, 'Acme, Ltd'],
    ['in the key cell', `${HEADER}"PNX-1,Acme`, undefined],
  ])('%s: the merged file reads back with every row and cell', (_, text, businessName) => {
    const merger = mergeTexts([{ name: 'a_2026-01-01.csv', text }, LATER]);
    expect(merger.files[0]!.warningCounts['unclosed-quote']).toBe(1);
    const summary = merger.summary();
    expect(summary.rowsIn).toBe(summary.rowsOut + summary.superseded + summary.rejected);
    const out = mergedCsv(merger);
    const again = readAll({ name: 'merged.csv', bytes: utf8(out) });
    expect(again.report.warningCounts).toEqual({});
    expect(again.rows).toHaveLength(merger.size);
    const name = again.header!.columns.findIndex((column) => column.name === 'Business name');
    again.rows.forEach((row, index) => {
      expect(row.cells).toEqual(merger.cellsOf(index));
      expect(row.cells).toHaveLength(2);
    });
    if (businessName !== undefined) expect(again.rows.find((row) => row.reference === 'PNX-1')?.cells[name]).toBe(businessName);
    expect(again.rows.map((row) => row.reference)).toEqual(expect.arrayContaining(['PNX-2', 'PNX-3']));
  });
});
