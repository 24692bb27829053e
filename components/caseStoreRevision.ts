/**
 * A number the background bumps after every write that changes the case store's cases (an import,
 * a page's observation, a sweep, "delete all"). Open portal tabs watch it (storage.onChanged reaches
 * content scripts, with no extra permission) and ask the store again about the cases they show.
 */
import { storage } from 'wxt/utils/storage';

// No `version`: a number with no shape to migrate, and the content script's size has a budget.
export const caseStoreRevisionItem = storage.defineItem<number>('local:caseStoreRevision', { fallback: 0 });
