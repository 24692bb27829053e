import { describe, expect, it } from 'vitest';
import {
  MAX_OFFERS,
  dispositionFileName,
  downloadName,
  fetchFailureMessage,
  fetchedFileProblem,
  isPortalUrl,
  networkFailureReason,
  looksLikeCsv,
  normaliseOffers,
  offerFor,
  offerHeadline,
  portalPatterns,
  reduceOffers,
  type CollectOffer,
  type DownloadFacts,
} from '../../lib/collect';
import { PORTAL_MATCHES, TEST_MATCHES } from '../../lib/hosts';

const PRODUCTION = portalPatterns([...PORTAL_MATCHES]);
const WITH_EXTRA = portalPatterns([...PORTAL_MATCHES, 'https://portal.example.org/*']);
const E2E = portalPatterns([...PORTAL_MATCHES, ...TEST_MATCHES]);

describe('isPortalUrl', () => {
  it.each([
    { description: 'a portal subdomain', url: 'https://connect.financial-ombudsman.org.uk/download/1.csv', patterns: PRODUCTION, expected: true },
    { description: 'the bare portal domain', url: 'https://financial-ombudsman.org.uk/x.csv', patterns: PRODUCTION, expected: true },
    { description: 'plain http to the portal', url: 'http://connect.financial-ombudsman.org.uk/x.csv', patterns: PRODUCTION, expected: false },
    { description: 'a look-alike host', url: 'https://connect.financial-ombudsman.org.uk.evil.example/x.csv', patterns: PRODUCTION, expected: false },
    { description: 'a host suffix without the dot', url: 'https://evilfinancial-ombudsman.org.uk/x.csv', patterns: PRODUCTION, expected: false },
    { description: 'a host added in the options', url: 'https://portal.example.org/files/a.csv', patterns: WITH_EXTRA, expected: true },
    { description: 'the same host not added', url: 'https://portal.example.org/files/a.csv', patterns: PRODUCTION, expected: false },
    { description: 'loopback in a production build', url: 'http://127.0.0.1:8080/download/1.csv', patterns: PRODUCTION, expected: false },
    { description: 'loopback with any port in an e2e build', url: 'http://127.0.0.1:41234/download/1.csv', patterns: E2E, expected: true },
    { description: 'a blob: made by the portal page', url: 'blob:https://connect.financial-ombudsman.org.uk/5d0c-11', patterns: PRODUCTION, expected: true },
    { description: 'a blob: made by the extension', url: 'blob:chrome-extension://abcdef/5d0c-11', patterns: E2E, expected: false },
    { description: 'a data: address', url: 'data:text/csv,a,b', patterns: E2E, expected: false },
    { description: 'not an address', url: 'not a url', patterns: E2E, expected: false },
    { description: 'no address', url: undefined, patterns: E2E, expected: false },
  ])('$description', ({ url, patterns, expected }) => {
    expect(isPortalUrl(url, patterns)).toBe(expected);
  });

  it.each([
    { description: 'every https site is never a portal', patterns: ['https://*/*'] },
    { description: 'every site is never a portal', patterns: ['<all_urls>', '*://*/*'] },
    { description: 'a malformed pattern names no portal', patterns: ['portal.example.org'] },
  ])('$description', ({ patterns }) => {
    expect(portalPatterns(patterns)).toEqual([]);
  });
});

