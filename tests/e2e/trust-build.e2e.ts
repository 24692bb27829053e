/**
 * Trust checks on the production builds (issue 8), built here into a private folder so other runs that
 * write .output/ cannot race with them:
 *
 * - every permission, optional permission, host permission and content-script match in both manifests is
 *   a row of the README's "Permissions and data" table (parsed from README.md, so the two cannot drift),
 *   with the same install-time / optional kind, and no row names something neither manifest asks for;
 * - neither manifest weakens the default extension Content Security Policy, and the extension pages load
 *   only their own packaged scripts;
 * - the bundles contain no markup sink, eval or Function constructor except the exact forms inside
 *   Preact's renderer (its `dangerouslySetInnerHTML` support, which our source never uses: see
 *   tests/unit/trust-source.test.ts).
 *
 * Each check is also run on a deliberately bad input, so it is seen to fail.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness';

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  content_security_policy?: unknown;
  sandbox?: unknown;
}

type Kind = 'api' | 'host';
interface Grant {
  kind: Kind;
  value: string;
  optional: boolean;
}

// ---------------------------------------------------------------------------------------------------
// The README's permissions table

/** The rows of the first table under "## Permissions and data", as grants. */
export function readmeGrants(readme: string): Grant[] {
  const start = readme.search(/^## Permissions and data\s*$/m);
  if (start < 0) throw new Error('README.md has no "## Permissions and data" section');
  const section = readme.slice(start).split(/\n(?=## )/)[0]!;
  const lines = section.split('\n').filter((line) => line.trim().startsWith('|'));
  const rows = lines
    .map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim()))
    .filter((cells) => !cells.every((cell) => /^:?-+:?$/.test(cell)));
  const [header, ...body] = rows;
  if (!header || !/permission/i.test(header[0] ?? '')) throw new Error('permissions table header not found');
  return body.map((cells) => {
    const [what = '', when = ''] = cells;
    const optional = /optional/i.test(what) || /optional/i.test(when);
    const code = /`([^`]+)`/.exec(what)?.[1];
    if (!code) throw new Error(`permissions table row without a \`code\` name: ${cells.join(' | ')}`);
    if (/\bhost\b/i.test(what)) {
      // "any `https://` host" is the match pattern for every host of that scheme.
      const any = /\bany\s+`([a-z*]+:\/\/)`\s+host/i.exec(what);
      return { kind: 'host', value: any ? `${any[1]}*/*` : code, optional };
    }
    return { kind: 'api', value: code, optional };
  });
}

/** Everything a manifest asks for or matches. */
export function manifestGrants(manifest: Manifest): Grant[] {
  const grants: Grant[] = [];
  const add = (kind: Kind, optional: boolean, values: readonly string[] | undefined) => {
    for (const value of values ?? []) {
      // MV2-style host patterns inside `permissions` count as hosts.
      const isHost = kind === 'host' || value.includes('://') || value === '<all_urls>';
      grants.push({ kind: isHost ? 'host' : 'api', value, optional });
    }
  };
  add('api', false, manifest.permissions);
  add('api', true, manifest.optional_permissions);
  add('host', false, manifest.host_permissions);
  add('host', true, manifest.optional_host_permissions);
  for (const script of manifest.content_scripts ?? []) add('host', false, script.matches);
  return grants;
}

const key = (grant: Grant) => `${grant.kind}${grant.optional ? ' (optional)' : ''}: ${grant.value}`;

/** Manifest grants with no README row of the same kind, value and optionality. */
export function undocumented(manifest: Manifest, table: Grant[]): string[] {
  const documented = new Set(table.map(key));
  return [...new Set(manifestGrants(manifest).map(key))].filter((entry) => !documented.has(entry));
}

/** README rows that no manifest asks for (a stale table). */
export function unused(manifests: Manifest[], table: Grant[]): string[] {
  const asked = new Set(manifests.flatMap((manifest) => manifestGrants(manifest).map(key)));
  return table.map(key).filter((entry) => !asked.has(entry));
}

// ---------------------------------------------------------------------------------------------------
// Content Security Policy

/** Ways a manifest could loosen the default extension CSP. */
export function cspWeakenings(manifest: Manifest): string[] {
  const found: string[] = [];
  const csp = manifest.content_security_policy;
  const policies: [string, string][] =
    typeof csp === 'string'
      ? [['content_security_policy', csp]]
      : csp && typeof csp === 'object'
        ? Object.entries(csp as Record<string, unknown>).map(([name, value]) => [name, String(value)])
        : [];
  for (const [name, policy] of policies) {
    for (const directive of policy.split(';').map((part) => part.trim()).filter(Boolean)) {
      const [directiveName = '', ...sources] = directive.split(/\s+/);
      if (!/^(script-src|script-src-elem|default-src|worker-src|object-src)$/i.test(directiveName)) continue;
      for (const source of sources) {
        if (/^'unsafe-(eval|inline|hashes)'$|^'wasm-unsafe-eval'$/i.test(source) || /^(https?:|\*|data:|blob:)/i.test(source)) {
          found.push(`${name}: ${directiveName} ${source}`);
        }
      }
    }
  }
  if (manifest.sandbox) found.push('sandbox pages declared');
  return found;
}

