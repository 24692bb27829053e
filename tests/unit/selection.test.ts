import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../lib/dates';
import type { DeadlineSettings } from '../../lib/settings';
import {
  EXPORT_LIMIT, SeenCases, batchCount, batchMembers, clearPage, counterLevel, describeBatch, describeRule,
  evaluateRule, hasNextBatch, invertPage, isSelectionPlan, nextBatch, normaliseReference, observePage,
  parseReferenceList, planClicks, readFlag, reconcile, recordClicks, selectAllOnPage, selectedCount,
  startListPlan, startRulePlan, type CaseValues, type CheckboxState, type PageCase, type PageView,
  type SelectionRule,
} from '../../lib/selection';

const TODAY = '2026-03-10' as IsoDate;

function row(caseReference: string, checkbox: CheckboxState = 'unticked', values: CaseValues = {}, extra: Partial<PageCase> = {}): PageCase {
  return { caseReference, values: { caseReference, ...values }, checkbox, ...extra };
}
const ref = (n: number) => `PNX-${4300000 + n}-A${String(n).padStart(3, '0')}`;
const keyOf = (n: number) => ref(n).toUpperCase();
function page(from: number, to: number, checkbox: CheckboxState = 'unticked', portalCount?: number): PageView {
  const cases = [];
  for (let n = from; n <= to; n += 1) cases.push(row(ref(n), checkbox, {}, { businessReference: `biz${n}` }));
  return { cases, portalCount };
}

describe('normaliseReference', () => {
  it.each([
    { input: 'PNX-4302137-CSP5', expected: 'PNX-4302137-CSP5' },
    { input: 'pnx-4302137-csp5', expected: 'PNX-4302137-CSP5' },
    { input: '  "PNX-4302137-CSP5"  ', expected: 'PNX-4302137-CSP5' },
    { input: "'345546f'", expected: '345546F' },
    { input: '\u201C5345irtret\u201D', expected: '5345IRTRET' },
    { input: '`PNX-1-A`', expected: 'PNX-1-A' },
    { input: '""', expected: '' },
  ])('$input -> $expected', ({ input, expected }) => {
    expect(normaliseReference(input)).toBe(expected);
  });
});

describe('parseReferenceList', () => {
  it.each([
    { description: 'new lines', text: 'PNX-1-A\nPNX-2-B\r\nPNX-3-C', references: ['PNX-1-A', 'PNX-2-B', 'PNX-3-C'], duplicates: [] },
    { description: 'commas and semicolons', text: 'PNX-1-A,PNX-2-B; PNX-3-C', references: ['PNX-1-A', 'PNX-2-B', 'PNX-3-C'], duplicates: [] },
    { description: 'tabs and spaces (a spreadsheet row)', text: 'PNX-1-A\tPNX-2-B   PNX-3-C', references: ['PNX-1-A', 'PNX-2-B', 'PNX-3-C'], duplicates: [] },
    { description: 'quoted CSV cells', text: '"PNX-1-A","PNX-2-B"\n"345546f"', references: ['PNX-1-A', 'PNX-2-B', '345546F'], duplicates: [] },
    { description: 'mixed case is one reference', text: 'pnx-1-a PNX-1-A Pnx-1-A', references: ['PNX-1-A'], duplicates: ['PNX-1-A'] },
    { description: 'duplicates named once, in order', text: 'b a b a b c', references: ['B', 'A', 'C'], duplicates: ['B', 'A'] },
    { description: 'blank lines and trailing separators', text: '\n\nPNX-1-A,,;\n\t\n', references: ['PNX-1-A'], duplicates: [] },
    { description: 'non-breaking spaces', text: 'PNX-1-A\u00A0PNX-2-B', references: ['PNX-1-A', 'PNX-2-B'], duplicates: [] },
    { description: 'nothing', text: '   ', references: [], duplicates: [] },
  ])('splits $description', ({ text, references, duplicates }) => {
    expect(parseReferenceList(text)).toEqual({ references, duplicates });
  });
});

describe('readFlag', () => {
  it.each([
    ['Yes', true], ['yes ', true], ['Y', true], ['TRUE', true], ['\u2713', true],
    ['No', false], ['', false], ['n', false], ['false', false],
    ['maybe', undefined], [undefined, undefined],
  ] as const)('%j -> %j', (text, expected) => {
    expect(readFlag(text)).toBe(expected);
  });
});

