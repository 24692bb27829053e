import { defineContentScript } from 'wxt/utils/define-content-script';
import { PORTAL_MATCHES } from '../../lib/hosts';
import { startPortalFeatures } from './features';

export default defineContentScript({
  matches: PORTAL_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    // The e2e smoke test's sign that the content script runs on portal pages.
    document.documentElement.dataset.occLoaded = 'true';
    startPortalFeatures(ctx);
  },
});
