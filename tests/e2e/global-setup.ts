/**
 * Builds the `--mode e2e` extension for Chromium and Firefox once per e2e run (the tests load the unpacked
 * builds from .output/). `E2E_SKIP_BUILD=1` reuses what is there, e.g. when test-all has just built them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, extensionBuildDir, type BrowserName } from './harness';

const BUILDS: { browser: BrowserName; args: string[] }[] = [
  { browser: 'chromium', args: ['wxt', 'build', '--mode', 'e2e'] },
  { browser: 'firefox', args: ['wxt', 'build', '-b', 'firefox', '--mode', 'e2e'] },
];

export default function setup(): void {
  for (const { browser, args } of BUILDS) {
    if (process.env.E2E_SKIP_BUILD !== '1') {
      const started = Date.now();
      try {
        execFileSync('npx', args, { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`e2e build failed: npx ${args.join(' ')}\n${stdout}\n${stderr}`);
      }
      console.log(`built ${browser} e2e extension in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const manifest = join(extensionBuildDir(browser), 'manifest.json');
    if (!existsSync(manifest)) throw new Error(`missing ${manifest}: run \`npm run build:e2e\``);
  }
}