describe('looksLikeCsv and downloadName', () => {
  it.each([
    { description: 'text/csv with a GUID file name (automated browser)', item: { mime: 'text/csv', filename: '/tmp/dl/6f1c2a9e-8b', url: 'https://p.example/download/1' }, csv: true, name: 'portal-export.csv' },
    { description: 'text/csv; charset with its own name', item: { mime: 'text/csv; charset=utf-8', filename: 'C:\\Users\\a\\Downloads\\case-list-export.csv', url: 'https://p.example/d/1.csv' }, csv: true, name: 'case-list-export.csv' },
    { description: 'Excel-installed Windows type with a .csv name', item: { mime: 'application/vnd.ms-excel', filename: '/home/a/Downloads/export (1).csv', url: 'https://p.example/x' }, csv: true, name: 'export (1).csv' },
    { description: 'Excel type for a workbook', item: { mime: 'application/vnd.ms-excel', filename: '/home/a/Downloads/cases.xls', url: 'https://p.example/cases.xls' }, csv: false, name: 'cases.xls' },
    { description: 'octet-stream, but the address ends in .csv', item: { mime: 'application/octet-stream', filename: '/tmp/abc', url: 'https://p.example/download/7.csv' }, csv: true, name: '7.csv' },
    { description: 'the final address ends in .csv', item: { mime: '', filename: '', url: 'https://p.example/get?id=7', finalUrl: 'https://p.example/files/7.csv' }, csv: true, name: '7.csv' },
    { description: 'a PDF', item: { mime: 'application/pdf', filename: '/home/a/guide.pdf', url: 'https://p.example/guide.pdf' }, csv: false, name: 'guide.pdf' },
    { description: 'tab-separated', item: { mime: 'text/tab-separated-values', filename: '/a/b.tsv', url: 'https://p.example/b' }, csv: true, name: 'b.tsv' },
    { description: 'an escaped name in the address', item: { mime: 'text/csv', filename: '', url: 'https://p.example/Case%20list.csv' }, csv: true, name: 'Case list.csv' },
  ])('$description', ({ item, csv, name }) => {
    expect(looksLikeCsv(item)).toBe(csv);
    expect(downloadName(item)).toBe(name);
  });
});

describe('offerFor', () => {
  const base: DownloadFacts = { id: 7, url: 'http://127.0.0.1:5000/download/3.csv', mime: 'text/csv', filename: '/tmp/guid', fileSize: 1234 };
  it.each([
    { description: 'a portal CSV', item: base, patterns: E2E, expected: { url: base.url, name: '3.csv', fetchable: true, size: 1234 } },
    { description: 'not on a portal host', item: base, patterns: PRODUCTION, expected: undefined },
    { description: 'not a CSV', item: { ...base, mime: 'application/pdf', url: 'http://127.0.0.1:5000/guide.pdf' }, patterns: E2E, expected: undefined },
    {
      description: 'redirected to a portal host: the final address is fetched',
      item: { ...base, url: 'https://elsewhere.example/go', finalUrl: 'http://localhost:5000/download/4.csv' },
      patterns: E2E,
      expected: { url: 'http://localhost:5000/download/4.csv', name: '4.csv', fetchable: true, size: 1234 },
    },
    {
      description: 'redirected away from the portal: not offered (served by another host)',
      item: { ...base, finalUrl: 'https://cdn.example/file.csv' },
      patterns: E2E,
      expected: undefined,
    },
    {
      description: 'made in the portal page (blob:): offered, but cannot be fetched again',
      item: { ...base, url: 'blob:http://127.0.0.1:5000/1f2e', filename: '/home/a/export.csv', fileSize: -1 },
      patterns: E2E,
      expected: { url: 'blob:http://127.0.0.1:5000/1f2e', name: 'export.csv', fetchable: false },
    },
  ])('$description', ({ item, patterns, expected }) => {
    const offer = offerFor(item, patterns, 1000);
    if (expected === undefined) expect(offer).toBeUndefined();
    else expect(offer).toEqual({ id: `download-${item.id}-1000`, downloadId: item.id, offeredAt: 1000, status: 'new', ...expected });
  });
});

function offer(id: string, url: string, at = 1): CollectOffer {
  return { id, downloadId: Number(id.replace(/\D/g, '')) || 0, name: `${id}.csv`, url, fetchable: true, offeredAt: at, status: 'new' };
}

