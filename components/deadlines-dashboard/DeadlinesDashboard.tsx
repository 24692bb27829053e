/**
 * The workbench's "Deadlines" tab: every deadline of every stored case, filtered by Your Case
 * Owner, Case stage, Product type, kind and state, sorted, grouped by owner with counts (the team
 * lead's view), with each reference linked to the portal's case list and the filtered list
 * downloadable as CSV and as an iCalendar file. "Open, not drafted" narrows it to the open
 * challenge windows nobody has drafted a challenge for; where one was drafted the row says when.
 * Only a page of rows is drawn at a time.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { draftedAgoText } from '../../lib/challengeDraft';
import { formatLongDate } from '../../lib/dates';
import { DEADLINE_KINDS, DEADLINE_RULES, type CaseValues, type DeadlineKind, type DeadlineState } from '../../lib/deadlines';
import {
  buildDeadlineList,
  filterChoices,
  filterDeadlines,
  groupByOwner,
  sortDeadlines,
  type DeadlineEntry,
  type DeadlineFilter,
  type SortColumn,
} from '../../lib/deadlineList';
import { draftAge, openNotDrafted, type DraftTimes } from '../../lib/draftedDeadlines';
import { DEFAULT_SETTINGS, type DeadlineSettings } from '../../lib/settings';
import { useLondonDay } from '../useLondonDay';
import { deadlinesCsv, deadlinesIcs } from './exportFiles';
import './deadlines-dashboard.css';

export interface DashboardData {
  readonly cases: readonly CaseValues[];
  readonly settings: DeadlineSettings;
  /** The portal's case list page, when the content script has seen it. */
  readonly caseListUrl?: string;
  /** The latest challenge draft per `REFERENCE|kind` (`latestDrafts()` of `local:challengeDrafts`). */
  readonly drafts?: DraftTimes;
}

export interface DeadlinesDashboardProps {
  readonly load: () => Promise<DashboardData>;
  readonly now?: () => Date;
  /** Saves a file (defaults to a download link). */
  readonly save?: (name: string, type: string, text: string) => void;
}

const STATES: readonly DeadlineState[] = ['due-soon', 'open', 'closed', 'done'];
const STATE_TEXT: Record<DeadlineState, string> = { 'due-soon': 'Due soon', open: 'Open', closed: 'Closed', done: 'Done' };
const PAGE = 200;
const NO_DRAFTS: DraftTimes = new Map();

