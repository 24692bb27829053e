/**
 * The simulated portal: Ombudsman Connect for Business as the guide (shared/seed/case-data-guide.txt)
 * shows it, served by node:http for the demo and the tests.
 *
 *   npx tsx scripts/portal/server.ts [--port 8080] [--seed N] [--count N] [--today yyyy-MM-dd] [--hostile]
 *
 * Pages: `/` Dashboard; `/cases` View case list (`?flavour=table` native table, the default;
 * `?flavour=grid` divs with ARIA grid roles; `?flavour=unknown` cards the extension cannot read);
 * `/no-table` the portal's chrome without a case table. Exports: POST /api/exports, GET /api/exports,
 * GET /download/<id>.csv. The case list's behaviour (paging, sorting, selection, export) is client-side
 * script in public/portal.js, as in a single-page app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CASE_LIST_KEYS, FIELDS, RECENTLY_ADDED_KEYS, FIELD_BY_KEY } from '../../lib/glossary.ts';
import { asIsoDate, today as londonToday, type IsoDate } from '../../lib/dates.ts';
import { casesToCsv, generateCases, type CaseRecord } from './generator.ts';

export interface PortalOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number;
  /** Cases to generate (default 250; plus six when hostile). */
  count?: number;
  /** The portal's "today" (default: today in London). */
  today?: IsoDate;
  hostile?: boolean;
  /** How long an export takes to prepare (default 1500 ms). */
  exportDelayMs?: number;
}

export interface Portal {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  cases: CaseRecord[];
  today: IsoDate;
  close(): Promise<void>;
}

/** The most cases a *Selected Cases* export may hold (guide, step 5). */
export const MAX_SELECTED_EXPORT = 100;
export const TOO_MANY_MESSAGE = 'You can only select 100 cases for each download';

interface PreparedExport {
  id: string;
  name: string;
  references: string[];
  createdAt: number;
  readyAt: number;
  read: boolean;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STATIC: Record<string, { file: string; type: string }> = {
  '/static/portal.css': { file: 'public/portal.css', type: 'text/css; charset=utf-8' },
  '/static/portal.js': { file: 'public/portal.js', type: 'text/javascript; charset=utf-8' },
};

export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const { port = 0, host = '127.0.0.1', seed = 1, count = 250, hostile = false, exportDelayMs = 1500 } = options;
  const todayDate = options.today ?? londonToday();
  const cases = generateCases({ seed, count, today: todayDate, hostile });
  const byReference = new Map(cases.map((record) => [record.caseReference, record]));
  const exports: PreparedExport[] = [];
  let nextExport = 1;
  // Read once: the files are small, and a test run should not hit the disk per request.
  const statics = new Map(Object.entries(STATIC).map(([route, { file, type }]) => [route, { body: readFileSync(path.join(HERE, file)), type }]));

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `Internal error: ${String(error)}`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://portal.invalid');
    const route = url.pathname;
    const method = request.method ?? 'GET';

    const staticFile = statics.get(route);
    if (staticFile && method === 'GET') return send(response, 200, staticFile.type, staticFile.body);

    if (method === 'GET' && (route === '/' || route === '/dashboard')) return sendHtml(response, dashboardPage(cases, todayDate));
    if (method === 'GET' && route === '/cases') {
      const flavour = url.searchParams.get('flavour') ?? 'table';
      if (flavour === 'table' || flavour === 'grid') return sendHtml(response, caseListPage(cases, todayDate, flavour));
      return sendHtml(response, unknownLayoutPage(cases));
    }
    if (method === 'GET' && route === '/no-table') return sendHtml(response, noTablePage(url.searchParams.get('page')));

