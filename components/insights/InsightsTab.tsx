/**
 * The workbench's "Insights" tab: the cases drawn as charts (issue 7). The figures come from
 * lib/insights.ts; this file only filters, draws and saves. Each chart has an accessible name that
 * states its main figure, a data table to show instead, a PNG download (canvas.toBlob) and a CSV
 * download of its table. Loaded by the workbench only, as its own chunk (a dynamic import).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { toCsv } from '../../lib/csv/export';
import { asIsoDate, type IsoDate } from '../../lib/dates';
import { useLondonDay } from '../useLondonDay';
import type { CaseValues } from '../../lib/deadlines';
import { DEFAULT_OUTCOME_MAPPING, INSIGHT_IDS, insightsOf, prepareInsightCases, preparedFilterChoices, type InsightChart, type InsightFilter, type InsightId, type OutcomeMapping } from '../../lib/insights';
import { DEFAULT_SETTINGS, type DeadlineSettings } from '../../lib/settings';
import { drawCharts, resizeCharts, type Chart } from './chartSetup';
import { OutcomeMappingEditor } from './OutcomeMappingEditor';
import { readOutcomeMapping, watchOutcomeMapping } from './outcomeMappingItem';
import './insights.css';

export interface InsightsData {
  readonly cases: readonly CaseValues[];
  readonly settings: DeadlineSettings;
  /** Where the cases came from, in words ("the case store", "the merged exports"). */
  readonly source: string;
}

export interface InsightsTabProps {
  readonly load: () => Promise<InsightsData>;
  readonly now?: () => Date;
  readonly loadMapping?: () => Promise<OutcomeMapping>;
  readonly watchMapping?: (onChange: (mapping: OutcomeMapping) => void) => () => void;
  /** Saves a file (defaults to a download link). */
  readonly save?: (name: string, blob: Blob) => void;
}

