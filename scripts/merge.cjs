#!/usr/bin/env node
// `npm run merge`: runs scripts/merge.ts (the command-line merge) as a cached esbuild bundle in plain
// Node, built again whenever a source changes (scripts/bundled.cjs), so the command starts fast.
'use strict';
require('./bundled.cjs').runBundled('scripts/merge.ts');
