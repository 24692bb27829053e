/**
 * The content script's CaseDateSource: asks the background's case store by message. Until the store
 * holds anything (issue 6), the answer is empty and rows without date columns show "?".
 */
import { browser } from 'wxt/browser';
import type { CaseDatesRequest, CaseDatesResponse } from '../background/messages';
import type { CaseDateSource } from './annotate';

export const caseDatesByMessage: CaseDateSource = {
  async datesFor(references) {
    const request: CaseDatesRequest = { type: 'occ:case-dates', references };
    const answer = (await browser.runtime.sendMessage(request)) as CaseDatesResponse | undefined;
    return new Map(Object.entries(answer?.dates ?? {}));
  },
};