describe('evaluateRule', () => {
  const context = { today: TODAY };
  it.each<{ description: string; rule: SelectionRule; values: CaseValues; settings?: DeadlineSettings; expected: ReturnType<typeof evaluateRule> }>([
    { description: 'Action Required: Yes', rule: { kind: 'actionRequired' }, values: { actionRequired: 'Yes' }, expected: { verdict: 'match' } },
    { description: 'Action Required: No', rule: { kind: 'actionRequired' }, values: { actionRequired: 'No' }, expected: { verdict: 'no-match' } },
    { description: 'Action Required: column not shown', rule: { kind: 'actionRequired' }, values: {}, expected: { verdict: 'unknown', missing: ['actionRequired'] } },
    { description: 'Action Required: unreadable text', rule: { kind: 'actionRequired' }, values: { actionRequired: 'pending' }, expected: { verdict: 'unknown', missing: ['actionRequired'] } },
    { description: 'Priority: Yes', rule: { kind: 'priority' }, values: { priorityCaseFlag: 'Yes' }, expected: { verdict: 'match' } },
    { description: 'Priority: empty cell', rule: { kind: 'priority' }, values: { priorityCaseFlag: '' }, expected: { verdict: 'no-match' } },
    { description: 'Priority: not shown', rule: { kind: 'priority' }, values: { actionRequired: 'Yes' }, expected: { verdict: 'unknown', missing: ['priorityCaseFlag'] } },
    { description: 'Case stage, any case and spacing', rule: { kind: 'caseStage', value: 'View' }, values: { caseStage: ' view ' }, expected: { verdict: 'match' } },
    { description: 'Case stage differs', rule: { kind: 'caseStage', value: 'View' }, values: { caseStage: 'Decision' }, expected: { verdict: 'no-match' } },
    { description: 'Product type', rule: { kind: 'productType', value: 'Credit Broking' }, values: { productType: 'Credit Broking' }, expected: { verdict: 'match' } },
    { description: 'Complaint issue is exact, not a prefix', rule: { kind: 'complaintIssue', value: 'Motor Finance Commission' }, values: { complaintIssue: 'Motor Finance Commission - Fixed Commission' }, expected: { verdict: 'no-match' } },
    { description: 'Complaint issue not shown', rule: { kind: 'complaintIssue', value: 'x' }, values: {}, expected: { verdict: 'unknown', missing: ['complaintIssue'] } },
    // Challenge windows: last day = start + 14; today is 10 March 2026.
    { description: 'window 1 closes today (0 days)', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '24-02-2026', closureDate: '' }, expected: { verdict: 'match' } },
    { description: 'window 1 closes in 3 days', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '27-02-2026', closureDate: '' }, expected: { verdict: 'match' } },
    { description: 'window 1 closes in 4 days', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '28-02-2026', closureDate: '' }, expected: { verdict: 'no-match' } },
    { description: 'window 1 closed yesterday', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '23-02-2026', closureDate: '' }, expected: { verdict: 'no-match' } },
    { description: 'window 2 closes in 1 day', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '01-01-2026', closureDate: '25-02-2026' }, expected: { verdict: 'match' } },
    { description: 'window 1 known and open: enough without Closure date', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '26-02-2026' }, expected: { verdict: 'match' } },
    { description: 'window 1 past, Closure date not shown', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '01-01-2026' }, expected: { verdict: 'unknown', missing: ['closureDate'] } },
    { description: 'neither date shown (the default view)', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { enquiryDate: '01-03-2026' }, expected: { verdict: 'unknown', missing: ['dateMovedToInvestigation', 'closureDate'] } },
    { description: 'both empty: no window open', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '', closureDate: '' }, expected: { verdict: 'no-match' } },
    { description: 'a month-first date is not guessed', rule: { kind: 'challengeWindowWithin', days: 30 }, values: { dateMovedToInvestigation: '02/31/2026', closureDate: '' }, expected: { verdict: 'unknown', missing: ['dateMovedToInvestigation'] } },
    { description: 'a longer window from the settings', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '20-02-2026', closureDate: '' }, settings: { windowLengthDays: 20, warningDays: 3 }, expected: { verdict: 'match' } },
    { description: 'the same case with the default 14 days', rule: { kind: 'challengeWindowWithin', days: 3 }, values: { dateMovedToInvestigation: '20-02-2026', closureDate: '' }, expected: { verdict: 'no-match' } },
    // Business file overdue: due before today and not received.
    { description: 'file due yesterday, not received', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '09-03-2026', businessFileReceivedDate: '' }, expected: { verdict: 'match' } },
    { description: 'file due today is not overdue', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '10-03-2026', businessFileReceivedDate: '' }, expected: { verdict: 'no-match' } },
    { description: 'file due yesterday, received', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '09-03-2026', businessFileReceivedDate: '08-03-2026' }, expected: { verdict: 'no-match' } },
    { description: 'file due in future, received column not shown', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '20-03-2026' }, expected: { verdict: 'no-match' } },
    { description: 'file past due, received column not shown', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '01-03-2026' }, expected: { verdict: 'unknown', missing: ['businessFileReceivedDate'] } },
    { description: 'file past due, received date not a date', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '01-03-2026', businessFileReceivedDate: '3rd March' }, expected: { verdict: 'unknown', missing: ['businessFileReceivedDate'] } },
    { description: 'no file required', rule: { kind: 'businessFileOverdue' }, values: { businessFileRequiredByDate: '' }, expected: { verdict: 'no-match' } },
    { description: 'required-by column not shown', rule: { kind: 'businessFileOverdue' }, values: {}, expected: { verdict: 'unknown', missing: ['businessFileRequiredByDate'] } },
  ])('$description', ({ rule, values, settings, expected }) => {
    expect(evaluateRule(rule, values, { ...context, ...(settings ? { settings } : {}) })).toEqual(expected);
  });

  it.each<[SelectionRule, string]>([
    [{ kind: 'actionRequired' }, 'Action Required'],
    [{ kind: 'challengeWindowWithin', days: 1 }, 'challenge window closes within 1 day'],
    [{ kind: 'challengeWindowWithin', days: 7 }, 'challenge window closes within 7 days'],
    [{ kind: 'caseStage', value: 'View' }, 'Case stage is View'],
  ])('describes %j as %s', (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });
});

