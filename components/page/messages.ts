/**
 * Messages between the content script, the popup and the background for the countdowns. The case
 * store's own messages (occ:case-dates and the rest) are typed in components/background/messages.ts.
 */
import type { PageStatus } from './annotate';

/** Popup -> content script (browser.tabs.sendMessage): what did you find on this page? */
export interface PageStatusRequest {
  readonly type: 'occ:page-status';
}
export interface PageStatusResponse extends PageStatus {
  /** A short text to copy into a bug report when the case table was not recognised. */
  readonly diagnostic?: string;
  readonly url: string;
}

/**
 * Background -> content script (browser.tabs.sendMessage): is a content script of this extension
 * instance alive in the tab? Only a live one answers (true); after an update the old one cannot.
 */
export interface ContentPingRequest {
  readonly type: 'occ:content-ping';
}

/** Content script -> background: open the options page (a page cannot link to it directly). */
export interface OpenOptionsRequest {
  readonly type: 'occ:open-options';
}

export function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
