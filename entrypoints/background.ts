import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Filled by the case store, badge and collection features.
});
