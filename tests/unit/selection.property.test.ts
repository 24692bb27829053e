/**
 * Property test of the selection model: random sequences of user actions (paging, ticking by hand,
 * select all / clear / invert, pasting lists, rules, next batch, cancel, reload) against a fake
 * portal. Whatever the order, the toolbar never ticks a 101st case, never ticks a case the user did
 * not ask for, and never drops a pasted reference without saying so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../lib/dates';
import {
  EXPORT_LIMIT, SeenCases, batchMembers, clearPage, invertPage, isSelectionPlan, nextBatch, observePage,
  planClicks, recordClicks, selectAllOnPage, startListPlan, startRulePlan, type PageView, type Reconciliation,
  type SelectionPlan, type SelectionRule, type TickOp,
} from '../../lib/selection';

const TODAY = '2026-03-10' as IsoDate;
const STAGES = ['Investigation', 'View', 'Decision'] as const;

interface FakeCase {
  key: string;
  businessReference: string;
  migratedReference: string;
  actionRequired: 'Yes' | 'No';
  caseStage: (typeof STAGES)[number];
  disabled: boolean;
}

/** The simulated portal, reduced to what selection needs. */
class FakePortal {
  readonly selected = new Set<string>();
  page = 0;
  constructor(
    readonly cases: readonly FakeCase[],
    readonly pageSize: number,
    /** Whether the portal keeps ticks when the user changes page (unknown for the real one). */
    readonly keepsSelectionAcrossPages: boolean,
    /** Whether the Action Required column is shown. */
    readonly showsActionRequired: boolean,
  ) {}
  get pageCount(): number {
    return Math.max(1, Math.ceil(this.cases.length / this.pageSize));
  }
  rows(): readonly FakeCase[] {
    return this.cases.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize);
  }
  goto(page: number): void {
    this.page = page % this.pageCount;
    if (!this.keepsSelectionAcrossPages) this.selected.clear();
  }
  view(): PageView {
    return {
      portalCount: this.selected.size,
      cases: this.rows().map((c) => ({
        caseReference: c.key,
        businessReference: c.businessReference,
        migratedReference: c.migratedReference,
        values: {
          caseReference: c.key,
          businessReference: c.businessReference,
          caseStage: c.caseStage,
          ...(this.showsActionRequired ? { actionRequired: c.actionRequired } : {}),
        },
        checkbox: c.disabled ? 'disabled' : this.selected.has(c.key) ? 'ticked' : 'unticked',
      })),
    };
  }
}

type Action =
  | { type: 'goto'; page: number }
  | { type: 'manual'; row: number }
  | { type: 'selectAll' }
  | { type: 'clear' }
  | { type: 'invert' }
  | { type: 'paste'; picks: number[]; junk: string[]; decorate: number[]; repeat: number }
  | { type: 'rule'; rule: SelectionRule }
  | { type: 'next' }
  | { type: 'cancel' }
  | { type: 'reload' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('goto' as const), page: fc.nat(10) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('manual' as const), row: fc.nat(120) }) },
  { weight: 2, arbitrary: fc.constant({ type: 'selectAll' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'clear' as const }) },
  { weight: 2, arbitrary: fc.constant({ type: 'invert' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('paste' as const),
      picks: fc.array(fc.nat(400), { maxLength: 180 }),
      junk: fc.array(fc.constantFrom('PNX-0000000-NONE', 'nonsense', '"quoted-miss"', 'M-999999'), { maxLength: 3 }),
      decorate: fc.array(fc.nat(5), { maxLength: 180 }),
      repeat: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('rule' as const),
      rule: fc.oneof(
        fc.constant<SelectionRule>({ kind: 'actionRequired' }),
        fc.constantFrom(...STAGES).map((value): SelectionRule => ({ kind: 'caseStage', value: value.toLowerCase() })),
      ),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ type: 'next' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'cancel' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'reload' as const }) },
);

const portalArb = fc
  .record({
    count: fc.integer({ min: 1, max: 320 }),
    pageSize: fc.constantFrom(10, 25, 50, 100),
    keeps: fc.boolean(),
    showsActionRequired: fc.boolean(),
    seed: fc.nat(1_000_000),
  })
  .map(({ count, pageSize, keeps, showsActionRequired, seed }) => {
    const cases: FakeCase[] = Array.from({ length: count }, (_, i) => ({
      key: `PNX-${4300000 + i}-K${(i * 7919 + seed) % 10000}`.toUpperCase(),
      // Some firms reuse a business reference: every 17th case shares one.
      businessReference: i % 17 === 0 ? 'SHARED-REF' : `biz${i}x`,
      migratedReference: i % 5 === 0 ? `m-${i}` : '',
      actionRequired: (i * 31 + seed) % 3 === 0 ? 'Yes' : 'No',
      caseStage: STAGES[(i + seed) % 3]!,
      disabled: (i * 13 + seed) % 29 === 0,
    }));
    return new FakePortal(cases, pageSize, keeps, showsActionRequired);
  });

/** The references a token may be written as, and a way to write it. */
function pastedForm(c: FakeCase, style: number): string {
  switch (style) {
    case 0: return c.key;
    case 1: return c.key.toLowerCase();
    case 2: return `"${c.key}"`;
    case 3: return ` ${c.businessReference.toUpperCase()} `;
    case 4: return c.migratedReference ? `'${c.migratedReference}'` : c.key;
    default: return `\u201C${c.key}\u201D`;
  }
}

