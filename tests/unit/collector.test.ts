import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIRECT_REASON, type CollectOffer, type DownloadFacts } from '../../lib/collect';
import { createCollector } from '../../components/collect/collector';
import { collectedFile, listCollected, openCollectedDb, putCollected, removeAllCollected, removeCollected, type CollectedDb } from '../../components/collect/exportsDb';
import { PORTAL_MATCHES, TEST_MATCHES } from '../../lib/hosts';

const PORTAL = 'http://127.0.0.1:5000';
const CSV = 'Case reference,Case stage\r\nPNX-1-AAAA,View\r\n';
let counter = 0;
const opened: CollectedDb[] = [];

afterEach(() => opened.splice(0).forEach((db) => db.close()));

async function freshDb(): Promise<CollectedDb> {
  const db = await openCollectedDb(`occ-collected-test-${++counter}`);
  opened.push(db);
  return db;
}

type FetchAnswer = Response | Error;

function setup(downloads: DownloadFacts[], answer: (url: string) => FetchAnswer, hosts: string[] = [...PORTAL_MATCHES, ...TEST_MATCHES]) {
  let offers: CollectOffer[] = [];
  const fetched: { url: string; init?: RequestInit }[] = [];
  let clock = 1_000;
  const dbPromise = freshDb();
  const collector = createCollector({
    findDownload: async (id) => downloads.find((item) => item.id === id),
    portalHosts: async () => hosts,
    fetch: async (input, init) => {
      const url = String(input);
      fetched.push({ url, init });
      const result = answer(url);
      if (result instanceof Error) throw result;
      return result;
    },
    db: () => dbPromise,
    loadOffers: async () => offers,
    saveOffers: async (next) => {
      offers = next;
    },
    now: () => (clock += 1),
  });
  return { collector, fetched, offers: () => offers, db: dbPromise };
}

