// @vitest-environment node
// The collector's fetch against real servers: a portal address that redirects to another host is
// refused with its reason, and the other host is never contacted (README: "fetched again from the
// portal only").
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollector } from '../../components/collect/collector';
import { openCollectedDb, listCollected } from '../../components/collect/exportsDb';
import { fetchFailureMessage, REDIRECT_REASON, type CollectOffer } from '../../lib/collect';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server on 127.0.0.1 answering with `handle`; every path asked for is logged in `hits`. */
async function serve(handle: (response: http.ServerResponse) => void, hits: string[]): Promise<string> {
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    handle(response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('collecting from a portal address that redirects', () => {
  it.each([
    // The other host is "localhost": not a portal host of the patterns below.
    { description: 'to another host', status: 302, sameHost: false },
    { description: 'to another host, permanently', status: 301, sameHost: false },
    // Not followed either: the extension fetches the address it offered, nothing else.
    { description: 'on the portal host itself', status: 307, sameHost: true },
  ])('$description ($status): refused with its reason; the target is never fetched', async ({ status, sameHost }) => {
    const otherHits: string[] = [];
    const other = await serve((response) => {
      response.setHeader('Content-Type', 'text/csv');
      response.end('Case reference\nPNX-1234567-ABCD\n');
    }, otherHits);
    const portalHits: string[] = [];
    const portal = await serve((response) => {
      response.statusCode = status;
      response.setHeader('Location', sameHost ? '/elsewhere.csv' : `http://localhost:${other.split(':')[1]}/elsewhere.csv`);
      response.end();
    }, portalHits);
    const item = { id: 1, url: `http://${portal}/export/123.csv`, mime: 'text/csv', filename: '/downloads/export.csv' };
    let offers: CollectOffer[] = [];
    const db = await openCollectedDb(`occ-collected-redirect-${status}`);
    const collector = createCollector({
      findDownload: async () => item,
      portalHosts: async () => ['http://127.0.0.1/*'],
      fetch: (input, init) => fetch(input, init),
      db: async () => db,
      loadOffers: async () => offers,
      saveOffers: async (next) => {
        offers = next;
      },
    });
    const offer = (await collector.downloadChanged({ id: 1, state: { current: 'complete' } }))!;
    expect(await collector.accept(offer.id)).toEqual({ ok: false, message: fetchFailureMessage('export.csv', REDIRECT_REASON) });
    expect(portalHits).toEqual(['/export/123.csv']);
    expect(otherHits).toEqual([]);
    expect(await listCollected(db)).toEqual([]);
    db.close();
  });
});
