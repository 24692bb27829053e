import { describe, expect, it } from 'vitest';
import { filterCases } from '../../lib/csv/view';
import { mergeTexts } from './csv-helpers';

const merger = mergeTexts([
  {
    name: 'a.csv',
    text: 'Case reference,Case stage,Business name,Notes\nPNX-1-A,View,"Acme, Ltd",x\nPNX-2-B,Decision,Bolt "Motors",\nPNX-3-C,View,Carr,=SUM(1)\n',
  },
]);

describe('filterCases', () => {
  it.each([
    { description: 'no search, no filter: every case', search: '', filters: [], expected: [0, 1, 2] },
    { description: 'search in any cell, any case', search: 'decision', filters: [], expected: [1] },
    { description: 'a search with a comma stays inside one cell', search: 'acme, ltd', filters: [], expected: [0] },
    { description: 'a search across two cells finds nothing', search: 'view,acme', filters: [], expected: [] },
    { description: 'a search with a quote', search: 'bolt "m', filters: [], expected: [1] },
    { description: 'a formula-like cell', search: '=sum', filters: [], expected: [2] },
    { description: 'a column filter', search: '', filters: [{ column: 'Case stage', text: 'view' }], expected: [0, 2] },
    { description: 'a column filter and a search', search: 'carr', filters: [{ column: 'Case stage', text: 'view' }], expected: [2] },
    { description: 'a filter on an unknown column is ignored', search: '', filters: [{ column: 'Nope', text: 'x' }], expected: [0, 1, 2] },
  ])('$description', ({ search, filters, expected }) => {
    expect([...filterCases(merger, search, filters)]).toEqual(expected);
  });
});
