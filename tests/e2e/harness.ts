/**
 * One small API over the two real browsers the extension ships to, so an end-to-end test is written once
 * and run in both with `describe.each(BROWSERS)`:
 *
 * - Chromium through playwright-core (`launchPersistentContext` is the only way to load an unpacked
 *   extension); the extension id is the host of its service worker's URL.
 * - Firefox ESR through puppeteer-core (WebDriver BiDi, `browser.installExtension`); the extension's
 *   moz-extension:// UUID is pinned with the `extensions.webextensions.uuids` pref.
 *
 * Firefox's BiDi hides extension pages from its events (Bug 1755014): a navigation to moz-extension://
 * never reports "load", and console messages of those pages never arrive. So, for Firefox only, extension
 * pages are opened with BiDi's own navigate command (waiting for readiness "complete"), and console errors
 * and uncaught exceptions are read from the browser's stdout (`devtools.console.stdout.content`).
 */
import { chromium, type Browser, type BrowserContext, type Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage, type KeyInput } from 'puppeteer-core';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startPortal, type Portal, type PortalOptions } from '../../scripts/portal/server.ts';
export { startPortal, type Portal } from '../../scripts/portal/server.ts';

export type BrowserName = 'chromium' | 'firefox';

/** Browsers every e2e file loops over; `E2E_BROWSERS=firefox` narrows a local run. */
export const BROWSERS: readonly BrowserName[] = parseBrowsers(process.env.E2E_BROWSERS);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const EXECUTABLES: Record<BrowserName, string> = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/**
 * For every Chromium we start (the e2e tests and the benches): Chromium 156 builds its omnibox
 * drop-down as a WebUI page and loads it in the background as a window opens, about 0.8 s of CPU
 * on this 2-core machine, in the middle of whatever a test or bench then does. A user's browser
 * did that once, when it started; so should ours, not during a measured merge or chart draw.
 */
export const QUIET_CHROMIUM_ARGS: readonly string[] = ['--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup'];

/** The switches of every Chromium the tests start, with the extension or without: no sandbox or GPU here, nothing fetched, quiet. */
export const CHROMIUM_ARGS: readonly string[] = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...QUIET_CHROMIUM_ARGS];

/** A headless Chromium without the extension (the benches' pages), started with `args` and QUIET_CHROMIUM_ARGS. */
export function launchPlainChromium(args: readonly string[] = ['--no-sandbox', '--disable-gpu']): Promise<Browser> {
  return chromium.launch({ executablePath: EXECUTABLES.chromium, headless: true, args: [...args, ...QUIET_CHROMIUM_ARGS] });
}

/** The gecko id from wxt.config.ts and a fixed UUID, so the Firefox extension base URL is known in advance. */
export const GECKO_ID = 'connect-companion@example.org';
const FIREFOX_UUID = '6d1a7e2c-0b6f-4a5e-9c1d-3f2e8a7b5c40';

const ACTION_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 30_000;
const LAUNCH_TIMEOUT_MS = 60_000;
const CLOSE_TIMEOUT_MS = 10_000;

export interface E2EPage {
  readonly browserName: BrowserName;
  /** Opens `url` and resolves once it has loaded (web pages and extension pages alike). */
  goto(url: string): Promise<void>;
  /** Runs `fn` in the page with ONE serialisable argument and returns its serialisable result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  click(selector: string): Promise<void>;
  /** Resolves when `selector` matches an element that is attached to the page. */
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<void>;
  /** Resolves when `fn(arg)` returns a truthy value in the page. */
  waitForFunction<A = undefined>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number }): Promise<void>;
  /** Writes a PNG; returns its path. */
  screenshot(path: string, options?: { fullPage?: boolean }): Promise<string>;
  readonly keyboard: { press(key: KeyName): Promise<void>; type(text: string): Promise<void> };
  setViewport(size: { width: number; height: number }): Promise<void>;
  /** Gives the file input matching `selector` these files (absolute paths), as a person choosing them would. */
  setInputFiles(selector: string, paths: readonly string[]): Promise<void>;
  /** Console errors and uncaught exceptions seen since the page opened (or since `clearErrors`). */
  errors(): Promise<string[]>;
  clearErrors(): void;
  close(): Promise<void>;
  /** The underlying Playwright or Puppeteer page, for what this API does not cover. */
  readonly raw: PlaywrightPage | PuppeteerPage;
}

/** Key names both libraries understand (Playwright's and Puppeteer's names agree for these). */
export type KeyName = KeyInput & string;

