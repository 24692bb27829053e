/**
 * What the selection toolbar looks like: plain DOM in a shadow root, so the portal's CSS cannot
 * reach it and the content script stays small. It knows nothing of the portal: the controller
 * passes it a state to show and handlers to call.
 */
import { FIELD_BY_KEY, type FieldKey } from '../../lib/glossary';
import { EXPORT_LIMIT, WARN_FROM, fieldsForRule, type CounterLevel, type SelectionRule } from '../../lib/selection';

export type CategoryField = 'caseStage' | 'productType' | 'complaintIssue';

export interface ToolbarState {
  /** The count the toolbar works with: the portal's counter, or the ticked rows. */
  readonly count: number;
  readonly portalCount: number | undefined;
  readonly tickedHere: number;
  readonly rowsHere: number;
  readonly level: CounterLevel;
  /** Why the toolbar cannot tick anything on this page, when it cannot. */
  readonly blocked: string | undefined;
  /** Distinct values shown in each category column on this page; undefined when the column is not shown. */
  readonly categories: Readonly<Record<CategoryField, readonly string[] | undefined>>;
  /** The fields whose columns the case table shows. */
  readonly shownFields: readonly FieldKey[];
  readonly plan: PlanState | undefined;
  /** The outcome of the last action, one line per sentence. */
  readonly report: readonly string[];
}

export interface PlanState {
  readonly title: string;
  /** "batch 1 of 3: 100 cases" */
  readonly batch: string;
  readonly hasNext: boolean;
  readonly notes: readonly string[];
}

export interface ToolbarHandlers {
  selectAll(): void;
  clear(): void;
  invert(): void;
  selectByRule(rule: SelectionRule): void;
  selectByList(text: string): void;
  nextBatch(): void;
  cancelPlan(): void;
}

const STYLE = `
:host { all: initial; display: block; margin: 0 0 12px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0b0c0c; }
* { box-sizing: border-box; }
.bar { border: 2px solid #1d4f91; border-radius: 6px; background: #f7f9fc; padding: 8px 12px; max-width: 100%; }
.head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
.title { font-weight: 700; color: #1d4f91; }
.counter { font-weight: 700; font-size: 15px; padding: 2px 8px; border-radius: 4px; background: #e8f0fb; color: #0b0c0c; }
.counter[data-level="warn"] { background: #fff0c2; color: #5c3b00; }
.counter[data-level="full"] { background: #fbe3e3; color: #8a1111; }
/* A shape as well as a colour: "!" in a circle when near the limit, in a square at the limit. */
.counter[data-level="warn"]::before, .counter[data-level="full"]::before { content: "!"; display: inline-block; width: 1.25em; height: 1.25em; margin-right: 6px; text-align: center; line-height: 1.25em; font-size: 13px; color: #fff; border-radius: 50%; background: #5c3b00; }
.counter[data-level="full"]::before { border-radius: 2px; background: #8a1111; }
.detail { color: #3d4650; font-size: 13px; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-top: 8px; }
button, select, input, textarea { font: inherit; color: inherit; }
button { border: 1px solid #1d4f91; background: #fff; color: #1d4f91; border-radius: 4px; padding: 3px 10px; cursor: pointer; }
button.primary { background: #1d4f91; color: #fff; }
button:disabled { border-color: #8a949e; color: #5f6b76; background: #eef0f2; cursor: not-allowed; }
select, input[type="number"], textarea { border: 1px solid #5f6b76; border-radius: 4px; padding: 2px 6px; background: #fff; }
input[type="number"] { width: 5em; }
textarea { width: min(100%, 36em); min-height: 3.2em; resize: vertical; display: block; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 5px #0b0c0c; }
details { margin-top: 8px; }
summary { cursor: pointer; font-weight: 600; color: #1d4f91; width: max-content; }
.blocked, .warning { margin: 8px 0 0; padding: 4px 8px; border-left: 4px solid #8a1111; background: #fbe3e3; color: #5c0a0a; }
.warning { border-color: #8a5a00; background: #fff0c2; color: #4a3000; }
.plan { margin-top: 8px; padding: 6px 8px; border: 1px dashed #1d4f91; border-radius: 4px; background: #fff; }
.plan-batch { font-weight: 700; }
.report { margin: 8px 0 0; padding: 0 0 0 18px; max-height: 9em; overflow: auto; overflow-wrap: anywhere; }
.report:empty, .notes:empty { display: none; }
.notes { margin: 4px 0 0; padding: 0 0 0 18px; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; white-space: nowrap; }
`;

type Attrs = Record<string, string | boolean | undefined>;

function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

const RULE_CHOICES: readonly { value: SelectionRule['kind']; label: string }[] = [
  { value: 'actionRequired', label: 'Action Required' },
  { value: 'priority', label: 'Priority case' },
  { value: 'caseStage', label: 'Case stage is…' },
  { value: 'productType', label: 'Product type is…' },
  { value: 'complaintIssue', label: 'Complaint issue is…' },
  { value: 'challengeWindowWithin', label: 'Challenge window closes within…' },
  { value: 'businessFileOverdue', label: 'Business file overdue' },
];

