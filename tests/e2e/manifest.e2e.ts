/**
 * What a production build may reach: the portal's own hosts only. The simulated portal's loopback hosts
 * (lib/hosts.ts TEST_MATCHES) are added by `--mode e2e` builds and must never ship, neither in the unpacked
 * production builds nor inside the zips made by `wxt zip`. The same check run on the e2e builds must find
 * them, which shows the check can fail.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_MATCHES } from '../../lib/hosts';
import { ROOT, extensionBuildDir, type BrowserName } from './harness';

interface Manifest {
  manifest_version?: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[]; exclude_matches?: string[] }[];
  web_accessible_resources?: ({ matches?: string[] } | string)[];
  externally_connectable?: { matches?: string[] };
  content_security_policy?: unknown;
}

const LOOPBACK = /\b(127\.0\.0\.1|localhost|0\.0\.0\.0)\b|\[::1\]/i;

/** Every place a manifest can grant or match hosts, as `where: pattern` lines. */
function hostEntries(manifest: Manifest): string[] {
  const entries: string[] = [];
  const add = (where: string, patterns: readonly unknown[] | undefined) => {
    for (const pattern of patterns ?? []) entries.push(`${where}: ${String(pattern)}`);
  };
  add('permissions', manifest.permissions);
  add('optional_permissions', manifest.optional_permissions);
  add('host_permissions', manifest.host_permissions);
  add('optional_host_permissions', manifest.optional_host_permissions);
  manifest.content_scripts?.forEach((script, index) => add(`content_scripts[${index}].matches`, script.matches));
  manifest.web_accessible_resources?.forEach((resource, index) =>
    add(`web_accessible_resources[${index}].matches`, typeof resource === 'string' ? [resource] : resource.matches),
  );
  add('externally_connectable.matches', manifest.externally_connectable?.matches);
  add('content_security_policy', [JSON.stringify(manifest.content_security_policy ?? '')]);
  return entries;
}

/** Host grants or matches that reach the simulated portal on this computer. */
function loopbackEntries(manifest: Manifest): string[] {
  return hostEntries(manifest).filter((entry) => LOOPBACK.test(entry));
}

const TARGETS: { browser: BrowserName; wxtBrowser: string; zipArgs: string[] }[] = [
  { browser: 'chromium', wxtBrowser: 'chrome', zipArgs: ['wxt', 'zip'] },
  { browser: 'firefox', wxtBrowser: 'firefox', zipArgs: ['wxt', 'zip', '-b', 'firefox'] },
];

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

async function manifestInZip(zipPath: string): Promise<Manifest> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const entry = zip.file('manifest.json');
  if (!entry) throw new Error(`${zipPath} has no manifest.json at its root`);
  return JSON.parse(await entry.async('string')) as Manifest;
}

function zipFor(wxtBrowser: string): string {
  const name = readdirSync(join(ROOT, '.output')).find((file) => file.endsWith(`-${wxtBrowser}.zip`));
  if (!name) throw new Error(`wxt zip made no *-${wxtBrowser}.zip in .output/`);
  return join(ROOT, '.output', name);
}

describe('the loopback check itself', () => {
  it.each([
    [{ host_permissions: ['http://127.0.0.1/*'] }, ['host_permissions: http://127.0.0.1/*']],
    [{ content_scripts: [{ matches: ['http://localhost/*'] }] }, ['content_scripts[0].matches: http://localhost/*']],
    [{ permissions: ['storage', 'http://[::1]/*'] }, ['permissions: http://[::1]/*']],
    [{ web_accessible_resources: [{ matches: ['http://localhost:3000/*'] }] }, ['web_accessible_resources[0].matches: http://localhost:3000/*']],
    [{ optional_host_permissions: ['*://0.0.0.0/*'] }, ['optional_host_permissions: *://0.0.0.0/*']],
    [{ host_permissions: [...PORTAL_MATCHES], content_scripts: [{ matches: [...PORTAL_MATCHES] }] }, []],
  ] satisfies [Manifest, string[]][])('finds loopback hosts in %j', (manifest, expected) => {
    expect(loopbackEntries(manifest)).toEqual(expected);
  });
});

describe.each(TARGETS)('$browser manifests', ({ browser, wxtBrowser, zipArgs }) => {
  let production: Manifest;
  let zipped: Manifest;

  beforeAll(async () => {
    // `wxt zip` builds the production extension into .output/<browser>-mv3 and then zips that folder.
    execFileSync('npx', zipArgs, { cwd: ROOT, stdio: 'pipe' });
    production = readManifest(extensionBuildDir(browser, 'production'));
    zipped = await manifestInZip(zipFor(wxtBrowser));
  });

  it('the production build grants and matches no loopback host', () => {
    expect(loopbackEntries(production)).toEqual([]);
  });

  it('the production zip carries the same manifest, with no loopback host', () => {
    expect(zipped).toEqual(production);
    expect(loopbackEntries(zipped)).toEqual([]);
  });

  it('the production content scripts match only the portal hosts', () => {
    const matches = (production.content_scripts ?? []).flatMap((script) => script.matches ?? []);
    expect(matches.length).toBeGreaterThan(0);
    expect(new Set(matches)).toEqual(new Set(PORTAL_MATCHES));
    expect(production.host_permissions ?? []).toEqual(expect.arrayContaining(PORTAL_MATCHES));
  });

  it('the e2e build does carry the loopback hosts (so the checks above can fail)', () => {
    const e2e = readManifest(extensionBuildDir(browser, 'e2e'));
    const found = loopbackEntries(e2e);
    expect(found).toEqual(expect.arrayContaining(['host_permissions: http://127.0.0.1/*', 'host_permissions: http://localhost/*']));
    expect(found.some((entry) => entry.startsWith('content_scripts['))).toBe(true);
    // localhost is granted but not matched: tests/e2e/hosts.e2e.ts adds it in the options, as a user's own host.
    expect(found.filter((entry) => entry.startsWith('content_scripts[') && entry.includes('localhost'))).toEqual([]);
  });

  if (browser === 'firefox') {
    it('declares the gecko id, data collection and minimum version Firefox needs', () => {
      expect(production).toMatchObject({
        manifest_version: 3,
        browser_specific_settings: {
          gecko: {
            id: 'connect-companion@example.org',
            data_collection_permissions: { required: ['none'] },
          },
        },
      });
      const gecko = (production as { browser_specific_settings: { gecko: { strict_min_version: string } } })
        .browser_specific_settings.gecko;
      expect(Number.parseFloat(gecko.strict_min_version)).toBeGreaterThanOrEqual(142);
    });
  }
});
