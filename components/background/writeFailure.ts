/**
 * The last write the case store could not make (a full disk, mostly), kept in WXT storage so the
 * popup can tell the user even when the write came from browsing the portal, where nothing of ours
 * may interrupt the page. Cleared by the next write that succeeds.
 */
import { storage } from 'wxt/utils/storage';

export interface StoreWriteFailure {
  /** When the write failed (ms since the epoch). */
  readonly at: number;
  readonly reason: 'quota' | 'failed';
  /** What the user is told (components/case-db describeWriteError). */
  readonly message: string;
  /** What was being stored: "import of merged.csv", "portal page View case list". */
  readonly source: string;
}

export const storeWriteFailureItem = storage.defineItem<StoreWriteFailure | null>('local:caseStoreWriteFailure', {
  fallback: null,
  version: 1,
});
