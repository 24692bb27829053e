import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, parsePortalDate, type IsoDate } from '../../lib/dates';
import { DEADLINE_KINDS, deadlinesFor, type CaseValues } from '../../lib/deadlines';
import { generateCases } from '../../scripts/portal/generator';
import {
  DEFAULT_OUTCOME_MAPPING,
  ageBuckets,
  classifyOutcome,
  computeInsights,
  insightsOf,
  normaliseOutcomeMapping,
  prepareInsightCases,
  preparedFilterChoices,
  sixMonthsInDays,
  topWithOther,
  type InsightFilter,
  type OutcomeMapping,
} from '../../lib/insights';

const TODAY = '2026-11-25' as IsoDate;

/** A case with the fields the charts read; dates written as the portal writes them. */
function kase(values: CaseValues): CaseValues {
  return { caseReference: 'PNX-1-AA', closureDate: '', ...values };
}

// The definitions case by case, as the README states them, to check the coded counting against.
const ownerOf = (values: CaseValues) => values.yourCaseOwner?.trim() || 'Unassigned';
const productOf = (values: CaseValues) => values.productType?.trim() || '(none)';
const stageOf = (values: CaseValues) => values.caseStage?.trim() || '(none)';
const enquiryOf = (values: CaseValues) => parsePortalDate(values.enquiryDate ?? '')?.date;

/** An open case's age: Case age in whole days, else the days since the Enquiry date (not in the future). */
function caseAgeDays(values: CaseValues, today: IsoDate): number | undefined {
  const age = values.caseAge?.trim() ?? '';
  if (/^\d+$/.test(age)) return Number(age);
  const enquiry = enquiryOf(values);
  const days = enquiry === undefined ? -1 : calendarDaysBetween(enquiry, today);
  return days >= 0 ? days : undefined;
}

function matchesInsightFilter(values: CaseValues, filter: InsightFilter): boolean {
  if (filter.owners?.length && !filter.owners.includes(ownerOf(values))) return false;
  if (filter.products?.length && !filter.products.includes(productOf(values))) return false;
  if (filter.stages?.length && !filter.stages.includes(stageOf(values))) return false;
  if (!filter.enquiryFrom && !filter.enquiryTo) return true;
  const enquiry = enquiryOf(values);
  return enquiry !== undefined && !(filter.enquiryFrom && enquiry < filter.enquiryFrom) && !(filter.enquiryTo && enquiry > filter.enquiryTo);
}

function insightFilterChoices(cases: readonly CaseValues[]) {
  const sorted = (labels: string[]) => [...new Set(labels)].sort(new Intl.Collator('en-GB').compare);
  return { owners: sorted(cases.map(ownerOf)), products: sorted(cases.map(productOf)), stages: sorted(cases.map(stageOf)) };
}

/** The table of one chart as an object: first column -> the other columns. */
function table(insights: ReturnType<typeof computeInsights>, id: keyof ReturnType<typeof computeInsights>['charts']): Record<string, string[]> {
  return Object.fromEntries(insights.charts[id].table.rows.map(([label, ...rest]) => [label!, rest]));
}

describe('classifyOutcome with the default mapping', () => {
  it.each([
    ['Upheld', 'change'],
    ['Change', 'change'],
    ['Partially upheld', 'change'],
    ['Not upheld', 'no-change'],
    ['No change', 'no-change'],
    ['Change - complaint upheld', 'change'],
    ['No change - complaint not upheld', 'no-change'],
    ['Change - settled, business offer accepted', 'change'],
    ['No change - withdrawn by consumer', 'no-change'],
    ['View - partially upheld', 'change'],
    ['View - not upheld', 'no-change'],
    ['Final decision - not upheld', 'no-change'],
    ['Provisional decision - upheld', 'change'],
    ['  NOT   UPHELD ', 'no-change'],
    // Unknown texts are shown as themselves (trimmed, spaces folded).
    ['Settled - business offer accepted', 'Settled - business offer accepted'],
    ['  Withdrawn  ', 'Withdrawn'],
    // Whole words only: "unchanged" is not "change", "upheldx" is not "upheld".
    ['Unchanged', 'Unchanged'],
    ['Upheldx', 'Upheldx'],
  ])('%j -> %s', (outcome, expected) => {
    expect(classifyOutcome(outcome)).toBe(expected);
  });
});

