#!/usr/bin/env node
// `npm run merge`: runs scripts/merge.ts (the command-line merge) as a cached esbuild bundle in plain
// Node, built again whenever a source changes (scripts/bundled.mjs), so the command starts fast.
import { runBundled } from './bundled.mjs';

await runBundled('scripts/merge.ts');
