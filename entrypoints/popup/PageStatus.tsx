import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageStatusRequest, PageStatusResponse } from '../../components/page/messages';
import { FIELD_BY_KEY } from '../../lib/glossary';

type Loaded = { kind: 'loading' } | { kind: 'no-portal' } | PageStatusResponse;

/**
 * The tab to ask: the active tab, or (for tests, which open the popup as a tab of its own) the tab
 * whose address is given as `?for=`.
 */
async function targetTab(): Promise<number | undefined> {
  const wanted = new URLSearchParams(location.search).get('for');
  const tabs = wanted ? await browser.tabs.query({}) : await browser.tabs.query({ active: true, currentWindow: true });
  return (wanted ? tabs.find((tab) => tab.url === wanted) : tabs[0])?.id;
}

async function askPage(): Promise<Loaded> {
  const tabId = await targetTab();
  if (tabId === undefined) return { kind: 'no-portal' };
  try {
    // Our own content script answers; no "tabs" permission is needed to message it.
    const answer = (await browser.tabs.sendMessage(tabId, { type: 'occ:page-status' } satisfies PageStatusRequest)) as PageStatusResponse | undefined;
    return answer ?? { kind: 'no-portal' };
  } catch {
    return { kind: 'no-portal' }; // no content script in that tab: not a portal page
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const NEEDED_COLUMNS = ['dateMovedToInvestigation', 'closureDate', 'businessFileRequiredByDate', 'businessFileReceivedDate'] as const;

export function PageStatus() {
  const [status, setStatus] = useState<Loaded>({ kind: 'loading' });
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    void askPage().then(setStatus);
  }, []);

  if (status.kind === 'loading') return <p class="muted" role="status">Looking at this page…</p>;
  if (status.kind === 'no-portal') {
    return (
      <p id="page-status" data-status="no-portal">
        This tab is not a portal page. Open <strong>View case list</strong> or the <strong>Dashboard</strong> of Ombudsman Connect for
        Business to see a countdown on every case. (If the portal was already open when the extension was installed, reload it.)
      </p>
    );
  }
  if (status.kind === 'no-case-table') {
    return (
      <p id="page-status" data-status="no-case-table">
        No case table on this page. Countdowns appear on <strong>View case list</strong> and on the Dashboard's <strong>Recently added cases</strong>.
      </p>
    );
  }
  if (status.kind === 'not-recognised') {
    const copy = async () => {
      await navigator.clipboard.writeText(status.diagnostic ?? '');
      setCopied(true);
    };
    return (
      <div id="page-status" data-status="not-recognised">
        <p class="warning">
          <span aria-hidden="true">⚠ </span>Case table not recognised on this page.
        </p>
        <p>
          The page lists cases, but not in a table the extension can read, so it has left the page alone. The portal may have changed
          its layout. Please send this diagnostic with your report (it holds the page's headings and column names, no case data):
        </p>
        <textarea id="diagnostic" readOnly rows={7} aria-label="Diagnostic" value={status.diagnostic ?? ''} />
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy diagnostic'}
        </button>
      </div>
    );
  }
  const rows = status.tables.reduce((sum, table) => sum + table.rows, 0);
  const shown = new Set(status.tables.flatMap((table) => table.columns));
  const missing = NEEDED_COLUMNS.filter((key) => !shown.has(key)).map((key) => FIELD_BY_KEY[key].label);
  const { counts } = status;
  return (
    <div id="page-status" data-status="annotated">
      <p>
        Countdowns on {plural(rows, 'case')} in {plural(status.tables.length, 'table')}.
      </p>
      <ul class="counts">
        <li class="due-soon"><span aria-hidden="true">▲</span> {counts['due-soon']} due soon</li>
        <li class="closed"><span aria-hidden="true">✕</span> {counts.closed} closed or overdue</li>
        <li class="open"><span aria-hidden="true">●</span> {counts.open} open</li>
        <li class="done"><span aria-hidden="true">✓</span> {counts.done} files received</li>
      </ul>
      {counts.unknown > 0 && missing.length > 0 && (
        <p class="muted">
          {plural(counts.unknown, 'deadline')} show "?": add {missing.join(', ')} in the portal's <em>Column view</em> to count them.
        </p>
      )}
    </div>
  );
}