    if (route === '/api/exports' && method === 'GET') return sendJson(response, 200, { exports: exports.map(describe) });
    if (route === '/api/exports' && method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(request));
      } catch {
        return sendJson(response, 400, { error: 'The request was not JSON.' });
      }
      const request_ = body as { references?: unknown; all?: unknown; openOnly?: unknown };
      let references: string[];
      if (request_.all === true) {
        references = cases.filter((record) => request_.openOnly !== true || record.closureDate === '').map((record) => record.caseReference);
      } else if (Array.isArray(request_.references) && request_.references.every((item) => typeof item === 'string')) {
        references = [...new Set(request_.references as string[])];
        if (references.length === 0) return sendJson(response, 400, { error: 'Select at least one case to download.' });
        if (references.length > MAX_SELECTED_EXPORT) return sendJson(response, 400, { error: `${TOO_MANY_MESSAGE}.` });
        const unknown = references.filter((reference) => !byReference.has(reference));
        if (unknown.length > 0) return sendJson(response, 400, { error: `Unknown case reference: ${unknown.slice(0, 3).join(', ')}` });
      } else {
        return sendJson(response, 400, { error: 'Send {"references": [...]} or {"all": true}.' });
      }
      const now = Date.now();
      const prepared: PreparedExport = {
        id: String(nextExport++),
        name: exportFileName(new Date(now)),
        references,
        createdAt: now,
        readyAt: now + exportDelayMs,
        read: false,
      };
      exports.unshift(prepared);
      return sendJson(response, 202, describe(prepared));
    }
    const markRead = /^\/api\/exports\/(\d+)\/read$/.exec(route);
    if (markRead && method === 'POST') {
      const prepared = exports.find((item) => item.id === markRead[1]);
      if (!prepared) return sendJson(response, 404, { error: 'No such export.' });
      prepared.read = true;
      return sendJson(response, 200, describe(prepared));
    }
    const download = /^\/download\/(\d+)\.csv$/.exec(route);
    if (download && method === 'GET') {
      const prepared = exports.find((item) => item.id === download[1]);
      if (!prepared) return send(response, 404, 'text/plain; charset=utf-8', 'No such file.');
      if (Date.now() < prepared.readyAt) return send(response, 409, 'text/plain; charset=utf-8', 'The file is not ready yet.');
      const csv = casesToCsv(prepared.references.map((reference) => byReference.get(reference)!));
      response.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${prepared.name}"`,
        'Cache-Control': 'no-store',
      });
      response.end(csv);
      return;
    }
    send(response, 404, 'text/html; charset=utf-8', page('Page not found', '<h1>Page not found</h1><p><a href="/">Back to the Dashboard</a></p>', ''));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    cases,
    today: todayDate,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function describe(prepared: PreparedExport) {
  return {
    id: prepared.id,
    name: prepared.name,
    count: prepared.references.length,
    createdAt: new Date(prepared.createdAt).toISOString(),
    ready: Date.now() >= prepared.readyAt,
    readyInMs: Math.max(0, prepared.readyAt - Date.now()),
    read: prepared.read,
    url: `/download/${prepared.id}.csv`,
  };
}

function exportFileName(at: Date): string {
  return `case-list-export-${at.toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 5_000_000) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}
function sendHtml(response: ServerResponse, html: string): void {
  send(response, 200, 'text/html; charset=utf-8', html);
}
function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

// ---------------------------------------------------------------------------------------------
// Pages

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON safe inside <script type="application/json">: no `<`, `>` or `&` can end the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const BELL_SVG =
  '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/></svg>';

function page(title: string, main: string, current: string, script = true): string {
  const nav = [
    ['/', 'Dashboard'],
    ['/cases', 'View case list'],
    ['/no-table?page=track-upload', 'Track upload'],
    ['/no-table?page=case-work', 'Case work...'],
  ]
    .map(([href, label]) => `<a href="${href}"${label === current ? ' aria-current="page" class="current"' : ''}>${label}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Ombudsman Connect for Business</title>
<link rel="stylesheet" href="/static/portal.css">
</head>
<body>
<header class="portal-header">
  <div class="portal-brand"><span class="portal-logo" aria-hidden="true">FOS</span><span>Financial Ombudsman Service</span></div>
  <div class="portal-account">
    <button type="button" class="portal-bell" id="bell" aria-label="Notifications" aria-expanded="false" aria-controls="notifications">${BELL_SVG}<span class="portal-bell-count" id="bell-count" hidden>0</span></button>
    <span class="portal-user">Caseworkerfour Portal</span>
  </div>
</header>
<nav class="portal-nav" aria-label="Main">${nav}</nav>
<aside class="portal-notifications" id="notifications" hidden aria-label="Notifications">
  <h2>Notifications</h2>
  <ul id="notification-list"></ul>
  <p class="portal-empty" id="notification-empty">You have no notifications.</p>
  <a href="/cases#available-for-download">View all</a>
</aside>
<main class="portal-main">
${main}
</main>
<footer class="portal-footer">Ombudsman Connect for Business &middot; simulated portal for development and tests</footer>
${script ? '<script src="/static/portal.js" defer></script>' : ''}
</body>
</html>`;
}

function crumbs(label: string): string {
  return `<nav class="portal-breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> <span aria-hidden="true">&gt;</span> <span>${escapeHtml(label)}</span></nav>`;
}

