// @vitest-environment node
// The simulated portal over HTTP: pages, the embedded data, and the export API (100-case limit,
// preparation delay, CSV download with all 28 columns).
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIELDS } from '../../lib/glossary.ts';
import type { IsoDate } from '../../lib/dates.ts';
import { startPortal, type Portal } from '../../scripts/portal/server.ts';

// A shared 2-core machine can be slow: a page load in happy-dom may take a second or two.
vi.setConfig({ testTimeout: 20_000 });

const TODAY = '2026-11-25' as IsoDate;
let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({ port: 0, seed: 3, count: 250, today: TODAY, hostile: true, exportDelayMs: 1000 });
});
afterAll(async () => {
  await portal.close();
});

const get = (route: string) => fetch(portal.url + route);
const text = async (route: string) => {
  const response = await get(route);
  expect(response.status).toBe(200);
  return response.text();
};
const postExport = (body: unknown) => fetch(`${portal.url}/api/exports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('pages', () => {
  it('listens on a free local port and returns its cases', () => {
    expect(portal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(portal.cases).toHaveLength(256);
    expect(portal.today).toBe(TODAY);
  });

  it('serves the Dashboard with Summary, Case owners and the six columns of Recently added cases', async () => {
    const html = await text('/');
    for (const heading of ['Summary', 'Case owners', 'Recently added cases', 'View all cases', 'Financial Ombudsman Service']) expect(html).toContain(heading);
    const recent = /<table class="portal-table portal-recent"><thead><tr>(.*?)<\/tr>/s.exec(html)![1]!;
    expect([...recent.matchAll(/<th scope="col">(.*?)<\/th>/g)].map((match) => match[1])).toEqual([
      'Case reference',
      'Business reference',
      'Enquiry date',
      'Date moved to investigation',
      'Event date',
      'Business file required by date',
    ]);
    expect(html).toContain(portal.cases[0]!.caseReference);
    const unassigned = portal.cases.filter((record) => record.closureDate === '' && (record.yourCaseOwner === '' || record.yourCaseOwner === 'Unassigned')).length;
    expect(html).toContain(`<span class="portal-card-label">Unassigned</span><span class="portal-card-value">${unassigned}</span>`);
  });

  it.each(['table', 'grid'])('serves the case list (%s flavour) with its data embedded safely', async (flavour) => {
    const html = await text(`/cases?flavour=${flavour}`);
    expect(html).toContain('<h1>View case list</h1>');
    expect(html).toContain('Show only open cases');
    expect(html).toContain(flavour === 'grid' ? 'role="grid"' : '<table class="portal-table portal-case-table"');
    const json = /<script type="application\/json" id="portal-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(json).not.toMatch(/[<>]/);
    const data = JSON.parse(json) as { flavour: string; cases: unknown[]; fields: { label: string }[] };
    expect(data.flavour).toBe(flavour);
    expect(data.cases).toEqual(portal.cases);
    expect(data.fields.map((field) => field.label)).toEqual(FIELDS.map((field) => field.label));
    // Hostile values never reach the page as markup.
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('/static/portal.js');
  });

  it('serves a page without a case table and a case list it cannot recognise', async () => {
    const plain = await text('/no-table');
    expect(plain).toContain('Financial Ombudsman Service');
    expect(plain).not.toMatch(/<table|role="grid"|portal-data/);
    const unknown = await text('/cases?flavour=unknown');
    expect(unknown).toContain('<h1>View case list</h1>');
    expect(unknown).not.toMatch(/<table|role="grid"|role="row"|portal-data/);
    expect(unknown).toContain(portal.cases[0]!.caseReference);
  });

  it('escapes hostile values in server-drawn pages', async () => {
    const small = await startPortal({ seed: 3, count: 2, today: TODAY, hostile: true });
    try {
      const values = small.cases.flatMap((record) => Object.values(record));
      expect(values).toContain('<img src=x onerror=alert(1)>');
      for (const route of ['/', '/cases?flavour=unknown']) {
        const html = await (await fetch(small.url + route)).text();
        expect(html, route).not.toMatch(/<img|<script>alert|<b>Ltd/);
      }
      const cards = await (await fetch(`${small.url}/cases?flavour=unknown`)).text();
      expect(cards).toContain('&#60;img src=x onerror=alert(1)&#62;');
    } finally {
      await small.close();
    }
  });

  it('serves its script and style, and 404 for anything else', async () => {
    expect((await get('/static/portal.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/static/portal.css')).headers.get('content-type')).toMatch(/text\/css/);
    expect((await get('/nothing-here')).status).toBe(404);
  });
});

describe('exports', () => {
  it('refuses more than 100 selected cases', async () => {
    const references = portal.cases.slice(0, 101).map((record) => record.caseReference);
    const response = await postExport({ references });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('You can only select 100 cases for each download');
  });

  it.each<[unknown, string]>([
    [{ references: [] }, 'none'],
    [{ references: ['PNX-0000000-NONE'] }, 'an unknown reference'],
    [{ nothing: true }, 'no list'],
  ])('refuses %o (%s)', async (body) => {
    expect((await postExport(body)).status).toBe(400);
  });

  it('prepares 100 selected cases, then downloads them as a CSV of 28 columns with dd-MM-yyyy dates', async () => {
    const chosen = portal.cases.slice(100, 200);
    const response = await postExport({ references: chosen.map((record) => record.caseReference) });
    expect(response.status).toBe(202);
    const prepared = (await response.json()) as { id: string; name: string; count: number; ready: boolean; url: string };
    expect(prepared).toMatchObject({ count: 100, ready: false });
    expect(prepared.name).toMatch(/^case-list-export-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.csv$/);
    expect((await get(prepared.url)).status).toBe(409);

    const isReady = async () => {
      const listed = (await (await get('/api/exports')).json()) as { exports: { id: string; ready: boolean }[] };
      return listed.exports.find((item) => item.id === prepared.id)?.ready;
    };
    expect(await isReady()).toBe(false);
    await expect.poll(isReady, { timeout: 5000, interval: 100 }).toBe(true);
    const download = await get(prepared.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${prepared.name}"`);
    const parsed = Papa.parse<Record<string, string>>(await download.text(), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(FIELDS.map((field) => field.label));
    expect(parsed.data.map((row) => row['Case reference'])).toEqual(chosen.map((record) => record.caseReference));
    const dates = parsed.data.flatMap((row) => FIELDS.filter((field) => field.type === 'date').map((field) => row[field.label]!)).filter(Boolean);
    expect(dates.length).toBeGreaterThan(100);
    for (const date of dates) expect(date).toMatch(/^\d{2}-\d{2}-\d{4}$/);

    const read = await fetch(`${portal.url}/api/exports/${prepared.id}/read`, { method: 'POST' });
    expect(((await read.json()) as { read: boolean }).read).toBe(true);
  });

  it('exports all cases, or all open cases', async () => {
    const all = (await (await postExport({ all: true })).json()) as { count: number };
    const open = (await (await postExport({ all: true, openOnly: true })).json()) as { count: number };
    expect(all.count).toBe(portal.cases.length);
    expect(open.count).toBe(portal.cases.filter((record) => record.closureDate === '').length);
    expect(open.count).toBeLessThan(all.count);
  });

  it('has no file for an unknown export', async () => {
    expect((await get('/download/999.csv')).status).toBe(404);
  });
});
