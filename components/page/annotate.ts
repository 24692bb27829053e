/**
 * The countdown feature in the page: finds the case tables, keeps one countdown cell at the end of
 * every case row (and one header cell), and follows the single-page app as it re-draws rows. Every
 * pass is idempotent: a row whose inputs did not change is not touched. No `browser` here — the
 * entrypoint passes in what it needs (settings, the case-date source, the options opener), so the
 * bench and the tests run this module as it is.
 */
import { today as londonToday, type IsoDate } from '../../lib/dates';
import { DEADLINE_FIELDS, DEADLINE_KINDS, DEADLINE_RULES, deadlinesFor, type CaseValues, type Deadline, type DeadlineState } from '../../lib/deadlines';
import type { FieldKey } from '../../lib/glossary';
import type { Settings } from '../../lib/settings';
import { guard } from './guard';
import { deliverPendingMutations, discardOwnMutations, frameScheduler, observe, type ListeningLifecycle } from './observer';
import { findCaseTables, readCaseTable, readRows, surveyPage, type CaseRow, type CaseTable, type PageSurvey } from './reader';
import { BadgeModels, createCell, createHeaderCell, ensureStyles, type BadgeModel } from './render';
import { OWN_CELL_CLASS, OWN_HEAD_CLASS, TABLE_ROOT } from './selectors';

/** Dates the page does not show, from the local case store (filled from imported exports). */
export interface CaseDateSource {
  datesFor(references: string[]): Promise<Map<string, Partial<Record<FieldKey, string>>>>;
  /** Calls `onChange` when the store's cases change (an import, another tab); returns the unwatch. */
  watch?(onChange: () => void): () => void;
}

export interface CountdownOptions {
  readonly lifecycle: ListeningLifecycle;
  readonly settings: Settings;
  readonly document?: Document;
  readonly dateSource?: CaseDateSource;
  /** The clock: "today" is its London calendar date. */
  readonly now?: () => Date;
  /** The header's toggle was used: persist the new visibility. */
  readonly onToggle?: (visible: boolean) => void;
  /** The header's options button was used. */
  readonly onOptions?: () => void;
}

export interface TableStatus {
  readonly flavour: CaseTable['flavour'];
  readonly rows: number;
  readonly columns: readonly FieldKey[];
}

export interface PageStatus {
  readonly kind: 'annotated' | 'not-recognised' | 'no-case-table';
  readonly tables: readonly TableStatus[];
  /** Badges by state over the whole page. */
  readonly counts: Readonly<Record<DeadlineState | 'unknown', number>>;
  readonly survey?: PageSurvey;
}

export interface Countdowns {
  /** Annotates every case table now (synchronously); returns how many rows were (re)drawn. */
  annotateAll(): number;
  setSettings(settings: Settings): void;
  status(): PageStatus;
  stop(): void;
}

/** Script time one animation frame may spend drawing; the rest waits for the next frame. */
export const FRAME_BUDGET_MS = 12;

/**
 * Rows of a table still to draw, and where the drawing stopped. New cells wait in `inserts` until
 * the last row is drawn, then go into the table together: each change to a table makes the browser
 * lay the whole table out again, which for a long table costs far more than our drawing, so a
 * table drawn over several frames is laid out once, not once per frame.
 */
interface PendingRows {
  readonly table: CaseTable;
  readonly rows: readonly CaseRow[];
  next: number;
  readonly inserts: { row: Element; cell: HTMLElement }[];
  /** Our header cell, to be (or stay) the header row's last cell; the one it replaces. */
  readonly head: HTMLElement;
  readonly stale: HTMLElement | undefined;
}

/** The only cells a countdown needs: read no others. */
const READ_FIELDS: ReadonlySet<FieldKey> = new Set(DEADLINE_FIELDS);

/**
 * Per cell of ours, the badges it was drawn from (one per kind; none when hidden). Badges are made
 * anew when the day or the settings change, so the same objects mean the same day, settings and
 * inputs: an unchanged row is left alone.
 */
const drawnFrom = new WeakMap<Element, readonly BadgeModel[]>();

function storeKey(reference: string): string {
  return reference.trim().toUpperCase();
}

