/**
 * The background's part of collecting (issue 5): when a download finishes, a portal CSV becomes an
 * offer in the popup; when the user accepts, the same address is fetched again (it is on a portal
 * host, the only network the extension uses) and the file is kept in the collected-exports database
 * until the user removes it. Started from entrypoints/background.ts.
 */
import type { WxtBrowser as Browser } from 'wxt/browser';
import {
  dispositionFileName,
  fetchFailureMessage,
  fetchedFileProblem,
  isPortalUrl,
  isRedirect,
  networkFailureReason,
  offerFor,
  portalPatterns,
  reduceOffers,
  REDIRECT_REASON,
  type CollectOffer,
  type DownloadFacts,
  type OfferAction,
} from '../../lib/collect';
import { portalHostPatterns } from '../background/portalHosts';
import { openCollectedDb, putCollected, removeAllCollected, type CollectedDb } from './exportsDb';
import { isCollectRequest, type CollectResponse } from './messages';
import { collectOffersItem, loadOffers } from './offersItem';
import { openOnce } from '../openOnce';

/** How long a fetch of an export may take before the user is told to download it again. */
export const FETCH_TIMEOUT_MS = 60_000;

export interface CollectorDeps {
  /** The browser's download item by id (`downloads.search`). */
  readonly findDownload: (id: number) => Promise<DownloadFacts | undefined>;
  /** Match patterns of the portal hosts: the manifest's and those added (and permitted) in the options. */
  readonly portalHosts: () => Promise<readonly string[]>;
  readonly fetch: typeof fetch;
  readonly db: () => Promise<CollectedDb>;
  readonly loadOffers: () => Promise<CollectOffer[]>;
  readonly saveOffers: (offers: CollectOffer[]) => Promise<void>;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}

export interface Collector {
  /** A `downloads.onChanged` delta: acts only when a download has just completed. */
  downloadChanged(delta: { id: number; state?: { current?: string } }): Promise<CollectOffer | undefined>;
  accept(id: string): Promise<CollectResponse>;
  dismiss(id: string): Promise<void>;
  /** "Delete all case data": the collected files and the pending offers go too. */
  clearAll(): Promise<void>;
}

export function createCollector(deps: CollectorDeps): Collector {
  const now = deps.now ?? Date.now;
  // Offers are read, changed and written back: one change at a time, in order.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (action: OfferAction): Promise<void> => {
    const next = queue.then(async () => deps.saveOffers(reduceOffers(await deps.loadOffers(), action)));
    queue = next.catch(() => undefined);
    return next;
  };

  async function fail(offer: CollectOffer, reason: string): Promise<CollectResponse> {
    const message = fetchFailureMessage(offer.name, reason);
    await update({ type: 'failed', id: offer.id, message });
    return { ok: false, message };
  }

  return {
    async downloadChanged(delta) {
      if (delta.state?.current !== 'complete') return undefined;
      const item = await deps.findDownload(delta.id);
      if (!item) return undefined;
      const offer = offerFor(item, portalPatterns(await deps.portalHosts()), now());
      if (offer) await update({ type: 'offered', offer });
      return offer;
    },

    async accept(id) {
      const offer = (await deps.loadOffers()).find((candidate) => candidate.id === id);
      if (!offer) return { ok: false, message: 'This export is no longer offered: download it again from the portal.' };
      // The host list may have changed since the offer was made: never fetch from a host that is not the portal's.
      const patterns = portalPatterns(await deps.portalHosts());
      if (!isPortalUrl(offer.url, patterns)) return fail(offer, 'its address is no longer one of your portal hosts');
      if (!offer.fetchable) return fail(offer, 'the portal made it inside its page, where the extension cannot fetch it again');
      let response: Response;
      try {
        // A redirect is not followed: it could lead to a host that is not the portal's, which the
        // extension never contacts (a browser hands back an opaque answer instead; Node the 3xx).
        response = await deps.fetch(offer.url, { credentials: 'include', cache: 'no-store', redirect: 'manual', signal: AbortSignal.timeout(deps.timeoutMs ?? FETCH_TIMEOUT_MS) });
      } catch (error) {
        return fail(offer, networkFailureReason(error));
      }
      if (isRedirect(response) || (response.url !== '' && !isPortalUrl(response.url, patterns))) return fail(offer, REDIRECT_REASON);
      let bytes: ArrayBuffer;
      try {
        bytes = await response.arrayBuffer();
      } catch (error) {
        return fail(offer, networkFailureReason(error));
      }
      const contentType = response.headers.get('content-type') ?? '';
      const problem = fetchedFileProblem({
        status: response.status,
        statusText: response.statusText,
        contentType,
        size: bytes.byteLength,
        head: new TextDecoder().decode(bytes.slice(0, 512)),
      });
      if (problem) return fail(offer, problem);
      const name = dispositionFileName(response.headers.get('content-disposition')) ?? offer.name;
      try {
        await putCollected(await deps.db(), { name, collectedAt: now(), sourceUrl: offer.url, type: contentType, bytes });
      } catch (error) {
        return fail(offer, `the browser could not store it (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
      }
      await update({ type: 'collected', id: offer.id });
      return { ok: true, name, size: bytes.byteLength };
    },

    dismiss: (id) => update({ type: 'dismissed', id }),

    async clearAll() {
      await removeAllCollected(await deps.db());
      queue = queue.then(() => deps.saveOffers([])).catch(() => undefined);
      await queue;
    },
  };
}

/** Wires the collector to the browser. Without the downloads API (a policy removed it) nothing is collected. */
export function startCollecting(browser: Browser): Collector | undefined {
  if (!browser.downloads?.onChanged) return undefined;
  const collector = createCollector({
    findDownload: async (id) => (await browser.downloads.search({ id }))[0],
    portalHosts: () => portalHostPatterns(browser),
    fetch: (input, init) => fetch(input, init),
    db: openOnce(() => openCollectedDb()),
    loadOffers,
    saveOffers: (offers) => collectOffersItem.setValue(offers),
  });
  browser.downloads.onChanged.addListener((delta) => {
    // A failure here only means no offer: say why in the worker's console rather than leave an unhandled rejection.
    collector.downloadChanged(delta).catch((error: unknown) => console.error('Connect Companion: could not check a finished download', error));
  });
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isCollectRequest(message)) {
      return message.type === 'occ:collect-accept' ? collector.accept(message.id) : collector.dismiss(message.id).then(() => ({ ok: true }));
    }
    return undefined;
  });
  return collector;
}