describe('an edited mapping', () => {
  const mapping: OutcomeMapping = { rules: [{ phrase: 'Settled', group: 'change' }, { phrase: 'withdrawn', group: 'no-change' }] };
  it.each([
    ['Settled - business offer accepted', 'change'],
    ['No change - withdrawn by consumer', 'no-change'],
    // Not in this mapping any more.
    ['Upheld', 'Upheld'],
  ])('%j -> %s', (outcome, expected) => {
    expect(classifyOutcome(outcome, mapping)).toBe(expected);
  });
  it('equal phrase lengths: the first rule wins', () => {
    const tie: OutcomeMapping = { rules: [{ phrase: 'abc', group: 'no-change' }, { phrase: 'ABC', group: 'change' }] };
    expect(classifyOutcome('x abc', tie)).toBe('no-change');
  });
});

describe('normaliseOutcomeMapping', () => {
  it.each([
    ['nothing stored', undefined, DEFAULT_OUTCOME_MAPPING],
    ['not an object', 'upheld', DEFAULT_OUTCOME_MAPPING],
    ['no rules list', { rules: 3 }, DEFAULT_OUTCOME_MAPPING],
    ['an empty list is kept (every outcome shown as itself)', { rules: [] }, { rules: [] }],
    [
      'bad rules dropped, phrases trimmed',
      { rules: [{ phrase: ' Upheld ', group: 'change' }, { phrase: '  ', group: 'change' }, { phrase: 'x', group: 'maybe' }, null, { phrase: 4, group: 'change' }] },
      { rules: [{ phrase: 'Upheld', group: 'change' }] },
    ],
  ])('%s', (_name, stored, expected) => {
    expect(normaliseOutcomeMapping(stored)).toEqual(expected);
  });
});

describe('six months and age buckets', () => {
  it.each([
    ['2026-11-25', 184], // 25 May -> 25 Nov
    ['2026-08-31', 184], // no 31 Feb 2026: 28 Feb -> 31 Aug
    ['2026-03-31', 182], // no 31 Sep: 30 Sep 2025 -> 31 Mar
    ['2026-03-01', 181], // 1 Sep 2025 -> 1 Mar 2026 (February is short)
    ['2024-08-31', 184], // 29 Feb 2024 -> 31 Aug 2024
    ['2026-01-15', 184], // 15 Jul 2025 -> 15 Jan 2026
  ])('%s: six months are %i days', (today, days) => {
    expect(sixMonthsInDays(today as IsoDate)).toBe(days);
  });

  it('buckets run from 0 with the six-month bound among them', () => {
    const buckets = ageBuckets(TODAY);
    expect(buckets.map((bucket) => bucket.label)).toEqual([
      '0–29 days', '30–59 days', '60–89 days', '90–119 days', '120–149 days', '150–183 days', '184–269 days', '270–364 days', '365–729 days', '730+ days',
    ]);
    expect(buckets.map((bucket) => bucket.overSixMonths)).toEqual([false, false, false, false, false, false, true, true, true, true]);
  });
});

describe('topWithOther', () => {
  it.each([
    ['empty', [], 10, []],
    ['fewer than the top', [['a', 1], ['b', 2]], 10, [{ label: 'b', count: 2 }, { label: 'a', count: 1 }]],
    ['ties A–Z', [['b', 2], ['a', 2]], 10, [{ label: 'a', count: 2 }, { label: 'b', count: 2 }]],
    ['the rest as Other', [['a', 5], ['b', 4], ['c', 3], ['d', 1]], 2, [{ label: 'a', count: 5 }, { label: 'b', count: 4 }, { label: 'Other (2 more)', count: 4 }]],
    ['one left over', [['a', 5], ['b', 4], ['c', 3]], 2, [{ label: 'a', count: 5 }, { label: 'b', count: 4 }, { label: 'Other (1 more)', count: 3 }]],
  ] as const)('%s', (_name, entries, top, expected) => {
    expect(topWithOther(new Map(entries as unknown as [string, number][]), top)).toEqual(expected);
  });
});

