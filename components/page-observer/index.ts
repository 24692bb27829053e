/**
 * Content-script feature: hands the case rows the user sees to the background's case store
 * (`occ:observe`), so the dashboard and popup learn from browsing as well as from imports. Reads
 * through the countdown's page reader (one place turns the page into records) and watches with
 * its observer helper; a row is sent again only when what it shows has changed.
 */
import { browser } from 'wxt/browser';
import { guard } from '../page/guard';
import { frameScheduler, observe, type Lifecycle } from '../page/observer';
import { findCaseTables, readRows } from '../page/reader';
import type { ObserveRequest } from '../background/messages';

export interface CaseObserverOptions {
  readonly document?: Document;
  readonly send?: (request: ObserveRequest) => Promise<unknown>;
}

/** The page's name as the store records it: its main heading, else its title. */
function pageName(document: Document): string {
  return (document.querySelector('h1')?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80) || document.title.slice(0, 80) || 'Portal page';
}

export function startCaseObserver(lifecycle: Lifecycle, options: CaseObserverOptions = {}): () => void {
  const document = options.document ?? globalThis.document;
  const send = options.send ?? ((request: ObserveRequest) => browser.runtime.sendMessage(request));
  const sent = new Set<string>();

  const collect = guard('case observer', () => {
    const rows: ObserveRequest['rows'][number][] = [];
    for (const table of findCaseTables(document)) {
      for (const row of readRows(table)) {
        const signature = JSON.stringify(row.values);
        if (sent.has(signature)) continue;
        sent.add(signature);
        rows.push(row.values);
      }
    }
    if (rows.length === 0) return;
    const { location } = document.defaultView ?? globalThis;
    void send({ type: 'occ:observe', page: pageName(document), url: `${location.origin}${location.pathname}`, rows }).catch(() => undefined);
  });

  const schedule = frameScheduler(() => collect(), lifecycle);
  const stop = observe(document.body, { childList: true, subtree: true, characterData: true }, schedule, lifecycle);
  schedule();
  return stop;
}