export interface ExtensionSession {
  readonly browserName: BrowserName;
  /** `chrome-extension://ID/` or `moz-extension://UUID/`, with the trailing slash. */
  readonly extensionBase: string;
  /** The unpacked extension directory that was loaded. */
  readonly extensionDir: string;
  newPage(): Promise<E2EPage>;
  /** The addresses of every open tab, including those the extension opened itself. */
  tabUrls(): Promise<string[]>;
  /**
   * Closes the tabs open at `url` (ones the extension opened, say): a tab left in front would leave
   * the test's own page in the background, where every action waits on its throttled frames.
   */
  closeTabsAt(url: string): Promise<void>;
  /** Closes every page and the browser, then removes the temporary profile. Safe to call twice. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Unpacked extension to load; defaults to the `--mode e2e` build for that browser. */
  extensionDir?: string;
  /** Defaults to true. */
  headless?: boolean;
  /** Firefox only: preferences added to the test profile (e.g. a recording proxy). */
  firefoxPrefs?: Record<string, unknown>;
  /** Chromium window size when headed. */
  windowSize?: { width: number; height: number };
}

/** `.output/<browser>-mv3[-e2e]`: where `wxt build [-b firefox] [--mode e2e]` writes the unpacked build. */
export function extensionBuildDir(browserName: BrowserName, mode: 'e2e' | 'production' = 'e2e'): string {
  const target = browserName === 'chromium' ? 'chrome-mv3' : 'firefox-mv3';
  return join(ROOT, '.output', mode === 'e2e' ? `${target}-e2e` : target);
}

/** `tests/artifacts/<name>` (git-ignored), creating the folders on the way. */
export function artifactPath(name: string): string {
  const path = join(ROOT, 'tests', 'artifacts', name);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

const openSessions = new Set<ExtensionSession>();
/** Temporary profiles not yet removed; an exit hook removes them even when a run is cut short. */
const liveProfiles = new Set<string>();
process.once('exit', () => {
  for (const dir of liveProfiles) rmSync(dir, { recursive: true, force: true });
});

/** Launches `browserName` with the extension loaded. Always pair with `close()` (e.g. in `afterAll`). */
export async function launchExtension(browserName: BrowserName, options: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = resolve(options.extensionDir ?? extensionBuildDir(browserName));
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build:e2e\` first.`);
  }
  if (!existsSync(EXECUTABLES[browserName])) {
    throw new Error(`${browserName} is not installed at ${EXECUTABLES[browserName]} (apt-get install chromium firefox-esr).`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), `occ-e2e-${browserName}-`));
  liveProfiles.add(profileDir);
  const launching =
    browserName === 'chromium'
      ? launchChromium(extensionDir, profileDir, options)
      : launchFirefox(extensionDir, profileDir, options);
  try {
    const session = await withTimeout(launching, LAUNCH_TIMEOUT_MS, `launching ${browserName}`);
    openSessions.add(session);
    return session;
  } catch (error) {
    // A launch that finishes after the timeout must not leave a browser behind.
    launching.then((late) => late.close(), () => undefined);
    removeProfile(profileDir);
    throw error;
  }
}

function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  liveProfiles.delete(dir);
}

/** Closes every session still open: a safety net for a test file's `afterAll`. */
export async function closeAllSessions(): Promise<void> {
  await Promise.all([...openSessions].map((session) => session.close()));
}

async function launchChromium(extensionDir: string, profileDir: string, options: LaunchOptions): Promise<ExtensionSession> {
  const size = options.windowSize ?? { width: 1280, height: 900 };
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: EXECUTABLES.chromium,
    headless: options.headless ?? true,
    viewport: options.headless === false ? null : size,
    timeout: LAUNCH_TIMEOUT_MS,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...CHROMIUM_ARGS,
      ...(options.headless === false ? [`--window-size=${size.width},${size.height}`] : []),
    ],
  });
  try {
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: ACTION_TIMEOUT_MS }));
    const extensionBase = `chrome-extension://${new URL(worker.url()).host}/`;
    let closed: Promise<void> | undefined;
    const session: ExtensionSession = {
      browserName: 'chromium',
      extensionBase,
      extensionDir,
      async newPage() {
        const page = await context.newPage();
        page.setDefaultTimeout(ACTION_TIMEOUT_MS);
        page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
        return wrapPlaywrightPage(page);
      },
      async tabUrls() {
        return context.pages().map((page) => page.url());
      },
      async closeTabsAt(url) {
        await Promise.all(context.pages().filter((page) => page.url() === url).map((page) => page.close()));
      },
      close() {
        closed ??= (async () => {
          openSessions.delete(session);
          // A persistent context owns its browser: closing it ends the process.
          await withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing chromium').catch(() => undefined);
          removeProfile(profileDir);
        })();
        return closed;
      },
    };
    return session;
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