export interface ToolbarView {
  update(state: ToolbarState): void;
  /** Says something through the aria-live region. */
  announce(text: string): void;
  readonly root: ShadowRoot;
}

export function createToolbarView(root: ShadowRoot, handlers: ToolbarHandlers): ToolbarView {
  const doc = root.ownerDocument;
  const button = (label: string, onClick: () => void, attrs: Attrs = {}) => {
    const element = h(doc, 'button', { type: 'button', ...attrs }, label);
    element.addEventListener('click', onClick);
    return element;
  };

  const counter = h(doc, 'span', { class: 'counter', 'data-occ-counter': true }, `0 of ${EXPORT_LIMIT} selected`);
  const detail = h(doc, 'span', { class: 'detail' });
  const limitNote = h(doc, 'p', { class: 'warning', hidden: true });
  const blocked = h(doc, 'p', { class: 'blocked', role: 'alert', hidden: true });

  const selectAll = button('Select all on this page', () => handlers.selectAll(), { 'data-occ-action': 'select-all' });
  const clear = button('Clear this page', () => handlers.clear(), { 'data-occ-action': 'clear' });
  const invert = button('Invert this page', () => handlers.invert(), { 'data-occ-action': 'invert' });

  // Select by rule
  const ruleKind = h(doc, 'select', { id: 'occ-rule-kind', 'data-occ-input': 'rule-kind' }, ...RULE_CHOICES.map((choice) => h(doc, 'option', { value: choice.value }, choice.label)));
  const ruleValue = h(doc, 'select', { id: 'occ-rule-value', 'data-occ-input': 'rule-value', 'aria-label': 'Value', hidden: true });
  const ruleDays = h(doc, 'input', { id: 'occ-rule-days', type: 'number', min: '0', max: '90', value: '3', 'data-occ-input': 'rule-days', hidden: true });
  const ruleDaysLabel = h(doc, 'label', { for: 'occ-rule-days', hidden: true }, 'days');
  const ruleNote = h(doc, 'span', { class: 'detail', 'data-occ-rule-note': true });
  const ruleGo = button('Select matching', () => {
    const rule = currentRule();
    if (rule) handlers.selectByRule(rule);
  }, { class: 'primary', 'data-occ-action': 'select-rule' });
  const ruleSection = h(
    doc,
    'details',
    { 'data-occ-section': 'rule' },
    h(doc, 'summary', {}, 'Select by rule'),
    h(doc, 'div', { class: 'row' }, h(doc, 'label', { for: 'occ-rule-kind' }, 'Rule'), ruleKind, ruleValue, ruleDays, ruleDaysLabel, ruleGo, ruleNote),
  );

  // Select by list
  const listText = h(doc, 'textarea', {
    id: 'occ-list',
    'data-occ-input': 'list',
    rows: '3',
    spellcheck: 'false',
    placeholder: 'PNX-4302137-CSP5, 345546f …',
  });
  const listGo = button('Select listed', () => handlers.selectByList(listText.value), { class: 'primary', 'data-occ-action': 'select-list' });
  const listSection = h(
    doc,
    'details',
    { 'data-occ-section': 'list' },
    h(doc, 'summary', {}, 'Select by list'),
    h(doc, 'label', { for: 'occ-list', class: 'detail' }, 'Paste Case references, Business references or Migrated references (one per line, or separated by commas, semicolons, tabs or spaces)'),
    listText,
    h(doc, 'div', { class: 'row' }, listGo),
  );

  // The plan
  const planTitle = h(doc, 'div', { class: 'detail' });
  const planBatch = h(doc, 'div', { class: 'plan-batch', 'data-occ-batch': true });
  const planNotes = h(doc, 'ul', { class: 'notes' });
  const next = button('Next batch (after exporting this one)', () => handlers.nextBatch(), { class: 'primary', 'data-occ-action': 'next-batch' });
  const cancel = button('Cancel plan', () => handlers.cancelPlan(), { 'data-occ-action': 'cancel-plan' });
  const plan = h(doc, 'div', { class: 'plan', 'data-occ-plan': true, hidden: true, role: 'group', 'aria-label': 'Selection plan' }, planTitle, planBatch, planNotes, h(doc, 'div', { class: 'row' }, next, cancel));

  const report = h(doc, 'ul', { class: 'report', 'data-occ-report': true });
  const live = h(doc, 'div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-occ-live': true });

  const bar = h(
    doc,
    'section',
    { class: 'bar', 'aria-label': 'Connect Companion: select cases (unofficial)' },
    h(doc, 'div', { class: 'head' }, h(doc, 'span', { class: 'title' }, 'Select cases'), counter, detail),
    limitNote,
    blocked,
    h(doc, 'div', { class: 'row', role: 'group', 'aria-label': 'This page' }, selectAll, clear, invert),
    ruleSection,
    listSection,
    plan,
    report,
    live,
  );
  // Keys bubble out of a shadow root: the portal's document-level shortcuts must not see typing in
  // our fields. Stopped at the bar, after our own controls had them; default actions (Enter on a
  // button, Space on a summary) are not propagation, so they still happen.
  for (const type of ['keydown', 'keypress', 'keyup']) bar.addEventListener(type, (event) => event.stopPropagation());
  root.append(h(doc, 'style', {}, STYLE), bar);

  let categories: ToolbarState['categories'] = { caseStage: undefined, productType: undefined, complaintIssue: undefined };
  let shownFields: readonly FieldKey[] = [];

  function currentRule(): SelectionRule | undefined {
    const kind = ruleKind.value as SelectionRule['kind'];
    switch (kind) {
      case 'caseStage':
      case 'productType':
      case 'complaintIssue':
        return ruleValue.value ? { kind, value: ruleValue.value } : undefined;
      case 'challengeWindowWithin': {
        const days = Number(ruleDays.value);
        return Number.isInteger(days) && days >= 0 ? { kind, days } : undefined;
      }
      default:
        return { kind };
    }
  }

  function showRuleInputs(): void {
    const kind = ruleKind.value;
    const isCategory = kind === 'caseStage' || kind === 'productType' || kind === 'complaintIssue';
    ruleValue.hidden = !isCategory;
    ruleDays.hidden = ruleDaysLabel.hidden = kind !== 'challengeWindowWithin';
    ruleNote.textContent = '';
    if (isCategory) {
      const values = categories[kind as CategoryField];
      const previous = ruleValue.value;
      ruleValue.replaceChildren(...(values ?? []).map((value) => h(doc, 'option', { value }, value)));
      if (values?.includes(previous)) ruleValue.value = previous;
      const label = RULE_CHOICES.find((choice) => choice.value === kind)!.label.replace(' is…', '');
      ruleValue.setAttribute('aria-label', label);
      if (!values || values.length === 0) {
        ruleNote.textContent = values ? `No ${label} values on this page.` : `The ${label} column is not shown: add it with the portal's Column view.`;
      }
    } else {
      const rule = currentRule();
      const missing = rule ? fieldsForRule(rule).filter((field) => !shownFields.includes(field)) : [];
      if (missing.length > 0) {
        ruleNote.textContent = `Not shown: ${missing.map((field) => `“${FIELD_BY_KEY[field].label}”`).join(', ')}. Add it with the portal's Column view; cases it cannot check are not selected.`;
      }
    }
    ruleGo.disabled = !currentRule() || blockedNow;
  }
  ruleKind.addEventListener('change', showRuleInputs);
  ruleValue.addEventListener('change', showRuleInputs);
  ruleDays.addEventListener('input', showRuleInputs);

  let blockedNow = false;

  return {
    root,
    announce(text: string) {
      // Cleared first so that the same words twice are announced twice.
      live.textContent = '';
      live.textContent = text;
    },
    update(state: ToolbarState) {
      counter.textContent = `${state.count} of ${EXPORT_LIMIT} selected`;
      counter.dataset.level = state.level;
      detail.textContent = [
        state.portalCount === undefined ? 'the portal shows no counter: counting the ticks seen on each page' : `portal: Cases selected ${state.portalCount}`,
        `ticked on this page: ${state.tickedHere} of ${state.rowsHere}`,
      ].join(' · ');
      limitNote.hidden = state.level === 'ok';
      limitNote.textContent =
        state.level === 'full'
          ? `The limit is reached: the portal exports at most ${EXPORT_LIMIT} cases at a time. Export these, or untick some, before selecting more.`
          : `Nearly full: ${EXPORT_LIMIT - state.count} more can be selected before the ${EXPORT_LIMIT}-case export limit (warning from ${WARN_FROM}).`;
      blockedNow = state.blocked !== undefined;
      blocked.hidden = !blockedNow;
      blocked.textContent = state.blocked ?? '';
      const full = state.level === 'full';
      selectAll.disabled = blockedNow || full;
      invert.disabled = blockedNow;
      clear.disabled = blockedNow || state.tickedHere === 0;
      listGo.disabled = blockedNow;
      categories = state.categories;
      shownFields = state.shownFields;
      showRuleInputs();

      plan.hidden = !state.plan;
      if (state.plan) {
        planTitle.textContent = `Plan: ${state.plan.title}`;
        planBatch.textContent = state.plan.batch;
        planNotes.replaceChildren(...state.plan.notes.map((note) => h(doc, 'li', {}, note)));
        next.disabled = !state.plan.hasNext || blockedNow;
      }
      report.replaceChildren(...state.report.map((line) => h(doc, 'li', {}, line)));
    },
  };
}
