import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { challengeDraft } from '../lib/challengeDraft';
import { openChallengePanel } from '../components/challenge/panel';
import { PANEL_GLOBAL, type PanelModule } from '../components/challenge/lazyPanel';

// Injected by the background on the first "Draft challenge" (components/challenge/lazyPanel.ts).
export default defineUnlistedScript(() => {
  const module: PanelModule = { openChallengePanel, challengeDraft };
  (globalThis as unknown as Record<string, PanelModule>)[PANEL_GLOBAL] = module;
});
