/**
 * The content script's answer to the background's "are you there?" (components/background/
 * contentScriptHandover.ts): after an install or update the background injects the content script
 * only into portal tabs where no live instance answers, so none runs twice.
 */
import { browser } from 'wxt/browser';
import { isMessage, type ContentPingRequest } from './messages';
import type { Lifecycle } from './observer';

export function answerContentPing(lifecycle: Lifecycle): void {
  const onMessage = (message: unknown): Promise<true> | undefined => (isMessage<ContentPingRequest>(message, 'occ:content-ping') ? Promise.resolve(true) : undefined);
  browser.runtime.onMessage.addListener(onMessage);
  lifecycle.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