function saveByLink(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The link for a reference: the case list page with the reference for our content script to search. */
export function caseLink(caseListUrl: string | undefined, reference: string): string | undefined {
  return caseListUrl ? `${caseListUrl}#occ-search=${encodeURIComponent(reference)}` : undefined;
}

function selected(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((option) => option.value);
}

function MultiSelect(props: { id: string; label: string; options: readonly { value: string; text: string }[]; value: readonly string[]; onChange: (value: string[]) => void }) {
  return (
    <label class="occ-filter" for={props.id}>
      <span>{props.label}</span>
      <select id={props.id} multiple size={Math.min(5, Math.max(2, props.options.length))} onChange={(event) => props.onChange(selected(event.currentTarget))}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={props.value.includes(option.value)}>
            {option.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How long ago an entry's window was drafted, for the "Challenge drafted" column. */
type DraftedAge = (entry: DeadlineEntry) => number | undefined;

function DeadlineRows(props: { entries: readonly DeadlineEntry[]; caseListUrl?: string; draftedAge: DraftedAge }) {
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      {props.entries.slice(0, shown).map((entry) => {
        const href = caseLink(props.caseListUrl, entry.reference);
        const drafted = props.draftedAge(entry);
        return (
          <tr key={`${entry.reference}/${entry.kind}`} class={`occ-state-${entry.state}`} data-occ-kind={entry.kind} data-occ-state={entry.state} data-occ-days-left={entry.daysLeft} data-occ-drafted={drafted}>
            <td>{href ? <a href={href} target="_blank" rel="noreferrer">{entry.reference}</a> : entry.reference}</td>
            <td>{DEADLINE_RULES[entry.kind].label}</td>
            <td>{STATE_TEXT[entry.state]}{entry.receivedLate ? ' (received late)' : ''}</td>
            <td>{formatLongDate(entry.lastDay)}</td>
            <td class="occ-number">{entry.daysLeft}</td>
            <td>{entry.owner || 'Unassigned'}</td>
            <td>{entry.stage}</td>
            <td>{entry.product}</td>
            <td>{drafted === undefined ? '' : draftedAgoText(drafted)}</td>
          </tr>
        );
      })}
      {props.entries.length > shown && (
        <tr>
          <td colSpan={COLUMNS.length + 1}>
            <button type="button" onClick={() => setShown(shown + PAGE * 5)}>
              Show more ({props.entries.length - shown} not shown)
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

const COLUMNS: readonly { column: SortColumn | 'daysLeft'; text: string }[] = [
  { column: 'reference', text: 'Case reference' },
  { column: 'kind', text: 'Deadline' },
  { column: 'state', text: 'State' },
  { column: 'lastDay', text: 'Last day' },
  { column: 'daysLeft', text: 'Days left' },
  { column: 'owner', text: 'Your Case Owner' },
  { column: 'stage', text: 'Case stage' },
  { column: 'product', text: 'Product type' },
];

export function DeadlinesDashboard(props: DeadlinesDashboardProps) {
  const now = props.now ?? (() => new Date());
  const save = props.save ?? saveByLink;
  const [data, setData] = useState<DashboardData | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [filter, setFilter] = useState<DeadlineFilter>({ states: ['due-soon', 'open'] });
  const [sort, setSort] = useState<{ column: SortColumn | 'nearest'; descending: boolean }>({ column: 'nearest', descending: false });
  const [grouped, setGrouped] = useState(true);
  const [notDrafted, setNotDrafted] = useState(false);

  useEffect(() => {
    props.load().then(setData, (reason: unknown) => setError(String(reason)));
  }, []);

  // The tab may stay open past midnight: the day moves on by itself, and the list (and so the exports) with it.
  const day = useLondonDay(now);
  const all = useMemo(() => (data ? buildDeadlineList(data.cases, day, data.settings) : []), [data, day]);
  const choices = useMemo(() => filterChoices(all), [all]);
  const drafts = data?.drafts ?? NO_DRAFTS;
  const windowLength = (data?.settings ?? DEFAULT_SETTINGS).windowLengthDays;
  const filtered = useMemo(() => {
    const chosen = filterDeadlines(all, filter);
    const list = notDrafted ? openNotDrafted(chosen, drafts, day, windowLength) : chosen;
    return sort.column === 'nearest' ? (sort.descending ? [...list].reverse() : list) : sortDeadlines(list, sort.column, sort.descending);
  }, [all, filter, sort, notDrafted, day]);
  const groups = useMemo(() => (grouped ? groupByOwner(filtered) : []), [filtered, grouped]);

  if (error) return <p role="alert">The case store could not be read: {error}</p>;
  if (!data) return <p role="status">Reading the case store…</p>;
  if (data.cases.length === 0) {
    return (
      <section class="occ-dashboard" data-occ-dashboard="empty">
        <p>No cases stored yet. Import case-list exports in the Merge tab, or browse View case list in the portal: the cases you see are remembered on this computer.</p>
      </section>
    );
  }

  const settings = data.settings ?? DEFAULT_SETTINGS;
  const sortBy = (column: SortColumn | 'daysLeft') => {
    const key: SortColumn | 'nearest' = column === 'daysLeft' ? 'nearest' : column;
    setSort({ column: key, descending: sort.column === key ? !sort.descending : false });
  };
  const ariaSort = (column: SortColumn | 'daysLeft') => {
    const key = column === 'daysLeft' ? 'nearest' : column;
    return sort.column === key ? (sort.descending ? 'descending' : 'ascending') : undefined;
  };
  const stamp = day;
  const link = (reference: string) => caseLink(data.caseListUrl, reference);
  const draftedAge: DraftedAge = (entry) => draftAge(entry, drafts, day, windowLength);
  const rowProps = { draftedAge, ...(data.caseListUrl ? { caseListUrl: data.caseListUrl } : {}) };
  const head = (
    <thead>
      <tr>
        {COLUMNS.map(({ column, text }) => (
          <th scope="col" key={column} aria-sort={ariaSort(column)}>
            <button type="button" class="occ-sort" onClick={() => sortBy(column)}>
              {text}
            </button>
          </th>
        ))}
        <th scope="col">Challenge drafted</th>
      </tr>
    </thead>
  );

  return (
    <section class="occ-dashboard" data-occ-dashboard="filled" aria-labelledby="occ-deadlines-title">
      <h2 id="occ-deadlines-title">Deadlines</h2>
      <p class="occ-muted">
        {all.length} deadlines of {data.cases.length} stored cases; window {settings.windowLengthDays} days, “due soon” at {settings.warningDays} days or fewer.
        {!data.caseListUrl && ' Open View case list in the portal once to make each reference a link to it.'}
      </p>
      <form class="occ-filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter deadlines">
        <MultiSelect id="occ-filter-owner" label="Your Case Owner" options={choices.owners.map((value) => ({ value, text: value || 'Unassigned' }))} value={filter.owners ?? []} onChange={(owners) => setFilter({ ...filter, owners })} />
        <MultiSelect id="occ-filter-stage" label="Case stage" options={choices.stages.map((value) => ({ value, text: value || '(none)' }))} value={filter.stages ?? []} onChange={(stages) => setFilter({ ...filter, stages })} />
        <MultiSelect id="occ-filter-product" label="Product type" options={choices.products.map((value) => ({ value, text: value || '(none)' }))} value={filter.products ?? []} onChange={(products) => setFilter({ ...filter, products })} />
        <MultiSelect id="occ-filter-kind" label="Deadline" options={DEADLINE_KINDS.map((value) => ({ value, text: DEADLINE_RULES[value].label }))} value={filter.kinds ?? []} onChange={(kinds) => setFilter({ ...filter, kinds: kinds as DeadlineKind[] })} />
        <MultiSelect id="occ-filter-state" label="State" options={STATES.map((value) => ({ value, text: STATE_TEXT[value] }))} value={filter.states ?? []} onChange={(states) => setFilter({ ...filter, states: states as DeadlineState[] })} />
        <div class="occ-actions">
          <label>
            <input type="checkbox" id="occ-filter-not-drafted" checked={notDrafted} onChange={(event) => setNotDrafted(event.currentTarget.checked)} /> Open, not drafted: open challenge windows
            with no challenge drafted yet
          </label>
          <label>
            <input type="checkbox" id="occ-group-owner" checked={grouped} onChange={(event) => setGrouped(event.currentTarget.checked)} /> Group by Your Case Owner
          </label>
          <button type="button" onClick={() => (setFilter({}), setNotDrafted(false))}>Show every deadline</button>
          <button type="button" id="occ-export-csv" disabled={filtered.length === 0} onClick={() => save(`deadlines-${stamp}.csv`, 'text/csv;charset=utf-8', deadlinesCsv(filtered))}>
            Download CSV
          </button>
          <button type="button" id="occ-export-ics" disabled={filtered.length === 0} onClick={() => save(`deadlines-${stamp}.ics`, 'text/calendar;charset=utf-8', deadlinesIcs(filtered, settings.warningDays, now(), link))}>
            Download calendar (.ics)
          </button>
        </div>
      </form>
      <p role="status" class="occ-count" data-occ-shown={filtered.length}>
        {filtered.length} {filtered.length === 1 ? 'deadline' : 'deadlines'} shown
      </p>
      {grouped ? (
        groups.map((group) => (
          <details key={group.owner} class="occ-owner" data-occ-owner={group.owner} open={groups.length <= 8}>
            <summary>
              <strong>{group.owner || 'Unassigned'}</strong> — {group.entries.length} ({group.counts['due-soon']} due soon, {group.counts.open} open, {group.counts.closed} closed, {group.counts.done} done)
            </summary>
            <table class="occ-deadlines">
              {head}
              <tbody>
                <DeadlineRows entries={group.entries} {...rowProps} />
              </tbody>
            </table>
          </details>
        ))
      ) : (
        <table class="occ-deadlines">
          {head}
          <tbody>
            <DeadlineRows entries={filtered} {...rowProps} />
          </tbody>
        </table>
      )}
    </section>
  );
}