describe('computeInsights', () => {
  it('empty data: every chart empty and says so', () => {
    const insights = computeInsights([], { today: TODAY });
    expect(insights.cases).toBe(0);
    expect(insights.openCases).toBe(0);
    for (const chart of Object.values(insights.charts)) {
      expect(chart.series.every((series) => series.values.every((value) => value === 0))).toBe(true);
      expect(chart.summary).toMatch(/\S/);
    }
    expect(insights.charts['open-by-stage'].summary).toBe('Open cases by Case stage: 0 open cases.');
    expect(insights.charts.outcomes.summary).toBe('Outcomes by Product type: no case has a change or no-change outcome.');
    expect(insights.charts['deadlines-by-week'].categories).toHaveLength(8);
    expect(insights.charts.age.categories).toHaveLength(10);
  });

  it('one open case', () => {
    const insights = computeInsights(
      [kase({ caseStage: 'View', productType: 'Credit Cards', complaintIssue: 'Interest Rates', latestOutcome: 'View - upheld', caseAge: '200', yourCaseOwner: 'Ann', dateMovedToInvestigation: '20-11-2026', businessFileRequiredByDate: '26-11-2026' })],
      { today: TODAY },
    );
    expect(insights.cases).toBe(1);
    expect(insights.openCases).toBe(1);
    expect(table(insights, 'open-by-stage')).toEqual({ View: ['1', '100.0%'] });
    expect(table(insights, 'by-product')).toEqual({ 'Credit Cards': ['1', '100.0%'] });
    expect(table(insights, 'by-issue')).toEqual({ 'Interest Rates': ['1', '100.0%'] });
    expect(table(insights, 'outcomes')).toEqual({ 'Credit Cards': ['1', '100.0%', '0', '0.0%', '1'] });
    expect(table(insights, 'age')['184–269 days']).toEqual(['1', 'Yes']);
    // Set-up window: 20 Nov + 14 = 4 Dec, 9 days left -> week 2; business file due tomorrow -> week 1, due soon.
    expect(table(insights, 'deadlines-by-week')).toMatchObject({
      'Week 1 (25 Nov – 1 Dec)': ['0', '0', '1', '1'],
      'Week 2 (2 Dec – 8 Dec)': ['1', '0', '0', '1'],
    });
    expect(table(insights, 'owners')).toEqual({ Ann: ['1', '1'] });
    expect(insights.charts['open-by-stage'].summary).toBe('Open cases by Case stage: 1 open case; most at View (1).');
    expect(insights.charts.age.summary).toBe('Age of open cases: 1 of 1 open case are six months or older (184 days or more).');
    expect(insights.charts.outcomes.summary).toBe('Outcomes by Product type: 100.0% change (1 of 1 case with a change or no-change outcome).');
  });

  it('closed cases use the Closure outcome, open ones the Latest Outcome; unknown outcomes shown as themselves', () => {
    const cases = [
      kase({ productType: 'Mortgages', closureDate: '01-10-2026', closureOutcome: 'No change - complaint not upheld', latestOutcome: 'View - upheld' }),
      kase({ productType: 'Mortgages', closureDate: '01-10-2026', closureOutcome: 'Change - complaint upheld' }),
      kase({ productType: 'Mortgages', closureDate: '01-10-2026', closureOutcome: 'Change - complaint upheld' }),
      kase({ productType: 'Mortgages', latestOutcome: 'Settled - business offer accepted' }),
      kase({ productType: 'Overdrafts', latestOutcome: '' }),
      kase({ productType: 'Overdrafts', closureDate: '01-10-2026', closureOutcome: 'Referred elsewhere' }),
    ];
    const insights = computeInsights(cases, { today: TODAY });
    const chart = insights.charts.outcomes;
    expect(chart.table.header).toEqual([
      'Product type',
      'Change (cases)', 'Change (share)',
      'No change (cases)', 'No change (share)',
      'Referred elsewhere (cases)', 'Referred elsewhere (share)',
      'Settled - business offer accepted (cases)', 'Settled - business offer accepted (share)',
      'Cases with an outcome',
    ]);
    expect(table(insights, 'outcomes')).toEqual({
      Mortgages: ['2', '50.0%', '1', '25.0%', '0', '0.0%', '1', '25.0%', '4'],
      Overdrafts: ['0', '0.0%', '0', '0.0%', '1', '100.0%', '0', '0.0%', '1'],
    });
    expect(chart.series.find((series) => series.key === 'change')!.values).toEqual([50, 0]);
    expect(chart.summary).toBe('Outcomes by Product type: 66.7% change (2 of 3 cases with a change or no-change outcome); 2 with other outcomes.');
  });

  it('an edited mapping changes the outcome chart', () => {
    const cases = [kase({ productType: 'Mortgages', latestOutcome: 'Settled - business offer accepted' })];
    const insights = computeInsights(cases, { today: TODAY, mapping: { rules: [{ phrase: 'settled', group: 'change' }] } });
    expect(table(insights, 'outcomes')).toEqual({ Mortgages: ['1', '100.0%', '0', '0.0%', '1'] });
  });

  it('top ten products and issues, the rest as Other', () => {
    const cases = Array.from({ length: 13 }, (_, index) =>
      Array.from({ length: 13 - index }, () => kase({ productType: `P${String(index).padStart(2, '0')}`, complaintIssue: index < 11 ? 'Same' : '' })),
    ).flat();
    const insights = computeInsights(cases, { today: TODAY });
    const products = insights.charts['by-product'].categories;
    expect(products).toEqual(['P00', 'P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'Other (3 more)']);
    expect(insights.charts['by-product'].series[0]!.values.at(-1)).toBe(3 + 2 + 1);
    expect(table(insights, 'by-issue')).toEqual({ Same: [String(cases.length - 3), expect.any(String)], '(none)': ['3', expect.any(String)] });
  });

  it('age buckets: open cases only, unknown ages counted apart, the six-month line at 184 days', () => {
    const cases = [
      kase({ caseAge: '0' }),
      kase({ caseAge: '183' }),
      kase({ caseAge: '184' }),
      kase({ caseAge: '1000' }),
      kase({ caseAge: '' }),
      kase({ caseAge: '500', closureDate: '01-01-2026' }),
    ];
    const insights = computeInsights(cases, { today: TODAY });
    const ages = table(insights, 'age');
    expect(ages['0–29 days']![0]).toBe('1');
    expect(ages['150–183 days']![0]).toBe('1');
    expect(ages['184–269 days']![0]).toBe('1');
    expect(ages['365–729 days']![0]).toBe('0');
    expect(ages['730+ days']![0]).toBe('1');
    expect(ages['Age unknown']).toEqual(['1', '']);
    expect(insights.charts.age.lineBefore).toBe(6);
    expect(insights.charts.age.summary).toBe('Age of open cases: 2 of 5 open cases are six months or older (184 days or more); 1 of unknown age.');
  });

  it('deadlines per week: only those still to meet within eight weeks, by kind', () => {
    const cases = [
      kase({ dateMovedToInvestigation: '11-11-2026' }), // last day 25 Nov: today, week 1
      kase({ dateMovedToInvestigation: '10-11-2026' }), // closed yesterday: not counted
      kase({ closureDate: '18-11-2026' }), // outcome window to 2 Dec: week 2
      kase({ businessFileRequiredByDate: '19-01-2027' }), // 55 days: week 8
      kase({ businessFileRequiredByDate: '20-01-2027' }), // 56 days: beyond
      kase({ businessFileRequiredByDate: '26-11-2026', businessFileReceivedDate: '20-11-2026' }), // done
    ];
    const insights = computeInsights(cases, { today: TODAY });
    const weeks = insights.charts['deadlines-by-week'];
    expect(weeks.series.map((series) => [series.key, series.values])).toEqual([
      ['challenge-setup', [1, 0, 0, 0, 0, 0, 0, 0]],
      ['challenge-outcome', [0, 1, 0, 0, 0, 0, 0, 0]],
      ['business-file', [0, 0, 0, 0, 0, 0, 0, 1]],
    ]);
    expect(weeks.summary).toBe('Deadlines in the next eight weeks: 3 deadlines still to meet; most in week 1 (1).');
  });

  it('owners: open cases and due-soon deadlines, unassigned together, busiest first', () => {
    const cases = [
      kase({ yourCaseOwner: 'Ann' }),
      kase({ yourCaseOwner: 'Bob' }),
      kase({ yourCaseOwner: 'Bob' }),
      kase({ yourCaseOwner: '' }),
      kase({ yourCaseOwner: 'Unassigned', dateMovedToInvestigation: '12-11-2026' }),
      // Closed with its outcome window due soon: a deadline for Cy, no open case.
      kase({ yourCaseOwner: 'Cy', closureDate: '12-11-2026' }),
    ];
    const insights = computeInsights(cases, { today: TODAY });
    expect(insights.charts.owners.table.rows).toEqual([
      ['Unassigned', '2', '1'],
      ['Bob', '2', '0'],
      ['Ann', '1', '0'],
      ['Cy', '0', '1'],
    ]);
  });

  it.each<[string, InsightFilter, number]>([
    ['no filter', {}, 4],
    ['owner', { owners: ['Ann'] }, 2],
    ['owner "Unassigned" matches blank owners', { owners: ['Unassigned'] }, 1],
    ['product', { products: ['Mortgages'] }, 1],
    ['stage', { stages: ['View', 'Decision'] }, 2],
    ['enquiry from (inclusive)', { enquiryFrom: '2026-10-01' as IsoDate }, 2],
    ['enquiry to (inclusive)', { enquiryTo: '2026-10-01' as IsoDate }, 2],
    ['enquiry range leaves out cases without a date', { enquiryFrom: '2000-01-01' as IsoDate, enquiryTo: '2100-01-01' as IsoDate }, 3],
    ['several at once', { owners: ['Ann'], stages: ['View'] }, 1],
  ])('filter: %s', (_name, filter, expected) => {
    const cases = [
      kase({ yourCaseOwner: 'Ann', caseStage: 'View', productType: 'Loans', enquiryDate: '01-10-2026' }),
      kase({ yourCaseOwner: 'Ann', caseStage: 'Investigation', productType: 'Loans', enquiryDate: '02-10-2026' }),
      kase({ yourCaseOwner: 'Bob', caseStage: 'Decision', productType: 'Mortgages', enquiryDate: '01-09-2026' }),
      kase({ yourCaseOwner: '', caseStage: 'Investigation', productType: 'Loans', enquiryDate: 'not a date' }),
    ];
    const insights = computeInsights(cases, { today: TODAY, filter });
    expect(insights.cases).toBe(expected);
    // Every chart reads the same filtered cases.
    expect(insights.charts['by-product'].series[0]!.values.reduce((a, b) => a + b, 0)).toBe(expected);
  });

  it('filter choices come from every case', () => {
    expect(preparedFilterChoices(prepareInsightCases([kase({ yourCaseOwner: 'Bob', productType: 'X' }), kase({ caseStage: 'View' })], { today: TODAY }))).toEqual({
      owners: ['Bob', 'Unassigned'],
      products: ['(none)', 'X'],
      stages: ['(none)', 'View'],
    });
  });

  it('the due-soon threshold comes from the settings', () => {
    const cases = [kase({ yourCaseOwner: 'Ann', businessFileRequiredByDate: '30-11-2026' })]; // 5 days left
    expect(computeInsights(cases, { today: TODAY }).charts.owners.table.rows).toEqual([['Ann', '1', '0']]);
    expect(computeInsights(cases, { today: TODAY, settings: { windowLengthDays: 14, warningDays: 5 } }).charts.owners.table.rows).toEqual([['Ann', '1', '1']]);
  });

  it.each([1, 2, 3])('deadline figures agree with deadlinesFor case by case (generator seed %i, hostile values)', (seed) => {
    const cases = generateCases({ seed, count: 400, today: TODAY, hostile: true });
    const settings = { windowLengthDays: 14, warningDays: 3 };
    const weeks = Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, new Array<number>(8).fill(0)]));
    const dueSoon = new Map<string, number>();
    for (const values of cases) {
      for (const deadline of deadlinesFor(values, TODAY, settings)) {
        if (deadline.state !== 'open' && deadline.state !== 'due-soon') continue;
        if (deadline.state === 'due-soon') dueSoon.set(values.yourCaseOwner?.trim() || 'Unassigned', (dueSoon.get(values.yourCaseOwner?.trim() || 'Unassigned') ?? 0) + 1);
        if (deadline.daysLeft < 56) weeks[deadline.kind]![Math.floor(deadline.daysLeft / 7)]! += 1;
      }
    }
    const insights = computeInsights(cases, { today: TODAY, settings });
    expect(Object.fromEntries(insights.charts['deadlines-by-week'].series.map((series) => [series.key, series.values]))).toEqual(weeks);
    const owners = insights.charts.owners.table.rows.filter(([, , soon]) => soon !== '0').map(([owner, , soon]) => [owner, Number(soon)]);
    expect(Object.fromEntries(owners)).toEqual(Object.fromEntries(dueSoon));
  });
});

