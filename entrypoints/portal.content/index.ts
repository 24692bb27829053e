import { defineContentScript } from 'wxt/utils/define-content-script';
import { PORTAL_MATCHES } from '../../lib/hosts';

export default defineContentScript({
  matches: PORTAL_MATCHES,
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.occLoaded = 'true';
  },
});
