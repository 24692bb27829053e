/**
 * The selection toolbar above *View case list*: wires the pure model (lib/selection.ts) to the
 * page. Rows come from the case-table reader; every tick is a real click on the portal's own
 * checkbox, one at a time, read back after each, and never one that would pass the 100-case limit.
 */
import { FIELD_BY_KEY, type FieldKey } from '../../lib/glossary';
import { today as londonToday } from '../../lib/dates';
import { DEFAULT_SETTINGS, type DeadlineSettings } from '../../lib/settings';
import {
  EXPORT_LIMIT, SeenCases, batchMembers, caseKey, clearPage, counterLevel, describeBatch, describeRule, hasNextBatch,
  invertPage, nextBatch, observePage, planClicks, recordClicks, selectAllOnPage, selectedCount, startListPlan,
  startRulePlan, type CaseValues, type PageCase, type PageView, type Reconciliation, type SelectionPlan,
  type SelectionRule, type TickOp,
} from '../../lib/selection';
import { storedCaseValues } from '../page/caseDates';
import { findCaseTables, readRows, type CaseTable } from '../page/reader';
import { frameScheduler, observe, type Lifecycle } from '../page/observer';
import { guard } from '../page/guard';
import { readSettings } from '../storage';
import { checkboxState, clickCheckbox, findSelectedCounter, readSelectedCounter, rowCheckbox } from './portalControls';
import { wxtPlanStore, type PlanStore } from './planStore';
import { createToolbarView, type CategoryField, type ToolbarState, type ToolbarView } from './view';

/**
 * The local case store's values for cases whose columns are not on the page. Without one (or for
 * cases it does not know), rules say which column to add instead.
 */
export interface CaseStoreLookup {
  /** Stored values by case key (normalised Case reference), for those of `caseKeys` the store knows. */
  valuesFor(caseKeys: readonly string[]): Promise<ReadonlyMap<string, CaseValues>>;
}

/** The case store in the background, asked for every field it knows of the cases on the page. */
export const caseStoreByMessage: CaseStoreLookup = {
  valuesFor: (caseKeys) => storedCaseValues(caseKeys, 'all'),
};

export interface SelectionToolbarOptions {
  readonly document?: Document;
  readonly now?: () => Date;
  readonly settings?: DeadlineSettings;
  readonly caseStore?: CaseStoreLookup;
  readonly planStore?: PlanStore;
}

export interface SelectionToolbar {
  readonly host: HTMLElement;
  readonly view: ToolbarView;
  /** Re-reads the page now (tests; the page's own changes arrive through the observers). */
  refresh(): void;
  /** Resolves once the stored plan has been loaded and applied. */
  readonly ready: Promise<void>;
}

export const HOST_CLASS = 'occ-selection-host';

interface Row {
  readonly element: Element;
  readonly pageCase: PageCase;
}

/** The case table that has the portal's selection (a case list, not the Dashboard's Recently added). */
function selectableTable(doc: Document): CaseTable | undefined {
  const tables = findCaseTables(doc);
  const hasCounter = findSelectedCounter(doc) !== null;
  return (
    tables.find((table) => readRows(table).some((row) => rowCheckbox(row.rowElement) !== null)) ??
    (hasCounter || /view case list/i.test(doc.title + ' ' + (doc.querySelector('h1')?.textContent ?? '')) ? tables[0] : undefined)
  );
}

/** The element to put the toolbar before: the table, or the scrolling box around it. */
function anchorFor(root: Element): Element {
  let anchor = root;
  const view = root.ownerDocument.defaultView;
  for (let parent = anchor.parentElement; parent && parent !== root.ownerDocument.body; parent = parent.parentElement) {
    const overflow = view?.getComputedStyle(parent).overflowX ?? '';
    if (overflow !== 'auto' && overflow !== 'scroll') break;
    anchor = parent;
  }
  return anchor;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const sample = (items: readonly string[], max = 20) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));
const columnNames = (fields: readonly FieldKey[]) => fields.map((key) => `“${FIELD_BY_KEY[key].label}”`).join(' and ');

/** The content script's entry: the toolbar with the user's window length (components/storage.ts). */
export async function startSelectionFeature(lifecycle: Lifecycle): Promise<SelectionToolbar | undefined> {
  const settings = await readSettings().catch(() => undefined);
  if (!lifecycle.isValid) return undefined;
  return mountSelectionToolbar(lifecycle, { ...(settings ? { settings } : {}), caseStore: caseStoreByMessage });
}

/**
 * Mounts the toolbar above the case list once a selectable case table is on the page (the portal
 * may draw it after the content script starts). Returns undefined when it never applies here.
 */