describe('reduceOffers', () => {
  const a = offer('a1', 'https://p.example/1.csv');
  const b = offer('b2', 'https://p.example/2.csv');
  it.each([
    { description: 'a new offer goes first', before: [a], action: { type: 'offered', offer: b } as const, expected: [b, a] },
    { description: 'the same address again replaces its older offer', before: [a, b], action: { type: 'offered', offer: { ...a, id: 'a3', offeredAt: 9 } } as const, expected: [{ ...a, id: 'a3', offeredAt: 9 }, b] },
    { description: 'a failure keeps the offer with its message', before: [a, b], action: { type: 'failed', id: 'b2', message: 'Could not fetch' } as const, expected: [a, { ...b, status: 'failed', message: 'Could not fetch' }] },
    { description: 'collected goes', before: [a, b], action: { type: 'collected', id: 'a1' } as const, expected: [b] },
    { description: 'dismissed goes', before: [a, b], action: { type: 'dismissed', id: 'b2' } as const, expected: [a] },
    { description: 'an unknown id changes nothing', before: [a], action: { type: 'dismissed', id: 'zz' } as const, expected: [a] },
  ])('$description', ({ before, action, expected }) => {
    expect(reduceOffers(before, action)).toEqual(expected);
  });

  it(`keeps at most ${MAX_OFFERS}, newest first`, () => {
    let offers: CollectOffer[] = [];
    for (let i = 0; i < MAX_OFFERS + 5; i += 1) offers = reduceOffers(offers, { type: 'offered', offer: offer(`o${i}`, `https://p.example/${i}.csv`, i) });
    expect(offers).toHaveLength(MAX_OFFERS);
    expect(offers[0]!.id).toBe(`o${MAX_OFFERS + 4}`);
    expect(offers.at(-1)!.id).toBe('o5');
  });

  it.each([
    { description: 'nothing stored', stored: undefined, expected: [] },
    { description: 'not a list', stored: { a: 1 }, expected: [] },
    { description: 'a malformed entry is dropped', stored: [a, { id: 3 }, null, { ...b, status: 'weird' }], expected: [a] },
  ])('normaliseOffers: $description', ({ stored, expected }) => {
    expect(normaliseOffers(stored)).toEqual(expected);
  });
});

describe('words', () => {
  it.each([
    [0, '0 new exports — add to workbench'],
    [1, '1 new export — add to workbench'],
    [2, '2 new exports — add to workbench'],
  ])('offerHeadline(%i)', (count, expected) => {
    expect(offerHeadline(count)).toBe(expected);
  });

  it('fetchFailureMessage', () => {
    expect(fetchFailureMessage('a.csv', 'the portal answered 404 Not Found')).toBe('Could not fetch a.csv: the portal answered 404 Not Found. Download it again and drop it on the workbench.');
  });

  it.each([
    { description: 'Chromium', error: new TypeError('Failed to fetch'), expected: 'the portal could not be reached (Failed to fetch)' },
    { description: 'Firefox (its full stop dropped)', error: new TypeError('NetworkError when attempting to fetch resource.'), expected: 'the portal could not be reached (NetworkError when attempting to fetch resource)' },
    { description: 'a timeout', error: new DOMException('signal timed out', 'TimeoutError'), expected: 'the portal did not answer in time' },
    { description: 'an abort', error: new DOMException('aborted', 'AbortError'), expected: 'the portal did not answer in time' },
  ])('networkFailureReason: $description', ({ error, expected }) => {
    expect(networkFailureReason(error)).toBe(expected);
  });

  it.each([
    { description: 'a CSV', facts: { status: 200, statusText: 'OK', contentType: 'text/csv', size: 10, head: 'Case reference,' }, expected: undefined },
    { description: 'not found', facts: { status: 404, statusText: 'Not Found', contentType: 'text/plain', size: 3, head: 'No' }, expected: 'the portal answered 404 Not Found' },
    { description: 'HTTP/2 has no status text', facts: { status: 500, statusText: '', contentType: '', size: 0, head: '' }, expected: 'the portal answered 500' },
    { description: 'a sign-in page', facts: { status: 200, statusText: 'OK', contentType: 'text/html; charset=utf-8', size: 900, head: '<!doctype html>' }, expected: 'the portal sent a web page instead of the file (your portal session may have ended)' },
    { description: 'HTML sent as octet-stream', facts: { status: 200, statusText: 'OK', contentType: 'application/octet-stream', size: 900, head: '\n <html><body>' }, expected: 'the portal sent a web page instead of the file (your portal session may have ended)' },
    { description: 'empty', facts: { status: 200, statusText: 'OK', contentType: 'text/csv', size: 0, head: '' }, expected: 'the portal sent an empty file' },
  ])('fetchedFileProblem: $description', ({ facts, expected }) => {
    expect(fetchedFileProblem(facts)).toBe(expected);
  });

  it.each([
    ['attachment; filename="case-list-export-2026-11-25T09-15-00.csv"', 'case-list-export-2026-11-25T09-15-00.csv'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    ["attachment; filename=\"fallback.csv\"; filename*=UTF-8''Cases%20%C2%A3.csv", 'Cases £.csv'],
    ['attachment; filename="..\\..\\evil.csv"', 'evil.csv'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ['inline', undefined],
    [null, undefined],
  ])('dispositionFileName(%s)', (header, expected) => {
    expect(dispositionFileName(header)).toBe(expected);
  });
});
