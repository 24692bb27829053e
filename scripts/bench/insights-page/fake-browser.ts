/**
 * The bench page is a plain web page, not an extension page: WXT's storage (the outcome mapping
 * editor inside the tab reads it) runs on WXT's in-memory fake browser instead. Aliased in for the
 * bench build only (scripts/bench/insights.bench.ts).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';

export const browser = fakeBrowser;
