/**
 * The popup's offers of finished portal downloads: "1 new export — add to workbench", each with
 * Add (the background fetches it again and keeps it for the workbench) and Dismiss. A file that
 * could not be fetched stays listed with the reason until dismissed, with Try again (the portal may
 * have been away for a moment). Shows nothing when there is nothing to offer.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openWorkbench } from '../openWorkbench';
import { offerHeadline, type CollectOffer } from '../../lib/collect';
import type { CollectRequest, CollectResponse } from './messages';
import { collectOffersItem, loadOffers } from './offersItem';
import './collect.css';

export interface CollectOffersProps {
  readonly load?: () => Promise<CollectOffer[]>;
  /** Calls back with the new list whenever the stored offers change; returns the unwatch function. */
  readonly watch?: (onChange: () => void) => () => void;
  readonly send?: (request: CollectRequest) => Promise<CollectResponse | { ok: true }>;
  readonly openWorkbench?: () => void;
}

const defaults = {
  load: loadOffers,
  watch: (onChange: () => void) => collectOffersItem.watch(() => onChange()),
  send: async (request: CollectRequest) => (await browser.runtime.sendMessage(request)) as CollectResponse | { ok: true },
  openWorkbench: () => openWorkbench('merge'),
};

export function CollectOffers(props: CollectOffersProps) {
  const load = props.load ?? defaults.load;
  const watch = props.watch ?? defaults.watch;
  const send = props.send ?? defaults.send;
  const openWorkbench = props.openWorkbench ?? defaults.openWorkbench;
  const [offers, setOffers] = useState<CollectOffer[]>([]);
  const [busy, setBusy] = useState<string | undefined>();
  const [added, setAdded] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    const reload = () => void load().then((list) => live && setOffers(list));
    reload();
    const unwatch = watch(reload);
    return () => {
      live = false;
      unwatch();
    };
  }, []);

  async function act(offer: CollectOffer, type: CollectRequest['type']): Promise<void> {
    setBusy(offer.id);
    try {
      const response = await send({ type, id: offer.id }).catch((error: unknown) => ({ ok: false as const, message: `The extension did not answer (${String(error)}).` }));
      if (type === 'occ:collect-accept' && response.ok && 'name' in response) setAdded((names) => [...names, response.name]);
      // The background wrote the outcome (a failure's message included) to the stored offers.
      setOffers(await load());
    } finally {
      setBusy(undefined);
    }
  }

  const fresh = offers.filter((offer) => offer.status === 'new');
  if (offers.length === 0 && added.length === 0) return null;

  return (
    <section class="occ-collect" aria-labelledby="occ-collect-heading" data-occ-collect>
      <h2 id="occ-collect-heading">Portal exports</h2>
      {fresh.length > 0 && (
        <p class="occ-collect-headline" data-occ-collect-headline>
          {offerHeadline(fresh.length)}
        </p>
      )}
      <ul class="occ-collect-list">
        {offers.map((offer) => (
          <li key={offer.id} data-occ-offer={offer.status} data-occ-offer-name={offer.name}>
            <span class="occ-collect-name">{offer.name}</span>
            {offer.status === 'failed' && (
              <span class="occ-collect-error" role="alert">
                {offer.message}
              </span>
            )}
            <span class="occ-collect-actions">
              {offer.status === 'new' && (
                <button type="button" data-occ-offer-action="add" aria-label={`Add ${offer.name} to the workbench`} disabled={busy !== undefined} onClick={() => void act(offer, 'occ:collect-accept')}>
                  {busy === offer.id ? 'Adding…' : 'Add'}
                </button>
              )}
              {offer.status === 'failed' && offer.fetchable && (
                <button type="button" data-occ-offer-action="retry" aria-label={`Try fetching ${offer.name} again`} disabled={busy !== undefined} onClick={() => void act(offer, 'occ:collect-accept')}>
                  {busy === offer.id ? 'Trying…' : 'Try again'}
                </button>
              )}{' '}
              <button type="button" data-occ-offer-action="dismiss" aria-label={`Dismiss ${offer.name}`} disabled={busy !== undefined} onClick={() => void act(offer, 'occ:collect-dismiss')}>
                Dismiss
              </button>
            </span>
          </li>
        ))}
      </ul>
      {added.length > 0 && (
        <p role="status" data-occ-collect-added>
          Added to the workbench: {added.join(', ')}.{' '}
          <button type="button" onClick={openWorkbench}>
            Open the workbench
          </button>
        </p>
      )}
    </section>
  );
}
