import { describe, expect, it } from 'vitest';
import { caseKey, caseValues, isExpired, mergeObservation, type CaseObservation, type StoredCase } from '../../lib/caseStore';

const DAY = 24 * 60 * 60 * 1000;
const exportA = { kind: 'export', name: 'a.csv' } as const;
const exportB = { kind: 'export', name: 'b.csv' } as const;
const page = { kind: 'page', name: 'View case list' } as const;

function observe(values: CaseObservation['values'], seenAt: number, source: CaseObservation['source'] = exportA): CaseObservation {
  return { reference: 'PNX-4302137-CSP5', values, source, seenAt };
}

function fold(...observations: CaseObservation[]): StoredCase {
  return observations.reduce<StoredCase | undefined>((stored, next) => mergeObservation(stored, next), undefined)!;
}

describe('mergeObservation: field by field, newest wins, empty never erases', () => {
  it.each([
    {
      description: 'a first observation is stored as seen',
      observations: [observe({ caseStage: 'View' }, 1)],
      expected: { caseStage: 'View' },
    },
    {
      description: 'a newer value replaces an older one',
      observations: [observe({ caseStage: 'View' }, 1), observe({ caseStage: 'Decision' }, 2, exportB)],
      expected: { caseStage: 'Decision' },
    },
    {
      description: 'an older export imported later does not overwrite',
      observations: [observe({ caseStage: 'Decision' }, 2, exportB), observe({ caseStage: 'View' }, 1)],
      expected: { caseStage: 'Decision' },
    },
    {
      description: 'an empty cell keeps the known value',
      observations: [observe({ closureDate: '01-02-2026' }, 1), observe({ closureDate: '  ' }, 2, page)],
      expected: { closureDate: '01-02-2026' },
    },
    {
      description: 'fields a page does not show are kept from the export',
      observations: [
        observe({ dateMovedToInvestigation: '10-11-2026', caseStage: 'Investigation' }, 1),
        observe({ caseStage: 'View' }, 2, page),
      ],
      expected: { dateMovedToInvestigation: '10-11-2026', caseStage: 'View' },
    },
    {
      description: 'values are stored trimmed',
      observations: [observe({ productType: '  Credit Broking ' }, 1)],
      expected: { productType: 'Credit Broking' },
    },
  ])('$description', ({ observations, expected }) => {
    expect(caseValues(fold(...observations))).toEqual({ caseReference: 'PNX-4302137-CSP5', ...expected });
  });

  it('remembers where and when each field was seen', () => {
    const stored = fold(observe({ caseStage: 'View', productType: 'Credit Broking' }, 1), observe({ caseStage: 'Decision' }, 5, page));
    expect(stored.fields.caseStage).toEqual({ value: 'Decision', source: page, seenAt: 5 });
    expect(stored.fields.productType).toEqual({ value: 'Credit Broking', source: exportA, seenAt: 1 });
    expect(stored.lastSeen).toBe(5);
  });

  it('compares references trimmed and case-insensitively', () => {
    expect(caseKey('  pnx-4302137-csp5 ')).toBe('PNX-4302137-CSP5');
    const stored = mergeObservation(undefined, { ...observe({}, 1), reference: ' pnx-4302137-csp5' });
    expect(stored.key).toBe('PNX-4302137-CSP5');
  });
});

describe('isExpired: retention counts from the last time a case was seen', () => {
  const stored = fold(observe({ caseStage: 'View' }, 0));
  it.each([
    { days: 179, retention: 180, expired: false },
    { days: 180, retention: 180, expired: false },
    { days: 181, retention: 180, expired: true },
    { days: 31, retention: 30, expired: true },
  ])('$days days unseen with $retention days kept: expired $expired', ({ days, retention, expired }) => {
    expect(isExpired(stored, days * DAY, retention)).toBe(expired);
  });
});