describe('the counter', () => {
  it.each([
    { description: 'the portal counter wins when larger (ticks on other pages)', view: page(1, 3, 'ticked', 40), expected: 40 },
    { description: 'ticked rows when the portal shows no counter', view: page(1, 3, 'ticked'), expected: 3 },
    { description: 'ticked rows when the counter lags behind', view: page(1, 5, 'ticked', 4), expected: 5 },
  ])('$description', ({ view, expected }) => {
    expect(selectedCount(view)).toBe(expected);
  });

  it.each([[0, 'ok'], [89, 'ok'], [90, 'warn'], [99, 'warn'], [100, 'full'], [130, 'full']] as const)('%i is %s', (count, level) => {
    expect(counterLevel(count)).toBe(level);
  });
});

describe('page actions', () => {
  const ticks = (r: ReturnType<typeof reconcile>) => r.ops.filter((op) => op.action === 'tick').map((op) => op.key);
  const unticks = (r: ReturnType<typeof reconcile>) => r.ops.filter((op) => op.action === 'untick').map((op) => op.key);

  it('select all ticks a 100-row page exactly', () => {
    const result = selectAllOnPage(page(1, 100));
    expect(ticks(result)).toHaveLength(100);
    expect(result.refusedAtLimit).toEqual([]);
  });

  it.each([
    { description: '10 already ticked elsewhere', view: page(1, 100, 'unticked', 10), ticked: 90, refused: 10 },
    { description: 'at the limit already', view: page(1, 20, 'unticked', 100), ticked: 0, refused: 20 },
    { description: 'over the limit (user ticked by hand)', view: page(1, 20, 'unticked', 104), ticked: 0, refused: 20 },
    { description: 'room for all', view: page(1, 50, 'unticked', 50), ticked: 50, refused: 0 },
  ])('select all with $description', ({ view, ticked, refused }) => {
    const result = selectAllOnPage(view);
    expect(ticks(result)).toHaveLength(ticked);
    expect(result.refusedAtLimit).toHaveLength(refused);
    // The first rows in page order are ticked, the rest refused.
    expect(ticks(result)).toEqual(view.cases.slice(0, ticked).map((r) => r.caseReference));
  });

  it('skips missing and disabled checkboxes and says which', () => {
    const view: PageView = { cases: [row(ref(1)), row(ref(2), 'disabled'), row(ref(3), 'missing'), row(ref(4), 'ticked')] };
    const result = selectAllOnPage(view);
    expect(ticks(result)).toEqual([keyOf(1)]);
    expect(result.unavailable).toEqual([keyOf(2), keyOf(3)]);
  });

  it('clear unticks only ticked rows', () => {
    const view: PageView = { cases: [row(ref(1), 'ticked'), row(ref(2)), row(ref(3), 'ticked')] };
    const result = clearPage(view);
    expect(unticks(result)).toEqual([keyOf(1), keyOf(3)]);
    expect(ticks(result)).toEqual([]);
  });

  it('invert unticks first so the freed room can be used', () => {
    const cases = [...page(1, 60, 'ticked').cases, ...page(61, 100).cases];
    const result = invertPage({ cases, portalCount: 100 });
    expect(result.ops.slice(0, 60).every((op) => op.action === 'untick')).toBe(true);
    expect(ticks(result)).toHaveLength(40);
    expect(result.refusedAtLimit).toEqual([]);
  });

  it('invert with ticks elsewhere refuses what would pass 100', () => {
    const cases = [...page(1, 10, 'ticked').cases, ...page(11, 100).cases];
    const result = invertPage({ cases, portalCount: 30 }); // 20 ticked on other pages
    expect(ticks(result)).toHaveLength(80);
    expect(result.refusedAtLimit).toHaveLength(10);
  });

  it('a case drawn twice is clicked once', () => {
    const view: PageView = { cases: [row(ref(1)), row(ref(1).toLowerCase())] };
    expect(selectAllOnPage(view).ops).toEqual([{ key: keyOf(1), action: 'tick' }]);
  });
});

