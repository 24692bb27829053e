/**
 * The content script's view of the local case store, asked by message (the store lives in the
 * extension's own origin, never in the portal's). Until the store holds anything the answers are
 * empty, and rows without date columns show "?".
 */
import { browser } from 'wxt/browser';
import type { CaseValues } from '../../lib/deadlines';
import type { CaseDatesRequest, CaseDatesResponse } from '../background/messages';
import { caseStoreRevisionItem } from '../caseStoreRevision';
import type { CaseDateSource } from './annotate';

/** What the store knows of each reference asked for: the deadline fields, or every field. */
export async function storedCaseValues(references: readonly string[], fields: 'deadline' | 'all' = 'deadline'): Promise<Map<string, CaseValues>> {
  const request: CaseDatesRequest = { type: 'occ:case-dates', references: [...references], fields };
  const answer = (await browser.runtime.sendMessage(request)) as CaseDatesResponse | undefined;
  return new Map(Object.entries(answer?.dates ?? {}));
}

export const caseDatesByMessage: CaseDateSource = {
  datesFor: (references) => storedCaseValues(references),
  watch: (onChange) => caseStoreRevisionItem.watch(onChange),
};
