/**
 * No network (issue 8), in Firefox ESR. Firefox's WebDriver BiDi reports no events of extension pages or
 * of the extension's background (Bug 1755014), so requests are not read from the protocol: the test
 * profile sends every HTTP request and HTTPS/WebSocket tunnel through a recording proxy of this test
 * (`network.proxy.*`, with `allow_hijacking_localhost` so loopback is proxied too). Whatever part of
 * Firefox makes a request (a tab, an extension page, the extension's background page, a worker), it
 * reaches the proxy; the proxy forwards only the simulated portal's own origin and refuses the rest.
 * moz-extension:, data: and blob: URLs never touch the network, so they are not seen.
 *
 * Firefox itself opens tunnels to its Remote Settings service (firefox.settings.services.mozilla.com)
 * every second or so whatever the profile's `services.settings.server` says (Firefox ESR 153); the proxy
 * refuses them, so nothing is exchanged. They are left out by host, and the last test shows a Firefox
 * with no extension at all makes them too.
 *
 * The flow: the portal's case list with countdowns (both flavours), the workbench merging generated
 * exports and adding them to the case store, its Deadlines and Insights tabs, the popup and the options
 * page. Not covered here: collecting a portal download (shown for Chromium by trust-network.e2e.ts).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExportFiles } from '../../scripts/portal/generator';
import type { IsoDate } from '../../lib/dates';
import { launchExtension, startPortal, type E2EPage, type ExtensionSession, type Portal } from './harness';
import { walkTheDemoFlow } from './demoFlow';

const TODAY = '2026-11-25' as IsoDate;
/** Firefox's own tunnels, made with or without our extension (see the last test). */
const FIREFOX_OWN = ['CONNECT firefox.settings.services.mozilla.com:443'];

/** An HTTP proxy that records every request, forwards those to `allowedOrigin` and refuses the rest. */
async function startRecordingProxy(allowedOrigin: () => string): Promise<{ seen: string[]; port: number; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const url = incoming.url ?? '';
    seen.push(url);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      outgoing.writeHead(400).end();
      return;
    }
    if (target.origin !== allowedOrigin()) {
      outgoing.writeHead(502).end();
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.headersSent || outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  // HTTPS and WebSocket tunnels: recorded and refused (the simulated portal is plain http).
  server.on('connect', (incoming, socket) => {
    seen.push(`CONNECT ${incoming.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every HTTP request and HTTPS/WebSocket tunnel of a Firefox profile through the proxy on `port`, loopback too. */
const proxyPrefs = (port: number) => ({
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': port,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': port,
  'network.proxy.no_proxies_on': '',
  'network.proxy.allow_hijacking_localhost': true,
});

describe('firefox: no request leaves for anywhere but the portal', () => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;
  let page: E2EPage;
  const dir = mkdtempSync(path.join(tmpdir(), 'occ-trust-net-ff-'));
  const paths = generateExportFiles({ seed: 5, rows: 600, files: 3, overlap: 0.25, today: TODAY }).map((file) => {
    const target = path.join(dir, file.name);
    writeFileSync(target, file.csv);
    return target;
  });
  const foreign = () =>
    proxy!.seen.filter((url) => (url.startsWith('CONNECT ') ? !FIREFOX_OWN.includes(url) : new URL(url).origin !== new URL(portal!.url).origin));

  beforeAll(async () => {
    portal = await startPortal({ port: 0 });
    proxy = await startRecordingProxy(() => new URL(portal!.url).origin);
    session = await launchExtension('firefox', {
      firefoxPrefs: proxyPrefs(proxy.port),
    });
    page = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the demo flow', async () => {
    await walkTheDemoFlow(page, portal!.url, session!.extensionBase, paths);

    // The flow ran through the proxy: the portal's pages were seen.
    expect(proxy!.seen.some((url) => url.startsWith(`${portal!.url}/cases`))).toBe(true);
    expect(foreign()).toEqual([]);
  });

  it('would see a request made from the extension background or its pages (so the check above can fail)', async () => {
    await page.goto(`${session!.extensionBase}popup.html`);
    // Loopback, refused by the proxy: nothing leaves the machine (port 9, used for Chromium, is one Firefox bans outright).
    const answers = await page.evaluate(async () => {
      const api = (globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<Window> } } }).browser;
      const background = await api.runtime.getBackgroundPage();
      return Promise.all([
        fetch('http://127.0.0.1:65531/occ-probe-page').then(() => 'answered', () => 'failed'),
        background.fetch('http://127.0.0.1:65531/occ-probe-background').then(() => 'answered', () => 'failed'),
      ]);
    });
    expect(answers).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(foreign()).toEqual(['http://127.0.0.1:65531/occ-probe-page', 'http://127.0.0.1:65531/occ-probe-background']);
  });

  it("a Firefox without any extension makes the tunnels left out above (they are Firefox's own)", async () => {
    const control = await startRecordingProxy(() => 'http://127.0.0.1:1');
    const controlProfile = mkdtempSync(path.join(tmpdir(), 'occ-ff-control-'));
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: true,
      userDataDir: controlProfile,
      extraPrefsFirefox: proxyPrefs(control.port),
    });
    try {
      await expect.poll(() => control.seen.length, { timeout: 60_000 }).toBeGreaterThan(0);
      expect([...new Set(control.seen)]).toEqual(FIREFOX_OWN);
    } finally {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
      await control.close();
      rmSync(controlProfile, { recursive: true, force: true });
    }
  });
});
