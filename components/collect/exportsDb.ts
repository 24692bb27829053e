/**
 * Collected portal exports, kept in their own small IndexedDB database in the extension's origin
 * (the background writes, the workbench reads and removes). Not a store of `occ-case-store`: these
 * are whole files kept until the user removes them, not cases under the retention rule, and a
 * database of their own never makes the case store change version (which would close every open
 * workbench's connection to it).
 *
 *   v1  `exports`: what the workbench lists (name, size, when, where from), auto-numbered;
 *       `contents`: the file's bytes under the same key, read only when the file is merged.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const COLLECTED_DB_NAME = 'occ-collected-exports';
export const COLLECTED_DB_VERSION = 1;

export interface CollectedExport {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  /** When it was collected (ms since the epoch). */
  readonly collectedAt: number;
  /** The portal address it was fetched from. */
  readonly sourceUrl: string;
  /** The Content-Type the portal sent. */
  readonly type: string;
}

interface CollectedSchema extends DBSchema {
  exports: { key: number; value: CollectedExport; indexes: { collectedAt: number } };
  contents: { key: number; value: ArrayBuffer };
}

export type CollectedDb = IDBPDatabase<CollectedSchema>;

export function openCollectedDb(name: string = COLLECTED_DB_NAME): Promise<CollectedDb> {
  return openDB<CollectedSchema>(name, COLLECTED_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('exports', { keyPath: 'id', autoIncrement: true }).createIndex('collectedAt', 'collectedAt');
        db.createObjectStore('contents');
      }
    },
    blocking: (_current, _blocked, event) => (event.target as IDBDatabase | null)?.close(),
  });
}

/** Stores a file and its facts in one transaction; returns its record. */
export async function putCollected(db: CollectedDb, file: Omit<CollectedExport, 'id' | 'size'> & { readonly bytes: ArrayBuffer }): Promise<CollectedExport> {
  const { bytes, ...facts } = file;
  const tx = db.transaction(['exports', 'contents'], 'readwrite');
  // The store numbers the record itself (keyPath + autoIncrement writes `id` into it).
  const id = await tx.objectStore('exports').add({ ...facts, size: bytes.byteLength } as CollectedExport);
  await tx.objectStore('contents').put(bytes, id);
  await tx.done;
  return { ...facts, id, size: bytes.byteLength };
}

/** The collected files' facts (no bytes), oldest first. */
export function listCollected(db: CollectedDb): Promise<CollectedExport[]> {
  return db.getAllFromIndex('exports', 'collectedAt');
}

/** A collected export as a File the merge reads like a dropped one; undefined when it is gone. */
export async function collectedFile(db: CollectedDb, id: number): Promise<File | undefined> {
  const tx = db.transaction(['exports', 'contents']);
  const [facts, bytes] = await Promise.all([tx.objectStore('exports').get(id), tx.objectStore('contents').get(id)]);
  await tx.done;
  if (!facts || !bytes) return undefined;
  return new File([bytes], facts.name, { type: facts.type, lastModified: facts.collectedAt });
}

export async function removeCollected(db: CollectedDb, id: number): Promise<void> {
  const tx = db.transaction(['exports', 'contents'], 'readwrite');
  await Promise.all([tx.objectStore('exports').delete(id), tx.objectStore('contents').delete(id), tx.done]);
}

export async function removeAllCollected(db: CollectedDb): Promise<void> {
  const tx = db.transaction(['exports', 'contents'], 'readwrite');
  await Promise.all([tx.objectStore('exports').clear(), tx.objectStore('contents').clear(), tx.done]);
}