function saveByLink(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function selected(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((option) => option.value);
}

function MultiSelect(props: { id: string; label: string; options: readonly string[]; value: readonly string[]; onChange: (value: string[]) => void }) {
  return (
    <label class="occ-filter" for={props.id}>
      <span>{props.label}</span>
      <select id={props.id} multiple size={Math.min(5, Math.max(2, props.options.length))} onChange={(event) => props.onChange(selected(event.currentTarget))}>
        {props.options.map((option) => (
          <option key={option} value={option} selected={props.value.includes(option)}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

function chartHeight(chart: InsightChart): number {
  if (chart.vertical) return 300;
  return Math.max(160, 70 + chart.categories.length * (chart.series.length > 1 ? 30 : 24));
}

/** One chart's card; the tab draws the chart into its canvas (drawCharts), all seven at once. */
function ChartCard(props: { chart: InsightChart; stamp: string; save: (name: string, blob: Blob) => void }) {
  const { chart } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [showTable, setShowTable] = useState(false);
  const tableId = `occ-table-${chart.id}`;

  const savePng = () =>
    canvas.current?.toBlob((blob) => {
      if (blob) props.save(`${chart.id}-${props.stamp}.png`, blob);
    }, 'image/png');
  const saveCsv = () => props.save(`${chart.id}-${props.stamp}.csv`, new Blob([toCsv(chart.table.header, chart.table.rows)], { type: 'text/csv;charset=utf-8' }));

  return (
    <figure class="occ-chart" data-occ-chart={chart.id} aria-labelledby={`occ-chart-title-${chart.id}`}>
      <h3 id={`occ-chart-title-${chart.id}`}>{chart.title}</h3>
      <p class="occ-chart-summary">{chart.summary}</p>
      <div class="occ-chart-canvas" style={{ height: `${chartHeight(chart)}px` }}>
        <canvas ref={canvas} role="img" aria-label={chart.summary} data-occ-canvas={chart.id}>
          {chart.summary}
        </canvas>
      </div>
      <div class="occ-chart-actions">
        <button type="button" aria-expanded={showTable} aria-controls={tableId} data-occ-toggle={chart.id} onClick={() => setShowTable(!showTable)}>
          {showTable ? 'Hide data table' : 'Show data table'}
        </button>
        <button type="button" data-occ-png={chart.id} onClick={savePng}>Save chart as PNG</button>
        <button type="button" data-occ-csv={chart.id} onClick={saveCsv}>Save data as CSV</button>
      </div>
      <table id={tableId} class="occ-chart-table" hidden={!showTable} data-occ-table={chart.id}>
        <caption>{chart.title}</caption>
        <thead>
          <tr>
            {chart.table.header.map((cell) => (
              <th scope="col" key={cell}>{cell}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.table.rows.map((row) => (
            <tr key={row[0]}>
              {row.map((cell, index) => (index === 0 ? <th scope="row" key={index}>{cell}</th> : <td key={index}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function InsightsTab(props: InsightsTabProps) {
  const now = props.now ?? (() => new Date());
  const save = props.save ?? saveByLink;
  const [data, setData] = useState<InsightsData | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [mapping, setMapping] = useState<OutcomeMapping>(DEFAULT_OUTCOME_MAPPING);
  const [filter, setFilter] = useState<InsightFilter>({});
  const root = useRef<HTMLElement>(null);
  // Draw timing: from the data in hand (or a filter change) to every chart drawn once.
  const timing = useRef<{ start: number; drawn: Set<string> } | null>(null);

  useEffect(() => {
    (props.loadMapping ?? readOutcomeMapping)().then(setMapping, () => undefined);
    const unwatch = (props.watchMapping ?? watchOutcomeMapping)(setMapping);
    props.load().then(
      (loaded) => {
        timing.current = { start: performance.now(), drawn: new Set() };
        setData(loaded);
      },
      (reason: unknown) => setError(String(reason)),
    );
    return unwatch;
  }, []);

  // Moves on at London midnight (and when the tab is shown again after a sleep): a tab left open keeps counting right.
  const today: IsoDate = useLondonDay(now);
  // The cases are read once per load (and day); a filter or mapping change only counts again.
  const prepareMs = useRef(0);
  const prepared = useMemo(() => {
    if (!data) return undefined;
    const start = performance.now();
    const cases = prepareInsightCases(data.cases, { today, settings: data.settings ?? DEFAULT_SETTINGS });
    prepareMs.current = performance.now() - start;
    return cases;
  }, [data, today]);
  const choices = useMemo(() => (prepared ? preparedFilterChoices(prepared) : undefined), [prepared]);
  const countMs = useRef(0);
  const insights = useMemo(() => {
    if (!prepared) return undefined;
    const start = performance.now();
    const figures = insightsOf(prepared, { mapping, filter });
    countMs.current = performance.now() - start;
    return figures;
  }, [prepared, mapping, filter]);

  // The charts, drawn once all their cards are in the page and before the browser paints them (so
  // no frame shows figures without their charts); a filter or mapping change updates them in place.
  const charts = useRef(new Map<HTMLCanvasElement, Chart<'bar'>>());
  const whenDrawn = useRef<(id: string) => void>(() => undefined);
  const sizes = useRef<ResizeObserver>();
  useLayoutEffect(() => {
    if (!insights || !root.current) return;
    const targets = [...root.current.querySelectorAll<HTMLCanvasElement>('canvas[data-occ-canvas]')].map((canvas) => ({
      chart: insights.charts[canvas.dataset.occCanvas as InsightId],
      canvas,
    }));
    // Only new canvases' boxes are observed (observing a box again would report it again).
    const fresh = targets.filter(({ canvas }) => !charts.current.has(canvas));
    drawCharts(targets, charts.current, (id) => whenDrawn.current(id));
    // The charts follow their boxes (the window's width): one observer for the seven.
    sizes.current ??= new ResizeObserver(() => resizeCharts(charts.current));
    for (const { canvas } of fresh) sizes.current.observe(canvas.parentElement!);
  }, [insights]);
  useLayoutEffect(
    () => () => {
      sizes.current?.disconnect();
      for (const chart of charts.current.values()) chart.destroy();
      charts.current.clear();
    },
    [],
  );

  whenDrawn.current = (id: string) => {
    const run = timing.current;
    if (!run) return;
    run.drawn.add(id);
    if (run.drawn.size === INSIGHT_IDS.length) {
      const ms = performance.now() - run.start;
      timing.current = null;
      // Read by the bench (scripts/bench/insights.bench.ts) and the e2e test.
      // Aggregation of this draw: reading the cases (first draw only) and counting.
      root.current?.setAttribute('data-occ-compute-ms', (prepareMs.current + countMs.current).toFixed(1));
      prepareMs.current = 0;
      root.current?.setAttribute('data-occ-drawn-ms', ms.toFixed(1));
    }
  };
  const changeFilter = (next: InsightFilter) => {
    timing.current = { start: performance.now(), drawn: new Set() };
    root.current?.removeAttribute('data-occ-drawn-ms');
    setFilter(next);
  };

  if (error) return <p role="alert">The cases could not be read: {error}</p>;
  if (!data || !insights || !choices) return <p role="status">Reading the cases…</p>;
  if (data.cases.length === 0) {
    return (
      <section class="occ-insights" data-occ-insights="empty">
        <p>No cases to chart yet. Import case-list exports in the Merge tab, or browse View case list in the portal: the cases you see are remembered on this computer.</p>
      </section>
    );
  }

  const dateValue = (value: string): IsoDate | undefined => asIsoDate(value);
  return (
    <section class="occ-insights" data-occ-insights="filled" aria-labelledby="occ-insights-title" ref={root}>
      <h2 id="occ-insights-title">Insights</h2>
      <p class="occ-muted" data-occ-insights-count={insights.cases}>
        {insights.cases.toLocaleString('en-GB')} of {data.cases.length.toLocaleString('en-GB')} cases from {data.source} ({insights.openCases.toLocaleString('en-GB')} open), as of {today}.
      </p>
      <form class="occ-filters" aria-label="Filter every chart" onSubmit={(event) => event.preventDefault()}>
        <label class="occ-filter" for="occ-insights-from">
          <span>Enquiry date from</span>
          <input id="occ-insights-from" type="date" value={filter.enquiryFrom ?? ''} onChange={(event) => { const { enquiryFrom: _drop, ...rest } = filter; const date = dateValue(event.currentTarget.value); changeFilter(date ? { ...rest, enquiryFrom: date } : rest); }} />
        </label>
        <label class="occ-filter" for="occ-insights-to">
          <span>Enquiry date to</span>
          <input id="occ-insights-to" type="date" value={filter.enquiryTo ?? ''} onChange={(event) => { const { enquiryTo: _drop, ...rest } = filter; const date = dateValue(event.currentTarget.value); changeFilter(date ? { ...rest, enquiryTo: date } : rest); }} />
        </label>
        <MultiSelect id="occ-insights-owner" label="Your Case Owner" options={choices.owners} value={filter.owners ?? []} onChange={(owners) => changeFilter({ ...filter, owners })} />
        <MultiSelect id="occ-insights-product" label="Product type" options={choices.products} value={filter.products ?? []} onChange={(products) => changeFilter({ ...filter, products })} />
        <MultiSelect id="occ-insights-stage" label="Case stage" options={choices.stages} value={filter.stages ?? []} onChange={(stages) => changeFilter({ ...filter, stages })} />
        <div class="occ-actions">
          <button type="button" onClick={() => changeFilter({})}>Clear filters</button>
        </div>
      </form>
      <div class="occ-chart-grid">
        {INSIGHT_IDS.map((id) => (
          <ChartCard key={id} chart={insights.charts[id]} stamp={today} save={save} />
        ))}
      </div>
      <details class="occ-outcome-groups">
        <summary>Outcome groups (which outcomes count as change or no change)</summary>
        <OutcomeMappingEditor />
      </details>
    </section>
  );
}
