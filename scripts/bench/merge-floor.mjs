// The merge bench's floor (merge-floor.ts), launched as `npm run merge` launches scripts/merge.ts.
import { runBundled } from '../bundled.mjs';

await runBundled('scripts/bench/merge-floor.ts');
