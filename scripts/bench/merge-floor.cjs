// The merge bench's floor (merge-floor.ts), launched as `npm run merge` launches scripts/merge.ts.
'use strict';
require('../bundled.cjs').runBundled('scripts/bench/merge-floor.ts');
