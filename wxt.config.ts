import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { PORTAL_MATCHES, TEST_CONTENT_MATCHES, TEST_MATCHES } from './lib/hosts';


export default defineConfig({
  // Explicit imports everywhere: lib/ stays plain TypeScript that any runtime can load.
  imports: false,
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  // The Firefox sources zip is for add-on review: leave out generated, git-ignored output.
  zip: { excludeSources: ['bench-output/**', 'demo-output/**', 'tests/artifacts/**'] },
  manifest: ({ browser }) => ({
    name: 'Connect Companion (unofficial)',
    description:
      'Deadlines, safe bulk selection and clean CSV merges for Ombudsman Connect for Business. Unofficial; not affiliated with the Financial Ombudsman Service.',
    // Why each permission is asked for: README, "Permissions and data".
    permissions: ['storage', 'alarms', 'scripting', 'downloads'],
    optional_permissions: ['notifications'],
    optional_host_permissions: ['https://*/*'],
    host_permissions: PORTAL_MATCHES,
    action: { default_title: 'Connect Companion' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'connect-companion@example.org',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      // The simulated portal runs on loopback; only test builds may reach it. Both loopback names are
      // granted, but the content script is declared for 127.0.0.1 only: on localhost it runs once
      // the options add it as a portal host (registered at run time), as for a user's own host.
      manifest.host_permissions = [...(manifest.host_permissions ?? []), ...TEST_MATCHES];
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...(script.matches ?? []), ...TEST_CONTENT_MATCHES];
      }
    },
  },
});