describe('prepareInsightCases and insightsOf (the cases read once, counted per filter and mapping)', () => {
  const cases = [1, 2].flatMap((seed) => generateCases({ seed, count: 300, today: TODAY, hostile: true }));
  const prepared = prepareInsightCases(cases, { today: TODAY });

  it.each<[string, InsightFilter]>([
    ['no filter', {}],
    ['owners, blank ones as Unassigned', { owners: ['Caseworkerone Portal', 'Unassigned'] }],
    ['a product', { products: [cases[0]!.productType!.trim() || '(none)'] }],
    ['stages', { stages: ['View', 'Decision'] }],
    ['enquiry from', { enquiryFrom: '2026-06-01' as IsoDate }],
    ['enquiry to', { enquiryTo: '2026-06-01' as IsoDate }],
    ['one enquiry day', { enquiryFrom: cases.map((values) => values.enquiryDate).find(Boolean)!.split('-').reverse().join('-') as IsoDate, enquiryTo: cases.map((values) => values.enquiryDate).find(Boolean)!.split('-').reverse().join('-') as IsoDate }],
    ['several at once', { owners: ['Caseworkertwo Portal'], stages: ['Investigation'], enquiryFrom: '2025-01-01' as IsoDate }],
  ])('filtering while counting equals counting the cases matchesInsightFilter keeps: %s', (_name, filter) => {
    const kept = cases.filter((values) => matchesInsightFilter(values, filter));
    expect(kept.length).toBeGreaterThan(0);
    expect(insightsOf(prepared, { filter })).toEqual(computeInsights(kept, { today: TODAY }));
  });

  it('each open case falls in the age bucket of caseAgeDays (Case age, else the days since the Enquiry date)', () => {
    const floors = ageBuckets(TODAY).map((bucket) => bucket.from);
    cases.forEach((values, index) => {
      if (!prepared.open[index]) return;
      const age = caseAgeDays(values, TODAY);
      const expected = age === undefined ? -1 : floors.findLastIndex((from) => age >= from);
      expect([values.caseAge, values.enquiryDate, prepared.ageBucket[index]]).toEqual([values.caseAge, values.enquiryDate, expected]);
    });
  });

  it.each<[string, CaseValues, number]>([
    ['Case age in whole days', { caseAge: '45', enquiryDate: '01-01-2020' }, 1],
    ['no Case age: days since the Enquiry date', { caseAge: '', enquiryDate: '15-10-2026' }, 1],
    ['Case age not in whole days: days since the Enquiry date', { caseAge: '12 days', enquiryDate: '15-11-2026' }, 0],
    ['enquiry today: 0 days', { enquiryDate: '25-11-2026' }, 0],
    ['enquiry in the future: unknown', { enquiryDate: '26-11-2026' }, -1],
    ['neither: unknown', { caseAge: '', enquiryDate: 'soon' }, -1],
    ['over six months', { caseAge: ' 184 ' }, 6],
    ['Case age not a number, a year since the Enquiry date', { caseAge: 'about a year', enquiryDate: '25-11-2025' }, 8],
    ['negative Case age: days since the Enquiry date', { caseAge: '-3', enquiryDate: '24-11-2026' }, 0],
    ['no Case age field at all: days since the Enquiry date', { enquiryDate: '26-09-2026' }, 2],
    ['Case age 0', { caseAge: '0', enquiryDate: '01-01-2020' }, 0],
    ['Case age 729: the last bucket but one', { caseAge: '729' }, 8],
    ['Case age 730: the last bucket', { caseAge: '730' }, 9],
    ['Case age of seven digits', { caseAge: '1234567' }, 9],
    ['Case age of eight digits', { caseAge: '12345678' }, 9],
    ['Case age with a leading zero', { caseAge: '0183' }, 5],
    ['Case age with a letter: days since the Enquiry date', { caseAge: '18x', enquiryDate: '25-11-2026' }, 0],
    ['Enquiry date with slashes', { enquiryDate: '25/10/2026' }, 1],
    ['Enquiry date in ISO', { enquiryDate: '2026-10-25' }, 1],
    ['Enquiry date with a time', { enquiryDate: '25-10-2026 10:00' }, 1],
    ['Enquiry date, single digits', { enquiryDate: '5/5/2026' }, 6],
    ['Enquiry date not a real day: unknown', { enquiryDate: '31-09-2026' }, -1],
  ])('age bucket: %s', (_name, values, expected) => {
    expect(prepareInsightCases([kase(values)], { today: TODAY }).ageBucket[0]).toBe(expected);
  });

  it('texts that trim alike share one code; a blank owner is Unassigned', () => {
    const small = prepareInsightCases([kase({ yourCaseOwner: ' Ann ' }), kase({ yourCaseOwner: 'Ann' }), kase({ yourCaseOwner: '' }), kase({ yourCaseOwner: 'Unassigned' }), kase({})], { today: TODAY });
    expect(small.owners).toEqual(['Ann', 'Unassigned']);
    expect([...small.owner]).toEqual([0, 0, 1, 1, 1]);
    expect(small.products).toEqual(['(none)']);
  });

  it('texts alike in length and in the characters the look-up keys on keep their own codes', () => {
    const names = ['Ann Xa', 'Bob Xa', 'Ann Xa', 'Cid Xa', 'Bob Xa', ' Ann Xa', 'Bob Xa', 'Ann Xa'];
    const small = prepareInsightCases(names.map((name) => kase({ yourCaseOwner: name })), { today: TODAY });
    expect([...small.owner].map((code) => small.owners[code])).toEqual(names.map((name) => name.trim()));
  });

  it('two thousand owners: each case keeps its own owner\'s label', () => {
    const names = Array.from({ length: 2000 }, (_, index) => `Owner ${index % 7}${String(index).padStart(4, '0')}`);
    const small = prepareInsightCases([...names, ...names].map((name) => kase({ yourCaseOwner: name })), { today: TODAY });
    expect([...small.owner].map((code) => small.owners[code])).toEqual([...names, ...names]);
    expect(small.owners).toHaveLength(2000);
  });

  it('the filter choices are every case\'s owner, product and stage', () => {
    expect(preparedFilterChoices(prepared)).toEqual(insightFilterChoices(cases));
  });

  it('one preparation counted with an edited mapping equals computeInsights with that mapping', () => {
    const mapping: OutcomeMapping = { rules: [{ phrase: 'withdrawn', group: 'change' }, { phrase: 'view', group: 'no-change' }] };
    expect(insightsOf(prepared, { mapping })).toEqual(computeInsights(cases, { today: TODAY, mapping }));
    expect(insightsOf(prepared, { mapping }).charts.outcomes).not.toEqual(insightsOf(prepared).charts.outcomes);
  });

  // Other outcomes that one label shares (spaces), that the collator holds equal (é two ways, so
  // their order is the order the cases bring them) and products first seen in either order.
  const oddOutcomes = [
    kase({ productType: 'P1', closureDate: '01-11-2026', closureOutcome: 'Cafe\u0301 settled' }),
    kase({ productType: 'P2', closureDate: '01-11-2026', closureOutcome: 'Caf\u00e9 settled' }),
    kase({ productType: 'P2', closureDate: '01-11-2026', closureOutcome: 'Cafe\u0301  settled' }),
    kase({ productType: 'P1', latestOutcome: 'Caf\u00e9   settled' }),
    kase({ productType: 'P3', latestOutcome: ' Withdrawn ' }),
    kase({ productType: 'P1', closureDate: '01-11-2026', closureOutcome: 'Withdrawn' }),
  ];
  it.each<[string, CaseValues[], InsightFilter, OutcomeMapping | undefined]>([
    ['other outcomes alike, all kept', oddOutcomes, {}, { rules: [] }],
    ['other outcomes alike, reversed', [...oddOutcomes].reverse(), {}, { rules: [] }],
    ['other outcomes alike, the first case left out', oddOutcomes, { products: ['P2', 'P3'] }, { rules: [] }],
    ['other outcomes alike, only later cases kept', [...oddOutcomes, ...oddOutcomes.map((values) => ({ ...values, productType: `${values.productType}b` }))], { products: ['P1b', 'P2b', 'P3b'] }, { rules: [] }],
    ['other outcomes alike among generated cases', [...oddOutcomes, ...generateCases({ seed: 5, count: 200, today: TODAY, hostile: true }), ...oddOutcomes], { stages: ['Investigation', '(none)'] }, { rules: [{ phrase: 'upheld', group: 'change' }] }],
    ['no cases', [], {}, undefined],
  ])('other outcomes in the order the kept cases bring them, as if only those were read: %s', (_name, list, filter, mapping) => {
    const kept = list.filter((values) => matchesInsightFilter(values, filter));
    expect(insightsOf(prepareInsightCases(list, { today: TODAY }), { mapping, filter })).toEqual(computeInsights(kept, { today: TODAY, mapping }));
  });

  it('any iterable of cases, not only an array', () => {
    function* each() {
      yield* cases;
    }
    expect(computeInsights(each(), { today: TODAY })).toEqual(insightsOf(prepared));
  });
});

