/**
 * The panel and the draft text are loaded into the page only when a draft is first asked for: the
 * background injects entrypoints/challenge-panel.ts into the asking frame (`scripting`), where it
 * shares the content script's isolated world and leaves its functions on the global object. This
 * keeps them out of the content script's size budget (≤ 30 KB gzipped). Types only here.
 */
import { browser } from 'wxt/browser';
import type { WxtBrowser } from 'wxt/browser';
import type { challengeDraft } from '../../lib/challengeDraft';
import type { openChallengePanel } from './panel';

export const LOAD_PANEL = 'occ:load-challenge-panel';
export const PANEL_GLOBAL = '__occChallengePanel';

export interface PanelModule {
  readonly openChallengePanel: typeof openChallengePanel;
  readonly challengeDraft: typeof challengeDraft;
}

/** In the content script: the panel module, injected on first use. */
export async function loadPanel(): Promise<PanelModule> {
  const scope = globalThis as unknown as Record<string, PanelModule | undefined>;
  if (!scope[PANEL_GLOBAL]) await browser.runtime.sendMessage({ type: LOAD_PANEL });
  const loaded = scope[PANEL_GLOBAL];
  if (!loaded) throw new Error('challenge panel not loaded');
  return loaded;
}

/** In the background: injects the panel script into the frame that asked. */
export function startPanelLoader(extension: WxtBrowser): void {
  extension.runtime.onMessage.addListener((message: unknown, sender: { tab?: { id?: number }; frameId?: number }) => {
    if ((message as { type?: unknown } | null)?.type !== LOAD_PANEL || sender.tab?.id === undefined) return undefined;
    return extension.scripting
      .executeScript({ target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] }, files: ['/challenge-panel.js'] })
      .then(() => ({ ok: true }));
  });
}