/** The test's own reading of a token: not the model's code. */
function tokenNames(token: string, c: FakeCase): boolean {
  const bare = token.replace(/["'\u201C\u201D ]/g, '').toUpperCase();
  return [c.key, c.businessReference.toUpperCase(), c.migratedReference.toUpperCase()].includes(bare) && bare !== '';
}

function run(portal: FakePortal, actions: readonly Action[]): void {
  let plan: SelectionPlan | null = null;
  let planAsked = new Set<string>();
  let seen = new SeenCases();
  const byKey = new Map(portal.cases.map((c) => [c.key, c]));

  /** Clicks the model's ops one at a time, checking every tick against the rules. */
  const apply = (result: Reconciliation, asked: ReadonlySet<string>): TickOp[] => {
    const done: TickOp[] = [];
    for (const op of result.ops) {
      const target = byKey.get(op.key);
      expect(target, `op on a case not on the page: ${op.key}`).toBeDefined();
      expect(portal.rows().includes(target!)).toBe(true);
      expect(target!.disabled).toBe(false);
      if (op.action === 'tick') {
        expect(portal.selected.has(op.key)).toBe(false);
        expect(asked.has(op.key), `ticked ${op.key}, which was not asked for`).toBe(true);
        expect(portal.selected.size, 'a tick through the toolbar would pass the limit').toBeLessThan(EXPORT_LIMIT);
        portal.selected.add(op.key);
      } else {
        expect(portal.selected.has(op.key)).toBe(true);
        portal.selected.delete(op.key);
      }
      done.push(op);
    }
    return done;
  };

  /** What the toolbar does whenever rows are drawn: learn them, then work the plan. */
  const onRowsDrawn = () => {
    const view = portal.view();
    seen.add(view.cases);
    if (!plan) return;
    plan = observePage(plan, view, { today: TODAY });
    expect(batchMembers(plan).length).toBeLessThanOrEqual(EXPORT_LIMIT);
    plan = recordClicks(plan, apply(planClicks(plan, portal.view()), planAsked));
  };

  onRowsDrawn();
  for (const action of actions) {
    const pageKeys = new Set(portal.rows().map((c) => c.key));
    switch (action.type) {
      case 'goto':
        portal.goto(action.page);
        break;
      case 'manual': {
        // The user's own click: the portal allows it (it only refuses the export).
        const rows = portal.rows().filter((c) => !c.disabled);
        const target = rows[action.row % Math.max(1, rows.length)];
        if (target) (portal.selected.has(target.key) ? portal.selected.delete(target.key) : portal.selected.add(target.key));
        break;
      }
      case 'selectAll':
        apply(selectAllOnPage(portal.view()), pageKeys);
        break;
      case 'clear':
        apply(clearPage(portal.view()), new Set());
        break;
      case 'invert': {
        const unticked = new Set([...pageKeys].filter((key) => !portal.selected.has(key)));
        apply(invertPage(portal.view()), unticked);
        break;
      }
      case 'paste': {
        const tokens = action.picks
          .map((pick, i) => portal.cases[pick % portal.cases.length]!)
          .map((c, i) => pastedForm(c, action.decorate[i] ?? 0));
        for (let r = 0; r < action.repeat && tokens.length > 0; r += 1) tokens.push(tokens[r]!);
        tokens.push(...action.junk);
        const text = tokens.join(['\n', ', ', ';', '\t', ' '][action.repeat % 5]!);
        const started = startListPlan(text, portal.view(), seen);
        // Never a pasted reference silently dropped: each is matched here, matched elsewhere or not found.
        const reported = new Set([...started.report.matchedHere, ...started.report.matchedElsewhere, ...started.report.notFound]);
        const distinct = new Set(tokens.map((t) => t.replace(/["'\u201C\u201D ]/g, '').toUpperCase()).filter(Boolean));
        expect(reported).toEqual(distinct);
        expect(started.report.matchedHere.length + started.report.matchedElsewhere.length + started.report.notFound.length).toBe(distinct.size);
        if (tokens.length > distinct.size) expect(started.report.duplicates.length).toBeGreaterThan(0);
        plan = started.plan;
        planAsked = new Set(portal.cases.filter((c) => tokens.some((t) => tokenNames(t, c))).map((c) => c.key));
        break;
      }
      case 'rule': {
        const rule = action.rule;
        plan = startRulePlan(rule, portal.view(), { today: TODAY }).plan;
        planAsked = new Set(
          portal.cases
            .filter((c) => (rule.kind === 'actionRequired' ? c.actionRequired === 'Yes' : rule.kind === 'caseStage' && c.caseStage.toLowerCase() === rule.value))
            .map((c) => c.key),
        );
        break;
      }
      case 'next':
        if (plan) plan = nextBatch(plan);
        break;
      case 'cancel':
        plan = null;
        planAsked = new Set();
        break;
      case 'reload': {
        // The plan is stored as JSON; what was seen lives only in the tab's memory.
        const stored: unknown = JSON.parse(JSON.stringify(plan));
        plan = isSelectionPlan(stored) ? stored : null;
        if (stored !== null) expect(plan).not.toBeNull();
        seen = new SeenCases();
        if (!portal.keepsSelectionAcrossPages) portal.selected.clear();
        break;
      }
    }
    onRowsDrawn();
    // Every pasted reference is still accounted for: found (in `matched`) or listed as not found.
    if (plan?.source.kind === 'list') {
      for (const reference of plan.source.references) {
        const found = plan.matched.some((key) => {
          const c = byKey.get(key)!;
          return [c.key, c.businessReference.toUpperCase(), c.migratedReference.toUpperCase()].includes(reference);
        });
        expect(found || plan.notFound.includes(reference), `${reference} dropped`).toBe(true);
      }
    }
  }
}

describe('selection model under random use', () => {
  it('never ticks more than 100, never an unasked case, never drops a pasted reference', () => {
    fc.assert(
      fc.property(portalArb, fc.array(actionArb, { minLength: 1, maxLength: 40 }), (portal, actions) => run(portal, actions)),
      { numRuns: 300 },
    );
  });
});