/** The first non-transparent background colour from `element` up, white when there is none. */
function opaqueBackground(element: Element): string {
  const view = element.ownerDocument.defaultView;
  for (let node: Element | null = element; node && view; node = node.parentElement) {
    const colour = view.getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#fff';
}

/** Removes every node we added under `root`. */
export function removeOwnNodes(root: ParentNode): void {
  for (const node of Array.from(root.querySelectorAll(`.${OWN_CELL_CLASS}, .${OWN_HEAD_CLASS}`))) node.remove();
}

/**
 * Our cell in `row`, moved back to be its last child; extra copies (a cloned row) go. Undefined
 * when the row has none yet.
 */
function existingCell(row: CaseRow): HTMLElement | undefined {
  const [found, ...copies] = row.ownCells;
  if (!found) return undefined;
  for (const copy of copies) copy.remove();
  if (row.rowElement.lastElementChild !== found) row.rowElement.append(found);
  return found as HTMLElement;
}

export function startCountdowns(options: CountdownOptions): Countdowns {
  const doc = options.document ?? document;
  const { lifecycle } = options;
  const now = options.now ?? (() => new Date());
  let settings = options.settings;
  let stopped = false;

  /** Per table root: the disconnect of its observer and whether it needs a pass. */
  const watched = new Map<Element, { disconnect: () => void; dirty: boolean; pending?: PendingRows }>();
  let discover = true;
  /** What the store said per reference (storeKey): values, or null when it knows nothing. */
  const stored = new Map<string, CaseValues | null>();
  const asked = new Set<string>();
  /** The store changed since the page opened: an answer then redraws even when it knows nothing. */
  let storeChanged = false;
  /** The London date the badges were last counted for. */
  let drawnDay: IsoDate | undefined;

  const badgeModels = new BadgeModels(doc);
  const schedule = frameScheduler(guard('countdown update', () => runFrame()), lifecycle);

  function markAllDirty(): void {
    for (const entry of watched.values()) entry.dirty = true;
    discover = true;
    schedule();
  }

  function watchTable(root: Element): void {
    if (watched.has(root)) return;
    const entry: { dirty: boolean; disconnect: () => void; pending?: PendingRows } = {
      dirty: true,
      disconnect: observe(root, { childList: true, subtree: true, characterData: true }, guard('table observer', () => {
        entry.dirty = true;
        schedule();
      }), lifecycle),
    };
    watched.set(root, entry);
  }

  // The body observer only looks for tables appearing or leaving; changes inside a watched table
  // are its own observer's business.
  const body = doc.body ?? doc.documentElement;
  const disconnectBody = observe(body, { childList: true, subtree: true }, guard('page observer', (records) => {
    for (const record of records) {
      const target = record.target as Element;
      const root = target.nodeType === Node.ELEMENT_NODE ? target.closest(TABLE_ROOT) : null;
      if (root && watched.has(root)) continue;
      discover = true;
      schedule();
      return;
    }
  }), lifecycle);

  function requestStoreDates(references: string[]): void {
    const source = options.dateSource;
    if (!source || references.length === 0) return;
    for (const reference of references) asked.add(storeKey(reference));
    source
      .datesFor(references)
      .then(guard('case store answer', (answer: Map<string, Partial<Record<FieldKey, string>>>) => {
        let learned = false;
        for (const reference of references) stored.set(storeKey(reference), null);
        for (const [reference, values] of answer) {
          if (Object.keys(values).length === 0) continue;
          stored.set(storeKey(reference), values);
          learned = true;
        }
        // After a change to the store, what it no longer knows must go too (all case data deleted).
        if ((learned || storeChanged) && !stopped) markAllDirty();
      }))
      .catch(() => undefined); // No store (yet) is not an error: the "?" badges stay.
  }

  /**
   * The table's case rows to draw, and its header cell: the one already there when it reflects the
   * visibility, else a new one that goes in with the rows' new cells (see PendingRows).
   */
  function prepareTable(table: CaseTable): PendingRows {
    const visible = settings.showCountdown;
    const flavour = table.flavour;
    const heads = Array.from(table.headerRow.children).filter((child) => child.classList.contains(OWN_HEAD_CLASS)) as HTMLElement[];
    for (const extra of heads.slice(1)) extra.remove();
    let head = heads[0];
    const stale = head && head.dataset.occVisible !== String(visible) ? head : undefined;
    if (!head || stale) {
      head = createHeaderCell(doc, flavour, {
        visible,
        onToggle: guard('countdown toggle', () => {
          settings = { ...settings, showCountdown: !settings.showCountdown };
          options.onToggle?.(settings.showCountdown);
          markAllDirty();
        }),
        onOptions: guard('options', () => options.onOptions?.()),
      });
      head.dataset.occVisible = String(visible);
      // Pinned over the page's header cells when the table scrolls: take their background. Read
      // in the next frame, when the page's styles are computed anyway, not forced now.
      const theirs = table.headerRow.firstElementChild;
      const ours = head;
      if (theirs && theirs !== stale) lifecycle.requestAnimationFrame(guard('header colour', () => (ours.style.backgroundColor = opaqueBackground(theirs))));
    }
    return { table, rows: readRows(table, READ_FIELDS), next: 0, inserts: [], head, stale };
  }

  /**
   * Draws the rows of `work` from where it stopped, until `deadline` (performance.now()); returns
   * how many rows were drawn. Rows whose inputs did not change are left alone.
   */
  function drawRows(work: PendingRows, today: IsoDate, deadline: number): number {
    const visible = settings.showCountdown;
    const missing: string[] = [];
    const stamp = `${today}|${settings.windowLengthDays}|${settings.warningDays}`;
    badgeModels.prepare(stamp);
    let drawn = 0;
    while (work.next < work.rows.length) {
      // Checked every few rows: a clock read per row would cost more than it saves.
      if (work.next % 32 === 0 && drawn > 0 && performance.now() > deadline) break;
      const row = work.rows[work.next]!;
      work.next += 1;
      if (!row.rowElement.isConnected) continue;
      let values: CaseValues = row.values;
      let filled: Set<FieldKey> | undefined;
      // Looked up once per row, and only when a column the table does not show is needed.
      let key: string | undefined;
      let fromStore: CaseValues | null | undefined;
      for (const field of DEADLINE_FIELDS) {
        if (values[field] !== undefined) continue;
        // A column the table does not show: the store may know the date.
        if (key === undefined) {
          key = storeKey(row.reference);
          fromStore = stored.get(key);
          // Until the store answers again after a change, its last answer is shown.
          if (!asked.has(key)) missing.push(row.reference);
        }
        const value = fromStore?.[field];
        if (value === undefined) continue;
        if (!filled) {
          filled = new Set();
          values = { ...values };
        }
        values[field] = value;
        filled.add(field);
      }
      // Each badge comes from what decides it: its kind, the texts it is counted from, whether a
      // date came from the store.
      const models: BadgeModel[] = [];
      // The rules run once per row, and only when one of its badges is not made yet (each rule reads its own fields).
      let deadlines: Deadline[] | undefined;
      if (visible) {
        for (const kind of DEADLINE_KINDS) {
          const { startField, doneField } = DEADLINE_RULES[kind];
          const start = values[startField];
          const done = doneField && values[doneField];
          const startFromStore = filled?.has(startField) === true;
          models.push(
            badgeModels.find(kind, start, done, startFromStore) ??
              badgeModels.make(kind, start, done, startFromStore, (deadlines ??= deadlinesFor(values, today, settings)).find((deadline) => deadline.kind === kind), settings),
          );
        }
      }
      const existing = existingCell(row);
      const before = existing && drawnFrom.get(existing);
      if (before && before.length === models.length && before.every((model, index) => model === models[index])) continue;
      // A new cell is filled before it goes into the row: one mutation, one layout change.
      const cell = existing ?? createCell(doc, work.table.flavour);
      drawnFrom.set(cell, models);
      if (existing || !visible) cell.classList.toggle('occ-off', !visible);
      if (visible) badgeModels.fill(cell, models);
      else cell.replaceChildren();
      if (!existing) work.inserts.push({ row: row.rowElement, cell });
      drawn += 1;
    }
    if (work.next >= work.rows.length) {
      const { headerRow } = work.table;
      work.stale?.remove();
      if (headerRow.isConnected && headerRow.lastElementChild !== work.head) headerRow.append(work.head);
      for (const { row, cell } of work.inserts) if (row.isConnected) row.append(cell);
      work.inserts.length = 0;
    }
    requestStoreDates([...new Set(missing)]);
    return drawn;
  }

  function runFrame(budgetMs: number = FRAME_BUDGET_MS): number {
    if (stopped) return 0;
    const deadline = performance.now() + budgetMs;
    // Whatever the page changed before this pass is seen first; what this pass writes is all ours.
    deliverPendingMutations();
    if (discover) {
      discover = false;
      for (const table of findCaseTables(doc)) watchTable(table.root);
    }
    const today = londonToday(now());
    if (today !== drawnDay) {
      // A new day: every badge counts again.
      drawnDay = today;
      for (const entry of watched.values()) entry.dirty = true;
    }
    let drawn = 0;
    for (const [root, entry] of watched) {
      if (!root.isConnected) {
        entry.disconnect();
        watched.delete(root);
        continue;
      }
      if (entry.dirty) {
        entry.dirty = false;
        entry.pending = undefined;
        const table = readCaseTable(root);
        if (!table) {
          // No longer a case table (its Case reference column was hidden): leave it as the page drew it.
          removeOwnNodes(root);
          continue;
        }
        ensureStyles(doc);
        entry.pending = prepareTable(table);
      }
      if (!entry.pending) continue;
      drawn += drawRows(entry.pending, today, deadline);
      // A long table is drawn over several frames, so no task of ours blocks the page for long.
      if (entry.pending.next < entry.pending.rows.length) schedule();
      else entry.pending = undefined;
    }
    discardOwnMutations();
    return drawn;
  }

  function status(): PageStatus {
    const counts: Record<DeadlineState | 'unknown', number> = { open: 0, 'due-soon': 0, closed: 0, done: 0, unknown: 0 };
    const tables: TableStatus[] = [];
    for (const table of findCaseTables(doc)) {
      tables.push({ flavour: table.flavour, rows: readRows(table).length, columns: [...table.columns.values()] });
      for (const [state, count] of Object.entries(countStates(table.root))) counts[state as DeadlineState] += count;
    }
    if (tables.length > 0) return { kind: 'annotated', tables, counts };
    const survey = surveyPage(doc);
    return { kind: survey.caseListHeadings.length > 0 ? 'not-recognised' : 'no-case-table', tables, counts, survey };
  }

  // Just after London midnight the background's daily alarm tells every portal tab (as a store change,
  // below), so the content script keeps no timer of its own (its size has a budget). Coming back to
  // the tab (after a sleep, say) the clock is looked at too.
  const checkDay = () => londonToday(now()) !== drawnDay && schedule();
  lifecycle.addEventListener(doc, 'visibilitychange', checkDay);
  for (const type of ['focus', 'pageshow']) lifecycle.addEventListener(doc.defaultView ?? doc, type, checkDay);

  // The store changed (an import, another portal tab): what it said is asked again. The background
  // tells at most once a second (caseStoreService), so a burst of writes is one question here.
  const unwatchStore = options.dateSource?.watch?.(() => {
    storeChanged = true;
    asked.clear();
    markAllDirty();
  });
  if (unwatchStore) lifecycle.onInvalidated(unwatchStore);

  lifecycle.onInvalidated(() => {
    stopped = true;
    // The extension was updated or removed: take our marks away rather than leave stale countdowns.
    try {
      for (const root of watched.keys()) removeOwnNodes(root);
      doc.getElementById('occ-style')?.remove();
    } catch {
      // The page may already be gone.
    }
  });

  schedule();
  return {
    annotateAll: () => {
      discover = true;
      for (const entry of watched.values()) entry.dirty = true;
      return runFrame(Number.POSITIVE_INFINITY);
    },
    setSettings: (next) => {
      settings = next;
      markAllDirty();
    },
    status,
    stop: () => {
      stopped = true;
      unwatchStore?.();
      disconnectBody();
      for (const entry of watched.values()) entry.disconnect();
      watched.clear();
    },
  };
}

/** Counts for tests and the popup: the states of every badge under `root`. */
export function countStates(root: ParentNode): Partial<Record<DeadlineState | 'unknown', number>> {
  const counts: Partial<Record<DeadlineState | 'unknown', number>> = {};
  for (const badge of Array.from(root.querySelectorAll<HTMLElement>('.occ-badge'))) {
    const state = badge.dataset.occState as DeadlineState | 'unknown';
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}
