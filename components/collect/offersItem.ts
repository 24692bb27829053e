/**
 * The pending offers ("1 new export — add to workbench"), declared once. In `storage.local` so they
 * survive the service worker stopping between a download and the user opening the popup.
 */
import { storage } from 'wxt/utils/storage';
import { normaliseOffers, type CollectOffer } from '../../lib/collect';

export const collectOffersItem = storage.defineItem<CollectOffer[]>('local:collectOffers', {
  fallback: [],
  version: 1,
});

export async function loadOffers(): Promise<CollectOffer[]> {
  return normaliseOffers(await collectOffersItem.getValue());
}
