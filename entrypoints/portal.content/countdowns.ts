/**
 * Wires the countdown feature (components/page/annotate.ts) to the extension: settings from
 * storage, dates from the case store by message, the popup's status question, the options page.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startCountdowns } from '../../components/page/annotate';
import { caseDatesByMessage } from '../../components/page/caseDates';
import { diagnosticText } from '../../components/page/diagnostic';
import { guard } from '../../components/page/guard';
import { isMessage, type OpenOptionsRequest, type PageStatusRequest, type PageStatusResponse } from '../../components/page/messages';
import { readSettings, updateSettings, watchSettings } from '../../components/storage';
import { DEFAULT_SETTINGS } from '../../lib/settings';

export async function startCountdownFeature(ctx: ContentScriptContext): Promise<void> {
  const settings = await readSettings().catch(() => undefined);
  if (!ctx.isValid) return;
  const countdowns = startCountdowns({
    lifecycle: ctx,
    settings: settings ?? DEFAULT_SETTINGS,
    dateSource: caseDatesByMessage,
    onToggle: (showCountdown) => void updateSettings({ showCountdown }).catch(() => undefined),
    onOptions: () => void browser.runtime.sendMessage({ type: 'occ:open-options' } satisfies OpenOptionsRequest).catch(() => undefined),
  });
  ctx.onInvalidated(watchSettings(guard('settings change', (next) => countdowns.setSettings(next))));

  const onMessage = guard('popup question', (message: unknown): Promise<PageStatusResponse> | undefined => {
    if (!isMessage<PageStatusRequest>(message, 'occ:page-status')) return undefined;
    const status = countdowns.status();
    const response: PageStatusResponse = {
      ...status,
      url: location.origin + location.pathname,
      diagnostic:
        status.kind === 'not-recognised' && status.survey
          ? diagnosticText(status.survey, { path: location.pathname, version: browser.runtime.getManifest().version, userAgent: navigator.userAgent })
          : undefined,
    };
    return Promise.resolve(response);
  });
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
