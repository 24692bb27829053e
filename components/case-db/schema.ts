/**
 * The case store's IndexedDB layout, in the extension's own origin (background and extension
 * pages; the content script reaches it only through messages). Each version's changes are applied
 * in order by `upgradeCaseDb`, so a store made by any earlier release opens without losing a case.
 *
 *   v1  `cases`: one record per case, keyed by its caseKey (the first layout).
 *   v2  `cases` gains the `lastSeen` index (retention sweeps read only what expires) and a `meta`
 *       store for facts about the store itself (the last import).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { StoredCase } from '../../lib/caseStore';
import type { FieldKey } from '../../lib/glossary';

export const CASE_DB_NAME = 'occ-case-store';
export const CASE_DB_VERSION = 2;

/**
 * A stored case as kept on disk: the case store's record plus the fields a source showed as empty
 * (an export's column with no value). The rules never let an empty cell erase a value; this only
 * lets the deadline rules tell "no closure date yet" from "closure date never seen".
 */
export interface CaseRecord extends StoredCase {
  readonly knownEmpty?: readonly FieldKey[];
}

export interface LastImport {
  /** When the import was stored (ms since the epoch). */
  readonly at: number;
  /** The files or pages it came from. */
  readonly names: readonly string[];
  readonly rows: number;
}

/** The portal's case list page as the content script last saw it: where reference links go. */
export interface PortalCaseList {
  readonly url: string;
  readonly at: number;
}

export interface MetaRecords {
  lastImport: LastImport;
  portalCaseList: PortalCaseList;
}

export interface CaseDbSchema extends DBSchema {
  cases: { key: string; value: CaseRecord; indexes: { lastSeen: number } };
  meta: { key: keyof MetaRecords; value: MetaRecords[keyof MetaRecords] };
}

export type CaseDb = IDBPDatabase<CaseDbSchema>;

/** Brings a store of any earlier version up to CASE_DB_VERSION, one step at a time. */
export function upgradeCaseDb(
  db: CaseDb,
  oldVersion: number,
  transaction: IDBPTransaction<CaseDbSchema, StoreNames<CaseDbSchema>[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    db.createObjectStore('cases', { keyPath: 'key' });
  }
  if (oldVersion < 2) {
    // Building an index over existing records is done by IndexedDB itself, inside this transaction.
    transaction.objectStore('cases').createIndex('lastSeen', 'lastSeen');
    db.createObjectStore('meta');
  }
}
