/**
 * The case store's operations over IndexedDB (through `idb`). Every write is one transaction: a
 * batch is stored whole or not at all, so a full disk (QuotaExceededError) or any other failure
 * leaves what was stored before exactly as it was, and is reported rather than thrown.
 */
import { openDB } from 'idb';
import { caseKey, isExpired, mergeObservation, type CaseObservation, type StoredCase } from '../../lib/caseStore';
import type { FieldKey } from '../../lib/glossary';
import { CASE_DB_NAME, CASE_DB_VERSION, upgradeCaseDb, type CaseDb, type CaseRecord, type LastImport, type PortalCaseList } from './schema';

export type { CaseDb, CaseRecord, LastImport, PortalCaseList } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;

export function openCaseDb(name: string = CASE_DB_NAME): Promise<CaseDb> {
  return openDB(name, CASE_DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, transaction) => upgradeCaseDb(db, oldVersion, transaction),
    // Another tab still holds an older version open: it is asked to close (see `blocking`).
    blocking: (_current, _blocked, event) => (event.target as IDBDatabase | null)?.close(),
  });
}

export type WriteResult =
  | {
      readonly ok: true;
      readonly written: number;
      readonly changed: number;
      /** The caseKeys whose values changed: what the deadline list must fold in. */
      readonly changedKeys: readonly string[];
    }
  | { readonly ok: false; readonly reason: 'quota' | 'failed'; readonly message: string };

export const QUOTA_MESSAGE =
  'Your browser refused to store more case data (storage full). Nothing already stored was changed. Free space or lower the retention in the options.';

/** What a failed write tells the user. A full disk gets its own words: it is the one they can fix. */
export function describeWriteError(error: unknown): { reason: 'quota' | 'failed'; message: string } {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return {
      reason: 'quota',
      message: QUOTA_MESSAGE,
    };
  }
  return { reason: 'failed', message: `Your browser could not store this case data (${name || 'error'}: ${error instanceof Error ? error.message : String(error)}). Nothing already stored was changed.` };
}

function sameValues(before: CaseRecord | undefined, after: CaseRecord): boolean {
  if (!before) return false;
  const keys = Object.keys(after.fields) as FieldKey[];
  if (keys.length !== Object.keys(before.fields).length) return false;
  if (keys.some((key) => before.fields[key]?.value !== after.fields[key]!.value)) return false;
  return (before.knownEmpty ?? []).join() === (after.knownEmpty ?? []).join();
}

/** Folds one observation into a record, also remembering which of its fields it showed empty. */
export function foldObservation(stored: CaseRecord | undefined, observation: CaseObservation): CaseRecord {
  const merged = mergeObservation(stored, observation);
  const empty = new Set(stored?.knownEmpty ?? []);
  for (const [key, value] of Object.entries(observation.values) as [FieldKey, string | undefined][]) {
    if ((value ?? '').trim() === '' && !merged.fields[key]) empty.add(key);
  }
  for (const key of Object.keys(merged.fields) as FieldKey[]) empty.delete(key);
  return empty.size ? { ...merged, knownEmpty: [...empty].sort() } : merged;
}

/**
 * Stores a batch of observations, each folded field by field into what is already known
 * (lib/caseStore). One transaction for the whole batch.
 */
export async function putObservations(db: CaseDb, observations: readonly CaseObservation[]): Promise<WriteResult> {
  const byKey = new Map<string, CaseObservation[]>();
  for (const observation of observations) {
    const key = caseKey(observation.reference);
    if (key === '') continue;
    const list = byKey.get(key);
    if (list) list.push(observation);
    else byKey.set(key, [observation]);
  }
  // In key order: the store's own order, so the reads walk it front to back.
  const keys = [...byKey.keys()].sort();
  const tx = db.transaction('cases', 'readwrite');
  const done = tx.done.catch((error: unknown) => error);
  try {
    const stored = await Promise.all(keys.map((key) => tx.store.get(key)));
    const changedKeys: string[] = [];
    const writes: Promise<unknown>[] = [];
    keys.forEach((key, index) => {
      const before = stored[index];
      // Within one batch, fold oldest first so the rule sees them in time order.
      const next = byKey.get(key)!.sort((a, b) => a.seenAt - b.seenAt).reduce<CaseRecord | undefined>(foldObservation, before)!;
      if (!sameValues(before, next)) changedKeys.push(key);
      // A failed request aborts the transaction; `done` reports it, so the request's own
      // rejection is only noted here (otherwise it would surface as an unhandled rejection).
      writes.push(tx.store.put(next).catch(() => undefined));
    });
    await Promise.all(writes);
    const failure = await done;
    if (failure) return { ok: false, ...describeWriteError(failure) };
    return { ok: true, written: keys.length, changed: changedKeys.length, changedKeys };
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by IndexedDB itself: nothing of the batch was kept.
    }
    await done;
    return { ok: false, ...describeWriteError(tx.error ?? error) };
  }
}

