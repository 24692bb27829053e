/**
 * The background's case store service: answers the store messages, keeps the deadline figures
 * (popup summary, toolbar badge) up to date, sweeps old cases and sends the daily reminder. Every
 * dependency is a parameter, so tests pass a fake browser and an in-memory database.
 */
import type { WxtBrowser as Browser } from 'wxt/browser';
import { DEFAULT_RETENTION_DAYS, type CaseObservation } from '../../lib/caseStore';
import type { DataSettings } from '../../lib/dataSettings';
import { today as londonToday } from '../../lib/dates';
import { DEADLINE_FIELDS, DEADLINE_RULES, type CaseValues } from '../../lib/deadlines';
import { buildDeadlineList, closingTodayOrTomorrow, foldChangedCases, shouldRebuildFully, summarise, type DeadlineEntry } from '../../lib/deadlineList';
import type { DeadlineSettings } from '../../lib/settings';
import type { IsoDate } from '../../lib/dates';
import {
  allCases,
  countCases,
  deleteAllCaseData,
  describeWriteError,
  getCases,
  lastImport,
  putObservations,
  recordImport,
  recordPortalCaseList,
  recordValues,
  deadlineListValues,
  eachDeadlineListValues,
  sweepExpired,
  type CaseDb,
  type WriteResult,
} from '../case-db';
import { caseKey } from '../../lib/caseStore';
import { caseStoreRevisionItem } from '../caseStoreRevision';
import type { CaseDatesResponse, StoreRequest, WriteResponse } from './messages';
import { deadlineSummaryItem, type StoredSummary } from './summary';
import { storeWriteFailureItem } from './writeFailure';

export interface CaseStoreServiceOptions {
  readonly browser: Browser;
  readonly db: () => Promise<CaseDb>;
  readonly deadlineSettings: () => Promise<DeadlineSettings>;
  readonly dataSettings: () => Promise<DataSettings>;
  readonly now?: () => Date;
  /** Deletes the case data kept outside the store (collected exports) with "delete all case data". */
  readonly onDeleteAll?: () => Promise<void>;
}

export interface CaseStoreService {
  handle(message: StoreRequest): Promise<unknown>;
  /**
   * Brings the deadline list up to date (folding in the cases changed since, or rebuilding it from
   * every stored case when the day or the settings changed); writes the summary and the badge.
   */
  refresh(): Promise<StoredSummary>;
  /** Deletes cases past the retention period, then refreshes when any went. */
  sweep(): Promise<number>;
  /** Sends the reminder notification when it is on and anything closes today or tomorrow. */
  remind(): Promise<boolean>;
  /**
   * A new day in London (the daily alarm): open portal tabs are told as for a change to the store,
   * and count their badges again; the content script keeps no midnight timer of its own.
   */
  newDay(): void;
  /** Cancels the timers still pending (a telling of open tabs, a late refresh): for tests, whose services come and go. */
  dispose(): void;
}

/** The badge: how many deadlines are due within the threshold, closing-today included. */
export function badgeText(dueSoon: number): string {
  if (dueSoon <= 0) return '';
  return dueSoon > 999 ? '999+' : String(dueSoon);
}

function observationsOf(rows: readonly CaseValues[], source: CaseObservation['source'], seenAt: number): CaseObservation[] {
  const observations: CaseObservation[] = [];
  for (const row of rows) {
    const reference = row.caseReference?.trim();
    if (!reference) continue;
    const { caseReference: _reference, ...values } = row;
    observations.push({ reference, values, source, seenAt });
  }
  return observations;
}

function writeResponse(result: WriteResult): WriteResponse {
  return result.ok ? { ok: true, written: result.written, changed: result.changed } : result;
}

/** The deadline list the background keeps between changes, and what it was built for. */
interface KeptList {
  readonly list: DeadlineEntry[];
  readonly day: IsoDate;
  readonly windowLengthDays: number;
  readonly warningDays: number;
  readonly cases: number;
}