export function mountSelectionToolbar(lifecycle: Lifecycle, options: SelectionToolbarOptions = {}): Promise<SelectionToolbar | undefined> {
  const doc = options.document ?? document;
  return new Promise((resolve) => {
    const tryMount = guard('selection toolbar', () => {
      const table = selectableTable(doc);
      if (!table) return false;
      resolve(start(lifecycle, doc, table, options));
      return true;
    });
    if (tryMount()) return;
    // Not drawn yet: wait for the table (a single-page app draws it after load).
    const wait = frameScheduler(() => {
      if (tryMount()) stopWaiting();
    }, lifecycle);
    const stopWaiting = observe(doc.body, { childList: true, subtree: true }, wait, lifecycle);
    lifecycle.onInvalidated(() => resolve(undefined));
  });
}

function start(lifecycle: Lifecycle, doc: Document, initialTable: CaseTable, options: SelectionToolbarOptions): SelectionToolbar {
  const planStore = options.planStore ?? wxtPlanStore;
  const now = options.now ?? (() => new Date());
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const seen = new SeenCases();
  let table = initialTable;
  let plan: SelectionPlan | null = null;
  let report: string[] = [];
  /** Cases whose click did not take: not tried again by the plan on this page load. */
  const failed = new Set<string>();

  const host = doc.createElement('div');
  host.className = HOST_CLASS;
  host.dataset.occSelection = '';
  // An update or reload starts a new content script that draws its own toolbar: this one goes, so
  // the page never shows a dead toolbar whose plan no longer follows the pages.
  lifecycle.onInvalidated(() => host.remove());
  const shadow = host.attachShadow({ mode: 'open' });
  const guarded = <Args extends unknown[]>(name: string, fn: (...args: Args) => void) =>
    guard(`selection: ${name}`, (...args: Args) => {
      if (lifecycle.isValid) fn(...args);
    });
  const view = createToolbarView(shadow, {
    selectAll: guarded('select all', () => pageAction('select all', selectAllOnPage)),
    clear: guarded('clear', () => pageAction('clear', clearPage)),
    invert: guarded('invert', () => pageAction('invert', invertPage)),
    selectByRule: guarded('rule', (rule: SelectionRule) => startRule(rule)),
    selectByList: guarded('list', (text: string) => startList(text)),
    nextBatch: guarded('next batch', () => goToNextBatch()),
    cancelPlan: guarded('cancel', () => cancelPlan()),
  });

  // ---- reading the page

  function rows(): Row[] {
    if (!table.root.isConnected) table = selectableTable(doc) ?? table;
    return readRows(table).map((row) => ({
      element: row.rowElement,
      pageCase: {
        caseReference: row.reference,
        businessReference: row.values.businessReference,
        migratedReference: row.values.migratedReference,
        values: row.values,
        checkbox: checkboxState(rowCheckbox(row.rowElement)),
      },
    }));
  }

  let counter: Element | null = null;
  /**
   * Cases seen ticked on any page of this tab. It may count too many (if the portal forgets ticks
   * on paging), never too few of those seen.
   */
  const tickedSeen = new Set<string>();
  /** What the portal's "Cases selected" counter says, shown as such; undefined when it shows none. */
  let portalReading: number | undefined;
  function pageView(current: Row[] = rows()): PageView {
    if (!counter?.isConnected) counter = findSelectedCounter(doc);
    for (const row of current) {
      const key = caseKey(row.pageCase.caseReference);
      if (row.pageCase.checkbox === 'ticked') tickedSeen.add(key);
      else if (row.pageCase.checkbox === 'unticked') tickedSeen.delete(key);
    }
    portalReading = readSelectedCounter(counter);
    // The portal's own counter when it shows one (never read inside a table or our nodes, so a cell
    // cannot stand in for it): it knows whether ticks survive a change of page, which we do not.
    // Without one, every tick seen in this tab counts.
    return { cases: current.map((row) => row.pageCase), portalCount: portalReading ?? tickedSeen.size };
  }

  let saved = '';
  function savePlan(): void {
    const json = JSON.stringify(plan);
    if (json === saved) return;
    saved = json;
    void planStore.set(plan).catch(() => undefined);
  }

  function blockedReason(view: PageView): string | undefined {
    if (view.cases.length === 0) return undefined;
    const states = new Set(view.cases.map((row) => row.checkbox));
    if (states.has('ticked') || states.has('unticked')) return undefined;
    const what = states.size === 2 ? 'missing or disabled' : states.has('missing') ? 'missing' : 'disabled';
    return `The portal's row checkboxes are ${what} on this page, so the toolbar cannot select anything here and does nothing.`;
  }

  // ---- clicking

  /**
   * Clicks one checkbox at a time and reads the portal back after each. Before every tick the
   * portal's own counter is read again: at the limit, nothing more is ticked.
   */
  function apply(ops: readonly TickOp[]): { done: TickOp[]; stoppedAtLimit: number; failedKeys: string[] } {
    const done: TickOp[] = [];
    const failedKeys: string[] = [];
    let stoppedAtLimit = 0;
    let byKey = new Map<string, Row>();
    let tickedHere = 0;
    const reread = () => {
      const current = rows();
      byKey = new Map(current.map((row) => [caseKey(row.pageCase.caseReference), row]));
      tickedHere = current.filter((row) => row.pageCase.checkbox === 'ticked').length;
    };
    const boxFor = (key: string) => {
      let row = byKey.get(key);
      if (!row?.element.isConnected) {
        reread(); // the portal re-drew its rows
        row = byKey.get(key);
      }
      return row ? rowCheckbox(row.element) : null;
    };
    reread();
    // Without the portal's counter: the ticks seen on other pages count too.
    const tickedElsewhere = [...tickedSeen].filter((key) => !byKey.has(key)).length;
    for (const [index, op] of ops.entries()) {
      const wanted = op.action === 'tick' ? 'ticked' : 'unticked';
      const box = boxFor(op.key);
      const before = checkboxState(box);
      if (before === wanted) continue;
      if (!box || (before !== 'ticked' && before !== 'unticked')) {
        failedKeys.push(op.key);
        continue;
      }
      if (op.action === 'tick') {
        if (!counter?.isConnected) counter = findSelectedCounter(doc);
        if (Math.max(readSelectedCounter(counter) ?? tickedElsewhere + tickedHere, tickedHere) >= EXPORT_LIMIT) {
          stoppedAtLimit = ops.slice(index).filter((rest) => rest.action === 'tick').length;
          break;
        }
      }
      clickCheckbox(box);
      const after = checkboxState(box.isConnected ? box : boxFor(op.key));
      if (after === wanted) {
        done.push(op);
        tickedHere += op.action === 'tick' ? 1 : -1;
        // Known now, before the page is read again (the user may turn the page first).
        if (op.action === 'tick') tickedSeen.add(op.key);
        else tickedSeen.delete(op.key);
      } else {
        // The portal did not take the click: stop rather than guess.
        failedKeys.push(op.key);
        failed.add(op.key);
        break;
      }
    }
    return { done, stoppedAtLimit, failedKeys };
  }

  function outcomeLines(result: Reconciliation, applied: ReturnType<typeof apply>): string[] {
    const ticked = applied.done.filter((op) => op.action === 'tick').length;
    const unticked = applied.done.length - ticked;
    const lines: string[] = [];
    if (ticked || unticked || result.ops.length === 0) {
      lines.push(
        [ticked ? `Ticked ${plural(ticked, 'case')}` : '', unticked ? `unticked ${plural(unticked, 'case')}` : '']
          .filter(Boolean)
          .join(', ')
          .replace(/^u/, 'U')
          .concat('.')
          .replace(/^\.$/, 'Nothing to change on this page.'),
      );
    }
    const refused = result.refusedAtLimit.length + applied.stoppedAtLimit;
    if (refused) lines.push(`Not ticked: ${plural(refused, 'case')}, because the portal exports at most ${EXPORT_LIMIT} cases at a time.`);
    if (result.unavailable.length || applied.failedKeys.length) {
      lines.push(`Could not tick ${plural(result.unavailable.length + applied.failedKeys.length, 'case')}: the portal's checkbox is missing or disabled, or did not take the click (${sample([...result.unavailable, ...applied.failedKeys], 5)}).`);
    }
    return lines;
  }

  // ---- actions

  function pageAction(name: string, action: (view: PageView) => Reconciliation): void {
    const current = pageView();
    if (blockedReason(current)) return render(current);
    const result = action(current);
    const applied = apply(result.ops);
    report = outcomeLines(result, applied);
    finish(`${name}: ${report.join(' ')}`);
  }

  function context() {
    return {
      today: londonToday(now()),
      settings,
      storedValues: options.caseStore ? (key: string) => stored.get(key) : undefined,
    };
  }

  /** Stored values of the cases seen, fetched once per case from the case store (when there is one). */
  const stored = new Map<string, CaseValues>();
  const asked = new Set<string>();
  async function loadStored(view: PageView): Promise<void> {
    if (!options.caseStore) return;
    const keys = view.cases.map((row) => caseKey(row.caseReference)).filter((key) => !asked.has(key));
    if (keys.length === 0) return;
    keys.forEach((key) => asked.add(key));
    for (const [key, values] of await options.caseStore.valuesFor(keys)) stored.set(key, values);
  }
  const needsStore = (view: PageView) => options.caseStore !== undefined && view.cases.some((row) => !asked.has(caseKey(row.caseReference)));

  async function startRule(rule: SelectionRule): Promise<void> {
    let current = pageView();
    if (blockedReason(current)) return render(current);
    // A rule started now uses what the store says now (an import or another tab may have changed it
    // since): asked afresh, rather than watching the store (the content script's size budget).
    asked.clear();
    stored.clear();
    if (needsStore(current)) {
      await loadStored(current).catch(() => undefined);
      current = pageView();
    }
    const started = startRulePlan(rule, current, context());
    plan = started.plan;
    const matched = started.report.matchedHere;
    const lines = [`Rule “${describeRule(rule)}”: ${plural(matched, 'case')} on this page ${matched === 1 ? 'matches' : 'match'}; ${describeBatch(plan)}.`];
    if (started.report.undecidedHere > 0) {
      lines.push(
        `${plural(started.report.undecidedHere, 'case')} on this page could not be checked and were not selected: the ${columnNames(started.report.missingFields)} column is not shown. Add it with the portal's Column view.`,
      );
    }
    lines.push('Matching cases on other pages are selected as you open those pages.');
    runPlan(lines);
  }

  function startList(text: string): void {
    const current = pageView();
    if (blockedReason(current)) return render(current);
    seen.add(current.cases);
    const started = startListPlan(text, current, seen);
    if (started.plan.source.kind === 'list' && started.plan.source.references.length === 0) {
      report = ['Paste at least one Case reference, Business reference or Migrated reference.'];
      return finish(report[0]!);
    }
    plan = started.plan;
    const { matchedHere, matchedElsewhere, notFound, duplicates, ambiguous } = started.report;
    const lines = [`Matched on this page: ${matchedHere.length}.`];
    if (matchedElsewhere.length) lines.push(`Matched on pages seen before: ${matchedElsewhere.length} (ticked when you open their page): ${sample(matchedElsewhere)}.`);
    lines.push(notFound.length ? `Not found on any page seen: ${notFound.length}: ${sample(notFound, 50)}.` : 'Every reference was found.');
    if (duplicates.length) lines.push(`Duplicates in the paste (counted once): ${duplicates.length}: ${sample(duplicates)}.`);
    if (ambiguous.length) lines.push(`Naming more than one case (all of them selected): ${sample(ambiguous)}.`);
    lines.push(`${describeBatch(plan)}.`);
    runPlan(lines);
  }

  function goToNextBatch(): void {
    if (!plan || !hasNextBatch(plan)) return;
    plan = nextBatch(plan);
    runPlan([`Moved to ${describeBatch(plan)}: the previous batch is unticked and this one ticked.`]);
  }

  function cancelPlan(): void {
    plan = null;
    failed.clear();
    savePlan();
    report = ['Plan cancelled. Ticked cases stay ticked.'];
    finish(report[0]!);
  }

  /** Works the plan on this page: unticks earlier batches, ticks this batch's cases (within the limit). */
  function runPlan(lines: string[] | undefined): void {
    if (!plan) return;
    const current = pageView();
    seen.add(current.cases);
    plan = observePage(plan, current, context());
    const blocked = blockedReason(current);
    let outcome: string[] = [];
    if (!blocked) {
      const clicks = planClicks(plan, current);
      const ops = clicks.ops.filter((op) => !failed.has(op.key));
      if (ops.length > 0 || lines) {
        const applied = apply(ops);
        plan = recordClicks(plan, applied.done);
        outcome = outcomeLines({ ...clicks, ops }, applied);
      }
    }
    savePlan();
    if (lines) {
      report = [...lines, ...outcome];
      finish(report.join(' '));
    } else {
      if (outcome.length) report = outcome;
      render(current);
    }
  }

  // ---- showing

  function planState(current: PageView): ToolbarState['plan'] {
    if (!plan) return undefined;
    const here = new Set(current.cases.map((row) => caseKey(row.caseReference)));
    const members = batchMembers(plan);
    const done = new Set(plan.tickedInBatch);
    const tickedHere = current.cases.filter((row) => row.checkbox === 'ticked' && members.includes(caseKey(row.caseReference))).length;
    const tickedElsewhere = members.filter((key) => !here.has(key) && done.has(key)).length;
    const waiting = members.filter((key) => !here.has(key) && !done.has(key)).length;
    const parts = [`${tickedHere} ticked on this page`, ...(tickedElsewhere ? [`${tickedElsewhere} on other pages`] : [])];
    const notes = [`This batch: ${parts.join(', ')}.${waiting ? ` ${plural(waiting, 'case')} on other pages will be ticked when you open their page.` : ''}`];
    if (plan.source.kind === 'list' && plan.notFound.length) notes.push(`Not yet found on any page seen: ${plan.notFound.length} (${sample(plan.notFound, 10)}). Open the other pages to look for them.`);
    if (plan.undecided.length) notes.push(`${plural(plan.undecided.length, 'case')} could not be checked: add the ${columnNames(plan.missingFields)} column with the portal's Column view.`);
    if (plan.toUntick.length) notes.push(`${plural(plan.toUntick.length, 'case')} of the previous batch are still to be unticked: open their pages.`);
    if (hasNextBatch(plan)) notes.push('Export this batch with Export: Selected Cases, then press Next batch.');
    const title = plan.source.kind === 'rule' ? describeRule(plan.source.rule) : `a list of ${plural(plan.source.references.length, 'reference')}`;
    return { title, batch: describeBatch(plan), hasNext: hasNextBatch(plan), notes };
  }

  function categoriesOf(current: PageView): ToolbarState['categories'] {
    const values = (key: CategoryField) => {
      if (current.cases.length === 0 || current.cases.every((row) => row.values[key] === undefined)) return undefined;
      return [...new Set(current.cases.map((row) => row.values[key] ?? '').filter(Boolean))].sort();
    };
    return { caseStage: values('caseStage'), productType: values('productType'), complaintIssue: values('complaintIssue') };
  }

  function render(current: PageView = pageView()): void {
    if (!lifecycle.isValid) return;
    if (!host.isConnected || host.nextElementSibling !== anchorFor(table.root)) anchorFor(table.root).before(host);
    const count = selectedCount(current);
    view.update({
      count,
      portalCount: portalReading,
      tickedHere: current.cases.filter((row) => row.checkbox === 'ticked').length,
      rowsHere: current.cases.length,
      level: counterLevel(count),
      blocked: blockedReason(current),
      categories: categoriesOf(current),
      shownFields: [...table.columns.values()],
      plan: planState(current),
      report,
    });
  }

  function finish(announcement: string): void {
    const current = pageView();
    render(current);
    view.announce(`${announcement} ${selectedCount(current)} of ${EXPORT_LIMIT} selected.`);
  }

  /** The page changed (paging, sorting, a manual tick, a redraw): follow it. */
  let shownRows = '';
  const refresh = guard('selection: refresh', () => {
    // A new set of rows (another page, a sort, a filter): the last action's report no longer applies.
    const rowsNow = rows().map((row) => row.pageCase.caseReference).join('\n');
    if (rowsNow !== shownRows) {
      if (shownRows !== '') report = [];
      shownRows = rowsNow;
    }
    if (plan?.source.kind === 'rule' && needsStore(pageView())) {
      // Rows not yet looked up in the case store: fetch, then work the plan.
      void loadStored(pageView()).catch(() => undefined).then(() => refresh());
      return;
    }
    if (plan) runPlan(undefined);
    else render();
  });
  const schedule = frameScheduler(() => refresh(), lifecycle);

  render();
  // Manual ticks change a native checkbox without any DOM mutation: listen for them too.
  const listen = (type: string) => doc.addEventListener(type, schedule, { capture: true, signal: abortSignalOf(lifecycle) });
  listen('change');
  listen('click');
  listen('keyup');
  observe(doc.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-checked', 'checked', 'disabled', 'aria-disabled'] }, (records) => {
    if (records.some((record) => !host.contains(record.target))) schedule();
  }, lifecycle);

  const ready = planStore
    .get()
    .then((stored) => {
      // After a reload the portal may have forgotten its ticks: tick this batch again.
      saved = JSON.stringify(stored);
      plan = stored && { ...stored, tickedInBatch: [] };
      refresh();
    })
    .catch(() => undefined);

  return { host, view, refresh: () => refresh(), ready };
}

function abortSignalOf(lifecycle: Lifecycle): AbortSignal | undefined {
  const candidate = (lifecycle as Partial<{ signal: AbortSignal }>).signal;
  if (candidate) return candidate;
  const controller = new AbortController();
  lifecycle.onInvalidated(() => controller.abort());
  return controller.signal;
}