/** The stored cases for these references (missing ones are left out), by caseKey. */
export async function getCases(db: CaseDb, references: readonly string[]): Promise<Map<string, CaseRecord>> {
  const keys = [...new Set(references.map(caseKey).filter((key) => key !== ''))];
  const tx = db.transaction('cases');
  const found = await Promise.all(keys.map((key) => tx.store.get(key)));
  await tx.done;
  const result = new Map<string, CaseRecord>();
  found.forEach((record, index) => record && result.set(keys[index]!, record));
  return result;
}

/** Every stored case, in one read (the fastest way IndexedDB has to hand over 200,000 records). */
export function allCases(db: CaseDb): Promise<CaseRecord[]> {
  return db.getAll('cases');
}

/** Visits every stored case with a cursor, for callers that must not hold them all at once. */
export async function forEachCase(db: CaseDb, visit: (record: CaseRecord) => void): Promise<void> {
  let cursor = await db.transaction('cases').store.openCursor();
  while (cursor) {
    visit(cursor.value);
    cursor = await cursor.continue();
  }
}

export function countCases(db: CaseDb): Promise<number> {
  return db.count('cases');
}

/**
 * Deletes every case not seen for more than `retentionDays` (the same rule as lib/caseStore's
 * isExpired), reading only the expired part of the `lastSeen` index. Returns how many went.
 */
export async function sweepExpired(db: CaseDb, now: number, retentionDays: number): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  const tx = db.transaction('cases', 'readwrite');
  let removed = 0;
  let cursor = await tx.store.index('lastSeen').openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    if (isExpired(cursor.value as StoredCase, now, retentionDays)) {
      await cursor.delete();
      removed += 1;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

/** Deletes every case and what the store knows about its imports. */
export async function deleteAllCaseData(db: CaseDb): Promise<void> {
  const tx = db.transaction(['cases', 'meta'], 'readwrite');
  await Promise.all([tx.objectStore('cases').clear(), tx.objectStore('meta').clear(), tx.done]);
}

export async function recordImport(db: CaseDb, lastImport: LastImport): Promise<void> {
  await db.put('meta', lastImport, 'lastImport');
}

export async function lastImport(db: CaseDb): Promise<LastImport | undefined> {
  return (await db.get('meta', 'lastImport')) as LastImport | undefined;
}

export async function recordPortalCaseList(db: CaseDb, caseList: PortalCaseList): Promise<void> {
  await db.put('meta', caseList, 'portalCaseList');
}

export async function portalCaseList(db: CaseDb): Promise<PortalCaseList | undefined> {
  return (await db.get('meta', 'portalCaseList')) as PortalCaseList | undefined;
}

/**
 * A record's values as the deadline rules read them: known values, and '' for a field a source
 * showed empty (an export with no Closure date means "not closed", not "unknown").
 */
export function recordValues(record: CaseRecord): Partial<Record<FieldKey, string>> {
  const values: Partial<Record<FieldKey, string>> = { caseReference: record.reference };
  for (const key of record.knownEmpty ?? []) values[key] = '';
  for (const key in record.fields) values[key as FieldKey] = record.fields[key as FieldKey]!.value;
  return values;
}

// A field's value as the deadline rules read it: known, '' when a source showed it empty, else absent.
function deadlineValue(record: CaseRecord, key: FieldKey): string | undefined {
  const known = record.fields[key];
  if (known) return known.value;
  return record.knownEmpty !== undefined && record.knownEmpty.includes(key) ? '' : undefined;
}

/**
 * recordValues narrowed to what the deadline list reads (the rules' dates and what the dashboard
 * filters by), built as one object literal: with 200,000 cases, copying all 28 fields of each
 * costs more than counting every deadline.
 */
export function deadlineListValues(record: CaseRecord): Partial<Record<FieldKey, string>> {
  return fillDeadlineListValues(record, {});
}

/** deadlineListValues written into `values` (every key set, so the object keeps one shape). */
export function fillDeadlineListValues(record: CaseRecord, values: Partial<Record<FieldKey, string>>): Partial<Record<FieldKey, string>> {
  const fields = record.fields;
  values.caseReference = record.reference;
  values.dateMovedToInvestigation = deadlineValue(record, 'dateMovedToInvestigation');
  values.closureDate = deadlineValue(record, 'closureDate');
  values.businessFileRequiredByDate = deadlineValue(record, 'businessFileRequiredByDate');
  values.businessFileReceivedDate = deadlineValue(record, 'businessFileReceivedDate');
  values.yourCaseOwner = fields.yourCaseOwner?.value;
  values.caseStage = fields.caseStage?.value;
  values.productType = fields.productType?.value;
  return values;
}

/**
 * deadlineListValues for every record, as ONE object refilled for each record in turn: the
 * deadline list reads each case's values once and keeps none of them, so 200,000 cases need no
 * 200,000 objects. Do not hold on to what it yields.
 */
export function* eachDeadlineListValues(records: Iterable<CaseRecord>): Generator<Partial<Record<FieldKey, string>>> {
  const values: Partial<Record<FieldKey, string>> = {};
  for (const record of records) yield fillDeadlineListValues(record, values);
}