// An import's batches come a few seconds apart; if the last never comes (the tab was closed), the
// figures catch up this long after the last batch.
const LATE_REFRESH_MS = 15_000;
/** How long the background gathers changes to the store before telling open portal tabs. */
export const REVISION_SETTLE_MS = 1000;

export function createCaseStoreService(options: CaseStoreServiceOptions): CaseStoreService {
  const { browser } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<StoredSummary> | undefined;
  let queued: Promise<StoredSummary> | undefined;
  // The list as last computed, and the cases written since (by caseKey).
  // Without a kept list (a fresh service worker, after a sweep or a deletion) the next refresh
  // rebuilds from every stored case.
  let kept: KeptList | undefined;
  const changedSince = new Set<string>();
  let lateRefresh: ReturnType<typeof setTimeout> | undefined;

  // Counts forgetList calls, so an update that was under way then does not keep what it made.
  let generation = 0;

  // Open portal tabs ask the store again when its revision changes (components/caseStoreRevision.ts).
  // Changes within REVISION_SETTLE_MS are told once: several tabs' pages, a sweep, an import's end.
  // (The debounce is here, not in the content script, whose size has a budget.)
  let telling: Promise<void> | undefined;
  let tellTimer: ReturnType<typeof setTimeout> | undefined;
  // An import's batches changed cases that the tabs have not been told of yet: told once, at its end.
  let importUntold = false;
  function casesChanged(): void {
    importUntold = false;
    telling ??= new Promise((resolve) => (tellTimer = setTimeout(resolve, REVISION_SETTLE_MS)))
      .then(async () => {
        telling = undefined;
        await caseStoreRevisionItem.setValue((await caseStoreRevisionItem.getValue()) + 1);
      })
      .catch(() => undefined);
  }

  /** The next refresh reads every case: cases went away, or something else changed wholesale. */
  function forgetList(): void {
    kept = undefined;
    generation += 1;
  }

  async function updateList(db: CaseDb, day: IsoDate, settings: DeadlineSettings): Promise<KeptList> {
    const keys = [...changedSince];
    changedSince.clear();
    const base = kept;
    if (base && base.day === day && base.windowLengthDays === settings.windowLengthDays && base.warningDays === settings.warningDays && !shouldRebuildFully(keys.length, base.cases)) {
      const [found, cases] = await Promise.all([getCases(db, keys), countCases(db)]);
      const changed = new Map<string, CaseValues | undefined>();
      for (const key of keys) {
        const record = found.get(key);
        changed.set(key, record && deadlineListValues(record));
      }
      return { ...base, list: foldChangedCases(base.list, changed, day, settings), cases };
    }
    const records = await allCases(db);
    const list = buildDeadlineList(eachDeadlineListValues(records), day, settings);
    return { list, day, windowLengthDays: settings.windowLengthDays, warningDays: settings.warningDays, cases: records.length };
  }

  async function rebuild(): Promise<StoredSummary> {
    const db = await options.db();
    const [settings, imported] = await Promise.all([options.deadlineSettings(), lastImport(db)]);
    const day = londonToday(now());
    const started = generation;
    let updated: KeptList;
    try {
      updated = await updateList(db, day, settings);
    } catch (error) {
      forgetList();
      throw error;
    }
    kept = started === generation ? updated : undefined;
    const { list, cases } = updated;
    const summary: StoredSummary = {
      ...summarise(list, day, cases),
      computedAt: now().getTime(),
      warningDays: settings.warningDays,
      ...(imported ? { lastImport: imported } : {}),
    };
    await deadlineSummaryItem.setValue(summary);
    await browser.action.setBadgeText({ text: badgeText(summary.dueSoon) });
    await browser.action.setBadgeBackgroundColor?.({ color: '#b3261e' });
    return summary;
  }

  // One update at a time. A call while one runs (which may have read the store before the change
  // that prompted the call) gets the one that follows it, shared by every caller meanwhile.
  function refresh(): Promise<StoredSummary> {
    if (!running) {
      const run: Promise<StoredSummary> = rebuild().finally(() => {
        if (running === run) running = undefined;
      });
      running = run;
      return run;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return refresh();
      });
    return queued;
  }

  async function caseDates(references: readonly string[], fields: 'deadline' | 'all'): Promise<CaseDatesResponse> {
    const found = await getCases(await options.db(), references);
    const dates: Record<string, CaseValues> = {};
    for (const reference of references) {
      const record = found.get(caseKey(reference));
      if (!record) continue;
      const values = recordValues(record);
      if (fields === 'all') {
        dates[reference] = values;
        continue;
      }
      const known: CaseValues = {};
      for (const field of DEADLINE_FIELDS) if (values[field] !== undefined) known[field] = values[field];
      dates[reference] = known;
    }
    return { dates };
  }

  // A failed write is remembered for the popup (the portal page must not be interrupted); the
  // next write that succeeds clears it.
  // Only this service writes the failure, so after one look at storage it knows whether one is
  // kept: a page's observation, which succeeds again and again, costs no storage read.
  let failureKept: boolean | undefined;
  async function noteWrite(result: WriteResult, source: string): Promise<void> {
    if (!result.ok) {
      await storeWriteFailureItem.setValue({ at: now().getTime(), reason: result.reason, message: result.message, source });
      failureKept = true;
      return;
    }
    if (failureKept === false) return;
    if (failureKept === true || (await storeWriteFailureItem.getValue())) await storeWriteFailureItem.removeValue();
    failureKept = false;
  }

  /**
   * Stores observations and notes which cases changed. `refreshNow` false (an import's batches
   * before its last): the list is brought up to date once, after the last batch.
   */
  async function store(observations: CaseObservation[], source: string, refreshNow = true): Promise<WriteResult> {
    const result = await putObservations(await options.db(), observations);
    await noteWrite(result, source).catch(() => undefined);
    if (!result.ok) return result;
    for (const key of result.changedKeys) changedSince.add(key);
    if (result.changed > 0) {
      cancelLateRefresh();
      if (refreshNow) {
        void refresh();
        casesChanged();
      } else {
        importUntold = true;
        lateRefresh = setTimeout(() => {
          void refresh().catch(() => undefined);
          casesChanged();
        }, LATE_REFRESH_MS);
      }
    }
    return result;
  }

  function cancelLateRefresh(): void {
    if (lateRefresh !== undefined) clearTimeout(lateRefresh);
    lateRefresh = undefined;
  }

  /** A write of the store's own notes (last import, case-list address): failures reported, not thrown. */
  async function writeMeta(write: (db: CaseDb) => Promise<void>, source: string): Promise<WriteResult> {
    try {
      await write(await options.db());
      return { ok: true, written: 0, changed: 0, changedKeys: [] };
    } catch (error) {
      const result: WriteResult = { ok: false, ...describeWriteError(error) };
      await noteWrite(result, source).catch(() => undefined);
      return result;
    }
  }

  async function sweep(): Promise<number> {
    const { retentionDays } = await options.dataSettings();
    const removed = await sweepExpired(await options.db(), now().getTime(), retentionDays ?? DEFAULT_RETENTION_DAYS);
    if (removed > 0) {
      forgetList();
      casesChanged();
    }
    await refresh();
    return removed;
  }

  /** The deadline list as it stands now. */
  async function currentList(): Promise<DeadlineEntry[]> {
    const settings = await options.deadlineSettings();
    const fresh = kept && changedSince.size === 0 && kept.day === londonToday(now()) && kept.windowLengthDays === settings.windowLengthDays && kept.warningDays === settings.warningDays;
    if (!fresh) await refresh();
    return kept?.list ?? [];
  }

  async function remind(): Promise<boolean> {
    const settings = await options.dataSettings();
    if (!settings.reminderEnabled) return false;
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return false;
    const list = await currentList();
    const closing = closingTodayOrTomorrow(list);
    if (closing.length === 0) return false;
    await browser.notifications.create('occ-reminder', {
      type: 'basic',
      iconUrl: notificationIcon(browser),
      title: `${closing.length} challenge ${closing.length === 1 ? 'window closes' : 'windows close'} today or tomorrow`,
      message: reminderMessage(closing),
    });
    return true;
  }

  async function handle(message: StoreRequest): Promise<unknown> {
    switch (message.type) {
      case 'occ:case-dates':
        return caseDates(message.references, message.fields ?? 'deadline');
      case 'occ:observe':
        if (message.url && /^https?:\/\/[^/]+\//.test(message.url) && /case/i.test(message.page)) {
          const url = message.url.replace(/[?#].*$/, '');
          await writeMeta((db) => recordPortalCaseList(db, { url, at: now().getTime() }), `portal page ${message.page}`);
        }
        return writeResponse(await store(observationsOf(message.rows, { kind: 'page', name: message.page }, now().getTime()), `portal page ${message.page}`));
      case 'occ:import': {
        const at = now().getTime();
        const source = `import of ${message.name}`;
        const result = await store(observationsOf(message.rows, { kind: 'export', name: message.name }, message.exportedAt ?? at), source, false);
        if (result.ok && message.final) {
          const noted = await writeMeta((db) => recordImport(db, { at, names: message.names ?? [message.name], rows: message.totalRows ?? message.rows.length }), source);
          cancelLateRefresh();
          if (importUntold) casesChanged();
          // Answered once the figures count the import: "Added N cases to your deadlines" in the
          // workbench is then true of the popup and the badge too.
          await refresh().catch(() => undefined);
          if (!noted.ok) return writeResponse(noted);
        }
        return writeResponse(result);
      }
      case 'occ:summary': {
        const stored = await deadlineSummaryItem.getValue();
        const fresh = stored && stored.today === londonToday(now()) && stored.warningDays === (await options.deadlineSettings()).warningDays;
        return fresh ? stored : refresh();
      }
      case 'occ:delete-all':
        // Answered once everything is gone: a failure of either reaches the options page.
        await Promise.all([options.db().then(deleteAllCaseData), options.onDeleteAll?.()]);
        forgetList();
        casesChanged();
        return refresh();
      case 'occ:settings-changed':
        return refresh();
    }
  }

  function dispose(): void {
    clearTimeout(tellTimer);
    clearTimeout(lateRefresh);
  }

  return { handle, refresh, sweep, remind, newDay: casesChanged, dispose };
}

// A plain blue square, used while the extension ships no icon of its own (notifications need one).
const FALLBACK_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mOQ9eukKWIYtWDUglELRi0YtWDUglELRi0YtWDUglELhooFALbE0C4scQBfAAAAAElFTkSuQmCC';

function notificationIcon(browser: Browser): string {
  const icons = browser.runtime.getManifest().icons;
  const path = icons?.['128'] ?? icons?.['48'];
  return path ? (browser.runtime.getURL as (path: string) => string)(`/${path.replace(/^\//, '')}`) : FALLBACK_ICON;
}

/** The reminder's lines: "PNX-4302137-CSP5 — Challenge set-up closes today (Alice)". */
export function reminderMessage(entries: readonly DeadlineEntry[], max = 6): string {
  const lines = entries.slice(0, max).map((entry) => {
    const when = entry.daysLeft === 0 ? 'closes today' : 'closes tomorrow';
    return `${entry.reference} — ${DEADLINE_RULES[entry.kind].label} ${when}${entry.owner ? ` (${entry.owner})` : ''}`;
  });
  if (entries.length > max) lines.push(`and ${entries.length - max} more`);
  return lines.join('\n');
}