/** `<script>` tags in an extension page that load anything but a packaged file. */
export function foreignScripts(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1];
    if (src === undefined) {
      if ((match[2] ?? '').trim()) found.push(`inline script: ${(match[2] ?? '').trim().slice(0, 60)}`);
    } else if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) {
      found.push(`remote script: ${src}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Markup sinks and code from strings in the bundles

const SINKS: { name: string; pattern: RegExp }[] = [
  { name: 'innerHTML', pattern: /innerHTML/g },
  { name: 'outerHTML =', pattern: /outerHTML\s*=(?!=)/g },
  { name: 'insertAdjacentHTML', pattern: /insertAdjacentHTML/g },
  { name: 'dangerouslySetInnerHTML', pattern: /dangerouslySetInnerHTML/g },
  { name: 'document.write', pattern: /document\.write(ln)?\b/g },
  { name: 'eval(', pattern: /(?<![\w$.])eval\s*\(/g },
  { name: 'new Function(', pattern: /\bnew\s+Function\s*\(/g },
];

/**
 * The only occurrences allowed in a bundle: Preact's renderer (node_modules/preact/dist), which
 * compares a prop name with "dangerouslySetInnerHTML" and, only when a component passes that prop,
 * writes its `__html`. Each allowed form is matched on its own minified text, so one of our own
 * `el.innerHTML = value` does not fit any of them.
 */
const PREACT_FORMS: RegExp[] = [
  /==\s*"dangerouslySetInnerHTML"/g,
  /[\w$]+\.innerHTML\s*=\s*[\w$]+\.__html/g,
  /[\w$]+\.__html\s*==\s*[\w$]+\.innerHTML/g,
  /[\w$]+\.innerHTML\s*=\s*""/g,
];

/** Sink occurrences in one bundle file that are not one of Preact's own forms. */
export function ourSinks(code: string): string[] {
  let rest = code;
  // Preact's forms count only in the chunk that carries Preact's diff (it tests for `__html`).
  if (/__html/.test(code)) for (const form of PREACT_FORMS) rest = rest.replace(form, '<preact>');
  const found: string[] = [];
  for (const { name, pattern } of SINKS) {
    for (const match of rest.matchAll(pattern)) {
      const at = match.index ?? 0;
      found.push(`${name}: …${rest.slice(Math.max(0, at - 40), at + 40)}…`);
    }
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// ---------------------------------------------------------------------------------------------------

describe('the checks themselves', () => {
  const table: Grant[] = [
    { kind: 'host', value: 'https://*.example.org/*', optional: false },
    { kind: 'api', value: 'storage', optional: false },
    { kind: 'api', value: 'notifications', optional: true },
    { kind: 'host', value: 'https://*/*', optional: true },
  ];

  it.each([
    [{ permissions: ['storage'], host_permissions: ['https://*.example.org/*'] }, []],
    [{ permissions: ['storage', 'tabs'] }, ['api: tabs']],
    [{ permissions: ['notifications'] }, ['api: notifications']],
    [{ optional_permissions: ['storage'] }, ['api (optional): storage']],
    [{ host_permissions: ['https://*/*'] }, ['host: https://*/*']],
    [{ content_scripts: [{ matches: ['<all_urls>'] }] }, ['host: <all_urls>']],
    [{ permissions: ['https://evil.example/*'] }, ['host: https://evil.example/*']],
  ] satisfies [Manifest, string[]][])('undocumented grants in %j', (manifest, expected) => {
    expect(undocumented(manifest, table)).toEqual(expected);
  });

  it('finds a README row no manifest asks for', () => {
    expect(unused([{ permissions: ['storage'], host_permissions: ['https://*.example.org/*'] }], table)).toEqual([
      'api (optional): notifications',
      'host (optional): https://*/*',
    ]);
  });

  it('parses a table with an "any scheme host" row and optional marks', () => {
    const readme = [
      '# x',
      '## Permissions and data',
      '',
      '| permission | when | why |',
      '|---|---|---|',
      '| host `https://a.example/*` | at install | x |',
      '| `alarms` | at install | y |',
      '| `notifications` | only when asked (optional) | z |',
      '| any `https://` host (optional) | when added | w |',
      '',
      '## Next',
      '| `tabs` | at install | not in this section |',
    ].join('\n');
    expect(readmeGrants(readme)).toEqual([
      { kind: 'host', value: 'https://a.example/*', optional: false },
      { kind: 'api', value: 'alarms', optional: false },
      { kind: 'api', value: 'notifications', optional: true },
      { kind: 'host', value: 'https://*/*', optional: true },
    ]);
  });

  it.each([
    [{}, []],
    [{ content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" } }, []],
    [{ content_security_policy: { extension_pages: "script-src 'self' 'unsafe-eval'" } }, ["extension_pages: script-src 'unsafe-eval'"]],
    [{ content_security_policy: { extension_pages: "script-src 'self' https://cdn.example" } }, ['extension_pages: script-src https://cdn.example']],
    [{ content_security_policy: "default-src 'self' 'unsafe-inline'" }, ["content_security_policy: default-src 'unsafe-inline'"]],
    [{ sandbox: { pages: ['s.html'] } }, ['sandbox pages declared']],
  ] satisfies [Manifest, string[]][])('CSP weakenings in %j', (manifest, expected) => {
    expect(cspWeakenings(manifest)).toEqual(expected);
  });

  it.each([
    ['<script type="module" crossorigin src="/chunks/popup-abc.js"></script>', []],
    ['<script src="https://cdn.example/x.js"></script>', ['remote script: https://cdn.example/x.js']],
    ['<script src="//cdn.example/x.js"></script>', ['remote script: //cdn.example/x.js']],
    ['<script>alert(1)</script>', ['inline script: alert(1)']],
  ])('foreign scripts in %s', (html, expected) => {
    expect(foreignScripts(html)).toEqual(expected);
  });

  it.each([
    // Preact's own forms, as minified in the chunk that carries its diff
    ['l=="dangerouslySetInnerHTML"?m=f:0;p.__html==e.innerHTML||(e.innerHTML=p.__html);m&&(e.innerHTML="")', 0],
    // ours would not fit them
    ['x.__html;el.innerHTML=row.name', 1],
    ['el.innerHTML=value', 1],
    ['h("div",{dangerouslySetInnerHTML:{__html:v}})', 1],
    ['node.insertAdjacentHTML("beforeend",s)', 1],
    ['a.outerHTML = s', 1],
    ['a.outerHTML==s', 0],
    ['document.write(s)', 1],
    ['eval(s)', 1],
    ['x.dynamicTypingFunction(L);o._tickFormatFunction(t)', 0],
    ['new Function("return this")()', 1],
    ['l=="dangerouslySetInnerHTML"', 1], // without Preact's `__html` nearby it is not Preact's
  ])('sinks of ours in %s', (code, count) => {
    expect(ourSinks(code)).toHaveLength(count);
  });
});