function wrapPlaywrightPage(page: PlaywrightPage): E2EPage {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return {
    browserName: 'chromium',
    raw: page,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) {
      return page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>;
    },
    async click(selector) {
      await page.click(selector);
    },
    async waitForSelector(selector, options) {
      await page.waitForSelector(selector, { state: 'attached', timeout: options?.timeout });
    },
    async waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number }) {
      // Polled from here rather than with page.waitForFunction, which takes the Promise an async
      // predicate returns as a truthy answer and so would not wait at all.
      const timeout = options?.timeout ?? ACTION_TIMEOUT_MS;
      const deadline = Date.now() + timeout;
      for (;;) {
        if (await page.evaluate(fn as (arg: unknown) => unknown, arg)) return;
        if (Date.now() > deadline) throw new Error(`waitForFunction: not true within ${timeout} ms: ${String(fn).slice(0, 300)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async screenshot(path, options) {
      mkdirSync(dirname(path), { recursive: true });
      await page.screenshot({ path, fullPage: options?.fullPage ?? false });
      return path;
    },
    keyboard: {
      press: (key) => page.keyboard.press(key),
      type: (text) => page.keyboard.type(text),
    },
    setViewport: (size) => page.setViewportSize(size),
    setInputFiles: (selector, paths) => page.setInputFiles(selector, [...paths]),
    errors: async () => [...errors],
    clearErrors: () => void errors.splice(0),
    close: () => page.close(),
  };
}

/** Each page's address. Puppeteer's page.url() over BiDi can still say about:blank for a tab the extension opened. */
const urlsOf = (pages: readonly PuppeteerPage[]): Promise<string[]> => Promise.all(pages.map((page) => page.evaluate(() => location.href).catch(() => page.url())));

async function launchFirefox(extensionDir: string, profileDir: string, options: LaunchOptions): Promise<ExtensionSession> {
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLES.firefox,
    headless: options.headless ?? true,
    userDataDir: profileDir,
    timeout: LAUNCH_TIMEOUT_MS,
    protocolTimeout: NAVIGATION_TIMEOUT_MS * 2,
    // Lets BiDi navigate to moz-extension:// pages; only this test profile is affected.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'devtools.console.stdout.content': true,
      // Downloads go into the profile, removed with it, never into the user's own download folder.
      'browser.download.folderList': 2,
      'browser.download.dir': join(profileDir, 'downloads'),
      'browser.download.useDownloadDir': true,
      ...options.firefoxPrefs,
    },
  });
  const console = new FirefoxConsole(browser);
  try {
    const installedId = await browser.installExtension(extensionDir);
    if (installedId !== GECKO_ID) {
      throw new Error(`Firefox installed the extension as ${installedId}, expected ${GECKO_ID} (see wxt.config.ts)`);
    }
    const extensionBase = `moz-extension://${FIREFOX_UUID}/`;
    let closed: Promise<void> | undefined;
    const session: ExtensionSession = {
      browserName: 'firefox',
      extensionBase,
      extensionDir,
      async newPage() {
        const page = await browser.newPage();
        page.setDefaultTimeout(ACTION_TIMEOUT_MS);
        page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
        return wrapPuppeteerPage(page, console);
      },
      async tabUrls() {
        return urlsOf(await browser.pages());
      },
      async closeTabsAt(url) {
        const pages = await browser.pages();
        const urls = await urlsOf(pages);
        await Promise.all(pages.filter((_, index) => urls[index] === url).map((page) => page.close()));
      },
      close() {
        closed ??= (async () => {
          openSessions.delete(session);
          const process = browser.process();
          await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, 'closing firefox').catch(() => {
            process?.kill('SIGKILL');
          });
          removeProfile(profileDir);
        })();
        return closed;
      },
    };
    return session;
  } catch (error) {
    await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, 'closing firefox').catch(() => browser.process()?.kill('SIGKILL'));
    throw error;
  }
}

/**
 * Firefox prints page console messages and script errors to stdout once `devtools.console.stdout.content`
 * is set: `console.error: "text"` and `JavaScript error: URL, line N: message`. Errors of Firefox's own
 * chrome code (chrome://, resource://) are not the extension's and are left out.
 */