const isOpen = (record: CaseRecord): boolean => record.closureDate === '';
const isUnassigned = (owner: string): boolean => owner === '' || owner === 'Unassigned';

function dashboardPage(cases: readonly CaseRecord[], todayDate: IsoDate): string {
  const open = cases.filter(isOpen);
  const stages = ['Investigation', 'View', 'Decision'].map((stage) => [stage, open.filter((record) => record.caseStage === stage).length] as const);
  const owners = new Map<string, number>();
  for (const record of open) {
    const owner = isUnassigned(record.yourCaseOwner) ? 'Unassigned' : record.yourCaseOwner;
    owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  const ownerCards = [...owners]
    .sort((a, b) => (a[0] === 'Unassigned' ? -1 : b[0] === 'Unassigned' ? 1 : b[1] - a[1]))
    .map(([owner, total]) => `<div class="portal-card portal-owner"><span class="portal-card-label">${escapeHtml(owner)}</span><span class="portal-card-value">${total}</span></div>`)
    .join('');
  const recent = cases.slice(0, 5);
  const head = RECENTLY_ADDED_KEYS.map((key) => `<th scope="col">${escapeHtml(FIELD_BY_KEY[key].label)}</th>`).join('');
  const rows = recent.map((record) => `<tr>${RECENTLY_ADDED_KEYS.map((key) => `<td>${escapeHtml(record[key])}</td>`).join('')}</tr>`).join('\n');
  const main = `${crumbs('Dashboard')}
<h1>Dashboard</h1>
<p class="portal-lede">Welcome back. Today is ${escapeHtml(todayDate.split('-').reverse().join('-'))}.</p>
<div class="portal-dashboard">
<section class="portal-panel" aria-labelledby="summary-heading">
  <h2 id="summary-heading">Summary</h2>
  <table class="portal-summary-table"><thead><tr>${stages.map(([stage]) => `<th scope="col">${stage}</th>`).join('')}<th scope="col">Total</th></tr></thead>
  <tbody><tr>${stages.map(([, total]) => `<td>${total}</td>`).join('')}<td>${open.length}</td></tr></tbody></table>
</section>
<section class="portal-panel" aria-labelledby="owners-heading">
  <h2 id="owners-heading">Case owners</h2>
  <div class="portal-cards">${ownerCards}</div>
</section>
</div>
<section class="portal-panel" aria-labelledby="recent-heading">
  <div class="portal-panel-head"><h2 id="recent-heading">Recently added cases</h2><a class="portal-view-all" href="/cases">View all cases</a></div>
  <table class="portal-table portal-recent"><thead><tr>${head}</tr></thead><tbody>
${rows}
  </tbody></table>
</section>`;
  return page('Dashboard', main, 'Dashboard');
}

function caseListPage(cases: readonly CaseRecord[], todayDate: IsoDate, flavour: 'table' | 'grid'): string {
  const data = {
    flavour,
    today: todayDate,
    maxSelected: MAX_SELECTED_EXPORT,
    fields: FIELDS.map((field) => ({ key: field.key, label: field.label, type: field.type })),
    defaultColumns: DEFAULT_CASE_LIST_KEYS,
    cases,
  };
  const chooser = FIELDS.map(
    (field) =>
      `<label class="portal-chooser-item"><input type="checkbox" name="column" value="${field.key}"${DEFAULT_CASE_LIST_KEYS.includes(field.key) ? ' checked' : ''}${flavour === 'grid' && field.key === 'caseReference' ? ' disabled' : ''}> ${escapeHtml(field.label)}</label>`,
  ).join('');
  const stageOptions = ['Investigation', 'View', 'Decision'].map((stage) => `<option>${stage}</option>`).join('');
  const table =
    flavour === 'table'
      ? `<table class="portal-table portal-case-table" aria-label="Cases"><thead><tr></tr></thead><tbody></tbody></table>`
      : `<div class="portal-grid" role="grid" aria-label="Cases" aria-rowcount="-1"><div class="portal-grid-head" role="rowgroup"></div><div class="portal-grid-body" role="rowgroup"></div></div>`;
  const main = `${crumbs('View case list')}
<h1>View case list</h1>
<p class="portal-lede">You can view and work on your cases belonging to your organisation here</p>
<section class="portal-panel" aria-labelledby="summary-heading">
  <h2 id="summary-heading">Summary</h2>
  <div class="portal-cards">
    <div class="portal-card"><span class="portal-card-label">Total cases listed</span><span class="portal-card-value" id="card-total">0</span></div>
    <div class="portal-card"><span class="portal-card-label">Priority cases</span><span class="portal-card-value" id="card-priority">0</span></div>
    <div class="portal-card"><span class="portal-card-label">Action required</span><span class="portal-card-value" id="card-action">0</span></div>
    <div class="portal-card"><span class="portal-card-label">Business file overdue</span><span class="portal-card-value" id="card-overdue">0</span></div>
  </div>
</section>
<section class="portal-panel portal-quick" aria-labelledby="quick-heading">
  <h2 id="quick-heading">Quick Action</h2>
  <div class="portal-quick-buttons">
    <button type="button" class="portal-button" id="update-cases">Update Cases</button>
    <button type="button" class="portal-button" id="assign-cases">Assign Cases</button>
    <button type="button" class="portal-button" id="available-button">Available for download</button>
  </div>
  <p class="portal-message" id="quick-message" role="status" hidden></p>
</section>
<section class="portal-panel portal-case-list" id="case-list">
  <p>Showing a view of your cases, you can search/filter/sort on as required.</p>
  <div class="portal-toolbar">
    <label class="portal-search">Search within cases visible below <input type="search" id="case-search" autocomplete="off" placeholder="Search"></label>
    <button type="button" class="portal-button portal-secondary" id="filter-button" aria-expanded="false" aria-controls="filter-panel">Filter</button>
    <span class="portal-selected" id="selected-count" aria-live="polite">Cases selected: 0</span>
  </div>
  <div class="portal-filter" id="filter-panel" hidden>
    <label>Case stage <select id="filter-stage"><option value="">Any</option>${stageOptions}</select></label>
    <label><input type="checkbox" id="filter-priority"> Priority cases only</label>
    <label><input type="checkbox" id="filter-action"> Action required only</label>
    <label><input type="checkbox" id="filter-overdue"> Business file overdue only</label>
  </div>
  <div class="portal-toolbar">
    <label class="portal-switch"><input type="checkbox" role="switch" id="open-only" checked> <span class="portal-switch-track" aria-hidden="true"></span> Show only open cases</label>
    <button type="button" class="portal-link" id="reset-view">Reset to default view</button>
    <span class="portal-export">Export: <button type="button" class="portal-link" id="export-selected">Selected Cases</button> | <button type="button" class="portal-link" id="export-all">All Cases</button></span>
  </div>
  <p class="portal-message portal-error" id="export-message" role="alert" hidden></p>
  <div class="portal-toolbar">
    <details class="portal-chooser" id="column-chooser"><summary>Column view</summary><fieldset><legend>Columns to show</legend>${chooser}</fieldset></details>
    <button type="button" class="portal-link" id="fullscreen">Expand to full-screen view</button>
  </div>
  <div class="portal-table-wrap density-list" id="table-wrap">
    ${table}
    <p class="portal-empty" id="no-rows" hidden>No cases match your search.</p>
  </div>
  <div class="portal-table-footer">
    <span>List View Density: <button type="button" class="portal-link" data-density="list" aria-pressed="true">List</button> <button type="button" class="portal-link" data-density="grid" aria-pressed="false">Grid</button></span>
    <label>Rows per page: <select id="rows-per-page"><option>10</option><option>25</option><option>50</option><option>100</option></select></label>
    <span id="page-range">0-0 of 0</span>
    <button type="button" class="portal-pager" id="prev-page" aria-label="Previous page">&lsaquo;</button>
    <button type="button" class="portal-pager" id="next-page" aria-label="Next page">&rsaquo;</button>
  </div>
</section>
<section class="portal-panel" id="available-for-download" aria-labelledby="downloads-heading">
  <h2 id="downloads-heading">Available for download</h2>
  <ul class="portal-downloads" id="download-list"></ul>
  <p class="portal-empty" id="downloads-empty">No files are ready for download yet.</p>
</section>
<div class="portal-modal-backdrop" id="export-modal" hidden>
  <div class="portal-modal" role="dialog" aria-modal="true" aria-labelledby="export-modal-title">
    <h2 id="export-modal-title">New Notification</h2>
    <p>We are getting your files ready for download. To download them please go to 'available for download' on 'view case list' screens.</p>
    <button type="button" class="portal-button" id="export-modal-close">Close</button>
  </div>
</div>
<script type="application/json" id="portal-data">${jsonForScript(data)}</script>`;
  return page('View case list', main, 'View case list');
}

/** "View case list" whose cases are cards: the extension must say it does not recognise the table. */
function unknownLayoutPage(cases: readonly CaseRecord[]): string {
  const cards = cases
    .slice(0, 10)
    .map(
      (record) =>
        `<li class="portal-case-card"><h3>${escapeHtml(record.caseReference)}</h3><dl>${DEFAULT_CASE_LIST_KEYS.slice(1)
          .map((key) => `<div><dt>${escapeHtml(FIELD_BY_KEY[key].label)}</dt><dd>${escapeHtml(record[key])}</dd></div>`)
          .join('')}</dl></li>`,
    )
    .join('\n');
  const main = `${crumbs('View case list')}
<h1>View case list</h1>
<p class="portal-lede">You can view and work on your cases belonging to your organisation here</p>
<section class="portal-panel"><ul class="portal-case-cards">
${cards}
</ul></section>`;
  return page('View case list', main, 'View case list');
}

function noTablePage(which: string | null): string {
  const title = which === 'case-work' ? 'Case work' : 'Track upload';
  const main = `${crumbs(title)}
<h1>${title}</h1>
<p class="portal-lede">${which === 'case-work' ? 'Upload documents and respond to requests on your cases.' : 'Check the progress of files you have uploaded to us.'}</p>
<section class="portal-panel">
  <h2>Upload a file</h2>
  <form class="portal-form" onsubmit="return false">
    <label>Case reference <input type="text" name="reference" placeholder="PNX-"></label>
    <label>File <input type="file" name="file"></label>
    <button type="submit" class="portal-button">Upload</button>
  </form>
  <p>You have no uploads in progress.</p>
</section>`;
  return page(title, main, which === 'case-work' ? 'Case work...' : 'Track upload');
}

// ---------------------------------------------------------------------------------------------
// Run directly: serve until killed.

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      count: { type: 'string', default: '250' },
      today: { type: 'string' },
      hostile: { type: 'boolean', default: false },
    },
  });
  const todayDate = values.today ? asIsoDate(values.today) : undefined;
  if (values.today && !todayDate) throw new Error(`--today must be yyyy-MM-dd, got ${values.today}`);
  const portal = await startPortal({
    port: Number(values.port),
    host: values.host,
    seed: Number(values.seed),
    count: Number(values.count),
    today: todayDate,
    hostile: values.hostile,
  });
  console.log(`Simulated portal: ${portal.url}/  (case list: ${portal.url}/cases, grid flavour: ${portal.url}/cases?flavour=grid)`);
  const stop = () => void portal.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
