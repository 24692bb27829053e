/**
 * The features of the portal page, in the order they start. Each takes the content script's
 * context; everything it hangs on the page dies with it. Each start is guarded: one feature's
 * failure never stops another, nor the portal's own scripts.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { guard } from '../../components/page/guard';
import { startCountdownFeature } from './countdowns';
import { startSelectionFeature } from '../../components/selection-toolbar';
import { startCaseObserver } from '../../components/page-observer';
import { startChallengeFeature } from '../../components/challenge';
import { answerContentPing } from '../../components/page/contentPing';

type Feature = (ctx: ContentScriptContext) => unknown;

const FEATURES: readonly (readonly [name: string, start: Feature])[] = [
  // First: after an update the background injects this script only where nothing answers.
  ['content ping', answerContentPing],
  ['countdowns', startCountdownFeature],
  ['selection toolbar', startSelectionFeature],
  ['case store observer', startCaseObserver],
  ['challenge drafts and glossary help', startChallengeFeature],
];

/**
 * Once the extension is reloaded or updated, the old context is invalidated and its cleanups run; by
 * then `browser.storage` and `browser.runtime` throw "Extension context invalidated", and an exception
 * from a cleanup surfaces as an uncaught error in the portal's console (tests/e2e/trust-reload.e2e.ts).
 * Every cleanup registered on the context therefore runs in a try/catch: the listeners it would remove
 * are gone with the context anyway.
 */
export function withSafeCleanups(ctx: ContentScriptContext): ContentScriptContext {
  const register = ctx.onInvalidated.bind(ctx);
  ctx.onInvalidated = (cleanup: () => void) =>
    register(() => {
      try {
        cleanup();
      } catch {
        // The extension's APIs are gone with the context: nothing is left to clean.
      }
    });
  return ctx;
}

export function startPortalFeatures(ctx: ContentScriptContext): void {
  const safe = withSafeCleanups(ctx);
  for (const [name, start] of FEATURES) guard(`${name} start`, start)(safe);
}