const csvResponse = () => new Response(CSV, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="case-list-export-2026-11-25T09-15-00.csv"' } });
const download = (id: number, url: string, extra: Partial<DownloadFacts> = {}): DownloadFacts => ({ id, url, mime: 'text/csv', filename: `/tmp/${id}`, ...extra });

describe('the collector in the background', () => {
  it.each([
    { description: 'in progress: nothing yet', delta: { id: 1, state: { current: 'in_progress' } }, offered: 0 },
    { description: 'interrupted: nothing', delta: { id: 1, state: { current: 'interrupted' } }, offered: 0 },
    { description: 'another change (no state): nothing', delta: { id: 1 }, offered: 0 },
    { description: 'complete: offered', delta: { id: 1, state: { current: 'complete' } }, offered: 1 },
    { description: 'complete, but the download is gone from history', delta: { id: 99, state: { current: 'complete' } }, offered: 0 },
    { description: 'complete, not a portal host', delta: { id: 2, state: { current: 'complete' } }, offered: 0 },
    { description: 'complete, a portal page but not a CSV', delta: { id: 3, state: { current: 'complete' } }, offered: 0 },
  ])('a download change: $description', async ({ delta, offered }) => {
    const { collector, offers, fetched } = setup(
      [download(1, `${PORTAL}/download/1.csv`), download(2, 'https://elsewhere.example/a.csv'), download(3, `${PORTAL}/help.pdf`, { mime: 'application/pdf' })],
      () => csvResponse(),
    );
    await collector.downloadChanged(delta);
    expect(offers()).toHaveLength(offered);
    // Noticing a download never fetches anything.
    expect(fetched).toEqual([]);
  });

  it('accepting fetches the same address with the session cookie, stores the file and drops the offer', async () => {
    const { collector, offers, fetched, db } = setup([download(1, `${PORTAL}/download/1.csv`)], () => csvResponse());
    const offer = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    const result = await collector.accept(offer.id);
    expect(result).toEqual({ ok: true, name: 'case-list-export-2026-11-25T09-15-00.csv', size: CSV.length });
    expect(fetched.map(({ url, init }) => [url, init?.credentials, init?.redirect])).toEqual([[`${PORTAL}/download/1.csv`, 'include', 'manual']]);
    expect(offers()).toEqual([]);
    const stored = await listCollected(await db);
    expect(stored).toMatchObject([{ name: 'case-list-export-2026-11-25T09-15-00.csv', size: CSV.length, sourceUrl: `${PORTAL}/download/1.csv` }]);
    const file = (await collectedFile(await db, stored[0]!.id))!;
    expect(await file.text()).toBe(CSV);
  });

  it.each([
    { description: 'the portal is unreachable', answer: () => new TypeError('Failed to fetch'), reason: 'the portal could not be reached (Failed to fetch)' },
    { description: 'the file is gone', answer: () => new Response('No such file.', { status: 404, statusText: 'Not Found' }), reason: 'the portal answered 404 Not Found' },
    { description: 'the session ended (sign-in page)', answer: () => new Response('<!doctype html><title>Sign in</title>', { status: 200, headers: { 'Content-Type': 'text/html' } }), reason: 'the portal sent a web page instead of the file (your portal session may have ended)' },
    { description: 'it takes too long', answer: () => new DOMException('signal timed out', 'TimeoutError'), reason: 'the portal did not answer in time' },
    // A browser's answer to a redirect not followed (redirect: 'manual') is opaque, status 0.
    { description: 'the portal redirects (a browser)', answer: () => Object.assign(Object.create(Response.prototype) as Response, { type: 'opaqueredirect', status: 0, url: '' }), reason: REDIRECT_REASON },
    { description: 'the portal redirects (Node: the 3xx itself)', answer: () => new Response(null, { status: 302, headers: { Location: 'https://cdn.example/1.csv' } }), reason: REDIRECT_REASON },
    { description: 'an answer from another address', answer: () => Object.defineProperty(csvResponse(), 'url', { value: 'https://cdn.example/1.csv' }), reason: REDIRECT_REASON },
  ])('a failed fetch says so and asks for the file to be dropped: $description', async ({ answer, reason }) => {
    const { collector, offers, db } = setup([download(1, `${PORTAL}/download/1.csv`)], answer as (url: string) => FetchAnswer);
    const offer = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    const message = `Could not fetch 1.csv: ${reason}. Download it again and drop it on the workbench.`;
    expect(await collector.accept(offer.id)).toEqual({ ok: false, message });
    expect(offers()).toEqual([{ ...offer, status: 'failed', message }]);
    expect(await listCollected(await db)).toEqual([]);
  });

  it('a failed offer tried again is collected once the portal answers', async () => {
    let online = false;
    const { collector, offers, db } = setup([download(1, `${PORTAL}/download/1.csv`)], () => (online ? csvResponse() : new TypeError('Failed to fetch')));
    const offer = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    expect((await collector.accept(offer.id)).ok).toBe(false);
    expect(offers()[0]!.status).toBe('failed');
    online = true;
    expect((await collector.accept(offer.id)).ok).toBe(true);
    expect(offers()).toEqual([]);
    expect(await listCollected(await db)).toHaveLength(1);
  });

  it('never fetches an offer whose host is no longer a portal host', async () => {
    const hosts = [...PORTAL_MATCHES, 'https://portal.example.org/*'];
    const { collector, fetched } = setup([download(1, 'https://portal.example.org/x/1.csv')], () => csvResponse(), hosts);
    const offer = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    expect(offer).toBeDefined();
    hosts.splice(1); // the user removed the host in the options
    const result = await collector.accept(offer.id);
    expect(result).toEqual({ ok: false, message: 'Could not fetch 1.csv: its address is no longer one of your portal hosts. Download it again and drop it on the workbench.' });
    expect(fetched).toEqual([]);
  });

  it('a file the portal page made itself (blob:) is offered, and accepting it asks for the file without fetching', async () => {
    const { collector, fetched } = setup([download(1, `blob:${PORTAL}/4d2f`, { filename: '/home/a/export.csv' })], () => csvResponse());
    const offer = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    expect(await collector.accept(offer.id)).toEqual({
      ok: false,
      message: 'Could not fetch export.csv: the portal made it inside its page, where the extension cannot fetch it again. Download it again and drop it on the workbench.',
    });
    expect(fetched).toEqual([]);
  });

  it('dismiss drops the offer; several downloads finishing at once are all kept', async () => {
    const items = [1, 2, 3, 4].map((id) => download(id, `${PORTAL}/download/${id}.csv`));
    const { collector, offers } = setup(items, () => csvResponse());
    // The change events arrive together: each read-change-write waits for the one before.
    await Promise.all(items.map((item) => collector.downloadChanged({ id: item.id, state: { current: 'complete' } })));
    expect(offers().map((offer) => offer.downloadId).sort()).toEqual([1, 2, 3, 4]);
    await collector.dismiss(offers()[0]!.id);
    expect(offers()).toHaveLength(3);
  });

  it('"delete all case data" removes collected files and offers', async () => {
    const { collector, offers, db } = setup([download(1, `${PORTAL}/download/1.csv`), download(2, `${PORTAL}/download/2.csv`)], () => csvResponse());
    const first = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    await collector.downloadChanged({ id: 2, state: { current: 'complete' } });
    await collector.accept(first.id);
    expect(await listCollected(await db)).toHaveLength(1);
    await collector.clearAll();
    expect(await listCollected(await db)).toEqual([]);
    expect(offers()).toEqual([]);
  });
});

describe('the collected-exports database', () => {
  it('keeps files until removed, lists them oldest first without their bytes, and removes one or all', async () => {
    const db = await freshDb();
    const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    const b = await putCollected(db, { name: 'b.csv', collectedAt: 20, sourceUrl: `${PORTAL}/download/2.csv`, type: 'text/csv', bytes: bytes('bb') });
    const a = await putCollected(db, { name: 'a.csv', collectedAt: 10, sourceUrl: `${PORTAL}/download/1.csv`, type: 'text/csv', bytes: bytes('a') });
    expect(await listCollected(db)).toEqual([
      { id: a.id, name: 'a.csv', size: 1, collectedAt: 10, sourceUrl: `${PORTAL}/download/1.csv`, type: 'text/csv' },
      { id: b.id, name: 'b.csv', size: 2, collectedAt: 20, sourceUrl: `${PORTAL}/download/2.csv`, type: 'text/csv' },
    ]);
    const file = (await collectedFile(db, b.id))!;
    expect([file.name, file.lastModified, await file.text()]).toEqual(['b.csv', 20, 'bb']);
    await removeCollected(db, b.id);
    expect(await collectedFile(db, b.id)).toBeUndefined();
    expect((await listCollected(db)).map((item) => item.name)).toEqual(['a.csv']);
    await removeAllCollected(db);
    expect(await listCollected(db)).toEqual([]);
    expect(await collectedFile(db, a.id)).toBeUndefined();
  });
});
