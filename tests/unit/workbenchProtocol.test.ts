/** What the merge worker sends the page about each file: the rejected rows listed are capped, the count is not. */
import { describe, expect, it } from 'vitest';
import { PAGE_REJECTED_ROWS, reportForPage } from '../../entrypoints/workbench/protocol';
import { CaseMerger } from '../../lib/csv/merge';

function reportWithRejected(count: number) {
  const merger = new CaseMerger();
  const rows = Array.from({ length: count }, (_, i) => `,no reference ${i}`);
  return merger.addFile({ name: 'bad.csv', text: ['Case reference,Complainant', 'PNX-1-A,Ok', ...rows].join('\r\n') });
}

describe('reportForPage', () => {
  it.each([
    { rejected: 0, listed: 0 },
    { rejected: 3, listed: 3 },
    { rejected: PAGE_REJECTED_ROWS, listed: PAGE_REJECTED_ROWS },
    { rejected: PAGE_REJECTED_ROWS + 50, listed: PAGE_REJECTED_ROWS },
  ])('a file with $rejected rejected rows lists $listed of them to the page, and counts them all', ({ rejected, listed }) => {
    const report = reportWithRejected(rejected);
    expect(report.rejectedRows).toHaveLength(rejected);
    const sent = reportForPage(report);
    expect(sent.rejectedRows).toHaveLength(listed);
    expect(sent.rowsRejected).toBe(rejected);
    expect(sent.rejectedRows).toEqual(report.rejectedRows.slice(0, listed));
    // The merge's own report is left whole.
    expect(report.rejectedRows).toHaveLength(rejected);
  });
});
