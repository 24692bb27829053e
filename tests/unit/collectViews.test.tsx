import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CollectOffers } from '../../components/collect/CollectOffers';
import { CollectedExports } from '../../components/collect/CollectedExports';
import { listCollected, openCollectedDb, putCollected, type CollectedDb } from '../../components/collect/exportsDb';
import type { CollectRequest } from '../../components/collect/messages';
import type { CollectOffer } from '../../lib/collect';
import { mountPoint, settle } from './preact-helpers';

const root = mountPoint(() => fakeBrowser.reset());


function offer(n: number, extra: Partial<CollectOffer> = {}): CollectOffer {
  return { id: `o${n}`, downloadId: n, name: `export-${n}.csv`, url: `https://p.example/download/${n}.csv`, fetchable: true, offeredAt: n, status: 'new', ...extra };
}

const click = (selector: string) => act(() => (root().querySelector(selector) as HTMLButtonElement).click());

describe('CollectOffers (popup)', () => {
  it.each([
    { description: 'nothing to offer: nothing shown', offers: [], headline: undefined, items: 0 },
    { description: 'one', offers: [offer(1)], headline: '1 new export — add to workbench', items: 1 },
    { description: 'three', offers: [offer(1), offer(2), offer(3)], headline: '3 new exports — add to workbench', items: 3 },
    { description: 'one new and one failed: only the new one counted', offers: [offer(1), offer(2, { status: 'failed', message: 'Could not fetch export-2.csv: x. Download it again and drop it on the workbench.' })], headline: '1 new export — add to workbench', items: 2 },
    { description: 'only a failed one: no headline, the message', offers: [offer(2, { status: 'failed', message: 'Could not fetch export-2.csv: x.' })], headline: undefined, items: 1 },
    { description: 'a failed blob: file: no Try again', offers: [offer(3, { status: 'failed', fetchable: false, url: 'blob:https://p.example/1', message: 'Could not fetch export-3.csv: y.' })], headline: undefined, items: 1 },
  ])('$description', async ({ offers, headline, items }) => {
    await act(() => render(<CollectOffers load={async () => offers} watch={() => () => undefined} send={async () => ({ ok: true })} />, root()));
    await settle();
    expect(root().querySelector('[data-occ-collect-headline]')?.textContent).toBe(headline);
    expect(root().querySelectorAll('[data-occ-offer]')).toHaveLength(items);
    expect(root().querySelector('[data-occ-collect]') === null).toBe(offers.length === 0);
    for (const failed of offers.filter((item) => item.status === 'failed')) {
      const line = root().querySelector(`[data-occ-offer-name="${failed.name}"]`)!;
      expect(line.querySelector('[role="alert"]')?.textContent).toBe(failed.message);
      expect(line.querySelector('[data-occ-offer-action="add"]')).toBeNull();
      // Try again only where fetching again can work (not a file the page made itself).
      expect(line.querySelector('[data-occ-offer-action="retry"]') !== null).toBe(failed.fetchable);
    }
  });

  it('Add asks the background to collect, then shows what was added and the new list; Dismiss asks to drop', async () => {
    let stored = [offer(1), offer(2)];
    const sent: CollectRequest[] = [];
    const send = vi.fn(async (request: CollectRequest) => {
      sent.push(request);
      stored = stored.filter((item) => item.id !== request.id);
      return request.type === 'occ:collect-accept' ? { ok: true as const, name: 'case-list-export.csv', size: 10 } : { ok: true as const };
    });
    const openWorkbench = vi.fn();
    await act(() => render(<CollectOffers load={async () => stored} watch={() => () => undefined} send={send} openWorkbench={openWorkbench} />, root()));
    await settle();
    await click('[data-occ-offer-name="export-1.csv"] [data-occ-offer-action="add"]');
    await settle();
    expect(root().querySelector('[data-occ-collect-added]')?.textContent).toContain('Added to the workbench: case-list-export.csv.');
    expect(root().querySelector('[data-occ-collect-headline]')?.textContent).toBe('1 new export — add to workbench');
    await click('[data-occ-offer-name="export-2.csv"] [data-occ-offer-action="dismiss"]');
    await settle();
    expect(sent).toEqual([{ type: 'occ:collect-accept', id: 'o1' }, { type: 'occ:collect-dismiss', id: 'o2' }]);
    expect(root().querySelectorAll('[data-occ-offer]')).toHaveLength(0);
    await click('[data-occ-collect-added] button');
    expect(openWorkbench).toHaveBeenCalledOnce();
  });
});

describe('CollectedExports (workbench)', () => {
  let counter = 0;
  let db: CollectedDb;
  beforeEach(async () => {
    db = await openCollectedDb(`occ-collected-view-${++counter}`);
  });
  afterEach(() => db.close());

  it('lists collected files, adds one or all to the merge as Files, and Remove deletes the stored copy', async () => {
    const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    await putCollected(db, { name: 'a.csv', collectedAt: Date.UTC(2026, 10, 25, 9), sourceUrl: 'https://p.example/download/1.csv', type: 'text/csv', bytes: bytes('Case reference\nPNX-1-AAAA\n') });
    await putCollected(db, { name: 'b.csv', collectedAt: Date.UTC(2026, 10, 25, 10), sourceUrl: 'https://p.example/download/2.csv', type: 'text/csv', bytes: bytes('Case reference\nPNX-2-BBBB\n') });
    const added: string[][] = [];
    const onAdd = async (files: File[]) => added.push(await Promise.all(files.map(async (file) => `${file.name}:${(await file.text()).trim().split('\n')[1]}`)));
    await act(() => render(<CollectedExports db={async () => db} onAdd={(files) => void onAdd(files)} />, root()));
    await settle();
    expect([...root().querySelectorAll('[data-collected-name]')].map((item) => item.getAttribute('data-collected-name'))).toEqual(['a.csv', 'b.csv']);
    expect(root().querySelector('[data-collected-name="a.csv"]')?.textContent).toContain('collected 25 Nov 2026, 09:00');
    await click('[data-collected-name="b.csv"] [data-collected-action="add"]');
    await settle();
    await click('[data-collected-action="add-all"]');
    await settle();
    expect(added).toEqual([['b.csv:PNX-2-BBBB'], ['a.csv:PNX-1-AAAA', 'b.csv:PNX-2-BBBB']]);
    await click('[data-collected-name="a.csv"] [data-collected-action="remove"]');
    await settle();
    expect((await listCollected(db)).map((item) => item.name)).toEqual(['b.csv']);
    expect([...root().querySelectorAll('[data-collected-name]')].map((item) => item.getAttribute('data-collected-name'))).toEqual(['b.csv']);
    // With one file left there is no "add all".
    expect(root().querySelector('[data-collected-action="add-all"]')).toBeNull();
  });

  it('with nothing collected, says where collected files come from', async () => {
    await act(() => render(<CollectedExports db={async () => db} onAdd={() => undefined} />, root()));
    await settle();
    expect(root().querySelector('[data-testid="collected-exports"]')?.textContent).toContain('offered in the extension');
    expect(root().querySelectorAll('[data-collected-name]')).toHaveLength(0);
  });
});
