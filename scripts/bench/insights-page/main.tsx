/**
 * A bench-only page (built by scripts/bench/insights.bench.ts, never by WXT): the workbench's
 * InsightsTab, as the workbench mounts it, fed cases that the bench hands to the page. No store,
 * no import: what is timed starts when the tab receives the cases.
 */
import { render } from 'preact';
import { InsightsTab, type InsightsData } from '../../../components/insights/InsightsTab';
import type { CaseValues } from '../../../lib/deadlines';
import { DEFAULT_OUTCOME_MAPPING } from '../../../lib/insights';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import '../../../entrypoints/workbench/style.css';

export interface BenchDraw {
  /** Cases the tab says it charted. */
  readonly charted: number;
  /** The tab's own figures: aggregation, and data in hand to the last chart's draw. */
  readonly aggregationMs: number;
  readonly tabDrawnMs: number;
  /** From `load` resolving to the last chart's draw, and to the frame after it (painted). */
  readonly drawnMs: number;
  readonly paintedMs: number;
}

export interface BenchApi {
  /** Fetches the cases (JSON) into the page; returns how long fetch and parse took. */
  fetchCases(url: string): Promise<{ cases: number; ms: number }>;
  /** Mounts a fresh Insights tab with the fetched cases and resolves once every chart is drawn and painted. */
  draw(today: string): Promise<BenchDraw>;
  /** Picks one owner in the owner filter and resolves once every chart is drawn again. */
  filterOwner(owner: string): Promise<{ tabDrawnMs: number; paintedMs: number }>;
  /** Every chart's data table as shown: id → rows of cell texts. */
  tables(): Record<string, string[][]>;
}

let cases: CaseValues[] = [];
const host = document.getElementById('app')!;

const afterPaint = () => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));

/** Resolves with the time the tab sets `data-occ-drawn-ms` (its last chart drawn). */
function whenDrawn(): Promise<number> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!host.querySelector('[data-occ-drawn-ms]')) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(host, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-occ-drawn-ms'] });
  });
}

const numberAttribute = (name: string) => Number(host.querySelector(`[${name}]`)?.getAttribute(name) ?? NaN);

const api: BenchApi = {
  async fetchCases(url) {
    const start = performance.now();
    cases = (await (await fetch(url)).json()) as CaseValues[];
    return { cases: cases.length, ms: performance.now() - start };
  },
  async draw(today) {
    render(null, host);
    const now = new Date(`${today}T12:00:00Z`);
    let loadedAt = 0;
    const data: InsightsData = { cases, settings: DEFAULT_SETTINGS, source: 'the bench' };
    const drawn = whenDrawn();
    render(
      <section role="tabpanel">
        <InsightsTab
          now={() => now}
          load={async () => {
            loadedAt = performance.now();
            return data;
          }}
          loadMapping={async () => DEFAULT_OUTCOME_MAPPING}
          watchMapping={() => () => undefined}
        />
      </section>,
      host,
    );
    const drawnAt = await drawn;
    const paintedAt = await afterPaint();
    return {
      charted: numberAttribute('data-occ-insights-count'),
      aggregationMs: numberAttribute('data-occ-compute-ms'),
      tabDrawnMs: numberAttribute('data-occ-drawn-ms'),
      drawnMs: drawnAt - loadedAt,
      paintedMs: paintedAt - loadedAt,
    };
  },
  async filterOwner(owner) {
    const select = host.querySelector<HTMLSelectElement>('#occ-insights-owner')!;
    const start = performance.now();
    const drawn = whenDrawn();
    for (const option of select.options) option.selected = option.value === owner;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await drawn;
    const paintedAt = await afterPaint();
    return { tabDrawnMs: numberAttribute('data-occ-drawn-ms'), paintedMs: paintedAt - start };
  },
  tables() {
    return Object.fromEntries(
      [...host.querySelectorAll<HTMLTableElement>('table[data-occ-table]')].map((table) => [
        table.dataset.occTable!,
        [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      ]),
    );
  },
};

(globalThis as unknown as { occBench: BenchApi }).occBench = api;