class FirefoxConsole {
  private readonly lines: { at: number; text: string }[] = [];
  private pending = '';
  constructor(browser: PuppeteerBrowser) {
    const take = (chunk: Buffer | string) => {
      const text = this.pending + chunk.toString();
      const parts = text.split('\n');
      this.pending = parts.pop() ?? '';
      for (const line of parts) {
        // Firefox's own Remote Settings loader ("RSLoader", blocked from its servers here) prints
        // console errors of its own a few seconds into a session: not ours, so not counted.
        if ((/^console\.error: /.test(line) && !/^console\.error: RSLoader:/.test(line)) || /^JavaScript error: (?!chrome:|resource:)/.test(line)) {
          this.lines.push({ at: Date.now(), text: line });
        }
      }
    };
    browser.process()?.stdout?.on('data', take);
    browser.process()?.stderr?.on('data', take);
  }
  /** Error lines printed since `since` (a Date.now() value). */
  errorsSince(since: number): string[] {
    return this.lines.filter((line) => line.at >= since).map((line) => line.text);
  }
}

/** Firefox's stdout is read asynchronously: give lines already printed a moment to arrive. */
const STDOUT_SETTLE_MS = 200;

function wrapPuppeteerPage(page: PuppeteerPage, console: FirefoxConsole): E2EPage {
  const errors: string[] = [];
  let since = Date.now();
  // These reach Puppeteer for web pages; extension pages are covered by the stdout reader.
  page.on('pageerror', (error) => errors.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`));
  const allErrors = () => [...new Set([...errors, ...console.errorsSince(since)])];
  return {
    browserName: 'firefox',
    raw: page,
    async goto(url) {
      if (url.startsWith('moz-extension:')) {
        // Page.goto would wait for a load event that BiDi never reports for extension pages.
        const context = (page.mainFrame() as unknown as { browsingContext: BidiNavigable }).browsingContext;
        await withTimeout(context.navigate(url, 'complete'), NAVIGATION_TIMEOUT_MS, `opening ${url}`);
        return;
      }
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) {
      return page.evaluate(fn as (arg: unknown) => R, arg) as Promise<R>;
    },
    async click(selector) {
      await page.click(selector);
    },
    async waitForSelector(selector, options) {
      await page.waitForSelector(selector, { timeout: options?.timeout ?? ACTION_TIMEOUT_MS });
    },
    async waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number }) {
      await page.waitForFunction(fn as (arg: unknown) => unknown, { timeout: options?.timeout ?? ACTION_TIMEOUT_MS, polling: 100 }, arg);
    },
    async screenshot(path, options) {
      mkdirSync(dirname(path), { recursive: true });
      await page.screenshot({ path: path as `${string}.png`, fullPage: options?.fullPage ?? false });
      return path;
    },
    keyboard: {
      press: (key) => page.keyboard.press(key),
      type: (text) => page.keyboard.type(text),
    },
    setViewport: (size) => page.setViewport(size),
    async setInputFiles(selector, paths) {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector}`);
      await (input as unknown as { uploadFile(...files: string[]): Promise<void> }).uploadFile(...paths);
    },
    async errors() {
      await new Promise((done) => setTimeout(done, STDOUT_SETTLE_MS));
      return allErrors();
    },
    clearErrors() {
      errors.splice(0);
      since = Date.now();
    },
    async close() {
      await page.close();
    },
  };
}

/** The part of Puppeteer's (internal) BiDi browsing context the Firefox goto needs. */
interface BidiNavigable {
  navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<unknown>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function parseBrowsers(value: string | undefined): readonly BrowserName[] {
  if (!value) return ['chromium', 'firefox'];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (name !== 'chromium' && name !== 'firefox') throw new Error(`E2E_BROWSERS: unknown browser "${name}"`);
  }
  return names as BrowserName[];
}

/** A simulated portal and a browser with the extension, opened on one 1280 × 900 page. */
export interface PortalSession {
  readonly portal: Portal;
  readonly session: ExtensionSession;
  readonly page: E2EPage;
}

/** Starts the portal and the browser the way most end-to-end files need them, in their beforeAll. */
export async function openPortalSession(browserName: BrowserName, portalOptions: PortalOptions = {}): Promise<PortalSession> {
  const portal = await startPortal(portalOptions);
  const session = await launchExtension(browserName);
  const page = await session.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  return { portal, session, page };
}

/** Closes what openPortalSession opened (or as much of it as was opened), in afterAll. */
export async function closePortalSession(opened: Partial<PortalSession> | undefined): Promise<void> {
  await opened?.session?.close();
  await opened?.portal?.close();
}
