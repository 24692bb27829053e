import { describe, expect, it } from 'vitest';
import { orderExports, timestampInName } from '../../lib/csv/order';

describe('timestampInName', () => {
  it.each([
    ['case-list-export-2026-11-06T09-15-00.csv', Date.UTC(2026, 10, 6, 9, 15, 0)],
    ['CaseList_20260119_143012.csv', Date.UTC(2026, 0, 19, 14, 30, 12)],
    ['export 2026_01_19.csv', Date.UTC(2026, 0, 19)],
    ['cases 19-01-2026 14.30.csv', Date.UTC(2026, 0, 19, 14, 30)],
    ['download-1768833000000.csv', 1768833000000],
    ['PNX-4302137-CSP5.csv', undefined],
    ['cases 31-02-2026.csv', undefined],
    ['cases.csv', undefined],
  ])('%s', (name, expected) => {
    expect(timestampInName(name)).toBe(expected);
  });
});

describe('orderExports', () => {
  it('sorts by the time in the name, else last modified; oldest first', () => {
    const ordered = orderExports([
      { name: 'b-2026-01-20.csv', lastModified: 1 },
      { name: 'nodate.csv', lastModified: Date.UTC(2026, 0, 19, 12) },
      { name: 'a-2026-01-19.csv', lastModified: 9e12 },
    ]);
    expect(ordered.map((entry) => [entry.file.name, entry.basis])).toEqual([
      ['a-2026-01-19.csv', 'file name'],
      ['nodate.csv', 'last modified'],
      ['b-2026-01-20.csv', 'file name'],
    ]);
  });

  it('keeps the given order when a file has no time at all', () => {
    const ordered = orderExports([{ name: 'z-2026-01-20.csv' }, { name: 'y.csv' }, { name: 'x-2026-01-01.csv' }]);
    expect(ordered.map((entry) => entry.file.name)).toEqual(['z-2026-01-20.csv', 'y.csv', 'x-2026-01-01.csv']);
    expect(ordered[1]!.basis).toBe('given order');
  });
});
