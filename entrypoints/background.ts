import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CaseDatesResponse } from '../components/background/messages';

export default defineBackground(() => {
  // Minimal for the countdowns (issue 3): the case store (issue 6) will answer occ:case-dates with
  // the dates it knows; until then the answer is empty and rows without date columns show "?".
  browser.runtime.onMessage.addListener((message: unknown) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'occ:case-dates') return Promise.resolve({ dates: {} } satisfies CaseDatesResponse);
    // The countdown column's header links here: a web page may not open an extension page itself.
    if (type === 'occ:open-options') return browser.runtime.openOptionsPage().then(() => ({ ok: true }));
    return undefined;
  });
});
