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

type Feature = (ctx: ContentScriptContext) => unknown;

const FEATURES: readonly (readonly [name: string, start: Feature])[] = [
  ['countdowns', startCountdownFeature],
  ['selection toolbar', startSelectionFeature],
  ['case store observer', startCaseObserver],
  ['challenge drafts and glossary help', startChallengeFeature],
];

export function startPortalFeatures(ctx: ContentScriptContext): void {
  for (const [name, start] of FEATURES) guard(`${name} start`, start)(ctx);
}
