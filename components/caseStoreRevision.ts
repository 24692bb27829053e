/**
 * A number the background bumps after every write that changes the case store's cases (an import,
 * a page's observation, a sweep, "delete all"). Open portal tabs watch it (storage.onChanged reaches
 * content scripts, with no extra permission) and ask the store again about the cases they show.
 */
import { storage } from 'wxt/utils/storage';

export const caseStoreRevisionItem = storage.defineItem<number>('local:caseStoreRevision', {
  fallback: 0,
  version: 1,
});

/** Calls `onChange` whenever the store's cases change; returns the unwatch function. */
export function watchCaseStore(onChange: () => void): () => void {
  return caseStoreRevisionItem.watch(onChange);
}
