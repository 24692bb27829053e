/**
 * The popup's team view of the case store: what closes soon, the ten nearest deadlines, the last
 * import. It renders from the small summary the background keeps in storage (so it is quick with
 * 200,000 cases) and asks the background for fresh figures when that summary is from another day.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openWorkbench } from '../openWorkbench';
import { today as londonToday, formatLongDate } from '../../lib/dates';
import { DEADLINE_RULES } from '../../lib/deadlines';
import { daysLeftOn } from '../../lib/deadlineList';
import type { SummaryRequest } from '../background/messages';
import { deadlineSummaryItem, type StoredSummary } from '../background/summary';
import { storeWriteFailureItem, type StoreWriteFailure } from '../background/writeFailure';
import './popup-summary.css';

export interface PopupSummaryProps {
  /** The stored summary (defaults to WXT storage). */
  readonly load?: () => Promise<StoredSummary | null>;
  /** Fresh figures from the background (defaults to the occ:summary message). */
  readonly refresh?: () => Promise<StoredSummary | null>;
  readonly openWorkbench?: () => void;
  readonly now?: () => Date;
  /** The last write the store could not make (defaults to WXT storage). */
  readonly loadWriteFailure?: () => Promise<StoreWriteFailure | null>;
}

const defaults = {
  load: () => deadlineSummaryItem.getValue(),
  loadWriteFailure: () => storeWriteFailureItem.getValue(),
  refresh: async () => (await browser.runtime.sendMessage({ type: 'occ:summary' } satisfies SummaryRequest)) as StoredSummary | null,
  openWorkbench: () => openWorkbench('deadlines'),
};

function daysText(days: number): string {
  if (days === 0) return 'today';
  if (days < 0) return `${-days} ${days === -1 ? 'day' : 'days'} ago`;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

const SHORT_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "25 Nov" for a calendar date: the popup is narrow (its tooltip has the long form). */
function shortDay(date: string): string {
  return SHORT_DAY.format(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

function timeText(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }).format(at);
}

export function PopupSummary(props: PopupSummaryProps) {
  const load = props.load ?? defaults.load;
  const refresh = props.refresh ?? defaults.refresh;
  const openWorkbench = props.openWorkbench ?? defaults.openWorkbench;
  const now = props.now ?? (() => new Date());
  const loadWriteFailure = props.loadWriteFailure ?? defaults.loadWriteFailure;
  const [summary, setSummary] = useState<StoredSummary | null | undefined>(undefined);
  const [writeFailure, setWriteFailure] = useState<StoreWriteFailure | null>(null);

  useEffect(() => {
    let live = true;
    void loadWriteFailure()
      .then((failure) => live && setWriteFailure(failure))
      .catch(() => undefined);
    void load().then(async (stored) => {
      if (!live) return;
      setSummary(stored);
      if (stored && stored.today === londonToday(now())) return;
      const fresh = await refresh().catch(() => null);
      if (live && fresh) setSummary(fresh);
    });
    return () => {
      live = false;
    };
  }, []);

  // A write the store refused (a full disk, mostly) is said first, whatever else the popup shows.
  const failureNote = writeFailure && (
    <p class="occ-write-failure" role="alert" data-occ-write-failure={writeFailure.reason}>
      {writeFailure.message} <span class="muted">({writeFailure.source}, {timeText(writeFailure.at)})</span>
    </p>
  );

  if (summary === undefined) return <>{failureNote}<p class="muted" role="status">Reading the case store…</p></>;

  const workbenchButton = (
    <button type="button" id="occ-open-workbench" onClick={openWorkbench}>
      Open the workbench
    </button>
  );

  if (!summary || summary.cases === 0) {
    return (
      <div class="occ-summary" data-occ-summary="empty">
        {failureNote}
        <p>
          No cases stored yet. To see your team's deadlines here, <strong>import a case-list export</strong> in the workbench (Export: All Cases on
          View case list, then Available for download), or browse <strong>View case list</strong> in the portal: the cases you see are remembered on
          this computer only.
        </p>
        {workbenchButton}
      </div>
    );
  }

  const day = londonToday(now());
  const threshold = summary.warningDays;
  return (
    <div class="occ-summary" data-occ-summary="filled">
      {failureNote}
      <ul class="occ-summary-counts">
        <li data-occ-count="challenge-closing-soon">
          <strong>{summary.challengeClosingSoon}</strong> challenge {summary.challengeClosingSoon === 1 ? 'window closes' : 'windows close'} within {threshold}{' '}
          {threshold === 1 ? 'day' : 'days'}
        </li>
        <li data-occ-count="challenge-closing-today">
          <strong>{summary.challengeClosingToday}</strong> {summary.challengeClosingToday === 1 ? 'closes' : 'close'} today
        </li>
        <li data-occ-count="business-files-due">
          <strong>{summary.businessFilesDue}</strong> business {summary.businessFilesDue === 1 ? 'file' : 'files'} due
        </li>
        <li data-occ-count="business-files-overdue">
          <strong>{summary.businessFilesOverdue}</strong> business {summary.businessFilesOverdue === 1 ? 'file' : 'files'} overdue
        </li>
      </ul>
      {summary.nearest.length > 0 ? (
        <table class="occ-nearest">
          <caption>Nearest deadlines</caption>
          <thead>
            <tr>
              <th scope="col">Case reference</th>
              <th scope="col">Deadline</th>
              <th scope="col">Last day</th>
              <th scope="col">Left</th>
              <th scope="col">Your Case Owner</th>
            </tr>
          </thead>
          <tbody>
            {summary.nearest.map((entry) => {
              const left = daysLeftOn(entry, day);
              return (
                <tr key={`${entry.reference}/${entry.kind}`} data-occ-kind={entry.kind} data-occ-days-left={left} class={left <= threshold ? 'occ-soon' : ''}>
                  <td class="occ-nowrap">{entry.reference}</td>
                  <td>{DEADLINE_RULES[entry.kind].label}</td>
                  <td class="occ-nowrap" title={formatLongDate(entry.lastDay)}>
                    {shortDay(entry.lastDay)}
                  </td>
                  <td>{daysText(left)}</td>
                  <td>{entry.owner || 'Unassigned'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p class="muted">No deadline to meet among the {summary.cases} stored cases.</p>
      )}
      <p class="muted" data-occ-last-import>
        {summary.lastImport
          ? `Last import: ${timeText(summary.lastImport.at)}, ${summary.lastImport.rows} rows from ${summary.lastImport.names.join(', ')}.`
          : 'No export imported yet: these cases come from the pages you browsed.'}{' '}
        {summary.cases} cases stored.
      </p>
      {workbenchButton}
    </div>
  );
}