describe('list plans', () => {
  it('reports matched here, matched on a page seen before, not found and duplicates', () => {
    const seen = new SeenCases();
    seen.add(page(1, 10).cases);
    const view: PageView = {
      cases: [row(ref(11), 'unticked', {}, { businessReference: '345546f' }), row(ref(12), 'unticked', {}, { migratedReference: 'M-77' })],
    };
    seen.add(view.cases);
    const text = `${ref(11).toLowerCase()}\n"345546F", m-77; ${ref(3)}\tPNX-9999999-ZZZZ ${ref(3)}`;
    const { plan, report } = startListPlan(text, view, seen);
    expect(report.matchedHere).toEqual([keyOf(11), '345546F', 'M-77']);
    expect(report.matchedElsewhere).toEqual([keyOf(3)]);
    expect(report.notFound).toEqual(['PNX-9999999-ZZZZ']);
    expect(report.duplicates).toEqual([keyOf(3)]);
    expect(plan.matched).toEqual([keyOf(11), keyOf(12), keyOf(3)]);
    expect(plan.notFound).toEqual(['PNX-9999999-ZZZZ']);
    // Every pasted reference is accounted for.
    expect(new Set([...report.matchedHere, ...report.matchedElsewhere, ...report.notFound])).toEqual(
      new Set(parseReferenceList(text).references),
    );
  });

  it('a shared business reference selects every case it names and is reported', () => {
    const view: PageView = { cases: [row(ref(1), 'unticked', {}, { businessReference: 'X1' }), row(ref(2), 'unticked', {}, { businessReference: 'x1' })] };
    const { plan, report } = startListPlan('X1', view, new SeenCases());
    expect(plan.matched).toEqual([keyOf(1), keyOf(2)]);
    expect(report.ambiguous).toEqual(['X1']);
  });

  it('150 references over three pages: batch 1 of 2, then the remaining 50', () => {
    const wanted = Array.from({ length: 150 }, (_, i) => ref(i * 2 + 1)); // every other case of 1..300
    const pages = [page(1, 100), page(101, 200), page(201, 300)];
    const seen = new SeenCases();
    seen.add(pages[0]!.cases);
    let { plan } = startListPlan(wanted.join('\n'), pages[0]!, seen);
    expect(plan.notFound).toHaveLength(100);
    expect(describeBatch(plan)).toBe('batch 1 of 1: 50 cases');

    // A fake portal whose selection survives paging.
    const selected = new Set<string>();
    const view = (n: number): PageView => ({
      cases: pages[n]!.cases.map((r) => ({ ...r, checkbox: selected.has(r.caseReference.toUpperCase()) ? 'ticked' : 'unticked' })),
      portalCount: selected.size,
    });
    const visit = (n: number) => {
      plan = observePage(plan, view(n), { today: TODAY });
      const clicks = planClicks(plan, view(n));
      for (const op of clicks.ops) (op.action === 'tick' ? selected.add(op.key) : selected.delete(op.key));
      plan = recordClicks(plan, clicks.ops);
      return clicks;
    };
    visit(0);
    expect(selected.size).toBe(50);
    visit(1);
    expect(selected.size).toBe(100);
    expect(describeBatch(plan)).toBe('batch 1 of 1: 100 cases'); // 50 references still unseen
    expect(plan.notFound).toHaveLength(50);
    const third = visit(2);
    expect(selected.size).toBe(100);
    expect(third.refusedAtLimit).toEqual([]); // page 3's matches belong to batch 2, not refused
    expect(plan.notFound).toEqual([]);
    expect(describeBatch(plan)).toBe('batch 1 of 2: 100 cases');
    expect(hasNextBatch(plan)).toBe(true);

    // After the export: next batch, seen from page 3. Batch 1 lives on pages 1 and 2.
    plan = nextBatch(plan);
    expect(describeBatch(plan)).toBe('batch 2 of 2: 50 cases');
    visit(2);
    expect(selected.size).toBe(100); // no room until batch 1 is unticked: never over 100
    visit(0);
    visit(1);
    visit(2);
    expect([...selected].sort()).toEqual(batchMembers(plan).slice().sort());
    expect(selected.size).toBe(50);
    expect(hasNextBatch(plan)).toBe(false);
    expect(nextBatch(plan)).toBe(plan);
  });

  it('a case the user unticks by hand is not ticked again', () => {
    const view = page(1, 5);
    let { plan } = startListPlan([ref(1), ref(2)].join(','), view, new SeenCases());
    const first = planClicks(plan, view);
    expect(first.ops).toHaveLength(2);
    plan = recordClicks(plan, first.ops);
    const after: PageView = { cases: view.cases.map((r) => (r.caseReference === ref(2) ? { ...r, checkbox: 'ticked' } : r)) };
    expect(planClicks(plan, after).ops).toEqual([]);
  });
});