const TARGETS = [
  { wxtBrowser: 'chrome', dir: 'chrome-mv3' },
  { wxtBrowser: 'firefox', dir: 'firefox-mv3' },
] as const;

describe('the production builds', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'occ-trust-build-'));
  const manifests = new Map<string, Manifest>();

  beforeAll(() => {
    for (const { wxtBrowser, dir } of TARGETS) {
      // `wxt build` has no --out-dir flag; its JavaScript API takes the same inline config.
      const script = `import { build } from 'wxt'; await build({ browser: '${wxtBrowser}', mode: 'production', outDir: ${JSON.stringify(outDir)} });`;
      try {
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`production build for ${wxtBrowser} failed\n${stdout}\n${stderr}`);
      }
      manifests.set(dir, JSON.parse(readFileSync(join(outDir, dir, 'manifest.json'), 'utf8')) as Manifest);
    }
  }, 600_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const table = () => readmeGrants(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('the README table parses into the grants it lists', () => {
    const grants = table();
    expect(grants.length).toBeGreaterThanOrEqual(4);
    expect(grants.map(key)).toEqual(expect.arrayContaining(['api: storage', 'host: https://*.financial-ombudsman.org.uk/*']));
  });

  it.each(TARGETS)('$dir asks for nothing the README table does not list', ({ dir }) => {
    const manifest = manifests.get(dir)!;
    expect(manifestGrants(manifest).length).toBeGreaterThan(0);
    expect(undocumented(manifest, table())).toEqual([]);
  });

  it('every row of the README table is asked for by a production manifest', () => {
    expect(unused([...manifests.values()], table())).toEqual([]);
  });

  it.each(TARGETS)('$dir keeps the default Content Security Policy and loads only packaged scripts', ({ dir }) => {
    expect(cspWeakenings(manifests.get(dir)!)).toEqual([]);
    const pages = filesUnder(join(outDir, dir)).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect([relative(outDir, page), foreignScripts(readFileSync(page, 'utf8'))]).toEqual([relative(outDir, page), []]);
  });

  it.each(TARGETS)('$dir bundles: no markup sink, eval or Function constructor outside Preact', ({ dir }) => {
    const scripts = filesUnder(join(outDir, dir)).filter((file) => /\.(m?js|html)$/.test(file));
    expect(scripts.some((file) => file.includes('content-scripts'))).toBe(true);
    const found = scripts.flatMap((file) => ourSinks(readFileSync(file, 'utf8')).map((hit) => `${relative(outDir, file)}: ${hit}`));
    expect(found).toEqual([]);
  });
});