describe('rule plans', () => {
  it('counts matches and undecided rows and names the missing columns', () => {
    const view: PageView = {
      cases: [
        row(ref(1), 'unticked', { actionRequired: 'Yes' }),
        row(ref(2), 'unticked', { actionRequired: 'No' }),
        row(ref(3), 'unticked', { actionRequired: 'Yes' }),
      ],
    };
    const { plan, report } = startRulePlan({ kind: 'actionRequired' }, view, { today: TODAY });
    expect(plan.matched).toEqual([keyOf(1), keyOf(3)]);
    expect(report).toEqual({ matchedHere: 2, undecidedHere: 0, missingFields: [] });

    const hidden = page(1, 4);
    const result = startRulePlan({ kind: 'actionRequired' }, hidden, { today: TODAY });
    expect(result.plan.matched).toEqual([]);
    expect(result.report).toEqual({ matchedHere: 0, undecidedHere: 4, missingFields: ['actionRequired'] });
  });

  it('uses the local case store where a column is not shown, the page winning where both have it', () => {
    const view: PageView = { cases: [row(ref(1)), row(ref(2), 'unticked', { priorityCaseFlag: 'No' })] };
    const stored: Record<string, CaseValues> = { [keyOf(1)]: { priorityCaseFlag: 'Yes' }, [keyOf(2)]: { priorityCaseFlag: 'Yes' } };
    const { plan } = startRulePlan({ kind: 'priority' }, view, { today: TODAY, storedValues: (key) => stored[key] });
    expect(plan.matched).toEqual([keyOf(1)]);
  });

  it('more than 100 matches give batches of 100', () => {
    const view: PageView = { cases: Array.from({ length: 250 }, (_, i) => row(ref(i), 'unticked', { caseStage: 'View' })) };
    const { plan } = startRulePlan({ kind: 'caseStage', value: 'view' }, view, { today: TODAY });
    expect(batchCount(plan)).toBe(3);
    expect(describeBatch(plan)).toBe('batch 1 of 3: 100 cases');
    expect(planClicks(plan, view).ops).toHaveLength(EXPORT_LIMIT);
    const last = nextBatch(nextBatch(plan));
    expect(describeBatch(last)).toBe('batch 3 of 3: 50 cases');
  });
});

describe('isSelectionPlan', () => {
  const { plan } = startListPlan('a b', page(1, 2), new SeenCases());
  it.each([
    { description: 'a fresh plan', value: plan, expected: true },
    { description: 'a JSON round trip', value: JSON.parse(JSON.stringify(plan)), expected: true },
    { description: 'null', value: null, expected: false },
    { description: 'another version', value: { ...plan, version: 2 }, expected: false },
    { description: 'a batch size over the limit', value: { ...plan, batchSize: 101 }, expected: false },
    { description: 'a damaged list', value: { ...plan, matched: [1, 2] }, expected: false },
  ])('$description -> $expected', ({ value, expected }) => {
    expect(isSelectionPlan(value)).toBe(expected);
  });
});
